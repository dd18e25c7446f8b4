"""Letters to the persons after a decision on an order (issue 15): one for the removed person and one for the
protected persons, stating the decision and the new actual end. Implements art. 2 lid 8 and art. 9 Wth (the persons
learn of an extension) and art. 2 lid 9 (withdrawal). Plain Dutch (B1), no signature: the decision itself is the
signed document; this letter tells what it means.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from forms.layout import WthDocument, nl_datetime
from forms.senders import sender_for


@dataclass(frozen=True)
class DecisionLetterContent:
    """What a letter states. ``recipient``: ``"uithuisgeplaatste"`` or ``"beschermde_personen"``; ``decision_kind`` a
    key of procedure.domain.notices.DECISION_LABELS; all datetimes aware."""

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    recipient: str
    addressees: tuple[str, ...]
    person_name: str
    decision_kind: str
    decision_label: str
    decided_at: datetime
    t0: datetime
    planned_end: datetime
    actual_end: datetime
    generated_at: datetime


def _what(c: DecisionLetterContent) -> list[str]:
    p = c.person_name
    end = nl_datetime(c.actual_end, weekday=True)
    if c.decision_kind == "uitreiking":
        return [f"Het huisverbod voor {p} is op {nl_datetime(c.t0, weekday=True)} begonnen.",
                f"Het huisverbod geldt tot {end}."]
    if c.decision_kind == "verlenging":
        return [f"De burgemeester heeft het huisverbod op {nl_datetime(c.decided_at)} verlengd.",
                f"Het huisverbod geldt nu tot {end}. Dat is het nieuwe einde."]
    if c.decision_kind == "intrekking":
        return [f"De burgemeester heeft het huisverbod ingetrokken. Het huisverbod is geëindigd op {end}.",
                f"Het huisverbod zou eerst duren tot {nl_datetime(c.planned_end, weekday=True)}; dat geldt niet meer."]
    if c.decision_kind == "vernietiging":
        return [f"De rechter heeft het huisverbod vernietigd. Het huisverbod geldt niet meer sinds {end}."]
    return [f"Het huisverbod is afgelopen op {end}."]


def render_decision_letter(c: DecisionLetterContent) -> bytes:
    """The letter as PDF bytes; identical content gives identical bytes.

    Raises:
        ValueError: a datetime in ``c`` is naive.
    """
    title = f"{c.decision_label}: wat betekent dat voor u?"
    pdf = WthDocument(document_id=c.document_id, version=c.version, municipality_name=c.municipality_name,
                      title=title, is_draft=False, generated_at=c.generated_at,
                      sender=sender_for("brief_besluit", c.municipality_name))
    pdf.title_block(title, f"Kenmerk {c.document_id} · zaak {c.case_id}")
    pdf.label_value("Aan", "\n".join(c.addressees) or "—")
    pdf.heading("Wat is er besloten?")
    pdf.bullets(_what(c))
    ended = c.decision_kind in ("intrekking", "vernietiging", "einde")
    if c.recipient == "uithuisgeplaatste":
        pdf.heading("Wat betekent dit voor u?")
        pdf.paragraph("U mag weer naar de woning en contact opnemen met uw huisgenoten. Neem de hulp aan die u "
                      "krijgt aangeboden." if ended else
                      "U mag tot dat moment niet in de woning komen en geen contact hebben met uw huisgenoten. "
                      "Doet u dat toch, dan is dat strafbaar (artikel 11 van de Wet tijdelijk huisverbod).")
    else:
        pdf.heading("Wat betekent dit voor u?")
        pdf.paragraph(f"{c.person_name} mag weer naar de woning komen. Voelt u zich niet veilig? Bel Veilig Thuis "
                      "(0800-2000) of, bij gevaar, 112." if ended else
                      f"{c.person_name} mag tot dat moment niet in de woning komen en geen contact met u hebben. "
                      "Komt hij of zij toch? Bel dan meteen 112.")
    pdf.heading("Vragen")
    pdf.paragraph(f"Neem contact op met de gemeente {c.municipality_name} en noem het zaaknummer {c.case_id}.")
    return pdf.to_bytes()
