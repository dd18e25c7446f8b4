"""The statistics explorer on PostgreSQL vs DuckDB at 1M anonymous history rows (issue 16, point 4).
Implements no article of the Wth: measures the anonymous statistics (procedure.md section 8).

Builds the same content twice — the demo reference data and users, then N synthetic history rows (data.generator,
same seed: identical rows on both engines) — once in a DuckDB file and once in a PostgreSQL database, and reports the
median of the explorer's SQL (one scan for every count, the distributions) and of the whole service call ``explore``
(queries + small-cell protection), plus one SQL-box query (separate worker process and role). Issue 16's target
(reported, not asserted): explorer <= 0.5 s per call at 1M history rows on PostgreSQL.

    python -m bench.bench_statistics_pg --pg-url postgresql://user:pw@localhost/postgres [--rows 1000000] [--runs 5]

Not part of the test run (pytest collects tests/ only).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import median_time  # noqa: E402


def build(target: str, n: int) -> float:
    from data import generator
    from data.seed import create_demo
    from store.db import Database

    db = Database(target)
    create_demo(db, n_cases=0, password_rounds=4)
    t = time.perf_counter()
    generator.generate(db, n_cases=n, years=(2022, 2026), batch="bench")
    took = time.perf_counter() - t
    if db.postgres:
        db.cursor().execute("ANALYZE")
    db.close()
    return took


def measure(target: str, runs: int) -> dict[str, float]:
    from data.seed import actor_for
    from procedure.app import WthApp
    from store import stats_repo
    from store.db import Database

    db = Database(target)
    try:
        app = WthApp(db)
        a = actor_for(db, "beleid.regio")
        codes = tuple(m["code"] for m in stats_repo.municipalities(db))
        lo, hi = stats_repo.month_range(db, codes)
        sel = stats_repo.Selection(lo, hi, codes)
        f_year = {"month_from": lo, "month_to": hi, "by": "year"}
        f_month = {"month_from": lo, "month_to": hi, "by": "month"}
        f_midden = {"month_from": lo, "month_to": hi, "by": "year", "subregion": "Midden-Limburg", "signal": "B3",
                    "children": True}
        out = {
            "query: alle aantallen per gemeente x jaar (1 scan)": lambda: stats_repo.explorer_cube(db, sel, "year"),
            "query: medianen, kwartielen, voor wie": lambda: stats_repo.explorer_distributions(db, sel),
            "service: explore regio per jaar": lambda: app.statistics.explore(a, f_year),
            "service: explore regio per maand": lambda: app.statistics.explore(a, f_month),
            "service: explore Midden-Limburg, B3 rood, kinderen": lambda: app.statistics.explore(a, f_midden),
            "SQL-box: huisverboden per jaar en subregio": lambda: app.sql_box.run_sql(
                a, "SELECT melding_year, subregion, count(*) FILTER (WHERE decision_huisverbod) AS n "
                   "FROM v_case_anon GROUP BY melding_year, subregion ORDER BY melding_year, subregion"),
        }
        return {k: median_time(fn, runs) for k, fn in out.items()}
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_statistics_pg")
    ap.add_argument("--pg-url", default=os.environ.get("WTH_TEST_PG_URL", ""))
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    if not args.pg_url:
        ap.error("--pg-url (or WTH_TEST_PG_URL) is needed")
    from tests.engines import PgServer

    server = PgServer(args.pg_url)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            targets = {"DuckDB": str(Path(tmp) / "stats.duckdb"), "PostgreSQL": server.create()}
            results = {}
            for name, target in targets.items():
                took = build(target, args.rows)
                print(f"{name}: {args.rows:,} history rows generated in {took:.1f} s", flush=True)
                results[name] = measure(target, args.runs)
    finally:
        server.drop_all()
    print(f"\n| median of {args.runs} runs, {args.rows:,} history rows | DuckDB s | PostgreSQL s |\n|---|---|---|")
    for k in results["DuckDB"]:
        print(f"| {k} | {results['DuckDB'][k]:.3f} | {results['PostgreSQL'][k]:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
