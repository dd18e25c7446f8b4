"""The police's melding report ("Melding en bevindingen"), part of the burgemeester's dossier.
Implements art. 2 lid 1 and 3 Wth: the facts the burgemeester decides on, as the police found them.

Rendered from the case data only (nothing typed twice); no Streamlit, no store.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from forms.layout import WthDocument, nl_date, nl_datetime
from forms.senders import sender_for
from procedure.domain.answers import Answer


@dataclass(frozen=True)
class MeldingReportContent:
    """What the police registered at the door (procedure.md section 3 and 6: melding -> risicotaxatie).

    ``household`` rows: (name, relation, birth date text, residence text, basis, threatened "ja"/"nee").
    ``aangifte_done``, ``arrested`` and ``child_abuse_ground`` are answers (ja / nee / onbekend); an
    onbekend one is printed as "niet vastgesteld", never as "nee".
    All datetimes aware (shown in Europe/Amsterdam).
    """

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    registered_at: datetime
    registered_by: str
    incident_at: datetime
    incident_description: str
    dwelling_address: str
    person_name: str
    person_birth_date: date
    person_phone: str
    brp_differs: bool
    residence_basis: str
    household: tuple[tuple[str, str, str, str, str, str], ...]
    aangifte_done: Answer
    arrested: Answer
    child_abuse_ground: Answer
    vt_consultation: str          # "" when none
    previous_case: str            # "" when none
    new_facts: str
    generated_at: datetime


def _said(a: Answer) -> str:
    return {Answer.JA: "ja", Answer.NEE: "nee", Answer.ONBEKEND: "niet vastgesteld"}[a]


def render_melding_report(c: MeldingReportContent) -> bytes:
    """The melding as a PDF: dwelling, incident, person, household, door questions, grounds.

    Returns:
        PDF bytes (A4); identical content gives identical bytes.
    Raises:
        ValueError: a datetime in ``c`` is naive.
    """
    title = "Melding en bevindingen politie"
    pdf = WthDocument(document_id=c.document_id, version=c.version, municipality_name=c.municipality_name,
                      title=title, is_draft=False, generated_at=c.generated_at,
                      sender=sender_for("melding_rapport", c.municipality_name))
    pdf.title_block(title, f"Kenmerk {c.document_id} · zaak {c.case_id} · versie {c.version}")
    pdf.label_value("Geregistreerd", f"{nl_datetime(c.registered_at)} door {c.registered_by}")
    pdf.label_value("Woning", c.dwelling_address)
    pdf.heading("1. Incident")
    pdf.label_value("Datum en tijd", nl_datetime(c.incident_at))
    pdf.paragraph(c.incident_description)
    pdf.heading("2. Betrokkene (in aanmerking voor uithuisplaatsing)")
    pdf.label_value("Naam", c.person_name)
    pdf.label_value("Geboren", nl_date(c.person_birth_date))
    if c.person_phone:
        pdf.label_value("Telefoon", c.person_phone)
    pdf.label_value("Feitelijk verblijf", ("BRP-adres wijkt af; basis feitelijk verblijf: " + c.residence_basis)
                    if c.brp_differs else "woont in de woning (BRP)")
    pdf.heading("3. Huisgenoten")
    pdf.data_table(["Naam", "Relatie", "Geboren", "Verblijf", "Grond", "Bedreigd"],
                   [list(r) for r in c.household], [2.9, 2.0, 1.7, 2.5, 2.0, 1.6])
    pdf.heading("4. Deurvragen en gronden")
    pdf.bullets([
        "De dreiging komt uit de huiselijke kring: ja.",
        "De persoon woont in de woning of verblijft er meer dan incidenteel: ja.",
        "De persoon is 18 jaar of ouder: ja.",
        f"Aangifte gedaan: {_said(c.aangifte_done)}; aangehouden: {_said(c.arrested)} "
        "(geen van beide is nodig voor een huisverbod).",
        "Grond: (vermoeden van) kindermishandeling: " + _said(c.child_abuse_ground) + ".",
    ])
    if c.vt_consultation:
        pdf.label_value("Veilig Thuis geraadpleegd", c.vt_consultation)
    if c.previous_case:
        pdf.heading("5. Eerder huisverbod")
        pdf.label_value("Eerdere zaak", c.previous_case)
        pdf.paragraph("Nieuwe feiten: " + c.new_facts)
    return pdf.to_bytes()


@dataclass(frozen=True)
class ZorgadviesContent:
    """The care agency's advice for the extension decision (procedure.md section 6), as recorded."""

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    organisation: str
    advice_date: date
    summary: str
    recorded_by: str
    recorded_at: datetime
    person_name: str
    t0: datetime
    current_end: datetime
    generated_at: datetime


def render_zorgadvies(c: ZorgadviesContent) -> bytes:
    """One page with the zorgadvies as recorded by the care partner.

    Raises:
        ValueError: a datetime in ``c`` is naive.
    """
    title = "Zorgadvies voor het verlengingsbesluit"
    pdf = WthDocument(document_id=c.document_id, version=c.version, municipality_name=c.municipality_name,
                      title=title, is_draft=False, generated_at=c.generated_at,
                      sender=sender_for("zorgadvies", c.municipality_name, c.organisation))
    pdf.title_block(title, f"Kenmerk {c.document_id} · zaak {c.case_id}")
    pdf.label_value("Betrokkene", c.person_name)
    pdf.label_value("Huisverbod opgelegd", nl_datetime(c.t0))
    pdf.label_value("Huidig einde", nl_datetime(c.current_end))
    pdf.label_value("Advies van", c.organisation)
    pdf.label_value("Datum advies", nl_date(c.advice_date))
    pdf.label_value("Vastgelegd", f"{nl_datetime(c.recorded_at)} door {c.recorded_by}")
    pdf.heading("Advies")
    pdf.paragraph(c.summary)
    return pdf.to_bytes()
