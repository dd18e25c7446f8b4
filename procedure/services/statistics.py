"""Anonymous statistics for managers and policy advisors: the explorer over the anonymous views with small-cell
protection, its exports, and the landing overview (issue 6). Implements no article of the Wth (procedure.md 8; AVG).

Who sees what (design.md, Login and access): ``Action.VIEW_STATISTICS`` (manager, beleidsadviseur); a manager with
a municipality sees only that municipality, a regional manager and the beleidsadviseur the whole region. Nothing
here reads a table with personal data: only ``v_case_anon`` and ``v_population`` (store/migrations/006_statistics.sql).
On PostgreSQL they are read from this app server's analytics copy, an embedded DuckDB file refreshed on a schedule
(store/analytics.py, issue 16); the answer says of when (``Exploration.snapshot_at``).
The rule of the protection: ``procedure/domain/disclosure.py``; the read-only SQL box: ``sql_box.py``.
"""
from __future__ import annotations

import time
from datetime import date
from typing import Any

from procedure.domain.case import fmt_dt, fmt_int
from procedure.domain.disclosure import (SUPPRESSED, THRESHOLD, Figure, Key, Relation, count_figure, fmt_dec, no_figure,
                                         protect, rate, share)
from procedure.domain.errors import NotAuthorized, ValidationError
from procedure.domain.rihg import load_catalogue
from procedure.domain.roles import Action, Actor, Role, require_action
from procedure.domain.states import CaseState
from procedure.domain.statistics import (ADVICE_LABELS, AGE_BANDS, MEASURES, OUTCOME_LABELS, PERIOD_MEASURES,
                                         RELATION_LABELS, Exploration, Row, exploration_csv, exploration_xlsx,
                                         month_label, months_between, period_keys, year_label)
from procedure.services.context import Service
from store import analytics, stats_repo
from store.stats_repo import SIGNAL_CODES, Selection

_RANGE_CACHE: dict[tuple, tuple[float, tuple]] = {}


