"""What the system costs each municipality in a year, from tariffs, accounts, split, procedures and budgets.
Implements no article of the Wth: the cost model of the proposal (costs.md).

What the system costs each municipality in a year, assembled from tariffs, accounts, the partner
split, procedure counts and budgets (costs.md). Pure: the service reads the store and calls
:func:`build_overview`; pages and the PDF report show the result.

All amounts are whole cents (int); euros only at the edges (:func:`costs.money.from_cents`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from costs.accession import Billing
from costs.accounts import (
    PARTNERS,
    PARTNERS_BY_SUBREGION,
    AccountRecord,
    AccountsInYear,
    Organisation,
    accounts_for_year,
)
from costs.money import pct_of
from costs.procedures import (
    BudgetStatus,
    ProcedureCosts,
    elapsed_fraction,
    forecast_count,
)
from costs.split import SubregionSplit, choose_population, split_partner_costs
from costs.tariffs import ReferenceComparison, TariffBook, TariffKind, TariffUsed

#: cost types in display order: key -> Dutch label
COST_TYPES = {
    "abonnement": "Abonnementen eigen accounts",
    "aansluiting": "Aansluitkosten eigen accounts (eenmalig)",
    "politie": "Aandeel partner: politie",
    "casemanagement": "Aandeel partner: casemanagement",
    "procesmanagement": "Aandeel partner: procesmanagement",
    "procedures": "Procedures",
}
FIXED_TYPES = ("abonnement", "aansluiting", "politie", "casemanagement", "procesmanagement")


@dataclass
class MunicipalityCosts:
    """One municipality's costs in the billing year (cents).

    Attributes:
        ex: cost type (see :data:`COST_TYPES`) -> cents ex VAT.
        vat: cost type -> VAT cents (per type, so the breakdown adds up).
        procedures: the procedure count and fee.
        huisverboden: orders imposed (signed) in the year, for the savings.
        own_accounts: the municipality's own accounts record that applied, or None.
        budget: actual against budget and the forecast.
    """

    code: str
    name: str
    subregion: str
    ex: dict[str, int]
    vat: dict[str, int]
    procedures: ProcedureCosts
    huisverboden: int
    own_accounts: AccountsInYear | None
    budget: BudgetStatus
    procedures_forecast: object = None

    @property
    def total_ex(self) -> int:
        return sum(self.ex.values())

    @property
    def total_vat(self) -> int:
        return sum(self.vat.values())

    @property
    def total_incl(self) -> int:
        return self.total_ex + self.total_vat

    @property
    def fixed_ex(self) -> int:
        return sum(self.ex[t] for t in FIXED_TYPES)

    @property
    def fixed_incl(self) -> int:
        return sum(self.ex[t] + self.vat[t] for t in FIXED_TYPES)

    @property
    def partner_ex(self) -> int:
        return sum(self.ex[o.value] for o in PARTNERS)

    @property
    def own_ex(self) -> int:
        return self.ex["abonnement"] + self.ex["aansluiting"]


@dataclass
class CostOverview:
    """The billing year's costs for the municipalities in view, with the splits of their sub-regions."""

    year: int
    today: date
    tariffs: dict[TariffKind, TariffUsed]
    rows: list[MunicipalityCosts]
    splits: dict[str, SubregionSplit]
    partner_accounts: dict[str, list[AccountsInYear]] = field(default_factory=dict)
    elapsed: Fraction = Fraction(1)
    names: dict[str, str] = field(default_factory=dict)   # every municipality code -> name (for the splits)
    billing: Billing | None = None     # billed or forecast, from the council decisions (None: not known)

    @property
    def forecast(self) -> bool:
        """True when nothing of this year is billed (region NO-GO): every amount is a *prognose*."""
        return self.billing is not None and self.billing.forecast

    def billed_incl(self) -> int:
        """Cents incl. VAT actually billed: the rows of municipalities billed in a GO year; 0 when forecast."""
        if self.billing is None:
            return sum(r.total_incl for r in self.rows)
        return sum(r.total_incl for r in self.rows if self.billing.billed(r.code))

    def population_gaps(self) -> list[tuple[str, int, list[str]]]:
        """Per sub-region whose split lacks figures for the billing year: ``(sub-region, year used, names of
        the municipalities without a figure for the billing year)``; empty when every split is exact."""
        return [(s, sp.population.year, [self.names.get(c, c) for c in sp.population.missing])
                for s, sp in self.splits.items() if not sp.population.exact]

    @property
    def fee_incl_cents(self) -> int:
        """The fee per procedure incl. VAT."""
        fee = self.tariffs[TariffKind.PROCEDURE].cents
        return fee + pct_of(fee, self.tariffs[TariffKind.VAT].amount)

    @property
    def uses_examples(self) -> bool:
        return any(t.is_example for t in self.tariffs.values())

    def totals(self) -> dict[str, int]:
        """Cost type -> cents ex VAT over all rows in view, plus ``total_ex``, ``total_vat``, ``total_incl``."""
        out = {t: sum(r.ex[t] for r in self.rows) for t in COST_TYPES}
        out["total_ex"] = sum(r.total_ex for r in self.rows)
        out["total_vat"] = sum(r.total_vat for r in self.rows)
        out["total_incl"] = out["total_ex"] + out["total_vat"]
        return out

    def row(self, code: str) -> MunicipalityCosts | None:
        return next((r for r in self.rows if r.code == code), None)


