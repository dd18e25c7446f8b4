"""SQL for the anonymous statistics (issue 6): explorer queries, the history generator, the SQL box's parser.
Implements no article of the Wth: it reads only ``v_case_anon`` and ``v_population``.

SQL for the anonymous statistics (issue 6): explorer queries over ``v_case_anon``, the bulk generator of
the synthetic history and the parser primitives of the SQL box's check (the query itself runs elsewhere:
store/sqlbox.py, issue 11).

Only the anonymous views (migration 006) are read here: ``v_case_anon`` (live cases without personal data,
destroyed cases' anonymous rows and the anonymous history) and ``v_population``. Every query is
parameterised; the only text built from input is a fixed column name chosen from a closed set.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from store import dialect
from store.db import Database

#: the views the explorer and the SQL box may read (no personal data)
ANON_VIEWS = ("v_case_anon", "v_population")
#: position (1-based) of each RiHG signal in ``rihg_colours``: catalogue order of version 2009-1
SIGNAL_CODES = tuple([f"A{i}" for i in range(1, 4)] + [f"B{i}" for i in range(1, 12)] + [f"C{i}" for i in range(1, 7)])

_OUTCOME_SQL = {
    "huisverbod": "decision_huisverbod",
    "geen_huisverbod": "NOT decision_huisverbod",
    "in_behandeling": "decision_huisverbod IS NULL",
    "verlengd": "decision_huisverbod AND extended",
    "ingetrokken": "decision_huisverbod AND withdrawn",
    "vernietigd": "annulled",
}


@dataclass(frozen=True)
class Selection:
    """A validated selection (built by the service; every field already checked).

    Attributes:
        month_from, month_to: first days of the first and last month (inclusive).
        municipality_codes: the municipalities (never empty: the service fills in the actor's scope).
        outcome: a key of ``_OUTCOME_SQL`` or None.
        relation: a relation key or None; children: True/False/None; signal: a code of SIGNAL_CODES or None (red).
    """

    month_from: date
    month_to: date
    municipality_codes: tuple[str, ...]
    outcome: str | None = None
    relation: str | None = None
    children: bool | None = None
    signal: str | None = None


def _where(sel: Selection) -> tuple[str, list[Any]]:
    parts = ["melding_month BETWEEN ? AND ?",
             f"municipality_code IN ({', '.join('?' * len(sel.municipality_codes))})"]
    params: list[Any] = [sel.month_from, sel.month_to, *sel.municipality_codes]
    if sel.outcome:
        parts.append(_OUTCOME_SQL[sel.outcome])
    if sel.relation:
        parts.append("relation = ?")
        params.append(sel.relation)
    if sel.children is not None:
        parts.append("children_present = ?")
        params.append(sel.children)
    if sel.signal:
        parts.append("(rihg_red_mask >> ?) & 1 = 1")
        params.append(SIGNAL_CODES.index(sel.signal))
    return " AND ".join(parts), params


#: the explorer's counts as sums of 0/1 (a NULL condition counts as no, as FILTER would): in DuckDB one sum of a cast
#: is several times cheaper than a FILTER clause, and both engines accept it
_SUMS = {
    "beoordelingen": "count(decision_huisverbod)",
    "huisverboden": "sum(CAST(decision_huisverbod AS INTEGER))",
    "geen_huisverbod": "sum(CAST(NOT decision_huisverbod AS INTEGER))",
    "verlengd": "sum(CAST(decision_huisverbod AND extended AS INTEGER))",
    "ingetrokken": "sum(CAST(decision_huisverbod AND withdrawn AS INTEGER))",
    "overtreding": "sum(CAST(decision_huisverbod AND breach AS INTEGER))",
    "beroep": "sum(CAST(decision_huisverbod AND appealed AS INTEGER))",
    "herhaling": "sum(CAST(decision_huisverbod AND repeat_within_12m AS INTEGER))",
    "kinderen": "sum(CAST(decision_huisverbod AND children_present AS INTEGER))",
}
_ADVICE = (("ja", "advice_indicated"), ("nee", "NOT advice_indicated"), ("onbekend", "advice_indicated IS NULL"))
#: (column alias, aggregate over the selected rows) of every count of the explorer, in output order
_COUNTS = (
    [(key, sql) for key, sql in _SUMS.items()]
    + [(f"adv_{a_key}_{d_key}", f"sum(CAST(({a_sql}) AND {d_sql} AS INTEGER))") for a_key, a_sql in _ADVICE
       for d_key, d_sql in (("huisverbod", "decision_huisverbod"), ("geen", "NOT decision_huisverbod"))]
    # red per RiHG signal among decided assessments: bit arithmetic on the mask (rm is NULL when undecided)
    + [(f"\"red_{code}\"", f"sum((rm >> {i}) & 1)") for i, code in enumerate(SIGNAL_CODES)]  # quoted: PG folds case
    + [("with_rihg", "count(rm)"), ("n_signed", "count(hours_to_signature)"),
       ("n_order_days", "sum(CAST(decision_huisverbod AND order_days IS NOT NULL AS INTEGER))"),
       ("n_synthetic", "sum(CAST(is_synthetic AS INTEGER))"), ("n_rows", "count(*)")])
_CUBE_SQL = ", ".join(f"{sql} AS {alias}" for alias, sql in _COUNTS)
_MARGINS_SQL = ", ".join(f"sum({alias}) AS {alias}" for alias, _ in _COUNTS)


def explorer_margins(db: Database, sel: Selection, by: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The explorer's counts in ONE scan of the selection, added up per municipality and per period (``by`` =
    "year" | "month"): the MEASURES, advice x decision, red count per RiHG signal among decided assessments, rows
    with a RiHG, rows with a signature time, orders with a duration, synthetic rows and all rows.

    The scan counts per municipality x period (one aggregation over the rows); the sums per municipality and per
    period are a second aggregation over those few hundred cells (GROUPING SETS), so a per-month selection returns
    municipalities + months rows instead of municipalities x months. Totals and sub-regions are sums of the
    municipality rows (procedure/services/statistics.py).

    Returns:
        (rows per municipality: ``municipality_code`` and the counts; rows per period ordered by period:
        ``period`` (year as int, or the month's first day) and the counts). Only municipalities and periods with
        rows in the selection appear. Counts are integers (on PostgreSQL a sum may come back as Decimal).
    """
    col = {"month": "melding_month", "year": "melding_year"}[by]
    where, params = _where(sel)
    rows = db.query(
        f"WITH cell AS (SELECT municipality_code, period, {_CUBE_SQL} FROM (SELECT *, {col} AS period, "
        "CASE WHEN decision_huisverbod IS NOT NULL THEN rihg_red_mask END AS rm "
        f"FROM v_case_anon WHERE {where}) x GROUP BY municipality_code, period) "
        f"SELECT GROUPING(municipality_code) AS per_period, municipality_code, period, {_MARGINS_SQL} FROM cell "
        "GROUP BY GROUPING SETS ((municipality_code), (period))", params)
    per_muni, per_period = [], []
    for r in rows:
        if r.pop("per_period"):
            del r["municipality_code"]
            per_period.append(r)
        else:
            del r["period"]
            per_muni.append(r)
    per_period.sort(key=lambda r: r["period"])
    return per_muni, per_period


def explorer_distributions(db: Database, sel: Selection) -> dict[str, Any]:
    """The rest of the explorer in one statement over the selection, as value counts:

    ``{"hours": {municipality_code: [(hours melding -> signature, n), ...]}, "order_days": [(days, n), ...] (orders
    only), "relation": {relation: orders}, "age": {age band: orders}}``; value lists sorted ascending. Exact medians
    and quartiles follow with :func:`percentile_cont` (a few thousand distinct values: durations are kept to 0.01).
    """
    where, params = _where(sel)
    rows = db.query_tuples(
        f"SELECT 'h', municipality_code, hours_to_signature, count(*) FROM v_case_anon "
        f"WHERE {where} AND hours_to_signature IS NOT NULL GROUP BY municipality_code, hours_to_signature "
        f"UNION ALL SELECT 'o', NULL, order_days, count(*) FROM v_case_anon WHERE {where} AND decision_huisverbod "
        "AND order_days IS NOT NULL GROUP BY order_days "
        "UNION ALL SELECT CASE WHEN relation IS NULL THEN 'a' ELSE 'r' END, coalesce(relation, person_age_band), NULL, n "
        f"FROM (SELECT relation, person_age_band, count(*) AS n FROM v_case_anon WHERE {where} AND decision_huisverbod "
        "GROUP BY GROUPING SETS ((relation), (person_age_band))) g", params * 3)
    out: dict[str, Any] = {"hours": {}, "order_days": [], "relation": {}, "age": {}}
    for kind, key, v, n in rows:
        if kind == "h":
            out["hours"].setdefault(key, []).append((float(v), int(n)))
        elif kind == "o":
            out["order_days"].append((float(v), int(n)))
        else:
            out["relation" if kind == "r" else "age"][key] = int(n)
    for pairs in [*out["hours"].values(), out["order_days"]]:
        pairs.sort()
    return out


def percentile_cont(pairs: list[tuple[float, int]], q: float) -> float | None:
    """SQL's ``percentile_cont(q)`` (linear interpolation between the two nearest values) of the values given as
    sorted (value, count) pairs; None without values."""
    total = sum(n for _, n in pairs)
    if total == 0:
        return None
    pos = (total - 1) * q
    lo = int(pos)
    frac = pos - lo
    a = b = None
    seen = 0
    for v, n in pairs:
        seen += n
        if a is None and lo < seen:
            a = v
        if lo + 1 < seen:
            b = v
            break
    if b is None or frac == 0:
        return a
    return a + frac * (b - a)


def month_range(db: Database, municipality_codes: tuple[str, ...]) -> tuple[date | None, date | None]:
    """First and last melding month in the anonymous data for these municipalities."""
    row = db.query(f"SELECT min(melding_month) AS lo, max(melding_month) AS hi FROM v_case_anon "
                   f"WHERE municipality_code IN ({', '.join('?' * len(municipality_codes))})",
                   list(municipality_codes))[0]
    return row["lo"], row["hi"]


def population(db: Database) -> list[dict[str, Any]]:
    """Inhabitants per municipality and year (public CBS figures)."""
    return db.query("SELECT municipality_code, municipality, subregion, year, inhabitants FROM v_population "
                    "ORDER BY municipality_code, year")


def municipalities(db: Database) -> list[dict[str, Any]]:
    return db.query("SELECT code, name, subregion FROM municipality ORDER BY subregion DESC, name")


def counts_per_municipality_state(db: Database, municipality_code: str | None = None) -> list[dict[str, Any]]:
    """Number of cases per municipality and final state over the anonymous view (the landing overview)."""
    where, params = ("WHERE municipality_code = ?", [municipality_code]) if municipality_code else ("", [])
    return db.query("SELECT municipality_code, municipality, subregion, final_state AS state, count(*) AS n "
                    f"FROM v_case_anon {where} GROUP BY municipality_code, municipality, subregion, final_state "
                    "ORDER BY municipality, final_state", params)


def history_size(db: Database) -> dict[str, int]:
    """Rows in the history table per batch."""
    return {r["batch"]: r["n"] for r in db.query("SELECT batch, count(*) AS n FROM case_stats_history GROUP BY batch")}


# -- the synthetic history generator (data/generator.py decides the numbers) ---------------------------------------
def delete_history(cur, batch: str) -> None:
    cur.execute("DELETE FROM case_stats_history WHERE batch = ?", [batch])


def insert_history_plan(cur, plan: list[tuple[str, date, int]], *, batch: str, seed: int, first_id: int,
                        p: dict[str, float]) -> int:
    """Expand a plan of (municipality_code, month, number of assessments) into anonymous history rows in one
    vectorised INSERT (hash-based pseudo-random numbers: deterministic for the same seed, no Python loop per row).

    ``p`` holds the calibration (see data/generator.py, CALIBRATION): probabilities and red-signal rates.

    Returns:
        the number of rows inserted.
    """
    if not plan:
        return 0
    # The generator's SQL uses DuckDB's hash() and range(): on PostgreSQL it runs in an in-memory DuckDB and the rows
    # are copied in (store.dialect.copy_rows), so both engines get the same history for the same seed.
    target, cur = cur, (duckdb.connect() if dialect.is_pg_cursor(cur) else cur)
    cur.execute("CREATE OR REPLACE TEMP TABLE _plan (municipality_code VARCHAR, melding_month DATE, n INTEGER, "
                "offs BIGINT)")
    offs, rows = 0, []
    for code, month, n in plan:
        if n > 0:
            rows.append((code, month, n, offs))
            offs += n
    cur.executemany("INSERT INTO _plan VALUES (?, ?, ?, ?)", rows)

    def u(k: int) -> str:   # a uniform number in [0, 1) for this row and stream k
        return f"((hash(r.rid, {seed}, {k}) % 1000003) / 1000003.0)"

    # r.sev: a latent per-row severity in [0, 1) that makes red signals cluster (as real assessments do)
    colour_terms = []
    for i, code in enumerate(SIGNAL_CODES):
        base = p["red_" + code[0]]
        colour_terms.append(
            f"CASE WHEN {u(100 + i)} < {base} * (0.25 + 1.5 * r.sev) THEN 'R' "
            f"WHEN {u(100 + i)} < {base} * (0.25 + 1.5 * r.sev) + {p['blue']} THEN 'B' ELSE 'G' END")
    colours = " || ".join(colour_terms)
    mask = " + ".join(f"(CASE WHEN substr(colours, {i + 1}, 1) = 'R' THEN {1 << i} ELSE 0 END)"
                      for i in range(len(SIGNAL_CODES)))
    reds = ("(CASE WHEN length(substr(colours, 1, 3)) - length(replace(substr(colours, 1, 3), 'R', '')) >= 2 "
            "OR length(substr(colours, 4, 11)) - length(replace(substr(colours, 4, 11), 'R', '')) >= 2 "
            "OR length(substr(colours, 15, 6)) - length(replace(substr(colours, 15, 6), 'R', '')) >= 2 "
            "THEN true ELSE false END)")
    rel_cases, acc = [], 0.0
    for rel, share in p["relations"]:
        acc += share
        rel_cases.append(f"WHEN {u(3)} < {acc:.6f} THEN '{rel}'")
    age_cases, acc = [], 0.0
    for band, share in p["age_bands"]:
        acc += share
        age_cases.append(f"WHEN {u(4)} < {acc:.6f} THEN '{band}'")
    select = f"""
SELECT {first_id} + rid, ?, true, municipality_code, melding_month,
       CASE WHEN NOT dec THEN 'geen_huisverbod' WHEN annulled THEN 'vernietigd' WHEN withdrawn THEN 'ingetrokken'
            ELSE 'verlopen' END,
       adv, dec, dec, extended, withdrawn, annulled, breach, appealed,
       round(0.3 + 3.0 * u_dec * u_dec, 2),
       CASE WHEN dec THEN round(0.8 + 5.0 * u_sig * u_sig + CASE WHEN u_sig > 0.93 THEN 14.0 ELSE 0 END, 2) END,
       CASE WHEN NOT dec THEN NULL WHEN withdrawn THEN round(2 + 7 * u_dur, 1) WHEN extended THEN 28.0 ELSE 10.0 END,
       relation, age_band, children, colours,
       CAST({mask} AS INTEGER),
       CASE WHEN dec AND u_rep < {p['previous_order']} THEN CAST(15 + floor(power(u_rep2, 1.6) * 1000) AS INTEGER) END
FROM (
    SELECT rid, municipality_code, melding_month, colours, relation, age_band, u_dec, u_sig, u_dur, u_rep, u_rep2,
           adv, dec, u_child < CASE WHEN dec THEN {p['children']} ELSE {p['children_no_order']} END AS children,
           dec AND u_ext < {p['extended']} AND NOT (u_wd < {p['withdrawn']}) AS extended,
           dec AND u_wd < {p['withdrawn']} AS withdrawn,
           dec AND u_app < {p['appealed']} AS appealed,
           dec AND u_app < {p['annulled']} AS annulled,
           dec AND u_br < {p['breach']} AS breach
    FROM (
        SELECT *, {reds} AS adv,
               CASE WHEN {reds} THEN u_decide < {p['order_if_advice']} ELSE u_decide < {p['order_if_no_advice']} END
                   AS dec
        FROM (
            SELECT r.rid, r.municipality_code, r.melding_month, {colours} AS colours,
                   CASE {' '.join(rel_cases)} ELSE 'overig_familie' END AS relation,
                   CASE {' '.join(age_cases)} ELSE '65+' END AS age_band,
                   {u(5)} AS u_decide, {u(6)} AS u_child, {u(7)} AS u_ext, {u(8)} AS u_wd, {u(9)} AS u_app,
                   {u(10)} AS u_br, {u(11)} AS u_dec, {u(12)} AS u_sig, {u(13)} AS u_dur, {u(14)} AS u_rep,
                   {u(15)} AS u_rep2
            FROM (SELECT p.municipality_code, p.melding_month, p.offs + g.k AS rid,
                         ((hash(p.offs + g.k, {seed}, 1) % 1000003) / 1000003.0) AS sev
                  FROM _plan p, LATERAL (SELECT unnest(range(p.n)) AS k) g) r
        ) a
    ) b
) c
"""
    if target is not cur:
        res = cur.execute(select, [batch])
        n = dialect.copy_rows(target, "case_stats_history", iter(lambda: res.fetchmany(50_000), []))
        cur.close()
        return n
    before = cur.execute("SELECT count(*) FROM case_stats_history").fetchone()[0]
    cur.execute("INSERT INTO case_stats_history " + select, [batch])
    cur.execute("DROP TABLE _plan")
    return cur.execute("SELECT count(*) FROM case_stats_history").fetchone()[0] - before


def max_history_id(cur) -> int:
    return cur.execute("SELECT coalesce(max(id), 0) FROM case_stats_history").fetchone()[0]


def live_counts_per_municipality(db: Database, month_from: date) -> dict[str, int]:
    """Live (non-history) assessments per municipality since ``month_from`` (the demo history fills the rest)."""
    return {r["municipality_code"]: r["n"] for r in db.query(
        "SELECT municipality_code, count(*) AS n FROM v_case_anon WHERE source <> 'historie' AND melding_month >= ? "
        "GROUP BY municipality_code", [month_from])}


# -- the read-only SQL box (the checks live in procedure/services/sql_box.py) ---------------------------------------
_parser_local = threading.local()


def _parser(db: Database):
    """Where DuckDB's parser runs: the database itself, or on PostgreSQL an empty in-memory DuckDB of this thread
    (parsing reads no data; the check stays the same on both engines)."""
    if not db.postgres:
        return db.cursor()
    con = getattr(_parser_local, "con", None)
    if con is None:
        con = _parser_local.con = duckdb.connect(":memory:")
    return con


def parse_sql(db: Database, sql: str) -> dict[str, Any]:
    """DuckDB's own parser: the statement tree as JSON (``{"error": true, ...}`` for non-SELECT statements or
    syntax errors). Parsing runs nothing."""
    return json.loads(_parser(db).execute("SELECT json_serialize_sql(?)", [sql]).fetchone()[0])


def render_sql(db: Database, tree: dict[str, Any]) -> str:
    """SQL text regenerated from a checked tree (comments and anything the parser dropped are gone). On PostgreSQL the
    same DuckDB rendering, with DuckDB's ``count_star()`` written as ``count(*)``; what DuckDB renders in its own
    dialect only (``GROUP BY ALL``, ``COLUMNS(*)``) is refused by PostgreSQL with an error message — the SQL box's role,
    which can read only the anonymous copy, is the wall there (store/sqlbox.py)."""
    text = _parser(db).execute("SELECT json_deserialize_sql(?)", [json.dumps(tree)]).fetchone()[0]
    return text.replace("count_star()", "count(*)") if db.postgres else text


def distinct_count_item(db: Database, row_column: str, alias: str) -> dict[str, Any]:
    """The parsed select-list item ``count(DISTINCT x.<row_column>) AS <alias>`` (a tree node the SQL box adds to a
    checked query over ``v_case_anon`` to count the cases each result row stands for)."""
    tree = parse_sql(db, f"SELECT count(DISTINCT x.{row_column}) AS {alias} FROM t AS x")
    return tree["statements"][0]["node"]["select_list"][0]


def function_kinds(db: Database) -> dict[str, frozenset[str]]:
    """DuckDB's catalogue of functions: name (lower case) → the kinds it has (``scalar``, ``aggregate``, ``macro``,
    ``window``, ``table`` …), read from ``duckdb_functions()`` where the SQL box's parser runs (the check is the same on
    both engines). The SQL box lets only plain scalar functions and its allow-listed aggregates touch the case view."""
    rows = _parser(db).execute("SELECT lower(function_name), function_type FROM duckdb_functions()").fetchall()
    kinds: dict[str, set[str]] = {}
    for name, kind in rows:
        kinds.setdefault(name, set()).add(kind)
    return {n: frozenset(k) for n, k in kinds.items()}


def catalog_names(db: Database) -> set[str]:
    """Names of all tables and views in the database (lower case)."""
    cur = db.cursor()
    return {n.lower() for n in dialect.table_names(cur, db.postgres) + dialect.view_names(cur, db.postgres)}


def view_columns(db: Database) -> list[dict[str, Any]]:
    """The columns of the anonymous views the SQL box may read, from the catalogue (so the list cannot drift):
    ``[{"view": "v_case_anon", "column": "municipality", "type": "VARCHAR"}, ...]`` in view and column order
    (PostgreSQL names its types in its own words: ``character varying``, ``double precision``)."""
    marks = ", ".join("?" for _ in ANON_VIEWS)
    return db.query(f"SELECT table_name AS view, column_name AS \"column\", upper(data_type) AS type "
                    f"FROM information_schema.columns WHERE table_name IN ({marks}) "
                    f"AND table_catalog = current_database() AND table_schema = ? "
                    f"ORDER BY table_name, ordinal_position", [*ANON_VIEWS, dialect.schema_name(db.postgres)])