class Statistics(Service):
    """The statistics explorer and overview (Action.VIEW_STATISTICS)."""

    def _stats_scope(self, actor: Actor) -> list[dict[str, Any]]:
        require_action(actor, Action.VIEW_STATISTICS)
        munis = stats_repo.municipalities(self.db)
        if actor.role == Role.MANAGER and actor.municipality_code:
            munis = [m for m in munis if m["code"] == actor.municipality_code]
        return munis

    def _month_range(self, codes: tuple[str, ...]) -> tuple[date | None, date | None]:
        """First and last month with data for these municipalities; kept for 60 s per database and scope (the
        page asks twice per run; new cases only move the last month)."""
        key = (self.db.path, codes)
        hit = _RANGE_CACHE.get(key)
        now = time.monotonic()
        if hit and now - hit[0] < 60:
            return hit[1]
        value = stats_repo.month_range(analytics.source(self.db), codes)
        _RANGE_CACHE[key] = (now, value)
        return value

    def stats_options(self, actor: Actor) -> dict[str, Any]:
        """What the filters may offer this actor.

        Returns:
            ``municipalities`` (code, name, subregion) in scope, ``locked`` (a municipal manager), ``subregions``,
            ``month_min`` / ``month_max`` (first days of months, None without data), ``outcomes``, ``relations``
            and ``signals`` (code -> Dutch label), ``sql`` (may use the SQL box).
        """
        munis = self._stats_scope(actor)
        lo, hi = self._month_range(tuple(m["code"] for m in munis)) if munis else (None, None)
        try:
            cat = load_catalogue()
            signals = {s.code: f"{s.code} {s.label}" for s in cat.signals}
        except Exception:                    # the catalogue file is reference data; fall back to the codes
            signals = {c: c for c in SIGNAL_CODES}
        rels = [r for r in RELATION_LABELS if r not in ("buur", "bezoeker")]     # outside the Wth: never an order
        return {"municipalities": munis, "locked": actor.role == Role.MANAGER and bool(actor.municipality_code),
                "subregions": sorted({m["subregion"] for m in munis}, reverse=True), "month_min": lo, "month_max": hi,
                "outcomes": dict(OUTCOME_LABELS), "signals": signals,
                "relations": {r: RELATION_LABELS.get(r, r) for r in rels},
                "sql": actor.role in {Role.BELEIDSADVISEUR}}

    def _selection(self, actor: Actor, f: dict[str, Any]) -> tuple[Selection, str, list[dict[str, Any]]]:
        """Validate the filters (Dutch messages per field) and restrict them to the actor's scope."""
        munis = self._stats_scope(actor)
        by_code = {m["code"]: m for m in munis}
        errors: dict[str, str] = {}
        m_from, m_to = f.get("month_from"), f.get("month_to")
        if not isinstance(m_from, date) or not isinstance(m_to, date):
            errors["period"] = "Kies een begin- en eindmaand."
        elif m_from > m_to:
            errors["period"] = "De beginmaand ligt na de eindmaand."
        codes = list(f.get("municipalities") or [])
        unknown = [c for c in codes if c not in by_code]
        if unknown:
            if actor.role == Role.MANAGER and actor.municipality_code:
                raise NotAuthorized("U ziet alleen de cijfers van uw eigen gemeente.")
            errors["municipalities"] = "Onbekende gemeente gekozen."
        sub = f.get("subregion") or None
        if sub is not None and sub not in {m["subregion"] for m in munis}:
            errors["subregion"] = "Onbekende subregio."
        outcome = f.get("outcome") or None
        if outcome is not None and outcome not in OUTCOME_LABELS:
            errors["outcome"] = "Onbekende uitkomst."
        relation = f.get("relation") or None
        if relation is not None and relation not in RELATION_LABELS:
            errors["relation"] = "Onbekende relatie."
        children = f.get("children")
        if children not in (None, True, False):
            errors["children"] = "Kies ja, nee of alle."
        signal = f.get("signal") or None
        if signal is not None and signal not in SIGNAL_CODES:
            errors["signal"] = "Onbekend RiHG-signaal."
        by = f.get("by") or "year"
        if by not in ("year", "month"):
            errors["by"] = "Kies per jaar of per maand."
        if errors:
            raise ValidationError("Controleer de filters.", field_errors=errors)
        chosen = [by_code[c] for c in codes] if codes else list(munis)
        if sub:
            chosen = [m for m in chosen if m["subregion"] == sub]
        if not chosen:
            raise ValidationError("Deze combinatie van gemeente en subregio bevat geen gemeenten.",
                                  field_errors={"municipalities": "Geen gemeente in deze subregio gekozen."})
        # Clamp to the months that hold data in the actor's whole scope (not the chosen municipalities: that would
        # tell when a small municipality had its last case): empty months before the first or after the last case
        # would only show as rows of "< 5" and force complementary suppressions elsewhere.
        lo, hi = self._month_range(tuple(m["code"] for m in munis))
        m_from, m_to = m_from.replace(day=1), m_to.replace(day=1)
        if lo is not None and hi is not None and m_from <= hi and m_to >= lo:
            m_from, m_to = max(m_from, lo), min(m_to, hi)
        sel = Selection(month_from=m_from, month_to=m_to,
                        municipality_codes=tuple(m["code"] for m in chosen), outcome=outcome, relation=relation,
                        children=children, signal=signal)
        area = (", ".join(m["name"] for m in chosen) if len(chosen) <= 3 else
                (sub if sub and len(chosen) == sum(m["subregion"] == sub for m in munis) else
                 ("de regio" if len(chosen) == len(munis) and len(munis) > 1 else f"{len(chosen)} gemeenten")))
        parts = [f"{area}, {month_label(sel.month_from)} t/m {month_label(sel.month_to)}"]
        if outcome:
            parts.append(f"uitkomst: {OUTCOME_LABELS[outcome]}")
        if relation:
            parts.append(f"relatie: {RELATION_LABELS[relation]}")
        if children is not None:
            parts.append("kinderen aanwezig: " + ("ja" if children else "nee"))
        if signal:
            parts.append(f"RiHG-signaal {signal} rood")
        return sel, "; ".join(parts), chosen

    def explore(self, actor: Actor, filters: dict[str, Any]) -> Exploration:
        """All explorer figures for one selection, protected (module docstring).

        Args:
            filters: ``month_from``/``month_to`` (dates; the month counts), ``municipalities`` (codes; empty = the
                actor's scope), ``subregion``, ``outcome`` (OUTCOME_LABELS key), ``relation``, ``children``
                (True/False/None), ``signal`` (RiHG code, red), ``by`` ("year" | "month").

        Raises:
            NotAuthorized: role without VIEW_STATISTICS, or a municipal manager asking for another municipality.
            ValidationError: a filter out of range (field errors by filter name).
        """
        sel, description, chosen = self._selection(actor, filters)
        by = filters.get("by") or "year"
        db = analytics.source(self.db)          # the analytics copy on PostgreSQL, the database itself on DuckDB
        # two statements: one scan for every count (summed per municipality and per period), one for the distributions
        muni_rows, period_rows, ov, who_rows = fold_margins(stats_repo.explorer_margins(db, sel, by),
                                                            stats_repo.explorer_distributions(db, sel))
        pops, pop_year = _population_for(stats_repo.population(db), sel)

        # ---- the raw cube and its relations (nothing raw leaves this method) ----
        values: dict[Key, int] = {}
        relations: list[Relation] = []
        zero = {m: 0 for m in MEASURES}
        munis_raw = {m["code"]: {k: int((muni_rows.get(m["code"]) or zero).get(k) or 0) for k in MEASURES}
                     for m in chosen}
        total_raw = {k: sum(r[k] for r in munis_raw.values()) for k in MEASURES}
        subs = sorted({m["subregion"] for m in chosen}, reverse=True)
        got = {r["period"]: {k: int(r[k] or 0) for k in MEASURES} for r in period_rows}
        # every period in the range, also the empty ones: a missing row would tell the reader "0"
        periods = [(p, got.get(p, dict(zero))) for p in period_keys(sel.month_from, sel.month_to, by)]
        for k in MEASURES:
            values[("tot", k)] = total_raw[k]
            for code, r in munis_raw.items():
                values[("gem", code, k)] = r[k]
            relations.append((("tot", k), tuple(("gem", c, k) for c in munis_raw)))
            if len(subs) > 1:
                for s in subs:
                    members = [m["code"] for m in chosen if m["subregion"] == s]
                    values[("sub", s, k)] = sum(munis_raw[c][k] for c in members)
                    relations.append((("sub", s, k), tuple(("gem", c, k) for c in members)))
                relations.append((("tot", k), tuple(("sub", s, k) for s in subs)))
            if k in PERIOD_MEASURES:
                for p, r in periods:
                    values[("per", p, k)] = r[k]
                relations.append((("tot", k), tuple(("per", p, k) for p, _ in periods)))
        row_keys = ([("gem", c) for c in munis_raw] + ([("sub", s) for s in subs] if len(subs) > 1 else [])
                    + [("tot",)])
        for rk in row_keys:
            relations.append((rk + ("beoordelingen",), (rk + ("huisverboden",), rk + ("geen_huisverbod",))))
        # advice x decision with margins; decision margins are the total row's huisverboden / geen_huisverbod
        adv = ("ja", "nee", "onbekend")
        for a in adv:
            values[("adv", a, "huisverbod")] = int(ov[f"adv_{a}_huisverbod"] or 0)
            values[("adv", a, "geen")] = int(ov[f"adv_{a}_geen"] or 0)
            values[("adv", a, "*")] = values[("adv", a, "huisverbod")] + values[("adv", a, "geen")]
            relations.append((("adv", a, "*"), (("adv", a, "huisverbod"), ("adv", a, "geen"))))
        relations.append((("tot", "huisverboden"), tuple(("adv", a, "huisverbod") for a in adv)))
        relations.append((("tot", "geen_huisverbod"), tuple(("adv", a, "geen") for a in adv)))
        relations.append((("tot", "beoordelingen"), tuple(("adv", a, "*") for a in adv)))
        # for whom: relation and age splits add up to the orders; children yes + no = orders
        who: dict[str, dict[str, int]] = {"relation": {}, "age": {}}
        for rel in RELATION_LABELS:
            if rel not in ("buur", "bezoeker"):       # outside the Wth (procedure.md 3.1): never an order
                who["relation"][rel] = 0
        for band in AGE_BANDS:
            who["age"][band] = 0
        for r in who_rows:
            who[r["dimension"]][r["value"]] = int(r["n"])
        for dim in ("relation", "age"):
            for v, n in who[dim].items():
                values[("who", dim, v)] = n
            relations.append((("tot", "huisverboden"), tuple(("who", dim, v) for v in who[dim])))
        values[("who", "kinderen", "nee")] = total_raw["huisverboden"] - total_raw["kinderen"]
        relations.append((("tot", "huisverboden"), (("tot", "kinderen"), ("who", "kinderen", "nee"))))
        for i, code in enumerate(SIGNAL_CODES):
            values[("sig", code)] = int(ov[f"red_{code}"] or 0)
        status = protect(values, relations)

        def fig(key: Key) -> Figure:
            return count_figure(values[key], status[key])

        months_total = months_between(sel.month_from, sel.month_to)
        inhabitants = {c: pops.get(c, 0) for c in munis_raw}

        def make_row(rk: tuple, key: str, label: str, inh: int, years: float, median: Any = None,
                     n_median: int = 0) -> Row:
            counts = {k: (fig(rk + (k,)) if rk + (k,) in values else no_figure()) for k in MEASURES}
            extra = {"rate": rate(counts["huisverboden"], inh, years),
                     "pct_geen": share(counts["geen_huisverbod"], counts["beoordelingen"]),
                     "pct_verlengd": share(counts["verlengd"], counts["huisverboden"]),
                     "pct_ingetrokken": share(counts["ingetrokken"], counts["huisverboden"]),
                     "median_hours": (Figure(round(float(median), 1), fmt_dec(float(median)) + " uur")
                                      if median is not None and n_median >= THRESHOLD else no_figure())}
            return Row(key=key, label=label, counts=counts, inhabitants=inh, extra=extra)

        years = months_total / 12
        name = {m["code"]: m["name"] for m in chosen}
        muni_out = [make_row(("gem", c), c, name[c], inhabitants[c], years,
                             (muni_rows.get(c) or {}).get("median_hours_to_signature"),
                             int((muni_rows.get(c) or {}).get("n_signed") or 0)) for c in munis_raw]
        sub_out = []
        if len(subs) > 1:
            for s in subs:
                members = [c for c in munis_raw if next(m for m in chosen if m["code"] == c)["subregion"] == s]
                sub_out.append(make_row(("sub", s), s, f"Subregio {s}", sum(inhabitants[c] for c in members), years))
        total_label = "Totaal selectie"
        total = make_row(("tot",), "totaal", total_label, sum(inhabitants.values()), years,
                         ov["median_hours_to_signature"], int(ov["n_signed"] or 0))
        period_out = []
        for p, _ in periods:
            if by == "year":
                lo = max(sel.month_from, date(p, 1, 1))
                hi = min(sel.month_to, date(p, 12, 1))
                label = year_label(p, lo, hi)
                yrs = months_between(lo, hi) / 12
            else:
                label, yrs = month_label(p), 1 / 12
            period_out.append(make_row(("per", p), str(p), label, sum(inhabitants.values()), yrs))

        try:
            sig_labels = {s.code: s.label for s in load_catalogue().signals}
        except Exception:
            sig_labels = {}
        with_rihg = Figure(int(ov["with_rihg"] or 0), "")
        signals = []
        for code in SIGNAL_CODES:
            red = fig(("sig", code))
            signals.append({"code": code, "label": sig_labels.get(code, code), "red": red,
                            "pct": share(red, with_rihg) if with_rihg.value >= THRESHOLD else no_figure()})
        advice = []
        for a in adv:
            advice.append({"key": a, "label": ADVICE_LABELS[a], "huisverbod": fig(("adv", a, "huisverbod")),
                           "geen": fig(("adv", a, "geen")), "totaal": fig(("adv", a, "*"))})
        advice.append({"key": "totaal", "label": "Totaal", "huisverbod": total.counts["huisverboden"],
                       "geen": total.counts["geen_huisverbod"], "totaal": total.counts["beoordelingen"]})
        orders = total.counts["huisverboden"]
        who_out = {
            "Relatie": [{"key": v, "label": RELATION_LABELS.get(v, v), "n": fig(("who", "relation", v)),
                         "pct": share(fig(("who", "relation", v)), orders)}
                        for v in sorted(who["relation"], key=lambda v: list(RELATION_LABELS).index(v)
                                        if v in RELATION_LABELS else 99)],
            "Leeftijd uithuisgeplaatste": [{"key": v, "label": v, "n": fig(("who", "age", v)),
                                            "pct": share(fig(("who", "age", v)), orders)}
                                           for v in sorted(who["age"], key=lambda v: AGE_BANDS.index(v)
                                                           if v in AGE_BANDS else 99)],
            "Kinderen aanwezig": [{"key": "ja", "label": "Ja", "n": total.counts["kinderen"],
                                   "pct": share(total.counts["kinderen"], orders)},
                                  {"key": "nee", "label": "Nee", "n": fig(("who", "kinderen", "nee")),
                                   "pct": share(fig(("who", "kinderen", "nee")), orders)}],
        }
        n_signed = int(ov["n_signed"] or 0)
        n_days = int(ov["n_order_days"] or 0)

        def hours(x: Any, n: int) -> Figure:
            return Figure(round(float(x), 1), fmt_dec(float(x)) + " uur") if x is not None and n >= THRESHOLD \
                else no_figure("– (minder dan 5 zaken)")

        durations = {
            "Melding tot ondertekening, mediaan": hours(ov["median_hours_to_signature"], n_signed),
            "Melding tot ondertekening, 25e percentiel": hours(ov["q1_hours_to_signature"], n_signed),
            "Melding tot ondertekening, 75e percentiel": hours(ov["q3_hours_to_signature"], n_signed),
            "Duur huisverbod, mediaan": (Figure(round(float(ov["median_order_days"]), 1),
                                                fmt_dec(float(ov["median_order_days"])) + " dagen")
                                         if ov["median_order_days"] is not None and n_days >= THRESHOLD
                                         else no_figure("– (minder dan 5 zaken)")),
        }
        synthetic = ov["synthetic_share"]
        return Exploration(
            description=description, by=by, municipalities=muni_out, subregions=sub_out, total=total,
            periods=period_out, signals=signals, advice=advice, who=who_out, durations=durations,
            population_note=f"Inwoners: CBS, peiljaar {pop_year} (het meest recente beschikbare jaar).",
            synthetic_share=(Figure(round(synthetic * 100), f"{round(synthetic * 100)} %") if synthetic is not None
                             else no_figure()),
            snapshot_at=getattr(db, "snapshot_at", None), source_note=_source_note(db))

    def export_csv(self, actor: Actor, filters: dict[str, Any]) -> bytes:
        """The explorer's tables as one CSV (semicolon, UTF-8 with BOM for Excel), one block per table.
        Only protected figures go in (``< 5`` / ``x`` as text)."""
        return exploration_csv(self.explore(actor, filters))

    def export_xlsx(self, actor: Actor, filters: dict[str, Any]) -> bytes:
        """The explorer's tables as an XLSX workbook, one sheet per table plus an explanation sheet."""
        return exploration_xlsx(self.explore(actor, filters))

    def statistics(self, actor: Actor) -> list[dict[str, Any]]:
        """Counts per municipality and final state over the anonymous view, for the landing overview.

        A manager with a municipality sees his own; a regional manager and the beleidsadviseur the region. No totals
        are published with it, so primary suppression suffices: counts below 5 are ``n_shown = "< 5"`` and
        ``n = None`` for every role (the exact small count never leaves the service).
        """
        require_action(actor, Action.VIEW_STATISTICS)
        muni = actor.municipality_code if actor.role == Role.MANAGER else None
        rows = stats_repo.counts_per_municipality_state(analytics.source(self.db), muni)
        for r in rows:
            try:
                r["state_label"] = CaseState(r["state"]).label
            except ValueError:
                r["state_label"] = r["state"]
            if r["n"] < THRESHOLD:
                r["n_shown"], r["n"] = SUPPRESSED, None
            else:
                r["n_shown"] = fmt_int(r["n"])
        return rows


