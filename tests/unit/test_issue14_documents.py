"""Issue 14 (part a): every fact a document states comes from an explicit answer (ja / nee / onbekend), households
with another adult or with children get their parts, each document has the right sender, and the layout keeps
headings with their text and cuts nothing off. Rendered from :mod:`forms.samples`; text read back with pypdf."""
from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pytest
from pypdf import PdfReader

from forms import signing
from forms.content import AdultRole, ChildrenPart, RihgSignalRow
from forms.documents import (render_beschikking_intrekking, render_beschikking_oplegging,
                             render_beschikking_verlenging, render_pv_uitreiking, render_rihg_report,
                             render_veilig_thuis_notice)
from forms.melding import MeldingReportContent, render_melding_report
from forms.samples import (AMS, sample_beschikking, sample_intrekking, sample_rihg_report, sample_uitreiking,
                           sample_veilig_thuis_notice, sample_verlenging)
from forms.senders import SENDER_OF_KIND, sender_for
from procedure.domain import rules
from procedure.domain.answers import Answer
from procedure.domain.documents import DOC_LABELS, ON_DEMAND


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def pages_of(pdf: bytes) -> list[list[str]]:
    return [[ln.strip() for ln in (p.extract_text() or "").splitlines() if ln.strip()]
            for p in PdfReader(io.BytesIO(pdf)).pages]


def melding(**over) -> MeldingReportContent:
    base = dict(document_id="HV-2026-0007-MELD", version=1, municipality_name="Venlo", case_id="HV-2026-0007",
                registered_at=datetime(2026, 5, 12, 14, 0, tzinfo=AMS), registered_by="P. Agent",
                incident_at=datetime(2026, 5, 12, 13, 40, tzinfo=AMS), incident_description="Synthetisch voorval.",
                dwelling_address="Kerkstraat 12, 5911 AB Venlo", person_name="Jan Test Voorbeeld",
                person_birth_date=date(1980, 3, 4), person_phone="", brp_differs=False, residence_basis="",
                household=(("Ans Voorbeeld", "Partner", "01-07-1982", "woont in de woning", "BRP", "ja"),),
                aangifte_done=Answer.ONBEKEND, arrested=Answer.ONBEKEND, child_abuse_ground=Answer.ONBEKEND,
                vt_consultation="", previous_case="", new_facts="", generated_at=datetime(2026, 5, 12, 14, 0, tzinfo=AMS))
    base.update(over)
    return MeldingReportContent(**base)


# -- 1. every document × every answer: the sentence says exactly what was answered ------------------------------
# (document, render(answer) -> text, sentence that must be there, sentences that must not be there)
KEYS_RECEIPT = "De politie heeft de volgende sleutels van de woning van u ingenomen"
NO_KEYS = "Er zijn geen sleutels ingenomen."
NO_ADDRESS = "U heeft nog geen adres opgegeven."
HELP_YES = "U heeft de hulp aanvaard die u is aangeboden."
HELP_NO = "U heeft de hulp die u is aangeboden niet aanvaard."

