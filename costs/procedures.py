"""Procedure costs and the budget line: procedures × the fee per procedure, budget, actual and forecast.
Implements no article of the Wth: the fee per procedure of the proposal (costs.md).

Procedure costs and the budget line (costs.md): the number of procedures (cases handled in the
system) per municipality and year × the fee per procedure (average € 51,82 ex VAT), ex and incl.
21 % VAT; the budget per municipality ("casemanagement tijdelijk huisverbod") with actual against
budget and a forecast for the rest of the year.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from costs.money import pct_of
from costs.tariffs import TariffUsed

BUDGET_LINE = "casemanagement tijdelijk huisverbod"


@dataclass(frozen=True)
class ProcedureCosts:
    count: int
    fee: TariffUsed
    vat: TariffUsed

    @property
    def ex_cents(self) -> int:
        return self.count * self.fee.cents

    @property
    def vat_cents(self) -> int:
        return pct_of(self.ex_cents, self.vat.amount)

    @property
    def incl_cents(self) -> int:
        return self.ex_cents + self.vat_cents


def elapsed_fraction(year: int, today: date) -> Fraction:
    """Share of ``year`` that has passed on ``today`` (0 before it, 1 after it), counting ``today``."""
    if today.year > year:
        return Fraction(1)
    if today.year < year:
        return Fraction(0)
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    return Fraction(today.timetuple().tm_yday, days)


@dataclass(frozen=True)
class BudgetStatus:
    """Actual against budget (all cents incl. VAT).

    Attributes:
        fixed_cents: subscriptions, connections and partner shares for the year (known in advance).
        procedures_cents: procedure fees so far (incl. VAT).
        elapsed: share of the year passed.
        budget_cents: the budget, or None when none is set.
    """

    fixed_cents: int
    procedures_cents: int
    elapsed: Fraction
    budget_cents: int | None

    @property
    def actual_cents(self) -> int:
        return self.fixed_cents + self.procedures_cents

    @property
    def forecast_cents(self) -> int:
        """Year-end forecast: fixed costs + procedure fees so far extrapolated at the same pace."""
        if self.elapsed <= 0:
            return self.fixed_cents
        extra = Decimal(self.procedures_cents) / Decimal(self.elapsed.numerator) * Decimal(self.elapsed.denominator)
        return self.fixed_cents + int(extra.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def remaining_cents(self) -> int | None:
        return None if self.budget_cents is None else self.budget_cents - self.actual_cents

    @property
    def forecast_over_budget(self) -> bool:
        return self.budget_cents is not None and self.forecast_cents > self.budget_cents

    @property
    def used_pct(self) -> Decimal | None:
        if not self.budget_cents:
            return None
        return (Decimal(self.actual_cents) * 100 / Decimal(self.budget_cents)).quantize(Decimal("0.1"),
                                                                                       rounding=ROUND_HALF_UP)


def forecast_count(count: int, elapsed: Fraction) -> Decimal:
    """Procedures expected over the whole year at the pace so far (one decimal)."""
    if elapsed <= 0:
        return Decimal(0)
    return (Decimal(count) * elapsed.denominator / elapsed.numerator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