def _source_note(src: Any) -> str:
    """Where the explorer's rows came from, for the page: the analytics copy and of when, or "" (read directly)."""
    at = getattr(src, "snapshot_at", None)
    if at is None:
        return ""
    return (f"Cijfers uit de analysekopie op deze server, stand van {fmt_dt(at)}: ververst elke "
            f"{round(analytics.REFRESH_S / 60)} minuten, na wijzigingen aan zaken (hoogstens eens per "
            f"{round(analytics.MIN_REFRESH_S)} seconden) en meteen na een vernietigingsronde.")


def fold_margins(margins: tuple[list[dict[str, Any]], list[dict[str, Any]]],
                 dist: dict[str, Any]) -> tuple[dict, list, dict, list]:
    """The counts per municipality and per period of :func:`store.stats_repo.explorer_margins` as integers, their
    sum over the municipalities (the whole selection), and the medians and quartiles (exact ``percentile_cont``)
    from the value counts of :func:`store.stats_repo.explorer_distributions`.

    Returns:
        (rows per municipality code, rows per period ordered by period, the overall row, the "for whom" rows with
        ``dimension`` 'relation' | 'age', ``value``, ``n``).
    """
    muni_rows, period_rows = margins
    keys = [k for k in (muni_rows[0] if muni_rows else {}) if k != "municipality_code"]
    per_muni = {r["municipality_code"]: {"municipality_code": r["municipality_code"],
                                         **{k: int(r[k] or 0) for k in keys}} for r in muni_rows}
    per_period = [{"period": r["period"], **{k: int(r[k] or 0) for k in keys}} for r in period_rows]
    total = {k: sum(m[k] for m in per_muni.values()) for k in keys}
    ov, who_rows = with_distributions(per_muni, total, dist)
    return per_muni, per_period, ov, who_rows