def build_overview(*, year: int, today: date, municipalities: list[Mapping], population: list[Mapping],
                   tariffs: TariffBook, accounts: Iterable[AccountRecord], counts: Mapping[str, Mapping[str, int]],
                   budgets: Mapping[str, int], codes: list[str], billing: Billing | None = None) -> CostOverview:
    """The costs of ``codes`` in ``year``.

    Args:
        year: billing year.
        today: local date (Europe/Amsterdam), for the part of the year passed and the forecast.
        municipalities: all municipalities (``code, name, subregion``); the split needs the whole sub-region.
        population: rows ``municipality_code, year, inhabitants, source``.
        tariffs: the tariff book (amounts ex VAT; VAT in percent).
        accounts: account records (all years; the one for ``year`` is picked per organisation).
        counts: code -> ``{"procedures": n, "huisverboden": m}`` in ``year`` (missing = 0).
        budgets: code -> budget cents incl. VAT for ``year`` (missing = no budget).
        codes: the municipalities to report (a municipal manager: his own; the region: all).
        billing: billed or forecast for ``year`` (:func:`costs.accession.billing_for_year`); kept on the result.

    Raises:
        NotFound: a required tariff is missing for ``year``.
        ValueError: no population year covers a sub-region (Dutch message).
    """
    t = tariffs.applied(year)
    sub, conn, fee, vat = (t[TariffKind.SUBSCRIPTION], t[TariffKind.CONNECTION], t[TariffKind.PROCEDURE],
                           t[TariffKind.VAT])
    acc = accounts_for_year(list(accounts), year)
    by_code = {m["code"]: m for m in municipalities}
    wanted_sub = sorted({by_code[c]["subregion"] for c in codes}, key=lambda s: (s != "Noord-Limburg", s))
    splits: dict[str, SubregionSplit] = {}
    partner_accounts: dict[str, list[AccountsInYear]] = {}
    for s in wanted_sub:
        sub_codes = sorted(m["code"] for m in municipalities if m["subregion"] == s)
        pop = choose_population(list(population), sub_codes, year)
        totals, used = {}, []
        for org in PARTNERS_BY_SUBREGION.get(s, ()):
            a = acc.get((org, s))
            totals[org.value] = (a.subscription_cents(sub) + a.connection_cents(conn)) if a else 0
            if a:
                used.append(a)
        splits[s] = split_partner_costs(s, pop, totals)
        partner_accounts[s] = used
    elapsed = elapsed_fraction(year, today)
    rows = []
    for c in codes:
        m = by_code[c]
        own = acc.get((Organisation.GEMEENTE, c))
        ex = {k: 0 for k in COST_TYPES}
        if own:
            ex["abonnement"] = own.subscription_cents(sub)
            ex["aansluiting"] = own.connection_cents(conn)
        for org, cents in splits[m["subregion"]].shares.get(c, {}).items():
            ex[org] = cents
        n = dict(counts.get(c, {}))
        proc = ProcedureCosts(int(n.get("procedures", 0)), fee, vat)
        ex["procedures"] = proc.ex_cents
        vat_by = {k: pct_of(v, vat.amount) for k, v in ex.items()}
        fixed_incl = sum(ex[k] + vat_by[k] for k in FIXED_TYPES)
        status = BudgetStatus(fixed_incl, ex["procedures"] + vat_by["procedures"], elapsed, budgets.get(c))
        rows.append(MunicipalityCosts(c, m["name"], m["subregion"], ex, vat_by, proc, int(n.get("huisverboden", 0)),
                                      own, status, forecast_count(proc.count, elapsed)))
    rows.sort(key=lambda r: (r.subregion != "Noord-Limburg", r.name))
    return CostOverview(year, today, t, rows, splits, partner_accounts, elapsed,
                        {m["code"]: m["name"] for m in municipalities}, billing)


def reference_comparison(build, code: str, first_year: int) -> ReferenceComparison:
    """Compare a municipality's computed fixed costs (ex VAT, no procedure fees) in its connection year and
    the year after with the proposal's € 1.503,17 / € 769,33.

    Args:
        build: ``year -> CostOverview`` containing ``code`` (the service passes a closure).
        code: municipality code.
        first_year: the municipality's connection year (first year with accounts).
    """
    first = build(first_year).row(code)
    following_ov = build(first_year + 1)
    following = following_ov.row(code)
    return ReferenceComparison(first_year, first.fixed_ex, first_year + 1, following.fixed_ex,
                               uses_examples=following_ov.uses_examples)