CASES = {
    "pv_sleutels": (lambda a: render_pv_uitreiking(sample_uitreiking(keys_taken_in=a)), {
        Answer.JA: (KEYS_RECEIPT, [NO_KEYS, "niet vastgesteld of er sleutels"]),
        Answer.NEE: (NO_KEYS, [KEYS_RECEIPT, "ontvangstbewijs."]),
        Answer.ONBEKEND: ("Bij de uitreiking is niet vastgesteld of er sleutels zijn ingenomen.", [KEYS_RECEIPT, NO_KEYS]),
    }),
    "pv_contactadres": (lambda a: render_pv_uitreiking(sample_uitreiking(
        contact_address_given=a, contact_address="Hoogstraat 3, 5912 CD Venlo" if a is Answer.JA else "")), {
        Answer.JA: ("Hoogstraat 3, 5912 CD Venlo", [NO_ADDRESS, "Heeft u nog geen adres opgegeven?"]),
        Answer.NEE: (NO_ADDRESS, ["Heeft u nog geen adres opgegeven?"]),
        Answer.ONBEKEND: ("Heeft u nog geen adres opgegeven? Dan moet u binnen 24 uur", [NO_ADDRESS]),
    }),
    "verlenging_hulp": (lambda a: render_beschikking_verlenging(sample_verlenging(help_accepted=a)), {
        Answer.JA: (HELP_YES, [HELP_NO, "niet vastgesteld"]),
        Answer.NEE: (HELP_NO, [HELP_YES]),
        Answer.ONBEKEND: ("Of u de hulp die u is aangeboden heeft aanvaard, is bij dit besluit niet vastgesteld.",
                          [HELP_YES, HELP_NO]),
    }),
    "intrekking_sleutels": (lambda a: render_beschikking_intrekking(sample_intrekking(keys_taken_in=a)), {
        Answer.JA: ("De politie heeft bij de uitreiking uw sleutels ingenomen.", ["geen sleutels"]),
        Answer.NEE: ("Bij de uitreiking zijn geen sleutels van u ingenomen.", ["uw sleutels ingenomen. Vraag"]),
        Answer.ONBEKEND: ("Heeft de politie uw sleutels ingenomen? Vraag ze dan terug", ["geen sleutels",
                                                                                         "bij de uitreiking uw"]),
    }),
    "veilig_thuis_minderjarig": (lambda a: render_veilig_thuis_notice(sample_veilig_thuis_notice(
        household=(("Ans Voorbeeld", "partner", "01-07-1982", Answer.NEE), ("Kim Voorbeeld", "kind", "onbekend", a)))), {
        Answer.JA: ("In het huishouden is 1 kind.", ["geboortedatum niet bekend"]),
        Answer.NEE: ("Kim Voorbeeld kind onbekend nee", ["In het huishouden is", "geboortedatum niet bekend"]),
        Answer.ONBEKEND: ("Van 1 persoon in het huishouden is de geboortedatum niet bekend",
                          ["In het huishouden is 1 kind"]),
    }),
    "melding_gronden": (lambda a: render_melding_report(melding(aangifte_done=a, arrested=a, child_abuse_ground=a)), {
        Answer.JA: ("Aangifte gedaan: ja; aangehouden: ja", ["niet vastgesteld"]),
        Answer.NEE: ("Aangifte gedaan: nee; aangehouden: nee", ["niet vastgesteld"]),
        Answer.ONBEKEND: ("Aangifte gedaan: niet vastgesteld; aangehouden: niet vastgesteld",
                          ["Aangifte gedaan: nee", "kindermishandeling: nee"]),
    }),
}


@pytest.mark.parametrize("answer", list(Answer), ids=lambda a: a.value)
@pytest.mark.parametrize("document", sorted(CASES))
def test_each_document_states_exactly_the_answer(document, answer):
    render, expected = CASES[document]
    t = text_of(render(answer))
    must, must_not = expected[answer]
    assert must in t
    for sentence in must_not:
        assert sentence not in t


def test_the_contents_refuse_an_unanswered_fact():
    """A bool is not an answer: the renderer refuses it rather than read an unticked box as nee."""
    with pytest.raises(ValueError, match="ja/nee/onbekend"):
        render_beschikking_verlenging(sample_verlenging(help_accepted=False))
    with pytest.raises(ValueError, match="ja/nee/onbekend"):
        render_pv_uitreiking(sample_uitreiking(keys_taken_in=False))


# -- 4. households with another adult or with children --------------------------------------------------------
def test_r12_guard_no_household_parts_asked_of_a_household_without_them():
    assert rules.missing_household_parts(rules.HouseholdParts()) == []
    # a household with only a minor: only the children's parts are asked, no adult roles
    only_child = rules.missing_household_parts(rules.HouseholdParts(minors=("Kim",)))
    assert len(only_child) == 2 and all("Kinderen (Kim)" in m for m in only_child)
    # another adult, no children: only the role is asked
    only_adult = rules.missing_household_parts(rules.HouseholdParts(adult_roles=(("Ans", ""),)))
    assert only_adult == ["Andere volwassene Ans: beschrijf zijn of haar rol en waarom het huisverbod niet aan hem "
                          "of haar wordt opgelegd."]


def test_household_parts_complete_when_answered():
    assert rules.missing_household_parts(rules.HouseholdParts(
        adult_roles=(("Ans", "slachtoffer, geen geweld gebruikt"),), minors=("Kim",),
        children_care="Moeder Ans zorgt voor haar", children_meaning="Kim blijft thuis en heeft geen contact met vader")) == []


@pytest.mark.parametrize("render,sample", [(render_beschikking_oplegging, sample_beschikking),
                                           (render_beschikking_verlenging, sample_verlenging)],
                         ids=["oplegging", "verlenging"])
def test_decision_states_role_per_adult_and_what_it_means_for_the_children(render, sample):
    c = sample(other_adults=(AdultRole("Ans Voorbeeld", "Partner", "Slachtoffer; geen aanwijzing van geweld door haar."),
                             AdultRole("Piet Voorbeeld", "Ouder", "Getuige; woont er, speelde geen rol in het geweld.")),
               children=ChildrenPart(("Kim Voorbeeld (8 jaar)",), "Moeder Ans zorgt voor Kim.",
                                     "Kim blijft thuis wonen; geen contact met vader tijdens het huisverbod."))
    t = text_of(render(c))
    for s in ("Andere volwassenen in de woning", "Ans Voorbeeld", "Slachtoffer; geen aanwijzing van geweld door haar.",
              "Piet Voorbeeld", "Getuige; woont er, speelde geen rol in het geweld.", "De kinderen",
              "Kim Voorbeeld (8 jaar)", "Moeder Ans zorgt voor Kim.", "Kim blijft thuis wonen"):
        assert s in t
    bare = text_of(render(sample(other_adults=(), children=None)))
    assert "Andere volwassenen in de woning" not in bare and "Wie zorgt nu voor hen" not in bare