def with_distributions(per_muni: dict[str, dict[str, Any]], total: dict[str, int],
                       dist: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Adds each municipality's median hours melding -> signature to its row in ``per_muni`` (in place) and returns
    the overall row (``total`` with the quartiles of those hours, the median order days and the synthetic share)
    and the "for whom" rows, from the value counts of :func:`store.stats_repo.explorer_distributions`."""
    pct = stats_repo.percentile_cont
    who_rows = [{"dimension": dim, "value": k, "n": n} for dim, key in (("relation", "relation"), ("age", "age"))
                for k, n in dist[key].items()]
    for code, m in per_muni.items():
        m["median_hours_to_signature"] = pct(dist["hours"].get(code, []), 0.5)
    merged: dict[float, int] = {}
    for pairs in dist["hours"].values():
        for v, n in pairs:
            merged[v] = merged.get(v, 0) + n
    hours = sorted(merged.items())
    n_rows = total.get("n_rows", 0)
    ov = dict(total, q1_hours_to_signature=pct(hours, 0.25), median_hours_to_signature=pct(hours, 0.5),
              q3_hours_to_signature=pct(hours, 0.75), median_order_days=pct(dist["order_days"], 0.5),
              synthetic_share=(total.get("n_synthetic", 0) / n_rows) if n_rows else None)
    return ov, who_rows


def _population_for(rows: list[dict[str, Any]], sel: Selection) -> tuple[dict[str, int], int | None]:
    """Inhabitants per municipality for the selection: the latest peiljaar not after the last year of the
    selection, else the earliest known. Returns (by code, peiljaar used)."""
    target = sel.month_to.year
    by_code: dict[str, list[tuple[int, int]]] = {}
    for r in rows:
        by_code.setdefault(r["municipality_code"], []).append((r["year"], r["inhabitants"]))
    out, used = {}, None
    for code, pts in by_code.items():
        pts.sort()
        before = [p for p in pts if p[0] <= target]
        year, n = before[-1] if before else pts[0]
        out[code] = n
        used = year if used is None else max(used, year)
    return out, used
