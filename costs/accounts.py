"""User accounts per organisation and year, and what they cost (costs.md).
Implements no article of the Wth: the subscription and connection fees of the proposal.

* The municipality's own accounts: new ones pay the yearly subscription (and the connection fee in
  the year they are connected); accounts reused from the sister system (psychiatric emergency
  decisions) pay only the one-time connection fee.
* The partners' accounts are paid by the municipalities of their sub-region: police and
  casemanagement in both sub-regions, procesmanagement only in Midden-Limburg.

A record ``(year, organisation, unit, accounts_new, accounts_reused, connections)`` holds from its year
until a later record for the same organisation and unit; ``connections`` (accounts connected that year,
paying the one-time fee) only counts in the record's own year.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from costs.tariffs import TariffKind, TariffUsed


class Organisation(StrEnum):
    GEMEENTE = "gemeente"
    POLITIE = "politie"
    CASEMANAGEMENT = "casemanagement"
    PROCESMANAGEMENT = "procesmanagement"

    @property
    def label(self) -> str:
        return ORG_LABELS[self]


ORG_LABELS = {
    Organisation.GEMEENTE: "Gemeente (eigen accounts)",
    Organisation.POLITIE: "Politie",
    Organisation.CASEMANAGEMENT: "Casemanagement",
    Organisation.PROCESMANAGEMENT: "Procesmanagement",
}
SUBREGIONS = ("Noord-Limburg", "Midden-Limburg")
#: partner organisations per sub-region (procesmanagement only exists in Midden-Limburg; costs.md)
PARTNERS_BY_SUBREGION: dict[str, tuple[Organisation, ...]] = {
    "Noord-Limburg": (Organisation.POLITIE, Organisation.CASEMANAGEMENT),
    "Midden-Limburg": (Organisation.POLITIE, Organisation.CASEMANAGEMENT, Organisation.PROCESMANAGEMENT),
}
PARTNERS = (Organisation.POLITIE, Organisation.CASEMANAGEMENT, Organisation.PROCESMANAGEMENT)


@dataclass(frozen=True)
class AccountRecord:
    year: int
    organisation: Organisation
    unit: str                 # municipality code for the gemeente, sub-region for partners
    accounts_new: int
    accounts_reused: int = 0
    connections: int = 0
    is_demo: bool = False
    note: str = ""

    @classmethod
    def from_row(cls, r: Mapping) -> AccountRecord:
        return cls(int(r["year"]), Organisation(r["organisation"]), str(r["unit"]), int(r["accounts_new"]),
                   int(r["accounts_reused"]), int(r["connections"]), bool(r.get("is_demo")), r.get("note") or "")


@dataclass(frozen=True)
class AccountsInYear:
    """The accounts an organisation has in a billing year and where the figure came from."""

    organisation: Organisation
    unit: str
    accounts_new: int
    accounts_reused: int
    connections: int
    source_year: int
    is_demo: bool

    def subscription_cents(self, subscription: TariffUsed) -> int:
        assert subscription.kind == TariffKind.SUBSCRIPTION
        return self.accounts_new * subscription.cents

    def connection_cents(self, connection: TariffUsed) -> int:
        assert connection.kind == TariffKind.CONNECTION
        return self.connections * connection.cents


def accounts_for_year(records: Iterable[AccountRecord], year: int) -> dict[tuple[Organisation, str], AccountsInYear]:
    """Per (organisation, unit) the record that applies to ``year`` (latest year ≤ ``year``); its
    connections only count when the record is of ``year`` itself."""
    best: dict[tuple[Organisation, str], AccountRecord] = {}
    for r in records:
        if r.year <= year:
            k = (r.organisation, r.unit)
            if k not in best or best[k].year < r.year:
                best[k] = r
    return {k: AccountsInYear(r.organisation, r.unit, r.accounts_new, r.accounts_reused,
                              r.connections if r.year == year else 0, r.year, r.is_demo) for k, r in best.items()}


def validate_record(organisation: str, unit: str, accounts_new, accounts_reused, connections,
                    municipality_codes: set[str]) -> list[tuple[str, str]]:
    """Field problems of an account record as ``(field, Dutch message)``; empty when fine."""
    problems = []
    try:
        org = Organisation(organisation)
    except ValueError:
        return [("organisation", "Kies de organisatie.")]
    if org == Organisation.GEMEENTE and unit not in municipality_codes:
        problems.append(("unit", "Kies de gemeente."))
    if org != Organisation.GEMEENTE:
        if unit not in SUBREGIONS:
            problems.append(("unit", "Kies de subregio."))
        elif org not in PARTNERS_BY_SUBREGION[unit]:
            problems.append(("unit", "Procesmanagement bestaat alleen in Midden-Limburg."))
    for name, value, label in (("accounts_new", accounts_new, "Nieuwe accounts"),
                               ("accounts_reused", accounts_reused, "Hergebruikte accounts"),
                               ("connections", connections, "Aansluitingen dit jaar")):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > 10_000:
            problems.append((name, f"{label}: een heel getal van 0 tot 10.000."))
    if org != Organisation.GEMEENTE and isinstance(accounts_reused, int) and accounts_reused > 0:
        problems.append(("accounts_reused", "Alleen de gemeente hergebruikt accounts uit het zustersysteem."))
    if (not problems and connections > accounts_new + accounts_reused):
        problems.append(("connections", "Er kunnen niet meer accounts worden aangesloten dan er zijn."))
    return problems
