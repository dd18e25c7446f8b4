"""Case states with stored values and Dutch labels, and the state as of now (``verlopen`` from the clock).
Implements the procedure's state machine (procedure.md section 6; art. 2 lid 1 and art. 9 Wth: the end).
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from procedure.domain.errors import RuleViolation


class CaseState(StrEnum):
    MELDING = "melding"
    RISICOTAXATIE = "risicotaxatie"
    GEEN_HUISVERBOD = "geen_huisverbod"
    BESLUIT = "besluit"
    OPGELEGD = "opgelegd"
    VERLENGD = "verlengd"
    VERLOPEN = "verlopen"
    INGETROKKEN = "ingetrokken"
    VERNIETIGD = "vernietigd"
    GEARCHIVEERD = "gearchiveerd"
    VERNIETIGD_ARCHIEF = "vernietigd_archief"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    CaseState.MELDING: "Melding",
    CaseState.RISICOTAXATIE: "Risicotaxatie",
    CaseState.GEEN_HUISVERBOD: "Geen huisverbod",
    CaseState.BESLUIT: "Ter ondertekening",
    CaseState.OPGELEGD: "Opgelegd",
    CaseState.VERLENGD: "Verlengd",
    CaseState.VERLOPEN: "Verlopen",
    CaseState.INGETROKKEN: "Ingetrokken",
    CaseState.VERNIETIGD: "Vernietigd door rechter",
    CaseState.GEARCHIVEERD: "Gearchiveerd",
    CaseState.VERNIETIGD_ARCHIEF: "Vernietigd (bewaartermijn)",
}

ACTIVE_ORDER_STATES = {CaseState.OPGELEGD, CaseState.VERLENGD}


def effective_state(state: CaseState, end_at: datetime | None, now: datetime) -> CaseState:
    """The state as of ``now``: an active order whose end has passed is ``verlopen``.

    Derived from the clock on every read so no job can be forgotten (procedure.md section 6:
    "opgelegd/verlengd -> verlopen | clock | at the end moment").
    """
    if state in ACTIVE_ORDER_STATES and end_at is not None and now >= end_at:
        return CaseState.VERLOPEN
    return state


def require_writable(state: str) -> None:
    """A case destroyed after its retention period takes no new data (art. 10 Wth).

    Raises:
        RuleViolation: ``state`` is ``vernietigd_archief``.
    """
    if state == CaseState.VERNIETIGD_ARCHIEF.value:
        raise RuleViolation("Deze zaak is na de bewaartermijn vernietigd; er kan niets meer aan worden toegevoegd.")
