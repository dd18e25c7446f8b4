"""Benchmark: the cost of one refused login attempt as a flood's rows grow (break-it report, December 2026).
Implements no article of the Wth: measures the login throttle of issue 11 (procedure/services/accounts.py).

For each size n, ``login_attempt`` holds n failed attempts for one name in the last 24 hours (from 1,000 address
prefixes, as a distributed attack leaves them), then one address that already waits tries again: the median time of
that refused attempt, its ratio to the smallest size, and whether it wrote a row. Before the fix every refused
attempt inserted a row and loaded all the name's rows of the last 24 hours into Python inside the write lock.

    python -m bench.bench_login_flood [--sizes 1000,100000] [--runs 5] [--pg-url postgresql://user:pw@host/postgres]

With ``--pg-url`` (a role that may create databases; or ``--engine postgresql`` and ``WTH_TEST_PG_URL``) it measures on a throw-away PostgreSQL
database instead of an in-memory DuckDB one (issue 16: migration 024's indexes on name + time and address + time).
Prints a Markdown table. Not part of the test run.
"""
from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import median_time as median  # noqa: E402

NAME = "burgemeester.venlo"
ADDRESS = "198.51.100.7"


#: the flood's rows: n failures 0.7 s apart from 1,000 prefixes (the series function differs per engine)
_FLOOD = {"duckdb": "SELECT nextval('login_attempt_seq'), ?, CAST(? AS TIMESTAMPTZ) - to_milliseconds(range * 700), "
                    "'fout', 'prefix-' || CAST(range % 1000 AS VARCHAR), '' FROM range(?)",
          "postgresql": "SELECT nextval('login_attempt_seq'), ?, CAST(? AS TIMESTAMPTZ) - g * interval '700 milliseconds', "
                        "'fout', 'prefix-' || CAST(g % 1000 AS VARCHAR), '' FROM generate_series(0, ? - 1) AS g"}


def refused_cost(n: int, runs: int, target: str = ":memory:") -> tuple[float, int]:
    """Median seconds of one refused attempt with ``n`` failures stored for the name, and the rows it added
    (``target``: the database, an in-memory DuckDB one by default or an empty PostgreSQL database's URL)."""
    from procedure.services import accounts
    from store.db import Database

    db = Database(target)
    now = datetime(2026, 5, 12, 9, 0, tzinfo=timezone.utc)
    h = accounts.name_hash(NAME)
    with db.transaction() as cur:
        cur.execute("INSERT INTO login_attempt (id, username_hash, attempted_at, outcome, client_hash, device_hash) "
                    + _FLOOD[db.engine], [h, now, n])
    if db.postgres:
        db.cursor().execute("ANALYZE login_attempt")
    for _ in range(accounts.FREE_PER_PAIR):
        accounts.attempt_login(db, NAME, "fout", now, ADDRESS)
    before = db.scalar("SELECT count(*) FROM login_attempt")
    assert accounts.locked_until(db, NAME, now, ADDRESS) is not None
    t = median(lambda: accounts.attempt_login(db, NAME, "fout", now + timedelta(seconds=1), ADDRESS), runs)
    added = db.scalar("SELECT count(*) FROM login_attempt") - before
    db.close()
    return t, added


def main(argv: list[str] | None = None) -> int:
    import argparse
    import os

    ap = argparse.ArgumentParser(prog="python -m bench.bench_login_flood")
    ap.add_argument("--sizes", default="1000,100000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pg-url", default="", help="measure on PostgreSQL (a role that may create databases)")
    ap.add_argument("--engine", choices=("duckdb", "postgresql"), default=None,
                    help="default: postgresql with --pg-url, else duckdb (postgresql without --pg-url: WTH_TEST_PG_URL)")
    args = ap.parse_args(argv)
    engine = args.engine or ("postgresql" if args.pg_url else "duckdb")
    args.pg_url = args.pg_url or os.environ.get("WTH_TEST_PG_URL", "")
    if engine == "postgresql" and not args.pg_url:
        ap.error("--engine postgresql needs --pg-url (or WTH_TEST_PG_URL)")
    server = None
    if engine == "postgresql":
        from tests.engines import PgServer

        server = PgServer(args.pg_url)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"engine: {engine}")
    print("| rijen in login_attempt (naam, 24 u) | geweigerde poging, mediaan | verhouding | rijen erbij |")
    print("|---|---|---|---|")
    first = None
    try:
        for n in sizes:
            t, added = refused_cost(n, args.runs, server.create() if server else ":memory:")
            first = first or t
            print(f"| {n:,} | {t * 1000:.1f} ms | {t / first:.1f}× | {added} (van {args.runs + 1}) |".replace(",", "."),
                  flush=True)
    finally:
        if server:
            server.drop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
