"""A part of the mayor's dossier that no other document holds (issue 15): the events since the last decision, each
with its moment, kind, facts and author. Implements art. 9 Wth (the current situation under an extension or a
withdrawal). No signature: the dossier is what the decision rests on.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from forms.layout import WthDocument, nl_datetime


@dataclass(frozen=True)
class EventsSinceContent:
    """``rows``: (moment, label, facts, remark, recorded by) per event, oldest first; ``since`` None = from T0."""

    document_id: str
    municipality_name: str
    case_id: str
    since: datetime | None
    rows: tuple[tuple[datetime, str, str, str, str], ...]
    generated_at: datetime


def render_events_since(c: EventsSinceContent) -> bytes:
    """The events since the last decision as PDF bytes; "geen" when there are none (the list is never cut).

    Raises:
        ValueError: a datetime in ``c`` is naive.
    """
    title = "Gebeurtenissen sinds het laatste besluit"
    pdf = WthDocument(document_id=c.document_id, version=1, municipality_name=c.municipality_name, title=title,
                      is_draft=False, generated_at=c.generated_at)
    pdf.title_block(title, f"Kenmerk {c.document_id} · zaak {c.case_id}")
    pdf.label_value("Sinds", nl_datetime(c.since) if c.since else "de oplegging")
    pdf.label_value("Aantal", str(len(c.rows)))
    if not c.rows:
        pdf.paragraph("Er zijn sinds het laatste besluit geen gebeurtenissen vastgelegd.")
    for at, label, facts, remark, by in c.rows:
        pdf.heading(f"{nl_datetime(at)} — {label}")
        if facts:
            pdf.paragraph(facts)
        if remark:
            pdf.paragraph(f"Opmerking: {remark}")
        pdf.paragraph(f"Vastgelegd door {by}.")
    return pdf.to_bytes()
