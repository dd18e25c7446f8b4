"""Time savings (costs.md, "Time savings claimed") as editable assumptions with a low–high band.
Implements no article of the Wth: the claims of the proposal, made checkable.

Claims (supplier and a large city, so: assumptions, not facts):
* Police: imposing a huisverbod takes 3 to 4 hours now; the system saves up to 3 hours.
  Read as: with the system the work takes ``4 − 3 = 1`` hour, so the saving is 3 − 1 = 2 h (when it
  took 3 h) to 4 − 1 = 3 h (when it took 4 h).
* Municipality: 2 to 6 hours per huisverbod (late or incomplete documents); the system saves up to
  50 % per RiHG: 1 h (50 % of 2 h) to 3 h (50 % of 6 h).
Hourly cost rates are not in the proposal: the defaults are EXAMPLES, to be replaced by the
municipality's own integral rates.

Hours are Decimal (0.25 h steps are fine); euros are cents.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal

from costs.money import mul_cents, to_cents


@dataclass(frozen=True)
class Assumptions:
    police_hours_low: Decimal = Decimal(3)
    police_hours_high: Decimal = Decimal(4)
    police_max_saved_hours: Decimal = Decimal(3)
    municipality_hours_low: Decimal = Decimal(2)
    municipality_hours_high: Decimal = Decimal(6)
    municipality_saved_share: Decimal = Decimal("0.50")
    police_rate: Decimal = Decimal("65.00")          # EXAMPLE, euros per hour
    municipality_rate: Decimal = Decimal("70.00")    # EXAMPLE, euros per hour
    rates_are_examples: bool = True

    def validated(self) -> Assumptions:
        """This set, or ValueError with a Dutch message naming the first bad field."""
        checks = [
            (self.police_hours_low >= 0, "Politie: uren (laag) kan niet negatief zijn."),
            (self.police_hours_high >= self.police_hours_low, "Politie: uren (hoog) moet ≥ uren (laag) zijn."),
            (0 <= self.police_max_saved_hours <= self.police_hours_high,
             "Politie: de besparing kan niet groter zijn dan de tijd die het nu kost."),
            (self.municipality_hours_low >= 0, "Gemeente: uren (laag) kan niet negatief zijn."),
            (self.municipality_hours_high >= self.municipality_hours_low,
             "Gemeente: uren (hoog) moet ≥ uren (laag) zijn."),
            (0 <= self.municipality_saved_share <= 1, "Gemeente: het bespaarde deel ligt tussen 0 en 100 %."),
            (self.police_rate >= 0 and self.municipality_rate >= 0, "Uurtarieven kunnen niet negatief zijn."),
            (max(self.police_hours_high, self.municipality_hours_high) <= 100, "Meer dan 100 uur per zaak is "
             "niet aannemelijk."),
        ]
        for ok, msg in checks:
            if not ok:
                raise ValueError(msg)
        return self

    def with_changes(self, **kw) -> Assumptions:
        return replace(self, **{k: Decimal(str(v)) if not isinstance(v, bool) else v for k, v in kw.items()})

    # -- per huisverbod ------------------------------------------------------------------------
    @property
    def police_saved(self) -> tuple[Decimal, Decimal]:
        """(low, high) hours the police saves per huisverbod."""
        with_system = self.police_hours_high - self.police_max_saved_hours
        low = max(Decimal(0), self.police_hours_low - with_system)
        return low, self.police_max_saved_hours

    @property
    def municipality_saved(self) -> tuple[Decimal, Decimal]:
        """(low, high) hours the municipality saves per huisverbod."""
        return (self.municipality_hours_low * self.municipality_saved_share,
                self.municipality_hours_high * self.municipality_saved_share)

    def euros_per_case(self) -> tuple[int, int]:
        """(low, high) cents saved per huisverbod (police + municipality hours × rates)."""
        (pl, ph), (ml, mh) = self.police_saved, self.municipality_saved
        pr, mr = to_cents(self.police_rate), to_cents(self.municipality_rate)
        return mul_cents(pr, pl) + mul_cents(mr, ml), mul_cents(pr, ph) + mul_cents(mr, mh)


DEFAULTS = Assumptions()


@dataclass(frozen=True)
class SavingsBand:
    """Savings for ``cases`` huisverboden: hours and cents as (low, high)."""

    cases: int
    police_hours: tuple[Decimal, Decimal]
    municipality_hours: tuple[Decimal, Decimal]
    cents: tuple[int, int]

    @property
    def hours(self) -> tuple[Decimal, Decimal]:
        return (self.police_hours[0] + self.municipality_hours[0], self.police_hours[1] + self.municipality_hours[1])


def savings(a: Assumptions, cases: int) -> SavingsBand:
    """The low–high savings of ``cases`` huisverboden under assumptions ``a``."""
    (pl, ph), (ml, mh) = a.police_saved, a.municipality_saved
    el, eh = a.euros_per_case()
    return SavingsBand(cases, (pl * cases, ph * cases), (ml * cases, mh * cases), (el * cases, eh * cases))


def break_even(fixed_cents: int, saved_per_case_cents: int, fee_per_case_cents: int) -> int | None:
    """Cases per year at which the savings pay for the fixed costs: ``ceil(fixed / (saved − fee))``.

    Args:
        fixed_cents: the year's fixed costs (accounts and partner share), incl. VAT.
        saved_per_case_cents: value of the hours saved per huisverbod.
        fee_per_case_cents: the fee per procedure incl. VAT (every case costs it).

    Returns:
        the number of cases, 0 when there are no fixed costs, or None when each case costs more than it
        saves (no break-even at any number of cases).
    """
    net = saved_per_case_cents - fee_per_case_cents
    if fixed_cents <= 0:
        return 0
    if net <= 0:
        return None
    return math.ceil(fixed_cents / net) if fixed_cents % net else fixed_cents // net
