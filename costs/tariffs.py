"""Tariffs per year as data (costs.md, "Fees named in the proposal").
Implements no article of the Wth.

A tariff is ``(year, kind, amount, is_example, note)``; amounts are euros ex VAT (the VAT rate is
itself a tariff, in percent). A tariff holds from its year until a later year of the same kind
replaces it, so a price set for 2017 still applies in 2026 unless the beheerder set a newer one —
and every lookup says which year's figure it used.

Known figures (costs.md): fee per procedure € 51,82 ex VAT (average), VAT 21 %, and the proposing
municipality's totals € 1.503,17 (2017, first year, incl. one-time connection) and € 769,33 a year
from 2018 (the reference). Subscription and connection prices per account are not published: the
shipped figures are examples (``is_example``) and are shown as such, never as a quote.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from costs.money import from_cents, to_cents
from procedure.domain.errors import NotFound


class TariffKind(StrEnum):
    SUBSCRIPTION = "abonnement_per_account"
    CONNECTION = "aansluiting_per_account"
    PROCEDURE = "tarief_per_procedure"
    VAT = "btw_percentage"
    REFERENCE = "referentie_totaal_gemeente"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def unit(self) -> str:
        return "%" if self == TariffKind.VAT else "€"


KIND_LABELS = {
    TariffKind.SUBSCRIPTION: "Abonnement per account per jaar",
    TariffKind.CONNECTION: "Eenmalige aansluitkosten per account",
    TariffKind.PROCEDURE: "Tarief per procedure (excl. btw)",
    TariffKind.VAT: "Btw-tarief (%)",
    TariffKind.REFERENCE: "Referentie: totale kosten gemeente (raadsvoorstel)",
}
#: the kinds the cost calculation needs (the reference is only compared with)
REQUIRED_KINDS = (TariffKind.SUBSCRIPTION, TariffKind.CONNECTION, TariffKind.PROCEDURE, TariffKind.VAT)
#: costs.md defaults used when a kind has no row at all
DEFAULT_PROCEDURE_FEE = Decimal("51.82")
DEFAULT_VAT = Decimal("21.00")
#: the proposal's known totals for the proposing municipality (costs.md)
REFERENCE_FIRST_YEAR = (2017, Decimal("1503.17"))
REFERENCE_FOLLOWING = (2018, Decimal("769.33"))


@dataclass(frozen=True)
class Tariff:
    year: int
    kind: str
    amount: Decimal
    is_example: bool
    note: str = ""


@dataclass(frozen=True)
class TariffUsed:
    """A tariff as applied to a billing year: the amount, which year's row it came from, and whether
    it is an example figure."""

    kind: TariffKind
    amount: Decimal
    billing_year: int
    source_year: int
    is_example: bool
    note: str = ""

    @property
    def cents(self) -> int:
        return to_cents(self.amount)

    @property
    def carried_forward(self) -> bool:
        return self.source_year != self.billing_year


class TariffBook:
    """All tariff rows; :meth:`get` finds the one that applies to a year.

    Args:
        rows: tariff rows (dicts with ``year, kind, amount, is_example, note`` or :class:`Tariff`).
    """

    def __init__(self, rows: Iterable[Tariff | Mapping]):
        self.rows: list[Tariff] = []
        for r in rows:
            if not isinstance(r, Tariff):
                r = Tariff(int(r["year"]), str(r["kind"]), Decimal(r["amount"]), bool(r["is_example"]),
                           r.get("note") or "")
            self.rows.append(r)

    def get(self, kind: TariffKind, year: int) -> TariffUsed:
        """The tariff of ``kind`` for ``year``: the row of the latest year ≤ ``year``.

        The procedure fee and VAT fall back to costs.md (€ 51,82; 21 %) when no row exists.

        Raises:
            NotFound: no row of this kind at or before ``year`` (Dutch message names kind and year).
        """
        rows = [r for r in self.rows if r.kind == kind.value and r.year <= year]
        if rows:
            r = max(rows, key=lambda t: t.year)
            return TariffUsed(kind, r.amount, year, r.year, r.is_example, r.note)
        if kind == TariffKind.PROCEDURE:
            return TariffUsed(kind, DEFAULT_PROCEDURE_FEE, year, year, False, "standaard uit het raadsvoorstel")
        if kind == TariffKind.VAT:
            return TariffUsed(kind, DEFAULT_VAT, year, year, False, "standaard btw-tarief")
        raise NotFound(f"Er is geen tarief '{kind.label}' voor {year} of eerder. De beheerder stelt het in "
                       "op de pagina Tarieven en inwoners.")

    def applied(self, year: int) -> dict[TariffKind, TariffUsed]:
        """Every required tariff for ``year`` (see :meth:`get`)."""
        return {k: self.get(k, year) for k in REQUIRED_KINDS}

    def years(self) -> list[int]:
        return sorted({r.year for r in self.rows})


def vat_cents(ex_cents: int, vat: TariffUsed) -> int:
    """VAT on an amount ex VAT, rounded half-up to the cent."""
    from costs.money import pct_of

    return pct_of(ex_cents, vat.amount)


@dataclass(frozen=True)
class ReferenceComparison:
    """The computed yearly costs of one municipality beside the proposal's known totals.

    All amounts in cents, ex VAT, procedure fees excluded (the proposal lists those separately).
    """

    first_year: int
    computed_first: int
    following_year: int
    computed_following: int
    reference_first: int = to_cents(REFERENCE_FIRST_YEAR[1])
    reference_following: int = to_cents(REFERENCE_FOLLOWING[1])
    uses_examples: bool = True

    @property
    def diff_first(self) -> int:
        return self.computed_first - self.reference_first

    @property
    def diff_following(self) -> int:
        return self.computed_following - self.reference_following

    @property
    def reference_one_time(self) -> int:
        return self.reference_first - self.reference_following

    @property
    def computed_one_time(self) -> int:
        return self.computed_first - self.computed_following

    def explanation(self, euro=lambda c: f"€ {from_cents(c)}") -> list[str]:
        """Dutch sentences: what the reference is, how the computed figures compare, and why they differ.

        Args:
            euro: formats cents for display (the UI passes Babel's nl_NL formatter).
        """
        def rel(diff: int) -> str:
            if diff == 0:
                return "gelijk aan"
            return f"{euro(abs(diff))} {'hoger' if diff > 0 else 'lager'} dan"

        lines = [
            f"Raadsvoorstel (2017, een kleine gemeente in Noord-Limburg): {euro(self.reference_first)} in het eerste "
            f"jaar (2017, inclusief eenmalige aansluitkosten) en {euro(self.reference_following)} per jaar vanaf 2018; "
            "de vergoeding per procedure komt daar bovenop. Het voorstel zegt niet of deze bedragen inclusief btw "
            "zijn; we vergelijken daarom zonder btw.",
            f"Berekend voor het aansluitjaar {self.first_year}: {euro(self.computed_first)} — {rel(self.diff_first)} "
            "het eerste jaar van het raadsvoorstel.",
            f"Berekend voor {self.following_year}: {euro(self.computed_following)} — {rel(self.diff_following)} het "
            "jaarbedrag van het raadsvoorstel.",
            f"Eenmalig deel: raadsvoorstel {euro(self.reference_one_time)} (eerste jaar min jaarbedrag), berekend "
            f"{euro(self.computed_one_time)}.",
            "Verschillen komen door het aantal accounts van de gemeente en van de partners, het inwonertal dat de "
            "partnerkosten verdeelt, en de tarieven per account"
            + (": die zijn hier VOORBEELDEN (het raadsvoorstel publiceert ze niet), dus het verschil zegt niets "
               "over de werkelijke prijs." if self.uses_examples else "."),
        ]
        return lines
