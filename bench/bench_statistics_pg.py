"""The statistics explorer on PostgreSQL vs DuckDB at 1M anonymous history rows (issue 16, point 4).
Implements no article of the Wth: measures the anonymous statistics (procedure.md section 8).

Builds the same content twice — the demo reference data and users, then N synthetic history rows (data.generator,
same seed: identical rows on both engines) — once in a DuckDB file and once in a PostgreSQL database, and reports the
median of bench.bench_statistics's measurements: the explorer's SQL (one scan for every count, the distributions), the
whole service call ``explore`` (queries + small-cell protection), the exports and one SQL-box query (separate worker
process; on PostgreSQL its own role). Issue 16's target
(reported, not asserted): explorer <= 0.5 s per call at 1M history rows on PostgreSQL.

On PostgreSQL it measures twice in the same run, on the same database: reading PostgreSQL directly, and reading the
app server's analytics copy (store/analytics.py, an embedded DuckDB file), and prints the ratio direct / copy per
line, plus what one build of the copy costs (it runs in the background on a schedule, never in a request).

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

from bench.bench_statistics import measure_queries  # noqa: E402


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_statistics_pg")
    ap.add_argument("--pg-url", default=os.environ.get("WTH_TEST_PG_URL", ""))
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    if not args.pg_url:
        ap.error("--pg-url (or WTH_TEST_PG_URL) is needed")
    from tests.engines import PgServer

    from store import analytics

    server = PgServer(args.pg_url)
    copy_build: dict[str, float] = {}
    direct_source = analytics.source

    def direct(db):                 # the explorer reads PostgreSQL itself (no analytics copy)
        analytics.source = lambda d: d
        return db

    def copied(db):                 # the explorer reads this process's analytics copy, built once here
        analytics.source = direct_source
        analytics.REFRESH_S = 1e9   # no scheduled rebuild while measuring (its cost is measured here, once)
        t = time.perf_counter()
        snap = analytics.copy_for(db).build()
        copy_build["s"] = time.perf_counter() - t
        copy_build["mb"] = snap.path.stat().st_size / 1e6
        return analytics.source(db)

    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ.setdefault("WTH_ANALYTICS_DIR", str(Path(tmp) / "analytics"))
            duck, pg = str(Path(tmp) / "stats.duckdb"), server.create()
            results = {}
            for name, target in (("DuckDB", duck), ("PostgreSQL", pg)):
                took = build(target, args.rows)
                print(f"{name}: {args.rows:,} history rows generated in {took:.1f} s", flush=True)
            results["DuckDB"] = measure_queries(duck, args.runs)
            results["PostgreSQL"] = measure_queries(pg, args.runs, prepare=direct)   # (a URL opens as a path does)
            results["copy"] = measure_queries(pg, args.runs, prepare=copied)
            analytics.source = direct_source
    finally:
        server.drop_all()
    print(f"\n| median of {args.runs} runs, {args.rows:,} history rows | DuckDB s | PostgreSQL direct s | "
          "PostgreSQL + analysekopie s | direct / kopie |\n|---|---|---|---|---|")
    for k in results["DuckDB"]:
        d, c = results["PostgreSQL"][k], results["copy"][k]
        print(f"| {k} | {results['DuckDB'][k]:.3f} | {d:.3f} | {c:.3f} | {d / c:.1f}x |")
    print(f"\nOne build of the analytics copy (COPY out of PostgreSQL, DuckDB load, checkpoint): {copy_build['s']:.1f} s, "
          f"file {copy_build['mb']:.0f} MB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
