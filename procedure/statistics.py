"""Anonymous case statistics for policy advisors and managers (issue 6): the explorer over the anonymous views,
small-cell protection, exports and the read-only SQL box.

Who sees what (design.md, Login and access): ``Action.VIEW_STATISTICS`` (manager, beleidsadviseur) for the
explorer; a manager with a municipality sees only that municipality, a regional manager and the beleidsadviseur
the whole region. ``Action.QUERY_STATISTICS`` (beleidsadviseur only) for the SQL box. Nothing here reads a table
with personal data: only ``v_case_anon`` and ``v_population`` (store/migrations/006_statistics.sql).

Small-cell protection (the rule, also in README):

1. *Primary*: every published count below 5 — at any level, so certainly at municipality level — is shown as
   ``< 5``, in tables, charts (the point is not drawn; a "< 5" label is) and exports. A rate or percentage built
   on a suppressed count is not shown either.
2. *Complementary*: every published table comes with its sums (a total row, sub-region rows, the trend that adds
   up to the same total, the outcome split beoordelingen = huisverbod + geen huisverbod, the advice x decision
   table with its margins, "voor wie" splits adding up to the orders). For each such relation the suppressed
   cells may not be recoverable: a relation with exactly one suppressed cell, or whose suppressed cells are
   pinned to one value by their bounds (a suppressed count lies in 0..4, a complementary one is >= 5), gets
   one more suppression — the smallest shown part (else the total), shown as ``x``. Then every suppressed cell
   is checked against *all* relations together (linear algebra: a cell is recoverable iff its unit vector lies
   in the row space of the relations restricted to the suppressed cells) and protected further until none is.
   Repeat until nothing changes. The integration test re-derives every suppressed cell from everything an
   export contains with a linear program (exact value or a bound pinning it) and finds none.
3. Medians are shown only when based on at least 5 cases.

Known limit: two *different* selections (e.g. Jan-Dec and Jan-Nov) can be subtracted from each other; the
explorer protects each selection and export on its own (the SQL box, for the beleidsadviseur only, gives
anonymous rows without protection at all — see README).
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import math
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Hashable, Iterable

import numpy as np

from procedure.errors import NotAuthorized, ValidationError
from procedure.roles import Action, Actor, Role, require_action
from procedure.states import CaseState
from store import sqlbox, stats_repo
from store.stats_repo import SIGNAL_CODES, Selection

THRESHOLD = 5
SUPPRESSED = "< 5"
SECONDARY = "x"
LEGEND = (f"'{SUPPRESSED}' = minder dan 5 (klein aantal afgeschermd); '{SECONDARY}' = afgeschermd zodat een klein "
          "aantal niet uit een totaal kan worden teruggerekend. Percentages en aantallen per 10.000 inwoners op een "
          "afgeschermd aantal worden niet getoond.")

MEASURE_LABELS = {
    "beoordelingen": "Risicotaxaties (besluit genomen)",
    "huisverboden": "Huisverboden",
    "geen_huisverbod": "Geen huisverbod",
    "verlengd": "Verlengd",
    "ingetrokken": "Ingetrokken",
    "overtreding": "Overtreding",
    "beroep": "Beroep",
    "herhaling": "Herhaling binnen 12 maanden",
    "kinderen": "Kinderen aanwezig",
}
MEASURES = tuple(MEASURE_LABELS)
#: the trend shows the orders and what follows them; assessments and "geen huisverbod" per period are left out so
#: each trend column is one relation (its sum is the total) — the outcome split is per municipality and in total
PERIOD_MEASURES = MEASURES[1:2] + MEASURES[3:]
OUTCOME_LABELS = {"huisverbod": "Huisverbod opgelegd", "geen_huisverbod": "Geen huisverbod",
                  "in_behandeling": "Nog geen besluit", "verlengd": "Verlengd", "ingetrokken": "Ingetrokken",
                  "vernietigd": "Vernietigd door de rechter"}
RELATION_LABELS = {"partner": "Partner", "ex_partner": "Ex-partner", "kind": "Kind", "ouder": "Ouder",
                   "broer_zus": "Broer of zus", "grootouder": "Grootouder", "overig_familie": "Ander familielid",
                   "huisgenoot": "Huisgenoot (geen familie)", "buur": "Buur", "bezoeker": "Bezoeker",
                   "onbekend": "Onbekend"}
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+", "onbekend")
ADVICE_LABELS = {"ja": "Advies: huisverbod aangewezen", "nee": "Advies: niet aangewezen",
                 "onbekend": "Advies onbekend (archief)"}
MONTHS_NL = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

SQL_ROW_LIMIT = 1000
SQL_TIMEOUT_S = 5.0
SQL_MAX_CHARS = 10_000
#: DuckDB's memory_limit in the SQL-box worker (MiB) and the worker's OS ceiling on heap + anonymous memory (MiB)
SQL_MEMORY_MB = 512
SQL_DATA_MB = 1024
#: table-valued functions a query may use (no file, catalogue or settings access)
_ALLOWED_TABLE_FUNCTIONS = {"range", "generate_series", "unnest"}
_DENIED_FUNCTIONS = {"getenv", "current_setting", "nextval", "currval", "setval", "query", "query_table", "glob",
                     "read_text", "read_blob", "checkpoint", "force_checkpoint", "sql_auto_complete", "which_secret",
                     "txid_current", "current_database", "current_schema", "current_schemas", "version",
                     "json_serialize_sql", "json_deserialize_sql", "json_execute_serialized_sql", "pragma",
                     "enable_logging", "disable_logging", "truncate_duckdb_logs", "icu_calendar_names"}
_DENIED_PREFIXES = ("read_", "duckdb_", "pragma_", "sniff_", "parquet_", "pg_", "sqlite_", "iceberg_", "delta_",
                    "write_", "copy_", "attach", "detach", "export_", "import_", "install", "load")
_TABLE_REF_TYPES = {"BASE_TABLE", "JOIN", "SUBQUERY", "EMPTY", "EXPRESSION_LIST"}
_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RANGE_CACHE: dict[tuple, tuple[float, tuple]] = {}


# =================================================================================================================
# Small-cell protection
# =================================================================================================================
Key = Hashable
Relation = tuple[Key, tuple[Key, ...]]      # (total, parts): total = sum(parts)


def _bounds(status: str) -> tuple[float, float]:
    """What a reader knows of a suppressed cell: a primary one is 0..4, a complementary one at least 5."""
    return (0.0, THRESHOLD - 1.0) if status == "primary" else (float(THRESHOLD), math.inf)


def _relation_unsafe(rel: Relation, values: dict[Key, int], status: dict[Key, str]) -> bool:
    """True when the suppressed cells of this one relation can be recovered from it: exactly one suppressed, or
    one of them pinned to a single integer by the relation and the bounds of the others (interval arithmetic)."""
    total, parts = rel
    coef = {total: 1.0}
    for p in parts:
        coef[p] = coef.get(p, 0.0) - 1.0
    sup = [k for k in coef if status.get(k, "shown") != "shown" and coef[k] != 0]
    if not sup:
        return False
    if len(sup) == 1:
        return True
    known = -sum(c * values[k] for k, c in coef.items() if k not in sup)     # sum(c_i x_i) over suppressed = known
    for j in sup:
        lo_rest = hi_rest = 0.0
        for i in sup:
            if i == j:
                continue
            lo, hi = _bounds(status[i])
            c = coef[i]
            lo_rest += c * (lo if c > 0 else hi)
            hi_rest += c * (hi if c > 0 else lo)
        cj = coef[j]
        a, b = (known - hi_rest) / cj, (known - lo_rest) / cj
        lo_j, hi_j = min(a, b), max(a, b)
        blo, bhi = _bounds(status[j])
        lo_j, hi_j = max(lo_j, blo), min(hi_j, bhi)
        if math.isfinite(lo_j) and math.isfinite(hi_j) and math.floor(hi_j + 1e-9) <= math.ceil(lo_j - 1e-9):
            return True
    return False


def _determined(keys: list[Key], relations: list[Relation], status: dict[Key, str]) -> list[Key]:
    """Suppressed cells whose value follows from all relations together (linear algebra on the shown values)."""
    sup = [k for k in keys if status[k] != "shown"]
    if not sup:
        return []
    index = {k: i for i, k in enumerate(sup)}
    rows = []
    for total, parts in relations:
        row = np.zeros(len(sup))
        for k, c in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if k in index:
                row[index[k]] += c
        if row.any():
            rows.append(row)
    if not rows:
        return []
    a = np.array(rows)
    # e_j lies in the row space of A  <=>  column j of every null-space basis vector is zero
    _, s, vt = np.linalg.svd(a, full_matrices=True)
    rank = int((s > 1e-9 * max(1.0, s.max())).sum())
    null = vt[rank:]
    if null.shape[0] == 0:
        return list(sup)
    return [k for k, i in index.items() if np.abs(null[:, i]).max() < 1e-9]


def _pinned(values: dict[Key, int], status: dict[Key, str], relations: list[Relation]) -> list[Key]:
    """Suppressed cells a reader can pin to one integer from *all* relations together and the bounds (a "< 5"
    cell is 0..4, an "x" cell at least 5): per connected group of relations, a linear program (HiGHS) gives each
    cell's minimum and maximum. Groups of one relation are left to :func:`_relation_unsafe` (exact there)."""
    from scipy.optimize import linprog

    sup = [k for k in values if status[k] != "shown"]
    if not sup:
        return []
    idx = {k: i for i, k in enumerate(sup)}
    rels: list[tuple[dict[int, float], float]] = []
    for total, parts in relations:
        coef: dict[int, float] = {}
        const = 0.0
        for k, c in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if k in idx:
                coef[idx[k]] = coef.get(idx[k], 0.0) + c
            else:
                const += c * values[k]
        coef = {i: c for i, c in coef.items() if c}
        if coef:
            rels.append((coef, -const))
    parent = list(range(len(sup)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for coef, _ in rels:
        first, *rest = coef
        for i in rest:
            parent[find(i)] = find(first)
    comp_rels: dict[int, list[tuple[dict[int, float], float]]] = {}
    for coef, b in rels:
        comp_rels.setdefault(find(next(iter(coef))), []).append((coef, b))
    comps = [c for c in comp_rels.values() if len(c) >= 2]
    if not comps:
        return []

    def program(crels: list) -> tuple[list[int], np.ndarray, np.ndarray, list]:
        members = sorted({i for coef, _ in crels for i in coef})
        local = {i: j for j, i in enumerate(members)}
        a = np.zeros((len(crels), len(members)))
        b = np.zeros(len(crels))
        for r, (coef, rhs) in enumerate(crels):
            for i, c in coef.items():
                a[r, local[i]] = c
            b[r] = rhs
        bounds = [_bounds(status[sup[i]]) for i in members]
        return members, a, b, [(lo, None if math.isinf(hi) else hi) for lo, hi in bounds]

    # Cheap certificates first, for all groups in one program: vertices for a few objectives are feasible points; a
    # cell whose values over them already span two integers can't be pinned. Only the rest get their own min / max.
    members, a, b, bounds = program([r for c in comps for r in c])
    rng = np.random.default_rng(0)
    seen = []
    objectives = [rng.normal(size=len(members)) for _ in range(4)]
    for c in objectives:
        for sign in (1.0, -1.0):
            res = linprog(sign * c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
            if res.status == 0:
                seen.append(res.x)
    if not seen:
        return []

    def certify() -> np.ndarray:
        pts = np.array(seen)
        return np.floor(pts.max(axis=0) + 1e-7) > np.ceil(pts.min(axis=0) - 1e-7)

    free = certify()
    for _ in range(12):                          # push all uncertified cells up, then down, at once
        if free.all():
            break
        before = int(free.sum())
        for sign in (-1.0, 1.0):
            res = linprog(sign * (~free).astype(float), A_eq=a, b_eq=b, bounds=bounds, method="highs")
            if res.status == 0:
                seen.append(res.x)
        free = certify()
        if int(free.sum()) == before:
            break
    todo = {members[j] for j in range(len(members)) if not free[j]}
    out = []
    for crels in comps:
        cm, ca, cb, cbounds = program(crels)
        for j, i in enumerate(cm):
            if i not in todo:
                continue
            c = np.zeros(len(cm))
            c[j] = 1.0
            lo = linprog(c, A_eq=ca, b_eq=cb, bounds=cbounds, method="highs")
            hi = linprog(-c, A_eq=ca, b_eq=cb, bounds=cbounds, method="highs")
            if lo.status != 0:
                continue
            hi_v = math.inf if hi.status == 3 else -hi.fun
            if math.floor(hi_v + 1e-7) <= math.ceil(lo.fun - 1e-7):
                out.append(sup[i])
    return out


def protect(values: dict[Key, int], relations: list[Relation]) -> dict[Key, str]:
    """Decide which counts to publish (see the module docstring for the rule).

    Args:
        values: every count that will be published, by key.
        relations: (total key, part keys) with values[total] == sum(values[parts]); all keys in ``values``.

    Returns:
        status per key: ``"shown"``, ``"primary"`` (below 5) or ``"secondary"`` (complementary suppression).
    """
    status = {k: ("primary" if v < THRESHOLD else "shown") for k, v in values.items()}
    keys = list(values)
    by_key: dict[Key, list[Relation]] = {}
    for rel in relations:
        for k in (rel[0], *rel[1]):
            by_key.setdefault(k, []).append(rel)
    roomy = 2 * THRESHOLD - 1      # a complementary cell of 9+ leaves a "< 5" cell beside it its full range 0..4

    def add_for(rel: Relation) -> bool:
        total, parts = rel
        shown = [p for p in set(parts) if status[p] == "shown"]
        cands = (sorted((p for p in shown if values[p] >= roomy), key=lambda k: (values[k], str(k)))
                 + sorted((p for p in shown if values[p] < roomy), key=lambda k: (-values[k], str(k))))
        if status[total] == "shown":
            cands.append(total)
        if not cands:
            return False
        for c in cands:                       # the first cell that makes this relation safe on its own
            status[c] = "secondary"
            if not _relation_unsafe(rel, values, status):
                return True
            status[c] = "shown"
        status[cands[0]] = "secondary"          # none alone suffices: take one and look again
        return True

    for _ in range(10 * len(keys) + 10):
        changed = False
        for rel in relations:
            if _relation_unsafe(rel, values, status) and add_for(rel):
                changed = True
        if changed:
            continue
        for k in _determined(keys, relations, status):
            for rel in by_key.get(k, []):
                if add_for(rel):
                    changed = True
                    break
        if changed:
            continue
        for k in _pinned(values, status, relations):
            for rel in by_key.get(k, []):
                if add_for(rel):
                    changed = True
                    break
            if changed:
                break                            # re-check cheaply before the next linear programs
        if not changed:
            break
    return status


# =================================================================================================================
# Results
# =================================================================================================================
@dataclass(frozen=True)
class Figure:
    """One published number. ``value`` is None whenever it is suppressed: the exact small value never leaves the
    service. ``shown`` is the Dutch text to print."""

    value: float | int | None
    shown: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


def _count(value: int, state: str) -> Figure:
    if state == "primary":
        return Figure(None, SUPPRESSED)
    if state == "secondary":
        return Figure(None, SECONDARY)
    return Figure(int(value), fmt_int(value))


def _none(reason: str = "–") -> Figure:
    return Figure(None, reason)


def fmt_int(n: int) -> str:
    return f"{int(n):,}".replace(",", ".")


def fmt_dec(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _share(num: Figure, den: Figure) -> Figure:
    if num.suppressed or den.suppressed or not den.value:
        return _none()
    v = 100.0 * num.value / den.value
    return Figure(round(v, 1), fmt_dec(v) + " %")


def _rate(num: Figure, inhabitants: float, years: float) -> Figure:
    """Per 10,000 inhabitants per year."""
    if num.suppressed or not inhabitants or years <= 0:
        return _none()
    v = num.value / inhabitants * 10_000 / years
    return Figure(round(v, 2), fmt_dec(v, 2))


@dataclass
class Row:
    """A row of a figures table: label, counts per measure, derived rates and shares."""

    key: str
    label: str
    counts: dict[str, Figure]
    inhabitants: int = 0
    extra: dict[str, Figure] = field(default_factory=dict)


@dataclass
class Exploration:
    """Everything the explorer shows for one selection; all counts already protected."""

    description: str
    by: str
    municipalities: list[Row]
    subregions: list[Row]
    total: Row
    periods: list[Row]
    signals: list[dict[str, Any]]
    advice: list[dict[str, Any]]
    who: dict[str, list[dict[str, Any]]]
    durations: dict[str, Figure]
    population_note: str
    synthetic_share: Figure
    legend: str = LEGEND

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """The exportable tables (title, header, rows) built only from the protected figures."""
        out = []
        head = ["Gebied"] + [MEASURE_LABELS[m] for m in MEASURES] + [
            "Huisverboden per 10.000 inwoners per jaar", "% zonder huisverbod", "% verlengd", "% ingetrokken",
            "Mediaan uren melding tot ondertekening"]
        rows = []
        for r in self.municipalities + self.subregions + [self.total]:
            rows.append([r.label] + [_cell(r.counts[m]) for m in MEASURES] + [
                _cell(r.extra["rate"]), _cell(r.extra["pct_geen"]), _cell(r.extra["pct_verlengd"]),
                _cell(r.extra["pct_ingetrokken"]), _cell(r.extra["median_hours"])])
        out.append(("Per gemeente", head, rows))
        head = ["Periode"] + [MEASURE_LABELS[m] for m in PERIOD_MEASURES] + [
            "Huisverboden per 10.000 inwoners per jaar", "% verlengd", "% ingetrokken"]
        out.append(("Trend", head, [[r.label] + [_cell(r.counts[m]) for m in PERIOD_MEASURES] + [
            _cell(r.extra["rate"]), _cell(r.extra["pct_verlengd"]), _cell(r.extra["pct_ingetrokken"])]
            for r in self.periods + [self.total]]))
        out.append(("RiHG-signalen", ["Signaal", "Omschrijving", "Aantal rood", "% rood"],
                    [[s["code"], s["label"], _cell(s["red"]), _cell(s["pct"])] for s in self.signals]))
        out.append(("Advies en besluit", ["Advies", "Huisverbod", "Geen huisverbod", "Totaal"],
                    [[a["label"], _cell(a["huisverbod"]), _cell(a["geen"]), _cell(a["totaal"])] for a in self.advice]))
        who_rows = []
        for dim, items in self.who.items():
            who_rows += [[dim, w["label"], _cell(w["n"]), _cell(w["pct"])] for w in items]
        out.append(("Voor wie", ["Indeling", "Groep", "Huisverboden", "% van huisverboden"], who_rows))
        out.append(("Doorlooptijden", ["Maat", "Waarde"], [[k, _cell(v)] for k, v in self.durations.items()]))
        out.append(("Toelichting", ["Onderdeel", "Tekst"], [
            ["Selectie", self.description], ["Afscherming", self.legend], ["Inwoners", self.population_note],
            ["Synthetisch", "Deze omgeving bevat synthetische (gegenereerde) gegevens; aandeel synthetisch: "
             + self.synthetic_share.shown]]))
        return out


def _cell(f: Figure) -> Any:
    """Export value: the number when shown, else the shown text ("< 5", "x", "–")."""
    return f.value if not f.suppressed else f.shown


# =================================================================================================================
# The service
# =================================================================================================================
class StatisticsMixin:
    """Mixed into :class:`procedure.service.WthService` (uses ``self.db``, ``self.now()``)."""

    # -- scope and options ---------------------------------------------------------------------------------------
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
        value = stats_repo.month_range(self.db, codes)
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
            cat = self.catalogue()
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

    # -- the explorer ------------------------------------------------------------------------------------------------
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
        db = self.db
        # two statements: one scan for every count (per municipality x period), one for the distributions
        muni_rows, period_rows, ov, who_rows = _fold(stats_repo.explorer_cube(db, sel, by),
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
        periods = [(p, got.get(p, dict(zero))) for p in _periods(sel.month_from, sel.month_to, by)]
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
            return _count(values[key], status[key])

        months_total = _months_between(sel.month_from, sel.month_to)
        inhabitants = {c: pops.get(c, 0) for c in munis_raw}

        def make_row(rk: tuple, key: str, label: str, inh: int, years: float, median: Any = None,
                     n_median: int = 0) -> Row:
            counts = {k: (fig(rk + (k,)) if rk + (k,) in values else _none()) for k in MEASURES}
            extra = {"rate": _rate(counts["huisverboden"], inh, years),
                     "pct_geen": _share(counts["geen_huisverbod"], counts["beoordelingen"]),
                     "pct_verlengd": _share(counts["verlengd"], counts["huisverboden"]),
                     "pct_ingetrokken": _share(counts["ingetrokken"], counts["huisverboden"]),
                     "median_hours": (Figure(round(float(median), 1), fmt_dec(float(median)) + " uur")
                                      if median is not None and n_median >= THRESHOLD else _none())}
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
                yrs = _months_between(lo, hi) / 12
            else:
                label, yrs = month_label(p), 1 / 12
            period_out.append(make_row(("per", p), str(p), label, sum(inhabitants.values()), yrs))

        try:
            sig_labels = {s.code: s.label for s in self.catalogue().signals}
        except Exception:
            sig_labels = {}
        with_rihg = Figure(int(ov["with_rihg"] or 0), "")
        signals = []
        for code in SIGNAL_CODES:
            red = fig(("sig", code))
            signals.append({"code": code, "label": sig_labels.get(code, code), "red": red,
                            "pct": _share(red, with_rihg) if with_rihg.value >= THRESHOLD else _none()})
        advice = []
        for a in adv:
            advice.append({"key": a, "label": ADVICE_LABELS[a], "huisverbod": fig(("adv", a, "huisverbod")),
                           "geen": fig(("adv", a, "geen")), "totaal": fig(("adv", a, "*"))})
        advice.append({"key": "totaal", "label": "Totaal", "huisverbod": total.counts["huisverboden"],
                       "geen": total.counts["geen_huisverbod"], "totaal": total.counts["beoordelingen"]})
        orders = total.counts["huisverboden"]
        who_out = {
            "Relatie": [{"key": v, "label": RELATION_LABELS.get(v, v), "n": fig(("who", "relation", v)),
                         "pct": _share(fig(("who", "relation", v)), orders)}
                        for v in sorted(who["relation"], key=lambda v: list(RELATION_LABELS).index(v)
                                        if v in RELATION_LABELS else 99)],
            "Leeftijd uithuisgeplaatste": [{"key": v, "label": v, "n": fig(("who", "age", v)),
                                            "pct": _share(fig(("who", "age", v)), orders)}
                                           for v in sorted(who["age"], key=lambda v: AGE_BANDS.index(v)
                                                           if v in AGE_BANDS else 99)],
            "Kinderen aanwezig": [{"key": "ja", "label": "Ja", "n": total.counts["kinderen"],
                                   "pct": _share(total.counts["kinderen"], orders)},
                                  {"key": "nee", "label": "Nee", "n": fig(("who", "kinderen", "nee")),
                                   "pct": _share(fig(("who", "kinderen", "nee")), orders)}],
        }
        n_signed = int(ov["n_signed"] or 0)
        n_days = int(ov["n_order_days"] or 0)

        def hours(x: Any, n: int) -> Figure:
            return Figure(round(float(x), 1), fmt_dec(float(x)) + " uur") if x is not None and n >= THRESHOLD \
                else _none("– (minder dan 5 zaken)")

        durations = {
            "Melding tot ondertekening, mediaan": hours(ov["median_hours_to_signature"], n_signed),
            "Melding tot ondertekening, 25e percentiel": hours(ov["q1_hours_to_signature"], n_signed),
            "Melding tot ondertekening, 75e percentiel": hours(ov["q3_hours_to_signature"], n_signed),
            "Duur huisverbod, mediaan": (Figure(round(float(ov["median_order_days"]), 1),
                                                fmt_dec(float(ov["median_order_days"])) + " dagen")
                                         if ov["median_order_days"] is not None and n_days >= THRESHOLD
                                         else _none("– (minder dan 5 zaken)")),
        }
        synthetic = ov["synthetic_share"]
        return Exploration(
            description=description, by=by, municipalities=muni_out, subregions=sub_out, total=total,
            periods=period_out, signals=signals, advice=advice, who=who_out, durations=durations,
            population_note=f"Inwoners: CBS, peiljaar {pop_year} (het meest recente beschikbare jaar).",
            synthetic_share=(Figure(round(synthetic * 100), f"{round(synthetic * 100)} %") if synthetic is not None
                             else _none()))

    # -- exports -----------------------------------------------------------------------------------------------------
    def export_csv(self, actor: Actor, filters: dict[str, Any]) -> bytes:
        """The explorer's tables as one CSV (semicolon, UTF-8 with BOM for Excel), one block per table.
        Only protected figures go in (``< 5`` / ``x`` as text)."""
        return exploration_csv(self.explore(actor, filters))

    def export_xlsx(self, actor: Actor, filters: dict[str, Any]) -> bytes:
        """The explorer's tables as an XLSX workbook, one sheet per table plus an explanation sheet."""
        return exploration_xlsx(self.explore(actor, filters))

    # -- the landing overview (was WthService.statistics) --------------------------------------------------------
    def statistics(self, actor: Actor) -> list[dict[str, Any]]:
        """Counts per municipality and final state over the anonymous view, for the landing overview.

        A manager with a municipality sees his own; a regional manager and the beleidsadviseur the region. No totals
        are published with it, so primary suppression suffices: counts below 5 are ``n_shown = "< 5"`` and
        ``n = None`` for every role (the exact small count never leaves the service).
        """
        require_action(actor, Action.VIEW_STATISTICS)
        muni = actor.municipality_code if actor.role == Role.MANAGER else None
        rows = stats_repo.counts_per_municipality_state(self.db, muni)
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

    # -- the read-only SQL box -------------------------------------------------------------------------------------
    def run_sql(self, actor: Actor, sql: str, *, limit: int = SQL_ROW_LIMIT,
                timeout_s: float = SQL_TIMEOUT_S) -> dict[str, Any]:
        """Run one read-only query over the anonymous data (beleidsadviseur only); every call is audited.

        Walls (issue 11, store/sqlbox.py): the query runs in a separate worker process on a separate database that
        holds nothing but the rows of ``v_case_anon`` and ``v_population``, opened read-only with file and network
        access off and locked, a memory limit (:data:`SQL_MEMORY_MB` MiB for DuckDB, an OS ceiling on the worker),
        a thread limit, a statement timer and a hard wall-clock kill. The app process only reads the (size-capped)
        answer. Extra layer: DuckDB's own parser must return exactly one SELECT (``json_serialize_sql``), the tree
        may reference only the two views (and its own WITH names, which may not shadow an existing table or view),
        no table functions except range/generate_series/unnest, no file, setting, sequence or catalogue functions;
        the SQL that runs is regenerated from that checked tree (comments dropped).

        Audit: one ``sql_query`` row per call (who, role, when; the query text's SHA-256 and length in characters,
        the rows returned or why it was refused) — never the text itself.

        Returns:
            ``{"columns": [...], "rows": [tuples], "truncated": bool, "sql": executed SQL,
            "snapshot_at": aware UTC moment of the anonymous copy}``.

        Raises:
            NotAuthorized: not a beleidsadviseur. ValidationError (field ``sql``): refused, failed, too slow, too
            much memory or too large an answer — a Dutch message.
        """
        require_action(actor, Action.QUERY_STATISTICS)
        text = sql if isinstance(sql, str) else repr(sql)
        try:
            tree = self._checked_sql_tree(sql)
            safe_sql = stats_repo.render_sql(self.db, tree)
        except ValidationError:
            self._audit_sql(actor, text, "geweigerd door de controle")
            raise
        target = sqlbox.ensure_snapshot(self.db)
        run = sqlbox.run(target, [safe_sql], sqlbox.Limits(max_rows=limit, timeout_s=timeout_s,
                                                           memory_mb=SQL_MEMORY_MB, data_limit_mb=SQL_DATA_MB))
        res = run.results[0]
        if res.error:
            # (the audit names the kind of failure only: an error message could quote the query text)
            self._audit_sql(actor, text, _SQLBOX_AUDIT.get(res.error, "fout in de query"))
            raise ValidationError(_sqlbox_error_nl(res.error, res.message, timeout_s), field="sql")
        self._audit_sql(actor, text, f"{len(res.rows)} rijen" + (" (afgekapt)" if res.truncated else ""))
        return {"columns": res.columns, "rows": res.rows, "truncated": res.truncated, "sql": safe_sql,
                "snapshot_at": sqlbox.snapshot_time(target)}

    def _audit_sql(self, actor: Actor, text: str, outcome: str) -> None:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        with self.db.transaction() as cur:
            self._audit(cur, actor, "sql_query", detail=f"{outcome}; {len(text)} tekens; sha256 {digest}")

    def sql_schema(self, actor: Actor) -> list[dict[str, str]]:
        """The columns the SQL box may read, read from the database catalogue, each with a Dutch description.

        Returns:
            ``[{"view": "v_case_anon", "column": "municipality", "type": "VARCHAR", "description": "..."}]``;
            a column without a known description gets "(geen omschrijving)".

        Raises:
            NotAuthorized: not a beleidsadviseur.
        """
        require_action(actor, Action.QUERY_STATISTICS)
        return [dict(r, description=COLUMN_DESCRIPTIONS.get(r["column"], "(geen omschrijving)"))
                for r in stats_repo.view_columns(self.db)]

    def _checked_sql_tree(self, sql: Any) -> dict[str, Any]:
        if not isinstance(sql, str) or not sql.strip():
            raise ValidationError("Typ een SELECT-query.", field="sql")
        if len(sql) > SQL_MAX_CHARS:
            raise ValidationError(f"De query is te lang (maximaal {fmt_int(SQL_MAX_CHARS)} tekens).", field="sql")
        tree = stats_repo.parse_sql(self.db, sql)
        if tree.get("error"):
            msg = str(tree.get("error_message") or "")
            if "Only SELECT" in msg:
                raise ValidationError("Alleen lezen is toegestaan: één SELECT- of WITH-query, geen INSERT, UPDATE, "
                                      "DELETE, CREATE, COPY, ATTACH, INSTALL, PRAGMA of SET.", field="sql")
            raise ValidationError(sql_error_nl(msg), field="sql")
        statements = tree.get("statements") or []
        if len(statements) != 1:
            raise ValidationError("Geef precies één query (geen meerdere opdrachten gescheiden door ';').", field="sql")
        existing = stats_repo.catalog_names(self.db)
        check_sql_tree(statements[0], existing)
        return {"error": False, "statements": statements}


def check_sql_tree(statement: dict[str, Any], existing_names: Iterable[str]) -> None:
    """Refuse a parsed statement that reads anything but the anonymous views (pure; see run_sql).

    This is the extra layer in front of the walls of store/sqlbox.py. A WITH name counts only where DuckDB can see
    it (its own query, and in its WITH list from its own entry on): a table reference elsewhere that merely reuses
    the name is checked as a table (a WITH name declared in one subquery and used in another reached DuckDB's file
    readers before issue 11). WITH names must be plain names (letters, digits, underscore) that shadow no table.

    Raises:
        ValidationError: with a Dutch message naming what is not allowed.
    """
    allowed = set(stats_repo.ANON_VIEWS)
    existing = {n.lower() for n in existing_names}
    views = ", ".join(stats_repo.ANON_VIEWS)
    funcs: list[dict[str, Any]] = []

    def check_cte_name(name: str) -> str:
        if not _PLAIN_NAME.match(name):
            raise ValidationError(f"De WITH-naam '{name}' is niet toegestaan: gebruik een gewone naam (letters, cijfers "
                                  "en _), geen pad of bestandsnaam.", field="sql")
        if name.lower() in existing:
            raise ValidationError(f"De WITH-naam '{name}' is gelijk aan een bestaande tabel of view; kies een andere "
                                  "naam.", field="sql")
        return name.lower()

    def check_ref(ref: dict[str, Any], scope: frozenset[str]) -> None:
        name = str(ref.get("table_name", "")).lower()
        schema = str(ref.get("schema_name", "") or "").lower()
        catalog = str(ref.get("catalog_name", "") or "")
        if catalog or schema not in ("", "main"):
            raise ValidationError(f"Alleen de views {views} zijn te lezen (geen andere database of schema).",
                                  field="sql")
        if name in scope and not schema:
            return
        if name not in allowed:
            raise ValidationError(f"'{ref.get('table_name')}' is niet toegestaan: alleen de geanonimiseerde views "
                                  f"{views} zijn te lezen (geen tabellen met persoonsgegevens, geen bestanden).",
                                  field="sql")

    def walk(node: Any, scope: frozenset[str]) -> None:
        if isinstance(node, list):
            for v in node:
                walk(v, scope)
            return
        if not isinstance(node, dict):
            return
        cls, typ = node.get("class"), node.get("type")
        entries = (node.get("cte_map") or {}).get("map") or [] if isinstance(node.get("cte_map"), dict) else []
        if entries:
            names = [check_cte_name(str(e.get("key", ""))) for e in entries]
            for i, e in enumerate(entries):      # a WITH entry sees the entries before it and itself (recursive)
                walk(e.get("value"), scope | frozenset(names[: i + 1]))
            scope = scope | frozenset(names)
        # a table reference (DuckDB's TableRef: has 'sample', no 'class'): only views, joins, subqueries
        if cls is None and isinstance(typ, str) and "sample" in node and "alias" in node:
            if typ == "BASE_TABLE":
                check_ref(node, scope)
            elif typ == "TABLE_FUNCTION":
                fn = (node.get("function") or {}).get("function_name", "?")
                if str(fn).lower() not in _ALLOWED_TABLE_FUNCTIONS:
                    raise ValidationError(f"De functie {fn}() is niet toegestaan: alleen de views {views} zijn te "
                                          "lezen, geen bestanden.", field="sql")
            elif typ not in _TABLE_REF_TYPES:
                raise ValidationError(f"Dit onderdeel van de query is niet toegestaan ({typ}); gebruik een gewone "
                                      "SELECT op de views.", field="sql")
        if cls == "FUNCTION" or (cls is None and "function_name" in node):
            funcs.append(node)
        for k, v in node.items():
            if k != "cte_map":
                walk(v, scope)

    walk(statement, frozenset())
    for fn in funcs:
        name = str(fn.get("function_name", "")).lower()
        if fn.get("schema") or fn.get("catalog"):
            raise ValidationError(f"De functie {name}() is niet toegestaan.", field="sql")
        if name in _DENIED_FUNCTIONS or name.startswith(_DENIED_PREFIXES):
            raise ValidationError(f"De functie {name}() is niet toegestaan (geen bestanden, instellingen of "
                                  "systeemgegevens).", field="sql")


# =================================================================================================================
# helpers
# =================================================================================================================
#: one-line Dutch descriptions of the columns of v_case_anon and v_population (the names come from the catalogue)
COLUMN_DESCRIPTIONS: dict[str, str] = {
    "source": "herkomst van de rij: 'zaak' (in het systeem) of 'historie' (eerdere jaren, geanonimiseerd)",
    "is_synthetic": "waar voor synthetische (demo)gegevens",
    "melding_month": "eerste dag van de maand van de melding",
    "melding_year": "jaar van de melding",
    "municipality_code": "CBS-gemeentecode (GM....)",
    "municipality": "naam van de gemeente",
    "subregion": "subregio (Noord-Limburg / Midden-Limburg)",
    "final_state": "status van de zaak (of de laatste status vóór vernietiging)",
    "outcome": "'huisverbod', 'geen_huisverbod' of 'in_behandeling'",
    "advice_indicated": "RiHG-advies: huisverbod geïndiceerd (leeg = onbekend)",
    "decision_huisverbod": "besluit: huisverbod opgelegd (leeg = nog geen besluit)",
    "served": "beschikking uitgereikt (of mondeling opgelegd)",
    "extended": "huisverbod verlengd",
    "withdrawn": "huisverbod ingetrokken",
    "annulled": "besluit vernietigd of herroepen",
    "breach": "overtreding van het huisverbod vastgelegd",
    "appealed": "bezwaar of beroep ingesteld",
    "hours_to_decision": "uren van melding tot vastgelegd besluit",
    "hours_to_signature": "uren van melding tot ondertekening van de beschikking",
    "order_days": "duur van het huisverbod in dagen (uitreiking tot einde, intrekking of vernietiging)",
    "relation": "relatie van de bedreigde persoon tot de uithuisgeplaatste",
    "person_age_band": "leeftijdsklasse van de uithuisgeplaatste",
    "children_present": "kinderen in het huishouden",
    "rihg_colours": "20 tekens, per RiHG-signaal (A1…C6, catalogusvolgorde) de eerste letter van de kleur; '-' = leeg",
    "rihg_red_mask": "RiHG-signalen rood als bitmasker (bit i = signaal i+1)",
    "days_since_previous_order": "dagen sinds het vorige huisverbod van dezelfde persoon (leeg = geen)",
    "repeat_within_12m": "nieuw huisverbod binnen 12 maanden na het vorige",
    "year": "peiljaar van het inwonertal",
    "inhabitants": "aantal inwoners (CBS)",
}

_SQL_ERRORS: list[tuple[str, str]] = [    # (regex on DuckDB's first line, Dutch message with {0} = first group)
    (r'Referenced column "([^"]+)" not found', "kolom '{0}' bestaat niet."),
    (r'syntax error at or near "([^"]*)"', "Syntaxfout bij '{0}'."),
    (r"syntax error at end of input", "Syntaxfout: de query houdt te vroeg op."),
    (r"(?:Scalar|Aggregate|Table) Function with name (\S+) does not exist", "functie '{0}' bestaat niet."),
    (r'Table with name (\S+) does not exist', "tabel of view '{0}' bestaat niet."),
    (r'column "([^"]+)" must appear in the GROUP BY', "kolom '{0}' moet in GROUP BY staan of in een aggregaat "
                                                       "(count, sum, avg …)."),
    (r"Could not convert string '([^']*)'", "de waarde '{0}' kan niet worden omgezet naar het gevraagde type."),
    (r"Ambiguous reference to column name \"?([^\" ]+)", "kolomnaam '{0}' is dubbelzinnig; zet de viewnaam ervoor."),
    (r"No function matches", "de functie past niet bij deze argumenttypen."),
    (r"Divi\w* by zero", "deling door nul."),
]


_SQLBOX_AUDIT = {"timeout": "afgebroken: te lang", "memory": "gestopt: te veel geheugen",
                 "too_big": "geweigerd: resultaat te groot", "killed": "gestopt door de bewaking",
                 "open": "niet beschikbaar"}


def _sqlbox_error_nl(kind: str, message: str, timeout_s: float) -> str:
    """The Dutch message for a SQL-box worker failure (``kind`` from store.sqlbox.Result.error)."""
    if kind == "timeout":
        return (f"De query duurde langer dan {fmt_dec(timeout_s, 0)} seconden en is afgebroken. Maak de selectie "
                "kleiner of groepeer eerder.")
    if kind == "memory":
        return (f"De query had meer dan {fmt_int(SQL_MEMORY_MB)} MB werkgeheugen nodig en is gestopt. Groepeer eerder "
                "of maak de selectie kleiner; lange teksten (repeat, string_agg) kosten veel geheugen.")
    if kind == "too_big":
        return ("Het resultaat is te groot om te tonen (meer dan 4 MB). Selecteer minder kolommen of rijen, of "
                "groepeer.")
    if kind == "killed":
        return (f"De query is gestopt: hij had te veel geheugen of rekentijd nodig (grens {fmt_int(SQL_MEMORY_MB)} MB, "
                f"{fmt_dec(timeout_s, 0)} seconden).")
    if kind == "open":
        return "De SQL-box is nu niet beschikbaar (de anonieme gegevens konden niet worden geopend). Probeer het later."
    return sql_error_nl(message)


def sql_error_nl(message: str) -> str:
    """A DuckDB error as a Dutch sentence for the SQL box, the technical first line kept below it.

    ``'Binder Error: Referenced column "gemeente" not found in FROM clause!'`` →
    ``"De query kan niet worden uitgevoerd: kolom 'gemeente' bestaat niet.\nTechnische melding: Binder Error: …"``.
    Unknown messages keep a general Dutch lead.
    """
    first = next((ln.strip() for ln in str(message or "").splitlines() if ln.strip()), "onbekende fout")
    first = first.replace("\\\"", '"')
    text = "de database weigerde de query."
    for pattern, dutch in _SQL_ERRORS:
        m = re.search(pattern, first, flags=re.IGNORECASE)
        if m:
            text = dutch.format(*(m.groups() or ("",)))
            break
    lead = text if text.startswith("Syntaxfout") else f"De query kan niet worden uitgevoerd: {text}"
    return f"{lead}\n\nTechnische melding: {first}"


def month_label(d: date) -> str:
    return f"{MONTHS_NL[d.month - 1]} {d.year}"


def year_label(year: int, lo: date, hi: date) -> str:
    """``"2025"`` for a whole year, ``"2026 (jan–okt)"`` when the selection covers only months ``lo``..``hi`` of it:
    an incomplete year must never read like a whole one (its rate per 10,000 is annualised, its counts are not)."""
    if _months_between(lo, hi) == 12:
        return str(year)
    a, b = MONTHS_NL[lo.month - 1][:3], MONTHS_NL[hi.month - 1][:3]
    return f"{year} ({a})" if lo.month == hi.month else f"{year} ({a}–{b})"


def _months_between(lo: date, hi: date) -> int:
    return (hi.year - lo.year) * 12 + hi.month - lo.month + 1


def _periods(lo: date, hi: date, by: str) -> list[Any]:
    if by == "year":
        return list(range(lo.year, hi.year + 1))
    out, y, m = [], lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _fold(cube: list[dict[str, Any]], dist: dict[str, Any]) -> tuple[dict, list, dict, list]:
    """Add the municipality x period cells of :func:`store.stats_repo.explorer_cube` up to per municipality, per
    period and the whole selection; medians and quartiles (exact ``percentile_cont``) from the value counts of
    :func:`store.stats_repo.explorer_distributions`.

    Returns:
        (rows per municipality code, rows per period ordered by period, the overall row, the "for whom" rows with
        ``dimension`` 'relation' | 'age', ``value``, ``n``).
    """
    keys = [k for k in (cube[0] if cube else {}) if k not in ("municipality_code", "period")]
    per_muni: dict[str, dict[str, Any]] = {}
    per_period: dict[Any, dict[str, Any]] = {}
    total = {k: 0 for k in keys}
    for r in cube:
        m = per_muni.setdefault(r["municipality_code"], {"municipality_code": r["municipality_code"],
                                                         **{k: 0 for k in keys}})
        p = per_period.setdefault(r["period"], {"period": r["period"], **{k: 0 for k in keys}})
        for k in keys:
            v = int(r[k] or 0)
            m[k] += v
            p[k] += v
            total[k] += v
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
    return per_muni, [per_period[p] for p in sorted(per_period)], ov, who_rows


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


def exploration_csv(ex: Exploration) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["Huisverboden — statistiek (synthetische demogegevens waar gemarkeerd)"])
    w.writerow(["Selectie", ex.description])
    w.writerow(["Afscherming", ex.legend])
    for title, head, rows in ex.tables():
        w.writerow([])
        w.writerow([title])
        w.writerow(head)
        for r in rows:
            w.writerow([_csv_value(v) for v in r])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _csv_value(v: Any) -> str:
    if isinstance(v, float):
        return fmt_dec(v, 2).replace(".", "")
    return "" if v is None else str(v)


def exploration_xlsx(ex: Exploration) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, head, rows in ex.tables():
        ws = wb.create_sheet(title[:31])
        ws.append(head)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in rows:
            ws.append(list(r))
        for col in ws.columns:
            width = max(len(str(c.value or "")) for c in col)
            ws.column_dimensions[col[0].column_letter].width = min(60, max(10, width + 2))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

