"""Input of every Wth document: frozen dataclasses filled by the procedure layer.

Rendering reads *only* these objects (never the case, the store or the clock), so the same content
gives byte-identical PDFs (design.md, "Documents and signatures"). All datetimes are timezone-aware;
the renderer converts them to Europe/Amsterdam for display.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ProtectedPerson:
    """A person covered by the contact ban (art. 1 sub b and art. 2 lid 1 Wth).

    Attributes:
        name: full name as it must appear in the beschikking (art. 2 lid 4 Wth).
        relation: relation to the uithuisgeplaatste, e.g. "partner", "zoon (8 jaar)".
        residence: "woont in de woning" or "verblijft er meer dan incidenteel".
        basis: how the residence is known, e.g. "BRP" or "verklaring buurvrouw, PV 2026-123".
    """

    name: str
    relation: str
    residence: str
    basis: str


@dataclass(frozen=True)
class BeschikkingContent:
    """Everything a beschikking oplegging shows (art. 2 lid 4 Wth, procedure.md section 4).

    Datetimes are aware. ``start``/``end`` are ``None`` when the order starts at the moment of
    uitreiking; the proces-verbaal van uitreiking then records both. ``generated_at`` becomes the PDF
    creation date, so it must come from the case (not ``now()``) for deterministic output.
    """

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    person_name: str
    person_birth_date: date
    dwelling_address: str
    duration_days: int
    start: datetime | None
    end: datetime | None
    incident_at: datetime
    facts: str
    threatened_persons: str
    why_this_person: str
    protected_persons: tuple[ProtectedPerson, ...]
    rihg_advice: str
    legal_basis: str
    decider_name: str
    decider_role: str
    decision_basis: str
    decided_at: datetime | None
    is_draft: bool
    generated_at: datetime
    court_name: str = "rechtbank Limburg"  # court of the appeal clause (the municipality's district)


@dataclass(frozen=True)
class UitreikingContent:
    """Everything a proces-verbaal van uitreiking shows, including the key receipt (art. 4 lid 2 Wth).

    ``served_at`` is T0; ``end`` = T0 + 10 days at the same wall-clock time; ``latest_extension_end``
    = T0 + 28 days (art. 9 Wth); ``contact_address_deadline`` = T0 + 24 h (art. 2 lid 6 Wth). An empty
    ``contact_address`` makes the document state the 24-hour duty.
    """

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    person_name: str
    dwelling_address: str
    served_at: datetime
    end: datetime
    latest_extension_end: datetime
    contact_address_deadline: datetime
    served_by: str
    keys_taken_in: bool
    key_description: str
    contact_address: str
    beschikking_document_id: str
    generated_at: datetime
