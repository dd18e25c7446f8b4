"""What the system costs and saves (managers), and the tariffs, accounts, population and accession (beheerder).
Implements no article of the Wth: the cost model of the regional proposal (raadsvoorstel; costs.md), Decimal money.

Cost overview, partner split, budget and forecast, time saved and measured lead times for managers; tariffs,
accounts, population, budgets and accession for the beheerder (issue 5).

The arithmetic lives in ``costs/`` (pure, Decimal / cents); this service checks role and scope, reads the
store and writes changes with their history and an audit row in one transaction.

Scope (costs.md; procedure/domain/roles.py): a manager with a municipality sees his municipality (and the
partner split of its sub-region, which is built from public figures only: tariffs and inhabitants); a
manager without one (``manager.regio``) sees the whole region. The beheerder keeps tariffs, accounts,
population, budgets and the council decisions (``Action.MANAGE_COSTS``) and sees the accession page.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from costs import leadtimes as lt
from costs.accession import AccessionStatus, RegionalDecision, billing_for_year, regional_decision
from costs.accounts import AccountRecord, Organisation, validate_record
from costs.money import to_cents
from costs.overview import CostOverview, build_overview, reference_comparison
from costs.population import Preview, parse_cbs_csv, validate_figure
from costs.procedures import BUDGET_LINE
from costs.reconcile import Reconciliation
from costs.report import ReportInput, render_cost_report
from costs.savings import DEFAULTS, Assumptions, SavingsBand, savings
from costs.tariffs import ReferenceComparison, TariffBook, TariffKind
from procedure.domain import validation as v
from procedure.domain.deadlines import AMS
from procedure.domain.errors import NotAuthorized, NotFound, ValidationError
from procedure.domain.roles import Action, Actor, may, require_action
from procedure.services.context import Service
from store import costs_repo, repo

REGION_LABEL = "Veiligheidsregio Limburg-Noord"
FIRST_YEAR = 2017     # the proposal's first year; the year picker starts here at the earliest


@dataclass(frozen=True)
class CostScope:
    """What a manager may see: municipality codes, a label, and whether it is the whole region."""

    codes: list[str]
    label: str
    regional: bool
    municipalities: list[dict[str, Any]]      # all municipalities (code, name, subregion)

    def names(self) -> dict[str, str]:
        return {m["code"]: m["name"] for m in self.municipalities}


@dataclass
class LeadTimes:
    """Measured lead times: one row per case and stage, and the statistics per month and overall."""

    durations: list[dict[str, Any]]
    monthly: list[lt.StageStats]
    overall: dict[str, lt.StageStats]
    cases: int


class Costs(Service):
    """Cost, savings and accession services (Action.VIEW_COSTS for managers, Action.MANAGE_COSTS for the beheerder)."""

    def cost_scope(self, actor: Actor) -> CostScope:
        """The municipalities a manager's cost pages cover.

        Raises:
            NotAuthorized: not a manager (Action.VIEW_COSTS).
        """
        require_action(actor, Action.VIEW_COSTS)
        munis = repo.municipalities(self.db)
        if actor.municipality_code:
            m = next((m for m in munis if m["code"] == actor.municipality_code), None)
            if m is None:
                raise NotAuthorized("Uw account hoort bij een onbekende gemeente; vraag de beheerder dit te herstellen.")
            return CostScope([m["code"]], f"Gemeente {m['name']}", False, munis)
        return CostScope([m["code"] for m in munis], REGION_LABEL, True, munis)

    def _codes(self, actor: Actor, codes: list[str] | None) -> tuple[CostScope, list[str]]:
        scope = self.cost_scope(actor)
        if codes is None:
            return scope, scope.codes
        if not isinstance(codes, (list, tuple)) or not all(isinstance(c, str) for c in codes):
            raise ValidationError("Kies de gemeenten.", field="codes")
        bad = [c for c in codes if c not in scope.codes]
        if bad or not codes:
            raise NotAuthorized("Deze gemeente valt buiten uw werkgebied.")
        return scope, list(codes)

    def _today(self) -> date:
        return self.ctx.now().astimezone(AMS).date()

    def cost_years(self, actor: Actor) -> list[int]:
        """Billing years to choose from: from the first tariff or account year (at the earliest 2017) to
        this year, newest first."""
        if not (may(actor, Action.VIEW_COSTS) or may(actor, Action.MANAGE_COSTS)):
            require_action(actor, Action.VIEW_COSTS)
        this = self._today().year
        starts = [r["year"] for r in costs_repo.tariffs(self.db)] + [r["year"] for r in costs_repo.accounts(self.db)]
        first = max(FIRST_YEAR, min(starts)) if starts else this
        return list(range(this, min(first, this) - 1, -1))

    def _overview(self, year: int, codes: list[str]) -> CostOverview:
        counts = {r["code"]: r for r in costs_repo.procedure_counts(self.db, year)}
        budgets = {r["municipality_code"]: to_cents(r["amount"]) for r in costs_repo.budgets(self.db, year)}
        munis = repo.municipalities(self.db)
        billing = billing_for_year(munis, {r["code"]: r for r in costs_repo.accessions(self.db)}, year, self._today())
        try:
            return build_overview(year=year, today=self._today(), municipalities=munis, billing=billing,
                                  population=costs_repo.population(self.db),
                                  tariffs=TariffBook(costs_repo.tariffs(self.db)),
                                  accounts=[AccountRecord.from_row(r) for r in costs_repo.accounts(self.db)],
                                  counts={c: counts[c] for c in codes if c in counts},
                                  budgets={c: budgets[c] for c in codes if c in budgets}, codes=codes)
        except ValueError as exc:
            raise NotFound(str(exc)) from exc

    def cost_overview(self, actor: Actor, year: int, codes: list[str] | None = None) -> CostOverview:
        """What the system costs the municipalities in view in ``year`` (see :func:`costs.overview.build_overview`).

        The result carries ``billing`` (:class:`costs.accession.Billing`): costs follow the council decisions, so in
        a year the region was NO-GO every amount is a forecast (``ov.forecast``) and nothing is billed; and
        ``population_gaps()`` names the sub-regions whose split lacks the billing year's CBS figures.

        Args:
            year: billing year (2017 … this year).
            codes: a subset of the actor's scope (None = the whole scope).

        Raises:
            NotAuthorized: not a manager, or a municipality outside his scope.
            ValidationError: a year outside the range.
            NotFound: a tariff or population figure is missing (Dutch message says which).
        """
        _, codes = self._codes(actor, codes)
        year = v.integer(year, "year", "Jaar", FIRST_YEAR, self._today().year)
        return self._overview(year, codes)

    def cost_reconciliation(self, actor: Actor, year: int, codes: list[str] | None = None) -> Reconciliation:
        """How the figures of Overzicht, Kosten and Tijdsbesparing add up for ``year`` and the municipalities in
        view: melding → RiHG decided → huisverbod → signed → served → extended (exact counts, no personal data;
        see :mod:`costs.reconcile`).

        Args:
            year: calendar year (2017 … this year), Europe/Amsterdam.
            codes: a subset of the actor's scope (None = the whole scope).

        Raises:
            NotAuthorized: not a manager (Action.VIEW_COSTS), or a municipality outside his scope.
            ValidationError: a year outside the range.
        """
        scope, codes = self._codes(actor, codes)
        year = v.integer(year, "year", "Jaar", FIRST_YEAR, self._today().year)
        names = scope.names()
        label = scope.label if codes == scope.codes else (
            f"Gemeente {names[codes[0]]}" if len(codes) == 1 else ", ".join(sorted(names[c] for c in codes)))
        return Reconciliation(year, label, costs_repo.reconciliation_counts(self.db, year, codes))

    def _connection_year(self, code: str) -> int | None:
        """The first year with an own-accounts record for the municipality."""
        years = [r["year"] for r in costs_repo.accounts(self.db)
                 if r["organisation"] == Organisation.GEMEENTE.value and r["unit"] == code]
        return min(years) if years else None

    def cost_reference(self, actor: Actor, code: str) -> ReferenceComparison | None:
        """The municipality's computed fixed costs in its connection year and the year after, beside the
        proposal's € 1.503,17 (2017) and € 769,33 (from 2018); None when it has no accounts yet or the
        year after lies in the future."""
        self._codes(actor, [code])
        first = self._connection_year(code)
        if first is None or first + 1 > self._today().year:
            return None
        return reference_comparison(lambda y: self._overview(y, [code]), code, first)

    def savings_overview(self, actor: Actor, year: int, assumptions: Assumptions | None = None,
                         codes: list[str] | None = None) -> tuple[CostOverview, dict[str, SavingsBand]]:
        """Hours and euros saved (low–high) per municipality in ``year`` for the orders imposed that year,
        with the cost overview to set them against.

        Raises:
            ValidationError: inconsistent assumptions (field ``assumptions``).
        """
        a = self._assumptions(assumptions)
        ov = self.cost_overview(actor, year, codes)
        return ov, {r.code: savings(a, r.huisverboden) for r in ov.rows}

    @staticmethod
    def _assumptions(assumptions: Assumptions | None) -> Assumptions:
        if assumptions is not None and not isinstance(assumptions, Assumptions):
            raise ValidationError("De aannames zijn niet goed doorgegeven.", field="assumptions")
        try:
            return (assumptions or DEFAULTS).validated()
        except (ArithmeticError, TypeError) as exc:    # NaN, infinity or an empty field
            raise ValidationError("De aannames bevatten een ongeldig of leeg getal.", field="assumptions") from exc
        except ValueError as exc:                      # validated(): a Dutch message naming the field
            raise ValidationError(str(exc), field="assumptions") from exc

    def lead_times(self, actor: Actor, months: int = 12, codes: list[str] | None = None) -> LeadTimes:
        """Lead times measured from the audit trail for cases registered in the last ``months`` months
        (see :mod:`costs.leadtimes`)."""
        scope, codes = self._codes(actor, codes)
        months = v.integer(months, "months", "Aantal maanden", 1, 120)
        since = self.ctx.now() - timedelta(days=31 * months)
        rows = costs_repo.milestone_audit(self.db, lt.ACTIONS, None if codes == scope.codes and scope.regional
                                          else codes, since)
        ms = lt.case_milestones(rows)
        durations = lt.stage_durations(ms)
        return LeadTimes(durations, lt.monthly_stats(durations), lt.overall_stats(durations), len(ms))

    def cost_report_pdf(self, actor: Actor, year: int, assumptions: Assumptions | None = None,
                        codes: list[str] | None = None, demo: bool = True) -> bytes:
        """The cost report of ``year`` as PDF (made on demand, audited as ``kostenrapport_gemaakt``)."""
        a = self._assumptions(assumptions)
        scope, codes = self._codes(actor, codes)
        ov, bands = self.savings_overview(actor, year, a, codes)
        label = scope.label if codes == scope.codes else (
            f"Gemeente {ov.rows[0].name}" if len(codes) == 1 else f"{REGION_LABEL} (selectie)")
        comparison = self.cost_reference(actor, codes[0]) if len(codes) == 1 else None
        decision = self.accession_overview(actor)[1]
        pdf = render_cost_report(ReportInput(ov, label, self.ctx.now(), a, bands, decision, comparison, demo))
        with self.db.transaction() as cur:
            self.ctx.audit(cur, actor, "kostenrapport_gemaakt", detail=f"{year}: {label}")
        return pdf

    def accession_overview(self, actor: Actor) -> tuple[list[dict[str, Any]], RegionalDecision]:
        """Every municipality's council decision and the regional go / no-go (all must agree).

        Raises:
            NotAuthorized: neither manager nor beheerder.
        """
        if not may(actor, Action.MANAGE_COSTS):
            require_action(actor, Action.VIEW_COSTS)
        rows = costs_repo.accessions(self.db)
        for r in rows:
            r["status"] = r["status"] or AccessionStatus.PENDING.value
            r["status_label"] = AccessionStatus(r["status"]).label
        return rows, regional_decision(rows, {r["code"]: r for r in rows})

    def accession_history(self, actor: Actor, code: str | None = None) -> list[dict[str, Any]]:
        if not may(actor, Action.MANAGE_COSTS):
            require_action(actor, Action.VIEW_COSTS)
        if code is not None and not isinstance(code, str):
            raise ValidationError("Kies de gemeente.", field="code")
        return costs_repo.accession_history(self.db, code)

    def set_accession(self, actor: Actor, code: str, version: int | None, *, status: str, decided_on: Any = None,
                      reference: str = "", note: str = "") -> int:
        """Record a council decision (pending / agreed / rejected, date, reference). Returns the new version.

        Raises:
            NotAuthorized: not the beheerder.
            ValidationError: unknown municipality or status; a decision (agreed / rejected) without date or
                reference; a date in the future.
            ConcurrencyConflict: someone changed it since ``version``.
        """
        require_action(actor, Action.MANAGE_COSTS)
        if not isinstance(code, str) or code not in {m["code"] for m in repo.municipalities(self.db)}:
            raise ValidationError("Kies de gemeente.", field="code")
        c = v.Collector()
        st = c.run(v.choice, status, [s.value for s in AccessionStatus], "status", "Kies de stand van het raadsbesluit.")
        decided = status != AccessionStatus.PENDING.value
        day = c.run(v.a_date, decided_on, "decided_on", "Datum raadsbesluit", required=decided)
        ref = c.run(v.text, reference, "reference", "Kenmerk raadsbesluit", required=decided, max_len=v.MAX_SHORT)
        nt = c.run(v.text, note, "note", "Toelichting", required=False, max_len=v.MAX_MEDIUM)
        if day is not None and day > self._today():
            c.add("decided_on", "De datum van het raadsbesluit ligt in de toekomst.")
        c.raise_if_any()
        now = self.ctx.now()
        with self.db.transaction() as cur:
            new = costs_repo.set_accession(cur, code=code, status=st, decided_on=day, reference=ref or None,
                                           note=nt or None, expected_version=version, is_demo=False, at=now,
                                           by=actor.username)
            self.ctx.audit(cur, actor, "aansluiting_besluit", detail=f"{code}: {st}" + (f" ({ref})" if ref else ""))
        return new

    def tariff_rows(self, actor: Actor) -> list[dict[str, Any]]:
        require_action(actor, Action.MANAGE_COSTS)
        rows = costs_repo.tariffs(self.db)
        for r in rows:
            try:
                r["label"] = TariffKind(r["kind"]).label
            except ValueError:
                r["label"] = r["kind"]
        return rows

    def tariff_history(self, actor: Actor) -> list[dict[str, Any]]:
        require_action(actor, Action.MANAGE_COSTS)
        return costs_repo.tariff_history(self.db)

    def set_tariff(self, actor: Actor, *, year: Any, kind: Any, amount: Any, is_example: bool, note: str = "") -> None:
        """Set the tariff of ``kind`` from ``year`` (history and audit kept).

        Args:
            amount: euros ex VAT (Decimal or text with a decimal comma or point); the VAT kind in percent.

        Raises:
            NotAuthorized: not the beheerder.
            ValidationError: unknown kind, year outside 2000–2100, amount not a number, negative, more than two
                decimals, or VAT above 100 %.
        """
        require_action(actor, Action.MANAGE_COSTS)
        c = v.Collector()
        k = c.run(v.choice, kind, [t.value for t in TariffKind], "kind", "Kies het soort tarief.")
        y = c.run(v.integer, year, "year", "Jaar", 2000, 2100)
        amt = c.run(parse_amount, amount, "amount", "Bedrag")
        if amt is not None and k == TariffKind.VAT.value and amt > 100:
            c.add("amount", "Btw: een percentage van 0 tot 100.")
        nt = c.run(v.text, note, "note", "Toelichting", required=False, max_len=v.MAX_SHORT)
        c.raise_if_any()
        now = self.ctx.now()
        with self.db.transaction() as cur:
            old = costs_repo.upsert_tariff(cur, year=y, kind=k, amount=amt, is_example=bool(is_example), note=nt or "",
                                           at=now, by=actor.username)
            self.ctx.audit(cur, actor, "tarief_gewijzigd", detail=f"{y} {k}: {old['amount'] if old else '—'} → {amt}"
                           + (" (voorbeeld)" if is_example else ""))

    def account_rows(self, actor: Actor) -> list[dict[str, Any]]:
        if not may(actor, Action.MANAGE_COSTS):
            require_action(actor, Action.VIEW_COSTS)
        scope_codes = None if may(actor, Action.MANAGE_COSTS) else self.cost_scope(actor).codes
        rows = costs_repo.accounts(self.db)
        if scope_codes is not None:
            subs = {m["subregion"] for m in repo.municipalities(self.db) if m["code"] in scope_codes}
            rows = [r for r in rows if r["unit"] in scope_codes or r["unit"] in subs]
        names = {m["code"]: m["name"] for m in repo.municipalities(self.db)}
        for r in rows:
            r["organisation_label"] = Organisation(r["organisation"]).label
            r["unit_label"] = names.get(r["unit"], r["unit"])
        return rows

    def set_accounts(self, actor: Actor, *, year: Any, organisation: Any, unit: Any, accounts_new: Any,
                     accounts_reused: Any = 0, connections: Any = 0, note: str = "") -> None:
        """Set the accounts of an organisation (a municipality, or a partner in a sub-region) from ``year``.

        Raises:
            NotAuthorized: not the beheerder.
            ValidationError: see :func:`costs.accounts.validate_record` (per field).
        """
        require_action(actor, Action.MANAGE_COSTS)
        c = v.Collector()
        y = c.run(v.integer, year, "year", "Jaar", 2000, 2100)
        nums = {}
        for f, val in (("accounts_new", accounts_new), ("accounts_reused", accounts_reused),
                       ("connections", connections)):
            nums[f] = c.run(v.integer, val, f, {"accounts_new": "Nieuwe accounts", "accounts_reused":
                            "Hergebruikte accounts", "connections": "Aansluitingen dit jaar"}[f], 0, 10_000)
        nt = c.run(v.text, note, "note", "Toelichting", required=False, max_len=v.MAX_SHORT)
        if None not in nums.values():
            for f, msg in validate_record(organisation, unit, nums["accounts_new"], nums["accounts_reused"],
                                          nums["connections"], {m["code"] for m in repo.municipalities(self.db)}):
                c.add(f, msg)
        c.raise_if_any()
        now = self.ctx.now()
        with self.db.transaction() as cur:
            costs_repo.upsert_account(cur, {"year": y, "organisation": organisation, "unit": unit, **nums,
                                            "is_demo": False, "note": nt or None, "updated_at": now,
                                            "updated_by": actor.username})
            self.ctx.audit(cur, actor, "accounts_gewijzigd", detail=f"{y} {organisation} {unit}: {nums['accounts_new']} "
                           f"nieuw, {nums['accounts_reused']} hergebruikt, {nums['connections']} aansluitingen")

    def population_rows(self, actor: Actor) -> list[dict[str, Any]]:
        require_action(actor, Action.MANAGE_COSTS)
        return costs_repo.population(self.db)

    def population_history(self, actor: Actor) -> list[dict[str, Any]]:
        require_action(actor, Action.MANAGE_COSTS)
        return costs_repo.population_history(self.db)

    def preview_population_import(self, actor: Actor, data: bytes) -> Preview:
        """Read a CBS StatLine CSV export (03759ned / 37230ned) into a preview; nothing is saved.

        Raises:
            ValidationError: empty, too large or not a text file (field ``file``).
        """
        require_action(actor, Action.MANAGE_COSTS)
        current = {(r["municipality_code"], r["year"]): r["inhabitants"] for r in costs_repo.population(self.db)}
        if not isinstance(data, (bytes, bytearray)):
            raise ValidationError("Kies een CSV-bestand van CBS StatLine.", field="file")
        try:
            return parse_cbs_csv(data, repo.municipalities(self.db), current)
        except ValueError as exc:
            raise ValidationError(str(exc), field="file") from exc

    def import_population(self, actor: Actor, preview: Preview, source: str) -> int:
        """Save the figures of a checked preview (history and one audit row). Returns the number saved.

        Raises:
            ValidationError: the preview has errors or no rows; source missing.
        """
        require_action(actor, Action.MANAGE_COSTS)
        if not isinstance(preview, Preview) or not preview.ok:
            raise ValidationError("Dit bestand kan niet worden opgeslagen: los eerst de meldingen in de controle op.")
        src = v.text(source, "source", "Bron", max_len=v.MAX_SHORT)
        for r in preview.rows:
            if validate_figure(r.inhabitants, r.year):
                raise ValidationError(f"{r.name} {r.year}: ongeldig inwonertal {r.inhabitants}.")
        now = self.ctx.now()
        changed = [r for r in preview.rows if r.current != r.inhabitants]
        with self.db.transaction() as cur:
            for r in changed:
                costs_repo.upsert_population(cur, code=r.municipality_code, year=r.year, inhabitants=r.inhabitants,
                                             source=src, at=now, by=actor.username)
            years = sorted({r.year for r in changed})
            self.ctx.audit(cur, actor, "inwoners_geimporteerd", detail=f"{len(changed)} cijfers, jaren "
                           f"{', '.join(map(str, years)) or '—'}; bron: {src}"[:500])
        return len(changed)

    def set_population(self, actor: Actor, *, code: Any, year: Any, inhabitants: Any, source: str) -> None:
        """Enter one figure by hand (history and audit kept)."""
        require_action(actor, Action.MANAGE_COSTS)
        c = v.Collector()
        if not isinstance(code, str) or code not in {m["code"] for m in repo.municipalities(self.db)}:
            c.add("code", "Kies de gemeente.")
        y = c.run(v.integer, year, "year", "Jaar", 1990, 2100)
        n = c.run(v.integer, inhabitants, "inhabitants", "Inwoners", 1, 2_000_000)
        src = c.run(v.text, source, "source", "Bron", max_len=v.MAX_SHORT)
        c.raise_if_any()
        now = self.ctx.now()
        with self.db.transaction() as cur:
            old = costs_repo.upsert_population(cur, code=code, year=y, inhabitants=n, source=src, at=now,
                                               by=actor.username)
            self.ctx.audit(cur, actor, "inwoners_gewijzigd", detail=f"{code} {y}: {old or '—'} → {n}; bron: {src}"[:500])

    def budget_rows(self, actor: Actor, year: int | None = None) -> list[dict[str, Any]]:
        require_action(actor, Action.MANAGE_COSTS)
        if year is not None:
            year = v.integer(year, "year", "Jaar", 1900, 2200)
        return costs_repo.budgets(self.db, year)

    def set_budget(self, actor: Actor, *, code: Any, year: Any, amount: Any) -> None:
        """Set a municipality's budget (euros incl. VAT) on the budget line for ``year``."""
        require_action(actor, Action.MANAGE_COSTS)
        c = v.Collector()
        if not isinstance(code, str) or code not in {m["code"] for m in repo.municipalities(self.db)}:
            c.add("code", "Kies de gemeente.")
        y = c.run(v.integer, year, "year", "Jaar", 2000, 2100)
        amt = c.run(parse_amount, amount, "amount", "Budget")
        c.raise_if_any()
        now = self.ctx.now()
        with self.db.transaction() as cur:
            old = costs_repo.upsert_budget(cur, code=code, year=y, amount=amt, budget_line=BUDGET_LINE, is_demo=False,
                                           at=now, by=actor.username)
            self.ctx.audit(cur, actor, "budget_gewijzigd",
                           detail=f"{code} {y}: {old if old is not None else '—'} → {amt}")


