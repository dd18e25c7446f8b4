"""The mayor's dossier per decision (issue 15): what an imposition, an extension or a withdrawal rests on, and what
is still missing before the burgemeester opens it. Pure. Implements art. 2 lid 2 (RiHG), art. 9 (extension on a
care advice and the current situation) and art. 2 lid 9 Wth (withdrawal), and the motiveringsbeginsel (art. 3:46
Awb): the burgemeester decides on a complete file.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from procedure.domain.documents import DOC_BESCHIKKING, DOC_INTREKKING, DOC_VERLENGING

#: the decisions a dossier is made for (kind -> Dutch title of the dossier)
DOSSIER_DECISIONS = {
    "oplegging": "Dossier voor het besluit tijdelijk huisverbod",
    "verlenging": "Dossier voor het besluit over verlenging",
    "intrekking": "Dossier voor het besluit over intrekking",
}
_DECISION_DOCS = (DOC_BESCHIKKING, DOC_VERLENGING, DOC_INTREKKING)
#: events that are decisions or bookkeeping of the system, not facts of the situation
_NOT_FACTS = {"zorgadvies_gebruikt", "herbeoordeling"}


@dataclass(frozen=True)
class DossierPart:
    """One part: Dutch ``label``, whether it is ``present``, and what it is (``ref``: a document id, an event id, or
    a count of events)."""

    key: str
    label: str
    present: bool
    ref: Any = None


def last_decision_at(case: dict[str, Any], documents: list[dict[str, Any]]) -> datetime | None:
    """The moment of the latest signed decision (imposition, extension) — the events after it are "since"."""
    signed = [d["signed_at"] or d["created_at"] for d in documents if d["kind"] in _DECISION_DOCS and d["signed"]]
    return max(signed) if signed else case.get("decided_at")


def dossier_parts(decision: str, case: dict[str, Any], documents: list[dict[str, Any]],
                  events: list[dict[str, Any]]) -> list[DossierPart]:
    """What the dossier for ``decision`` holds, in order.

    Args:
        case: the case row. documents: its stored documents (``kind``, ``signed``, ``signed_at``, ``id``).
        events: its events with parsed ``details``.

    Raises:
        ValueError: an unknown decision.
    """
    if decision not in DOSSIER_DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    parts = [DossierPart("rihg", "Risicotaxatie (RiHG)", case.get("rihg_finalised_at") is not None),
             DossierPart("melding", "Melding en bevindingen politie", case.get("incident_at") is not None)]
    if decision == "oplegging":
        parts.append(DossierPart("concept", "Conceptbeschikking", case.get("draft_submitted_at") is not None))
        return parts
    signed = [d for d in documents if d["kind"] in _DECISION_DOCS and d["signed"]]
    parts.append(DossierPart("besluiten", "Ondertekende eerdere besluiten",
                             any(d["kind"] == DOC_BESCHIKKING for d in signed), tuple(d["id"] for d in signed)))
    advices = [e for e in events if e["kind"] == "zorgadvies"]
    latest = max(advices, key=lambda e: (e["occurred_at"], e["id"])) if advices else None
    parts.append(DossierPart("zorgadvies", "Laatste zorgadvies", latest is not None,
                             latest["id"] if latest else None))
    since = last_decision_at(case, documents)
    recent = [e for e in events if e["kind"] not in _NOT_FACTS and (since is None or e["recorded_at"] > since)]
    parts.append(DossierPart("gebeurtenissen", "Gebeurtenissen sinds het laatste besluit", True,
                             tuple(e["id"] for e in recent)))
    return parts


def missing(parts: list[DossierPart]) -> list[str]:
    """The labels of the parts that are missing (empty: the dossier is complete)."""
    return [p.label for p in parts if not p.present]
