"""Accession: each municipality's council decides to join, the regional go / no-go, and what that means for billing.
Implements no article of the Wth: the system is only introduced when all municipalities agree (costs.md).

Accession (costs.md, "Go / no-go"): each municipality's council decides separately to join; the
system is only introduced when all municipalities of the region agree. Costs follow it (issue 17):
:func:`billing_for_year` says whether a billing year is billed or only a forecast (*prognose*).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
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


@dataclass(frozen=True)
class Billing:
    """Whether a billing year's costs are billed or only a forecast (*prognose*), from the council decisions.

    The system is introduced only when every municipality of the region has agreed (costs.md, "Go / no-go"), so
    the year is billed only when the region was GO by ``as_of`` (31 December of the year, or today in the current
    year); otherwise every amount of that year is a forecast of what joining would cost and nothing is billed. A
    municipality that has not joined by ``as_of`` is never billed.

    Attributes:
        year: the billing year.
        as_of: the date the decisions are judged on.
        joined: municipality code -> True when its council agreed on or before ``as_of``.
        decision: the regional go / no-go as of ``as_of`` (names per status).
        status: municipality code -> Dutch label of its decision as of ``as_of``.
    """

    year: int
    as_of: date
    joined: dict[str, bool]
    decision: RegionalDecision
    status: dict[str, str]

    @property
    def forecast(self) -> bool:
        """True: nothing of this year is billed; the page and the report label every amount as *prognose*."""
        return not self.decision.go

    def billed(self, code: str) -> bool:
        return self.decision.go and self.joined.get(code, False)

    def label(self, code: str) -> str:
        """'gefactureerd', or 'prognose — raad: akkoord' (… 'nog niet besloten', 'afgewezen') with the
        municipality's own council decision, for a table cell."""
        if self.billed(code):
            return "gefactureerd"
        return f"prognose — raad: {self.status.get(code, AccessionStatus.PENDING.label).lower()}"

    def text(self) -> str:
        """One Dutch sentence for the top of the page and the report."""
        if not self.forecast:
            return (f"Gefactureerd: alle {len(self.decision.agreed)} gemeenten waren op {self.as_of:%d-%m-%Y} "
                    "aangesloten (GO).")
        parts = []
        if self.decision.rejected:
            parts.append("afgewezen: " + ", ".join(self.decision.rejected))
        if self.decision.pending:
            parts.append("nog niet besloten: " + ", ".join(self.decision.pending))
        return (f"PROGNOSE — niet gefactureerd. De regio was op {self.as_of:%d-%m-%Y} NO-GO ("
                + "; ".join(parts) + f"): het systeem komt er pas als alle gemeenten instemmen. Alle bedragen van "
                f"{self.year} zijn een prognose; een gemeente die niet is aangesloten krijgt geen factuur.")


def billing_for_year(municipalities: Iterable[Mapping], decisions: Mapping[str, Mapping], year: int,
                     today: date) -> Billing:
    """The billing state of ``year`` (see :class:`Billing`).

    Args:
        municipalities: rows ``code, name`` (the whole region: the go / no-go needs all).
        decisions: code -> row with ``status`` and ``decided_on`` (a date or None); missing = pending.
        year: the billing year.
        today: local date (Europe/Amsterdam).

    A decision dated after ``as_of`` did not exist yet then and counts as pending; an agreement without a date
    (entered before dates were required) counts from the start.
    """
    as_of = min(date(year, 12, 31), today)
    joined, status, as_then = {}, {}, {}
    for m in municipalities:
        d = decisions.get(m["code"]) or {}
        st = AccessionStatus(d.get("status") or AccessionStatus.PENDING)
        when = d.get("decided_on")
        if st != AccessionStatus.PENDING and when is not None and when > as_of:
            st = AccessionStatus.PENDING
        joined[m["code"]] = st == AccessionStatus.AGREED
        status[m["code"]] = st.label
        as_then[m["code"]] = {"status": st.value}
    return Billing(year, as_of, joined, regional_decision(municipalities, as_then), status)