def parse_amount(value: Any, field: str, label: str) -> Decimal:
    """Euros from a Decimal/int or Dutch text (``1.234,56``, ``51,82``, ``51.82``); ≥ 0, at most 2 decimals,
    below € 10 miljoen.

    Raises:
        ValidationError: anything else (Dutch, on ``field``).
    """
    if isinstance(value, bool) or value is None:
        raise ValidationError(f"{label}: vul een bedrag in, bijvoorbeeld 51,82.", field=field)
    if isinstance(value, (int, Decimal)):
        d = Decimal(value)
    else:
        s = str(value).strip().replace("€", "").replace(" ", "")
        if "," in s:
            s = s.replace(".", "").replace(",", ".")
        try:
            d = Decimal(s)
        except InvalidOperation:
            raise ValidationError(f"{label}: vul een bedrag in, bijvoorbeeld 51,82.", field=field) from None
    if not d.is_finite() or d < 0:
        raise ValidationError(f"{label}: het bedrag kan niet negatief zijn.", field=field)
    if d != d.quantize(Decimal("0.01")):
        raise ValidationError(f"{label}: hoogstens twee cijfers achter de komma.", field=field)
    if d >= Decimal(10000000):
        raise ValidationError(f"{label}: het bedrag is onwaarschijnlijk hoog.", field=field)
    return d.quantize(Decimal("0.01"))
