"""Benchmark of the walls of issue 11: the SQL box in its own worker on its own anonymous copy, and the login.
Implements no article of the Wth: measures what the AVG walls cost.

For each size (synthetic cases from data.generator): the time to build the anonymous copy and its size; the median
of a typical SQL-box query through the service (parser check + worker) against two peers in the same run — the same
query run directly on the case database in the app process (what the SQL box did before issue 11) and the worker's
floor (``SELECT 1``: process start + opening the copy); the memory bombs (worker peak, app process growth). Then the
login: median time of a wrong password for a known and an unknown name (bcrypt cost 12), and of a refusal during a
back-off (no bcrypt at all).

    python -m bench.bench_security [--sizes 10000,100000,1000000] [--runs 5] [--dir /tmp/wth-bench-sec]

Prints Markdown tables. Not part of the test run.
"""
from __future__ import annotations

import shutil
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import arguments, median_time as median  # noqa: E402

QUERY = ("SELECT melding_year, subregion, extended, count(*) AS huisverboden, median(order_days) AS mediaan_dagen "
         "FROM v_case_anon WHERE decision_huisverbod GROUP BY ALL ORDER BY ALL")
BOMBS = ["SELECT length(repeat('x', 1500000000))",
         "SELECT length(string_agg(repeat('x', 1000000), '')) FROM range(3000)",
         "SELECT len(l) FROM (SELECT list(range) AS l FROM range(300000000))"]


def rss_mib() -> int:
    with open("/proc/self/status") as f:
        return next(int(ln.split()[1]) // 1024 for ln in f if ln.startswith("VmRSS:"))


def sqlbox_rows(folder: Path, sizes: list[int], runs: int) -> list[str]:
    from bench.bench_statistics import build
    from data.seed import actor_for
    from procedure.app import WthApp
    from procedure.domain.errors import ValidationError
    from store import sqlbox
    from store.db import Database

    rows = ["| zaken | kopie bouwen | kopie (MB) | SQL-box query (mediaan) | zelfde query in het app-proces | "
            "vloer worker (SELECT 1) | geheugenbommen: piek worker / groei app |", "|---|---|---|---|---|---|---|"]
    for n in sizes:
        path = folder / f"sec-{n}.duckdb"
        build(path, n)
        db = Database(path)
        app = WthApp(db)
        advisor = actor_for(db, "beleid.regio")
        t = time.perf_counter()
        target = sqlbox.ensure_snapshot(db, force=True)
        build_s = time.perf_counter() - t
        size_mb = target.stat().st_size / 1e6
        box = median(lambda: app.sql_box.run_sql(advisor, QUERY), runs)
        direct = median(lambda: db.query(QUERY), runs)
        floor = median(lambda: sqlbox.run(target, ["SELECT 1"]), runs)
        before = rss_mib()
        for q in BOMBS:
            try:
                app.sql_box.run_sql(advisor, q)
            except ValidationError:
                pass
        grew = rss_mib() - before
        peak = sqlbox.run(target, BOMBS, sqlbox.Limits(timeout_s=10)).peak_rss_kb // 1024
        rows.append(f"| {n:,} | {build_s:.2f} s | {size_mb:.1f} | {box * 1000:.0f} ms | {direct * 1000:.0f} ms "
                    f"(× {box / direct:.0f}) | {floor * 1000:.0f} ms | {peak} MiB / {grew:+d} MiB |".replace(",", "."))
        db.close()
    return rows


def login_rows(runs: int) -> list[str]:
    from procedure.services import accounts
    from store import repo
    from store.db import Database

    db = Database(":memory:")
    t0 = datetime(2026, 5, 12, 9, 0, tzinfo=timezone.utc)
    with db.transaction() as cur:
        repo.insert_user(cur, {"username": "echt.bestaand", "name": "E", "email": "e@x.nl", "role": "politie",
                               "password_hash": accounts.hash_password("Correct-paard-batterij"),
                               "subregion": "Noord-Limburg", "is_demo": False, "created_at": t0})
    clock = [t0]

    def attempt(name: str):
        clock[0] += timedelta(hours=2)            # a fresh address and hour each time: no pause interferes
        n = len(clock)
        clock.append(None)
        accounts.attempt_login(db, name, "verkeerd", clock[0], f"10.{n // 65536}.{n // 256 % 256}.{n % 256}")
    known = median(lambda: attempt("echt.bestaand"), runs * 6)
    unknown = median(lambda: attempt("niet.bestaand"), runs * 6)
    for _ in range(accounts.FREE_PER_PAIR):
        accounts.attempt_login(db, "echt.bestaand", "verkeerd", clock[0], "198.51.100.1")
    refused = median(lambda: accounts.attempt_login(db, "echt.bestaand", "x", clock[0], "198.51.100.1"), runs * 6)
    db.close()
    return ["| inloggen (bcrypt 12) | mediaan |", "|---|---|",
            f"| bestaande naam, fout wachtwoord | {known * 1000:.0f} ms |",
            f"| onbekende naam (dummy-hash) | {unknown * 1000:.0f} ms ({(unknown - known) / known * 100:+.0f} %) |",
            f"| geweigerd tijdens een pauze (geen bcrypt) | {refused * 1000:.1f} ms |"]


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv, "10000,100000,1000000", "/tmp/wth-bench-sec")
    folder = Path(args.dir)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    print("\n".join(sqlbox_rows(folder, sizes, args.runs)))
    print()
    print("\n".join(login_rows(args.runs)))
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
