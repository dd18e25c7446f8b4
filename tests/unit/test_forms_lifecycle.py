"""Follow-up decisions of an active order (forms/documents.py): beschikking verlenging (art. 9 Wth)
and beschikking intrekking (art. 2 lid 9 Wth) — content, drafts, determinism, signing, page images."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from procedure.domain.answers import Answer
from forms.content import ProtectedPerson
from forms.documents import render_beschikking_intrekking, render_beschikking_verlenging
from forms.samples import AMS, sample_intrekking, sample_verlenging
from forms.signing import SignatureStamp, create_demo_ca, issue_signer_p12, sign_pdf, verify_pdf

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=AMS)
PASS = b"demo-wachtwoord"
OUTPUT_DIR = Path(__file__).resolve().parents[1] / "output"


def page_texts(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", p.extract_text() or "").strip() for p in reader.pages]


def all_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


@pytest.fixture(scope="module")
def ca():
    return create_demo_ca("Demo-CA Wth Venlo (lifecycle)", NOW)


@pytest.fixture(scope="module")
def signers(ca):
    """Signer certificate and visible stamp per document: each is signed by its own decider."""
    key, cert = ca
    out = {}
    for doc, (name, role) in {"verlenging": ("M. Peeters", "loco-burgemeester van Venlo"),
                              "intrekking": ("A. Burgemeester", "burgemeester van Venlo")}.items():
        p12 = issue_signer_p12(key, cert, name=name, role=role, municipality="Venlo",
                               passphrase=PASS, now=NOW)
        stamp = SignatureStamp(signer_name=name, role=role, municipality="Venlo",
                               signed_at=datetime(2026, 3, 2, 11, 15, tzinfo=AMS))
        out[doc] = (p12, stamp)
    return out


@pytest.fixture(scope="module")
def verlenging_pdf():
    return render_beschikking_verlenging(sample_verlenging())


@pytest.fixture(scope="module")
def intrekking_pdf():
    return render_beschikking_intrekking(sample_intrekking())


# -- verlenging -----------------------------------------------------------------------------------
def test_verlenging_shows_decision_with_all_moments(verlenging_pdf):
    assert verlenging_pdf.startswith(b"%PDF-")
    t = all_text(verlenging_pdf)
    assert "Beschikking verlenging tijdelijk huisverbod" in t
    assert "Gemeente Venlo" in t and "De burgemeester van Venlo" in t
    assert "Kenmerk HV-2026-0007-VRL · zaak HV-2026-0007 · versie 1" in t
    assert "Jan Pieter de Vries, geboren op 2 maart 1984" in t
    assert "Kerkstraat 12, 5911 AB Venlo" in t
    # cases.md R05: T0, original end, +18 days, new end = T0 + 28 days, all to the minute
    assert "Op 9 augustus 2015 om 16:39 uur heeft u een tijdelijk huisverbod gekregen" in t
    assert "De burgemeester van Venlo verlengt dit huisverbod met 18 dagen" in t
    assert "Het huisverbod geldt nu tot zondag 6 september 2015 om 16:39 uur." in t
    assert "Huisverbod opgelegd op zondag 9 augustus 2015 om 16:39 uur" in t
    assert "Eerste einde woensdag 19 augustus 2015 om 16:39 uur" in t
    assert "Verlengd met 18 dagen" in t
    assert "Nieuw einde zondag 6 september 2015 om 16:39 uur" in t
    assert "Uiterste einde zondag 6 september 2015 om 16:39 uur" in t
    assert "ten hoogste vier weken na de oplegging" in t
    assert "niet nog een keer verlengen" in t  # new end is the maximum
    assert "Datum besluit 18 augustus 2015 om 11:15 uur" in t


def test_verlenging_shows_zorgadvies_help_facts_and_reasons(verlenging_pdf):
    t = all_text(verlenging_pdf)
    assert "Advies van Veilig Thuis Limburg-Noord, casemanager M. Hendriks" in t
    assert "Datum advies 17 augustus 2015" in t
    assert "Veilig Thuis adviseert het huisverbod te verlengen." in t
    assert "risico’s (drankgebruik, schulden, eerdere meldingen)" in t
    assert "U heeft de hulp aanvaard die u is aangeboden." in t
    assert "elf keer heeft gebeld" in t and "Het eerste systeemgesprek is gepland op 24 augustus 2015" in t
    assert "intakegesprek gehad bij de verslavingszorg" in t
    # the reasoning may run over a page break (footer in between): both halves are there
    assert "eerst de tijd moet" in t and "krijgen. Een verlenging tot het uiterste einde" in t
    assert "blijft bestaan" in t


def test_verlenging_help_not_accepted_and_not_at_maximum():
    c = sample_verlenging(help_accepted=Answer.NEE, extension_days=1,
                          new_end=datetime(2015, 8, 20, 16, 39, tzinfo=AMS))
    t = all_text(render_beschikking_verlenging(c))
    assert "U heeft de hulp die u is aangeboden niet aanvaard." in t
    assert "U heeft de hulp aanvaard" not in t
    assert "verlengt dit huisverbod met 1 dag (artikel 9" in t
    assert "Nieuw einde donderdag 20 augustus 2015 om 16:39 uur" in t
    assert "niet nog een keer verlengen" not in t


def test_verlenging_contact_ban_names_legal_basis_decider(verlenging_pdf):
    t = all_text(verlenging_pdf)
    assert "Naam Relatie tot u Verblijf in de woning Grond" in t
    for name in ("Anna Ĳsselmuiden", "Zoë de Vries", "Loïc de Vries"):
        assert name in t
    assert "verblijft er meer dan incidenteel" in t
    assert "artikel 9 van de Wet tijdelijk huisverbod" in t
    # cases.md R09: who decided and on what basis
    assert "Naam M. Peeters" in t
    assert "loco-burgemeester, handelend namens de burgemeester van Venlo" in t
    assert "vervangingsregeling VR-2015-08" in t
    assert "Datum en tijd 18 augustus 2015 om 11:15 uur" in t
    assert "Venlo, 18 augustus 2015 M. Peeters, loco-burgemeester" in t
    assert "CONCEPT" not in t


def test_verlenging_has_its_own_appeal_clause_and_art_11_warning(verlenging_pdf):
    t = all_text(verlenging_pdf)
    assert "direct beroep instellen bij de bestuursrechter van de rechtbank Limburg" in t
    assert "Dit besluit over de verlenging is een nieuw besluit" in t
    assert "binnen zes weken" in t and "de dag na de dag waarop dit besluit aan u bekend is gemaakt" in t
    assert "HV-2026-0007-VRL en waarom" in t
    assert "voorlopige voorziening" in t and "de verlenging te schorsen" in t
    assert "geen griffierecht" in t and "gratis een advocaat" in t
    assert "artikel 11 van de Wet tijdelijk huisverbod" in t and "twee jaar" in t
    assert "Zolang de rechter niet anders beslist, blijft het huisverbod gelden." in t


def test_verlenging_other_court():
    t = all_text(render_beschikking_verlenging(sample_verlenging(court_name="rechtbank Gelderland")))
    assert "bestuursrechter van de rechtbank Gelderland" in t and "rechtbank Limburg" not in t


def test_verlenging_long_reasons_and_many_persons_flow_over_pages():
    words = [f"woord{i}" for i in range(3000)]
    reasons = "\n\n".join(" ".join(words[i:i + 200]) for i in range(0, 3000, 200))
    persons = tuple(ProtectedPerson(f"Persoon {i}", "kind", "woont in de woning", "BRP")
                    for i in range(60))
    pages = page_texts(render_beschikking_verlenging(
        sample_verlenging(reasons=reasons, protected_persons=persons)))
    n = len(pages)
    assert n >= 4
    for i, p in enumerate(pages, start=1):
        assert f"HV-2026-0007-VRL · versie 1 · pagina {i} van {n}" in p
    t = " ".join(pages)
    assert [int(x) for x in re.findall(r"woord(\d+)", t)] == list(range(3000))
    assert [int(x) for x in re.findall(r"Persoon (\d+) kind", t)] == list(range(60))


# -- intrekking -----------------------------------------------------------------------------------
def test_intrekking_shows_decision_with_all_moments(intrekking_pdf):
    assert intrekking_pdf.startswith(b"%PDF-")
    t = all_text(intrekking_pdf)
    assert "Beschikking intrekking tijdelijk huisverbod" in t
    assert "Kenmerk HV-2026-0007-INT · zaak HV-2026-0007 · versie 1" in t
    assert "Jan Pieter de Vries, geboren op 2 maart 1984" in t
    assert "Op 9 augustus 2015 om 16:39 uur heeft u een tijdelijk huisverbod gekregen voor de woning " \
           "Kerkstraat 12, 5911 AB Venlo" in t
    assert "Het huisverbod zou eindigen op 19 augustus 2015 om 16:39 uur." in t
    assert "trekt dit huisverbod in (artikel 2, negende lid, van de Wet tijdelijk huisverbod)" in t
    assert "Het huisverbod eindigt op vrijdag 14 augustus 2015 om 15:00 uur." in t
    assert "Huisverbod opgelegd op zondag 9 augustus 2015 om 16:39 uur" in t
    assert "Zou eindigen op woensdag 19 augustus 2015 om 16:39 uur" in t
    assert "Eindigt nu op vrijdag 14 augustus 2015 om 15:00 uur" in t
    assert "Datum besluit 14 augustus 2015 om 14:40 uur" in t


def test_intrekking_return_and_contact_allowed_reasons_basis(intrekking_pdf):
    t = all_text(intrekking_pdf)
    assert ("Vanaf 14 augustus 2015 om 15:00 uur mag u weer naar de woning Kerkstraat 12, 5911 AB "
            "Venlo gaan en daar zijn.") in t
    assert "Vanaf dat moment mag u ook weer contact hebben" in t
    assert "Tot dat moment geldt het huisverbod nog wel." in t
    assert "met de kinderen Zoë en Loïc bij haar moeder in Tegelen is gaan wonen" in t
    assert "De hulp van Veilig Thuis aan het gezin gaat door." in t
    assert "Dit besluit is genomen op grond van artikel 2, negende lid, van de Wet tijdelijk huisverbod." in t
    assert "Naam A. Burgemeester" in t and "Functie burgemeester van Venlo" in t
    assert "eigen bevoegdheid van de burgemeester" in t
    assert "Venlo, 14 augustus 2015 A. Burgemeester, burgemeester van Venlo" in t
    assert "CONCEPT" not in t


def test_intrekking_has_its_own_appeal_clause(intrekking_pdf):
    t = all_text(intrekking_pdf)
    assert "direct beroep instellen bij de bestuursrechter van de rechtbank Limburg" in t
    assert "Dit besluit over de intrekking is een nieuw besluit" in t
    assert "binnen zes weken" in t and "de dag na de dag waarop dit besluit aan u bekend is gemaakt" in t
    assert "HV-2026-0007-INT en waarom" in t
    assert "vragen om een voorlopige voorziening. De rechter behandelt uw verzoek binnen drie dagen" in t
    assert "geen griffierecht" in t and "gratis een advocaat" in t
    assert "Zolang de rechter niet anders beslist, blijft dit besluit gelden." in t
    # cases.md R06: the appeal against the order itself outlives the order
    assert "Dan kan dat beroep doorgaan, ook nu het huisverbod is ingetrokken." in t


# -- shared: drafts, determinism, naive times, signing, images ------------------------------------
RENDERERS = [
    pytest.param(render_beschikking_verlenging, sample_verlenging, id="verlenging"),
    pytest.param(render_beschikking_intrekking, sample_intrekking, id="intrekking"),
]


@pytest.mark.parametrize(("render", "sample"), RENDERERS)
def test_draft_is_marked_on_every_page(render, sample):
    pages = page_texts(render(sample(is_draft=True, decided_at=None, reasons="x " * 2500)))
    assert len(pages) >= 2
    t = " ".join(pages)
    assert "CONCEPT — niet ondertekend" in t
    assert "Datum besluit nog niet genomen (concept)" in t
    assert "(datum volgt bij ondertekening)" in t
    for p in pages:
        assert "CONCEPT" in p


@pytest.mark.parametrize(("render", "sample"), RENDERERS)
def test_rendering_is_deterministic(render, sample):
    c = sample()
    assert render(c) == render(c)
    assert render(sample()) == render(c)
    later = sample(generated_at=datetime(2015, 8, 20, 9, 0, tzinfo=AMS))
    assert render(later) != render(c)


@pytest.mark.parametrize(("render", "sample", "field"), [
    (render_beschikking_verlenging, sample_verlenging, "new_end"),
    (render_beschikking_verlenging, sample_verlenging, "t0"),
    (render_beschikking_intrekking, sample_intrekking, "withdrawn_at"),
    (render_beschikking_intrekking, sample_intrekking, "planned_end"),
])
def test_naive_datetime_is_refused(render, sample, field):
    with pytest.raises(ValueError):
        render(sample(**{field: datetime(2015, 8, 14, 15, 0)}))


def test_utc_times_are_shown_in_amsterdam_time():
    from datetime import timezone
    c = sample_intrekking(withdrawn_at=datetime(2015, 8, 14, 13, 0, tzinfo=timezone.utc))
    assert "Eindigt nu op vrijdag 14 augustus 2015 om 15:00 uur" in all_text(render_beschikking_intrekking(c))


@pytest.mark.parametrize(("render", "sample"), RENDERERS)
def test_sign_then_verify_is_geldig(render, sample, ca, signers):
    unsigned = render(sample())
    p12, stamp = signers[render.__name__.removeprefix("render_beschikking_")]
    signed = sign_pdf(unsigned, p12, PASS, stamp)
    assert signed.startswith(unsigned)  # incremental update: the rendered bytes stay intact
    r = verify_pdf(signed, [ca[1]])
    assert r.status == "geldig" and r.valid
    assert r.signer_name == stamp.signer_name
    assert r.signed_at == stamp.signed_at
    reader = PdfReader(io.BytesIO(signed))
    assert reader.pages[-1].get("/Annots")  # visible signature on the last page
    for page in reader.pages[:-1]:
        assert not page.get("/Annots")
    n = len(reader.pages)
    assert f'wth:signaturePage="{n}"'.encode() in unsigned
    if shutil.which("pdftoppm"):
        OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
        name = f"{render.__name__.removeprefix('render_')}_ondertekend"
        src = OUTPUT_DIR / f"{name}.pdf"
        src.write_bytes(signed)
        for old in OUTPUT_DIR.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(n), "-l", str(n), str(src),
                        str(OUTPUT_DIR / name)], check=True, capture_output=True, timeout=60)
        assert list(OUTPUT_DIR.glob(f"{name}-*.png"))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
@pytest.mark.parametrize(("render", "sample", "variant"), [
    pytest.param(render_beschikking_verlenging, sample_verlenging, {}, id="verlenging"),
    pytest.param(render_beschikking_verlenging, sample_verlenging,
                 {"is_draft": True, "decided_at": None}, id="verlenging_concept"),
    pytest.param(render_beschikking_intrekking, sample_intrekking, {}, id="intrekking"),
    pytest.param(render_beschikking_intrekking, sample_intrekking,
                 {"is_draft": True, "decided_at": None}, id="intrekking_concept"),
])
def test_pages_render_to_png(render, sample, variant):
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    name = render.__name__.removeprefix("render_") + ("_concept" if variant else "")
    src = OUTPUT_DIR / f"{name}.pdf"
    src.write_bytes(render(sample(**variant)))
    for old in OUTPUT_DIR.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(src), str(OUTPUT_DIR / name)],
                   check=True, capture_output=True, timeout=60)
    pngs = sorted(OUTPUT_DIR.glob(f"{name}-*.png"))
    assert len(pngs) == len(PdfReader(io.BytesIO(src.read_bytes())).pages)
    assert all(p.stat().st_size > 1000 for p in pngs)