# -- 5. senders, stamp typeface, layout ---------------------------------------------------------------------
def test_every_document_kind_has_its_sender_decided_in_one_place():
    kinds = set(DOC_LABELS) | set(ON_DEMAND) - {"concept_beschikking"}
    assert kinds <= set(SENDER_OF_KIND)
    assert sender_for("pv_uitreiking", "Venlo").organisation == "Politie"
    assert sender_for("beschikking_oplegging", "Venlo").organisation == "Gemeente Venlo"
    with pytest.raises(KeyError):
        sender_for("onbekend_document", "Venlo")


def test_pv_uitreiking_is_on_the_police_letterhead():
    pdf = render_pv_uitreiking(sample_uitreiking())
    first = pages_of(pdf)[0]
    assert first[0] == "Politie" and "Eenheid Limburg" in first[1]
    t = text_of(pdf)
    assert "De burgemeester van Venlo" not in first[:3] and "Gemeente Venlo" not in t
    assert "R. Janssen, hulpofficier van justitie" in t
    assert PdfReader(io.BytesIO(pdf)).metadata["/Author"] == "Politie"
    assert pages_of(render_beschikking_oplegging(sample_beschikking()))[0][:2] == ["Gemeente Venlo",
                                                                                   "De burgemeester van Venlo"]


def test_police_officers_demo_certificate_and_stamp_name_the_police():
    now = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)
    key, cert = signing.create_demo_ca("Demo CA (test)", now)
    police = sender_for("pv_uitreiking", "Venlo").stamp_organisation
    p12 = signing.issue_signer_p12(key, cert, name="R. Ĳsselstein", role="hulpofficier van justitie",
                                   municipality="Venlo", passphrase=b"", now=now, organisation=police)
    pdf = render_pv_uitreiking(sample_uitreiking())
    signed = signing.sign_pdf(pdf, p12, b"", signing.SignatureStamp("R. Ĳsselstein", "hulpofficier van justitie",
                                                                    "Venlo", now, organisation=police))
    added = signed[len(pdf):]
    assert b"Courier" not in added and b"LiberationSans" in added    # the stamp in the document's own typeface
    assert signing.verify_pdf(signed, [cert]).valid
    from cryptography.hazmat.primitives.serialization import pkcs12
    subject = pkcs12.load_key_and_certificates(p12, None)[1].subject.rfc4514_string()
    assert "O=Politie Eenheid Limburg" in subject and "Gemeente" not in subject


HEADINGS_VERLENGING = {"1. Besluit", "2. Met wie u geen contact mag hebben", "3. Hoe lang",
                       "4. Waarom het huisverbod wordt verlengd", "Advies van de hulpverlening (zorgadvies)", "Hulp",
                       "Feiten en omstandigheden nu", "Afweging van de burgemeester", "5. Wettelijke grondslag",
                       "6. Bent u het niet eens met dit besluit?", "7. Besluit genomen door",
                       "Andere volwassenen in de woning", "De kinderen"}


@pytest.mark.parametrize("words", range(0, 400, 9))
def test_no_heading_left_alone_at_the_foot_of_an_extension_page(words):
    filler = " ".join(["woord"] * words)
    pdf = render_beschikking_verlenging(sample_verlenging(zorgadvies_summary="Advies. " + filler,
                                                          current_facts="Feiten. " + filler[: words * 3]))
    for lines in pages_of(pdf)[:-1]:
        body = [ln for ln in lines if "pagina" not in ln]
        assert body[-1] not in HEADINGS_VERLENGING, body[-3:]


def test_rihg_signal_taller_than_a_page_is_not_cut_off():
    facts = tuple((f"Feit {i} bij A2: betrokkene reageerde niet op aanspreken en bleef schreeuwen tegen iedereen",
                   f"PV 2026-0815, bijlage {i}", False) for i in range(1, 61))
    row = RihgSignalRow("A2", "Aanspreekbaarheid", "A", "rood", ("Is totaal verward", "Is apathisch"), facts)
    t = text_of(render_rihg_report(sample_rihg_report(signals=(row,) + sample_rihg_report().signals)))
    assert all(f"Feit {i} bij A2" in t for i in range(1, 61))
    assert "A2 Aanspreekbaarheid (vervolg)" in t
