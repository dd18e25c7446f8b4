"""The partner split: partner costs per sub-region divided over its municipalities by inhabitants, in cents.
Implements no article of the Wth: the split of the proposal (costs.md), largest-remainder method.

The partner split (costs.md, "The partner split"): partner costs per sub-region, divided over its
municipalities in proportion to their inhabitants in the billing year, in whole cents, with the
largest-remainder method so the shares add up to the total exactly.

The rule, as the page shows it:
1. each municipality's exact share is ``total × inhabitants / inhabitants of the sub-region``;
2. everyone gets that share rounded down to the cent;
3. the cents left over (fewer than the number of municipalities) go one each to the municipalities
   with the largest remainders after rounding down; at equal remainders the larger municipality first,
   then by CBS code — never by list order, so the order of municipalities changes no share.

Why this keeps "more inhabitants never pays less": with more inhabitants the exact share is larger; if
both round down to the same cent, the larger one also has the larger remainder and gets its extra cent
first; if it rounded down to a higher cent it already pays at least the other's maximum.
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

RULE_TEXT = ("Verdeling naar inwonertal, in hele centen, volgens de methode van de grootste overschotten: "
             "iedere gemeente krijgt eerst haar exacte aandeel (totaal × inwoners ÷ inwoners van de subregio) "
             "naar beneden afgerond op een cent; de centen die dan overblijven gaan één voor één naar de gemeenten "
             "met het grootste restant (bij gelijk restant eerst de grootste gemeente, dan op CBS-code). Zo tellen "
             "de aandelen precies op tot het totaal.")


def largest_remainder(total_cents: int, weights: Mapping[K, int]) -> dict[K, int]:
    """Split ``total_cents`` over the keys of ``weights`` in proportion to the weights.

    Args:
        total_cents: whole cents, ≥ 0.
        weights: key -> weight (inhabitants), each ≥ 0, at least one > 0. Keys must be orderable
            among themselves (CBS codes) for the final tie-break.

    Returns:
        key -> cents; the values sum to ``total_cents`` exactly; a larger weight never gets less.

    Raises:
        ValueError: negative total or weight, or all weights zero.
    """
    if total_cents < 0:
        raise ValueError("het totaal mag niet negatief zijn")
    if any(w < 0 for w in weights.values()):
        raise ValueError("een inwonertal mag niet negatief zijn")
    total_weight = sum(weights.values())
    if total_weight <= 0:
        raise ValueError("er zijn geen inwoners om over te verdelen")
    shares: dict[K, int] = {}
    remainders: dict[K, int] = {}
    for k, w in weights.items():
        shares[k], remainders[k] = divmod(total_cents * w, total_weight)   # exact integers, no rounding error
    left = total_cents - sum(shares.values())
    order = sorted(weights, key=lambda k: (-remainders[k], -weights[k], k))
    for k in order[:left]:
        shares[k] += 1
    return shares


@dataclass(frozen=True)
class PopulationChoice:
    """Which year's inhabitants a split used, and why."""

    billing_year: int
    year: int                      # the population year used
    inhabitants: dict[str, int]    # municipality code -> inhabitants in ``year``
    sources: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # codes without a figure for ``billing_year`` (empty when ``exact``)

    @property
    def exact(self) -> bool:
        return self.year == self.billing_year

    @property
    def source_label(self) -> str:
        """The source(s) in short, for the page: the CBS table without the path it was fetched from
        (``CBS StatLine 37230ned … via dataset/x.csv`` -> ``CBS StatLine 37230ned …``)."""
        return "; ".join(sorted({s.split(" via ")[0].strip() for s in self.sources})) or "onbekend"

    def used_text(self) -> str:
        """'Inwoners: CBS StatLine 37230ned (…), peiljaar 2020' — which figures the split used."""
        return f"Inwoners: {self.source_label}, peiljaar {self.year}"

    def note(self) -> str:
        src = self.source_label if self.sources else ""
        if self.year == self.billing_year:
            return f"Inwoners van {self.year}" + (f" (bron: {src})." if src else ".")
        if self.year < self.billing_year:
            return (f"Voor {self.billing_year} zijn geen inwonertallen ingevoerd; gebruikt: {self.year}, het laatste "
                    "eerdere jaar" + (f" (bron: {src})." if src else "."))
        return (f"Voor {self.billing_year} en eerder zijn geen inwonertallen ingevoerd; gebruikt: {self.year}, het "
                "eerste latere jaar (de grenzen van deze gemeenten zijn sinds 2017 niet gewijzigd)"
                + (f" (bron: {src})." if src else "."))


def choose_population(population: list[Mapping], codes: list[str], billing_year: int) -> PopulationChoice:
    """The population year for a split over ``codes``: the billing year if every municipality has a
    figure for it, else the latest earlier year where all have one, else the earliest later one.

    Args:
        population: rows with ``municipality_code, year, inhabitants, source``.
        codes: the municipalities of one sub-region.

    Raises:
        ValueError: no year has a figure for every municipality (Dutch message).
    """
    by_year: dict[int, dict[str, Mapping]] = {}
    for r in population:
        if r["municipality_code"] in codes:
            by_year.setdefault(int(r["year"]), {})[r["municipality_code"]] = r
    complete = sorted(y for y, rows in by_year.items() if set(codes) <= set(rows))
    if not complete:
        raise ValueError("Er is geen jaar met een inwonertal voor alle gemeenten van deze subregio.")
    earlier = [y for y in complete if y <= billing_year]
    year = earlier[-1] if earlier else complete[0]
    rows = by_year[year]
    have = by_year.get(billing_year, {})
    return PopulationChoice(billing_year, year, {c: int(rows[c]["inhabitants"]) for c in codes},
                            tuple(sorted({str(rows[c]["source"]) for c in codes})),
                            tuple(sorted(c for c in codes if c not in have)))


@dataclass
class SubregionSplit:
    """The partner costs of one sub-region and each municipality's share, per partner organisation.

    Attributes:
        totals: organisation -> cents for the sub-region.
        shares: municipality code -> organisation -> cents.
    """

    subregion: str
    population: PopulationChoice
    totals: dict[str, int] = field(default_factory=dict)
    shares: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    def share(self, code: str) -> int:
        return sum(self.shares.get(code, {}).values())


def split_partner_costs(subregion: str, population: PopulationChoice, totals: Mapping[str, int]) -> SubregionSplit:
    """Split each partner organisation's cost of the sub-region over its municipalities by inhabitants.

    Each organisation is split separately (so the breakdown per cost type adds up too); a municipality's
    partner share is the sum of its shares.
    """
    out = SubregionSplit(subregion, population, dict(totals), {c: {} for c in population.inhabitants})
    for org, cents in totals.items():
        for code, share in largest_remainder(cents, population.inhabitants).items():
            out.shares[code][org] = share
    return out
