"""Accession: each municipality's council decides to join, and the regional go / no-go (costs.md).
Implements no article of the Wth: the system is only introduced when all municipalities agree.

Accession (costs.md, "Go / no-go"): each municipality's council decides separately to join; the
system is only introduced when all municipalities of the region agree.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class AccessionStatus(StrEnum):
    PENDING = "in_behandeling"
    AGREED = "akkoord"
    REJECTED = "afgewezen"

    @property
    def label(self) -> str:
        return {"in_behandeling": "Nog niet besloten", "akkoord": "Akkoord", "afgewezen": "Afgewezen"}[self.value]


@dataclass(frozen=True)
class RegionalDecision:
    go: bool
    agreed: list[str]
    pending: list[str]
    rejected: list[str]

    def text(self) -> str:
        if self.go:
            return f"GO — alle {len(self.agreed)} gemeenten hebben ingestemd; het systeem kan worden ingevoerd."
        parts = []
        if self.rejected:
            parts.append(f"{len(self.rejected)} afgewezen ({', '.join(self.rejected)})")
        if self.pending:
            parts.append(f"{len(self.pending)} nog niet besloten ({', '.join(self.pending)})")
        return ("NO-GO — het systeem wordt alleen ingevoerd als alle gemeenten instemmen; "
                + " en ".join(parts) + f". Akkoord: {len(self.agreed)}.")


def regional_decision(municipalities: Iterable[Mapping], decisions: Mapping[str, Mapping]) -> RegionalDecision:
    """Go only if every municipality of the region has status 'akkoord'; a municipality without a record
    counts as pending.

    Args:
        municipalities: rows ``code, name``.
        decisions: code -> row with ``status``.
    """
    agreed, pending, rejected = [], [], []
    for m in municipalities:
        status = AccessionStatus((decisions.get(m["code"]) or {}).get("status") or AccessionStatus.PENDING)
        {AccessionStatus.AGREED: agreed, AccessionStatus.PENDING: pending,
         AccessionStatus.REJECTED: rejected}[status].append(m["name"])
    return RegionalDecision(bool(agreed) and not pending and not rejected, agreed, pending, rejected)
