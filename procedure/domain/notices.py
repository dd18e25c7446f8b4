"""Who must know of a decision on an order, and how (issue 15, art. 2 lid 8 Wth: the police, the care partners and
Veilig Thuis get the decision; the removed person and the protected persons learn the new actual end).

Pure: the services write one ``case_notice`` row per recipient in the transaction of the decision, and the letters
(forms/letters.py) for the persons.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from procedure.domain.roles import CARE_ROLES, POLICE_ROLES, Role

#: the decisions (and facts) after which everyone who must know is told, with their Dutch labels
DECISION_LABELS = {
    "uitreiking": "Huisverbod opgelegd (uitgereikt)",
    "verlenging": "Huisverbod verlengd",
    "intrekking": "Huisverbod ingetrokken",
    "einde": "Huisverbod afgelopen",
    "vernietiging": "Huisverbod vernietigd door de rechter",
}


@dataclass(frozen=True)
class Recipient:
    """One party that must be told: ``kind`` (stored), Dutch ``label``, ``channel`` (taak | brief) and, for a task,
    the ``roles`` whose work queue shows it."""

    kind: str
    label: str
    channel: str
    roles: frozenset[Role] = frozenset()


RECIPIENTS: tuple[Recipient, ...] = (
    Recipient("politie", "Politie (basisteam)", "taak", POLICE_ROLES),
    Recipient("zorgpartners", "Zorgpartners (casemanager / procesmanager)",
              "taak", frozenset({Role.CASEMANAGER, Role.PROCESMANAGER})),
    Recipient("veilig_thuis", "Veilig Thuis", "taak", frozenset({Role.VEILIG_THUIS})),
    Recipient("uithuisgeplaatste", "De uithuisgeplaatste", "brief"),
    Recipient("beschermde_personen", "De beschermde personen", "brief"),
)
RECIPIENT_LABELS = {r.kind: r.label for r in RECIPIENTS}
CHANNEL_LABELS = {"taak": "Taak in de werkvoorraad", "brief": "Brief (PDF)"}


def recipients_for(decision_kind: str) -> tuple[Recipient, ...]:
    """Everyone who must be told of ``decision_kind`` (all five parties for every decision of DECISION_LABELS).

    Raises:
        ValueError: an unknown decision kind.
    """
    if decision_kind not in DECISION_LABELS:
        raise ValueError(f"unknown decision kind {decision_kind!r}")
    return RECIPIENTS


def actual_end(case: dict[str, Any]) -> datetime | None:
    """The actual end of the order: the withdrawal moment, the annulment moment, or the (extended) planned end."""
    return case.get("withdrawn_at") or case.get("annulled_at") or case.get("end_at")
