"""Rendering of the RiHG report, the information letters, the Veilig Thuis notice and the dossier
(forms/documents.py; procedure.md section 7; rihg.md)."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from forms.documents import (
    render_beschikking_oplegging,
    render_dossier,
    render_info_achterblijvers,
    render_info_uithuisgeplaatste,
    render_pv_uitreiking,
    render_rihg_report,
    render_veilig_thuis_notice,
)
from forms.layout import nl_datetime
from forms.samples import (
    AMS,
    sample_beschikking,
    sample_dossier,
    sample_info_achterblijvers,
    sample_info_uithuisgeplaatste,
    sample_rihg_report,
    sample_rihg_report_full,
    sample_uitreiking,
    sample_veilig_thuis_notice,
)
from procedure.domain.rihg import load_catalogue

OUTPUT_DIR = Path(__file__).resolve().parents[1] / "output"
T0 = datetime(2015, 8, 9, 16, 39, tzinfo=AMS)
END = datetime(2015, 8, 19, 16, 39, tzinfo=AMS)


def page_texts(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", p.extract_text() or "").strip() for p in reader.pages]


def all_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def n_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def full_rihg():
    return sample_rihg_report_full(load_catalogue())


# -- RiHG report ------------------------------------------------------------------------------------

def test_rihg_report_contents():
    t = all_text(render_rihg_report(sample_rihg_report()))
    assert "Risicotaxatie huiselijk geweld (RiHG)" in t
    assert "Politie" in t and "Gemeente Venlo" not in t   # the police's instrument, on the police letterhead
    assert "Jan Pieter de Vries, geboren op 2 maart 1984" in t
    assert "Kerkstraat 12, 5911 AB Venlo" in t
    assert "zondag 9 augustus 2015 om 14:05 uur" in t  # incident, with time
    assert "9 augustus 2015 om 16:20 uur" in t  # finalised
    assert "catalogus RiHG versie 2009-1" in t
    for part in ("Deel A", "Deel B", "Deel C"):
        assert part in t
    assert "B3 Lichamelijk geweld" in t and "rood" in t and "blauw" in t and "geel" in t
    assert "Bloedneus en rode plek op de wang (bron: waarneming verbalisant, PV 2015-0815)" in t
    assert "BETWIST" in t  # the disputed antecedent of A1
    assert "M. Hendriks (casemanager)" in t  # another author for part C
    assert "twee of meer rode signalen binnen één deel" in t
    assert "Besluit tijdelijk huisverbod, artikel 2 en bijlage" in t
    assert "Huisverbod geïndiceerd: 3 rode signalen in deel B" in t
    assert "wel een huisverbod opleggen" in t
    assert "De heer De Vries was ten tijde van het voorval" in t
    assert "R. Janssen, hulpofficier van justitie" in t
    assert "pagina 1 van" in t


def test_rihg_report_colour_cells_are_filled():
    pdf = render_rihg_report(sample_rihg_report())
    # fill colours of rood, blauw and geel cells (fpdf2 writes "r g b rg", components 0..1)
    content = _content(pdf)
    for rgb in ((200, 30, 30), (35, 85, 170), (250, 215, 60)):
        op = " ".join(f"{v / 255:.4f}".rstrip("0").rstrip(".") for v in rgb)
        assert f"{op} rg".encode() in content, rgb


def _content(pdf: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(pdf))
    return b"".join(p.get_contents().get_data() for p in reader.pages)


def test_rihg_full_catalogue_runs_over_pages_with_repeated_headers():
    cat = load_catalogue()
    c = full_rihg()
    assert len(c.signals) == 20
    pdf = render_rihg_report(c)
    pages = page_texts(pdf)
    assert len(pages) >= 3
    t = " ".join(pages)
    for sig in cat.signals:
        assert f"{sig.code} {sig.label}"[:25] in t, sig.code
    with_signals = [p for p in pages if re.search(r"\b[ABC]\d{1,2} [A-Z]", p)]
    assert len(with_signals) >= 3
    for p in with_signals:
        assert "Signaal Kleur Items met ‘ja’ Feiten en bron" in p
    for i, p in enumerate(pages, start=1):
        assert f"pagina {i} van {len(pages)}" in p


def test_rihg_draft_when_not_finalised():
    pages = page_texts(render_rihg_report(sample_rihg_report(finalised_at=None,
                                                            decision_huisverbod=None)))
    assert all("CONCEPT" in p for p in pages)
    assert "nog geen besluit" in " ".join(pages)


def test_rihg_signature_box_recorded():
    pdf = render_rihg_report(sample_rihg_report())
    assert f'wth:signaturePage="{n_pages(pdf)}"'.encode() in pdf


# -- information for the uithuisgeplaatste ----------------------------------------------------------

def test_info_uithuisgeplaatste_b1_contents():
    c = sample_info_uithuisgeplaatste()
    t = all_text(render_info_uithuisgeplaatste(c))
    assert "Informatie voor u: u heeft een huisverbod" in t
    assert "Jan Pieter de Vries" in t and "Kerkstraat 12, 5911 AB Venlo" in t
    assert nl_datetime(T0, weekday=True) in t
    assert nl_datetime(END) in t and "zondag 9 augustus 2015 om 16:39 uur" in t
    assert "U mag niet terugkomen in de woning tot 19 augustus 2015 om 16:39 uur" in t
    for name in ("Anna Ĳsselmuiden", "Zoë de Vries", "Loïc de Vries"):
        assert name in t
    assert "niet bellen" in t and "WhatsApp" in t and "sociale media" in t
    assert "misdrijf" in t and "artikel 11 van de Wet tijdelijk huisverbod" in t
    assert "ten hoogste 2 jaar" in t
    assert "maandag 10 augustus 2015 om 16:39 uur" in t  # contact-address deadline
    assert "artikel 2, zesde lid" in t
    assert "ten hoogste 4 weken" in t and "artikel 9" in t
    assert "6 weken" in t and "21 september 2015" in t
    assert "voorlopige voorziening" in t and "griffierecht" in t
    assert "gratis een advocaat" in t and "Vraag de politie" in t
    assert "Veilig Thuis Limburg-Noord" in t and "0800-2000" in t
    assert "spullen" in t


# -- information for the achterblijvers -------------------------------------------------------------

def test_info_achterblijvers_b1_contents():
    t = all_text(render_info_achterblijvers(sample_info_achterblijvers(
        recipients=("Anna Ĳsselmuiden", "Fleur de Vries"))))
    assert "Informatie voor u: er is een huisverbod" in t
    assert "Anna Ĳsselmuiden" in t and "Fleur de Vries" in t
    assert "Jan Pieter de Vries" in t and "Kerkstraat 12, 5911 AB Venlo" in t
    assert "zondag 9 augustus 2015 om 16:39 uur" in t
    assert "Het huisverbod geldt tot woensdag 19 augustus 2015 om 16:39 uur" in t
    assert "mag niet in de woning komen en mag geen contact met u hebben" in t
    assert "Bel dan meteen 112" in t
    assert "artikel 11 van de Wet tijdelijk huisverbod" in t
    assert "Veilig Thuis" in t and "Veilig Thuis Limburg-Noord" in t and "0800-2000" in t
    assert "verlengen" in t and "artikel 9" in t
    assert "U mag Jan Pieter de Vries niet uitnodigen om terug te komen" in t


# -- notice to Veilig Thuis -------------------------------------------------------------------------

def test_veilig_thuis_notice_contents():
    t = all_text(render_veilig_thuis_notice(sample_veilig_thuis_notice()))
    assert "Melding opgelegd huisverbod aan Veilig Thuis / hulpverlening (art. 2 lid 8 Wth)" in t
    assert "artikel 2, achtste lid" in t
    assert "Veilig Thuis Limburg-Noord" in t
    assert "Jan Pieter de Vries" in t and "2 maart 1984" in t
    assert "Kerkstraat 12, 5911 AB Venlo" in t
    assert "zondag 9 augustus 2015 om 16:39 uur" in t
    assert "woensdag 19 augustus 2015 om 16:39 uur" in t
    assert "zondag 9 augustus 2015 om 14:05 uur" in t
    assert "Zoë de Vries zoon" not in t
    assert re.search(r"Zoë de Vries dochter 3 februari 2007 JA — kind", t)
    assert re.search(r"Anna Ĳsselmuiden partner 14 mei 1986 nee", t)
    assert "2 kinderen" in t
    assert "Huisverbod geïndiceerd: 3 rode signalen in deel B" in t
    assert "mandaatbesluit MB-2026-01" in t
    assert "Hoogstraat 3, 5912 CD Venlo" in t
    assert "uithuisgeplaatste en met de achterblijvers" in t
    assert "zorgadvies" in t and "verlenging" in t and "artikel 9" in t


def test_veilig_thuis_notice_without_contact_address():
    t = all_text(render_veilig_thuis_notice(sample_veilig_thuis_notice(contact_address="")))
    assert "nog niet opgegeven" in t and "art. 2 lid 6 Wth" in t


# -- dossier ----------------------------------------------------------------------------------------

def _dossier_parts() -> list[bytes]:
    return [render_rihg_report(full_rihg()),
            render_pv_uitreiking(sample_uitreiking()),
            render_beschikking_oplegging(sample_beschikking(is_draft=True, decided_at=None))]


def test_dossier_has_cover_and_all_pages_in_order():
    parts = _dossier_parts()
    c = sample_dossier()
    pdf = render_dossier(c, parts)
    pages = page_texts(pdf)
    assert len(pages) == 1 + sum(n_pages(p) for p in parts)
    cover = pages[0]
    assert "Dossier tijdelijk huisverbod voor de burgemeester" in cover
    assert "HV-2026-0007" in cover
    for title, doc_id in c.parts:
        assert title in cover and doc_id in cover
    expected = [t for p in parts for t in page_texts(p)]
    assert pages[1:] == expected
    # each part's pages still carry their own footers, in order
    assert "HV-2026-0007-RIHG · versie 1 · pagina 1 van" in pages[1]
    assert "Proces-verbaal van uitreiking" in pages[1 + n_pages(parts[0])]
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == c.title


def test_dossier_is_deterministic_with_id_from_content():
    parts = _dossier_parts()
    a = render_dossier(sample_dossier(), parts)
    assert a == render_dossier(sample_dossier(), parts)
    trailer_id = PdfReader(io.BytesIO(a)).trailer["/ID"]
    assert trailer_id[0] == trailer_id[1] and len(trailer_id[0]) == 16
    other = render_dossier(sample_dossier(), parts[:2] + [render_beschikking_oplegging(sample_beschikking())])
    assert PdfReader(io.BytesIO(other)).trailer["/ID"][0] != trailer_id[0]


def test_dossier_refuses_mismatched_parts():
    with pytest.raises(ValueError):
        render_dossier(sample_dossier(), _dossier_parts()[:2])
    with pytest.raises(ValueError):
        render_dossier(sample_dossier(), [b"geen pdf", b"x", b"y"])


# -- all documents ----------------------------------------------------------------------------------

RENDERS = {
    "rihg_report": lambda: render_rihg_report(sample_rihg_report()),
    "rihg_report_full": lambda: render_rihg_report(full_rihg()),
    "info_uithuisgeplaatste": lambda: render_info_uithuisgeplaatste(sample_info_uithuisgeplaatste()),
    "info_achterblijvers": lambda: render_info_achterblijvers(sample_info_achterblijvers()),
    "veilig_thuis_notice": lambda: render_veilig_thuis_notice(sample_veilig_thuis_notice()),
    "dossier": lambda: render_dossier(sample_dossier(), _dossier_parts()),
}


@pytest.mark.parametrize("name", sorted(RENDERS))
def test_rendering_is_deterministic(name):
    a = RENDERS[name]()
    assert a.startswith(b"%PDF-")
    assert a == RENDERS[name]()


def test_generated_at_changes_the_bytes():
    c = sample_info_uithuisgeplaatste()
    later = sample_info_uithuisgeplaatste(generated_at=datetime(2015, 8, 9, 17, 0, tzinfo=AMS))
    assert render_info_uithuisgeplaatste(c) != render_info_uithuisgeplaatste(later)


@pytest.mark.parametrize("render", [
    lambda: render_rihg_report(sample_rihg_report(incident_at=datetime(2015, 8, 9, 14, 5))),
    lambda: render_info_uithuisgeplaatste(sample_info_uithuisgeplaatste(end=datetime(2015, 8, 19))),
    lambda: render_info_achterblijvers(sample_info_achterblijvers(start=datetime(2015, 8, 9))),
    lambda: render_veilig_thuis_notice(sample_veilig_thuis_notice(incident_at=datetime(2015, 8, 9))),
    lambda: render_dossier(sample_dossier(generated_at=datetime(2015, 8, 9)), _dossier_parts()),
])
def test_naive_datetime_is_refused(render):
    with pytest.raises(ValueError):
        render()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
@pytest.mark.parametrize("name", sorted(RENDERS))
def test_pages_render_to_png(name):
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    src = OUTPUT_DIR / f"{name}.pdf"
    src.write_bytes(RENDERS[name]())
    for old in OUTPUT_DIR.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(src), str(OUTPUT_DIR / name)],
                   check=True, capture_output=True, timeout=60)
    pngs = sorted(OUTPUT_DIR.glob(f"{name}-*.png"))
    assert len(pngs) == n_pages(src.read_bytes())
    assert all(p.stat().st_size > 1000 for p in pngs)
