"""Benchmark of the case pages at 60, 10,000 and 100,000 live cases (issue 12, point 7).
Implements no article of the Wth: measures the lists and pages that carry the procedure's deadlines.

Builds the demo database (60 cases made through the real services, signed), then copies of it grown to 10,000 and
100,000 cases with data.live_generator's realistic mix (about 30 open cases per municipality, most cases ended or
archived, 8 % past the retention term, 10 % destroyed). Then, per size, the median of every list / work-queue
service call as the pages make it (one page of 50, plus a few complete lists) and of a Streamlit AppTest run of each
case page, plus the number of SQL statements each page run sends (it must not grow with the cases: issue 12,
point 2). Prints a Markdown table with the growth factor 60 -> 100,000.

Targets of issue 12 (reported here, not asserted): every page <= 0.5 s and every service call <= 0.2 s at 100k;
growth 60 -> 100k <= 3x.

    python -m bench.bench_live [--sizes 60,10000,100000] [--runs 5] [--dir /tmp/wth-bench-live]

Not part of the test run (pytest collects tests/ only).
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import CountingCursor, arguments, logged_in, median_time  # noqa: E402

#: (user, role, page, session keys set before the run)
PAGES = [
    ("burgemeester.venlo", "burgemeester", "werkvoorraad", {}),
    ("burgemeester.venlo", "burgemeester", "ondertekenen", {}),
    ("burgemeester.venlo", "burgemeester", "verlenging", {}),
    ("burgemeester.venlo", "burgemeester", "herstel", {}),
    ("oov.venlo", "gemeente", "werkvoorraad", {}),
    ("oov.venlo", "gemeente", "archief", {"retention_dry": True}),
    ("oov.venlo", "gemeente", "beroep", {}),
    ("hovj.noord", "hovj", "werkvoorraad", {}),
    ("hovj.noord", "hovj", "zaken", {}),
    ("hovj.noord", "hovj", "zaak", {}),
    ("hovj.noord", "hovj", "rihg", {}),
    ("hovj.noord", "hovj", "beschikking", {}),
    ("hovj.noord", "hovj", "uitreiking", {}),
    ("hovj.noord", "hovj", "gebeurtenissen", {}),
    ("casemanager.noord", "casemanager", "werkvoorraad", {}),
]


def build(base: Path, path: Path, n: int) -> tuple[int, float]:
    """A copy of the demo database grown to ``n`` cases (realistic mix)."""
    from data.live_generator import generate_live, realistic_plan
    from store.db import Database

    shutil.copy(base, path)
    db = Database(path)
    have = db.scalar("SELECT count(*) FROM hv_case")
    t = time.perf_counter()
    if n > have:
        generate_live(db, realistic_plan(n - have))
    took = time.perf_counter() - t
    db.cursor().execute("CHECKPOINT")
    total = db.scalar("SELECT count(*) FROM hv_case")
    db.close()
    return total, took


def measure_services(path: Path, runs: int) -> dict[str, float]:
    from data.seed import actor_for
    from procedure.app import WthApp
    from store.db import Database

    db = Database(path)
    try:
        app = WthApp(db)
        a = {u: actor_for(db, u) for u in ("burgemeester.venlo", "oov.venlo", "hovj.noord", "casemanager.noord")}
        b, g, h, cm = a["burgemeester.venlo"], a["oov.venlo"], a["hovj.noord"], a["casemanager.noord"]
        page = {"limit": 50}
        first = (app.lists.list_cases(h, limit=1) or [{"id": None}])[0]["id"]
        calls = {
            "work_queue (burgemeester Venlo)": lambda: app.work_queue.work_queue(b),
            "work_queue (HOvJ Noord-Limburg)": lambda: app.work_queue.work_queue(h),
            "work_queue (gemeente Venlo)": lambda: app.work_queue.work_queue(g),
            "work_queue (casemanager Noord-Limburg)": lambda: app.work_queue.work_queue(cm),
            "list_cases, pagina van 50 (HOvJ)": lambda: app.lists.list_cases(h, **page),
            "list_cases, zoeken op naam (HOvJ)": lambda: app.lists.list_cases(h, search="de", **page),
            "to_sign (burgemeester Venlo)": lambda: app.lists.to_sign(b, **page),
            "to_sign (HOvJ, mandaat joined in SQL)": lambda: app.lists.to_sign(h, **page),
            "active_orders (burgemeester Venlo)": lambda: app.lists.active_orders(b, **page),
            "imposed_cases, pagina (HOvJ)": lambda: app.lists.imposed_cases(h, **page),
            "archive, pagina (gemeente Venlo)": lambda: app.lists.archive(g, **page),
            "archive, volledige lijst (gemeente Venlo)": lambda: app.lists.archive(g),
            "retention_candidates (gemeente Venlo, volledig)": lambda: app.lists.retention_candidates(g),
            "cases_to_serve (HOvJ)": lambda: app.lists.cases_to_serve(h, **page),
            "rihg_cases (HOvJ)": lambda: app.lists.rihg_cases(h, **page),
            "draft_cases (HOvJ)": lambda: app.lists.draft_cases(h, **page),
            "correctable_cases, pagina (burgemeester Venlo)": lambda: app.lists.correctable_cases(b, **page),
            "get_case (zaakdossier)": lambda: app.case_file.get_case(h, first),
        }
        return {f"service: {k}": median_time(fn, runs) for k, fn in calls.items()}
    finally:
        db.close()


def measure_pages(path: Path, runs: int) -> tuple[dict[str, float], dict[str, int]]:
    import streamlit as st

    from store.db import Database

    os.environ["WTH_DB_PATH"] = str(path)
    os.environ["WTH_MODE"] = "demo"
    times, queries = {}, {}
    for user, role, page, state in PAGES:
        st.cache_resource.clear()
        at = logged_in(user, role)
        at.run()
        at.switch_page(f"pages/{page}.py")
        for k, v in state.items():
            at.session_state[k] = v
        at.run()
        assert not at.exception, [e.value for e in at.exception]

        def rerun():
            at.run()
            assert not at.exception, [e.value for e in at.exception]

        name = f"page: {page} ({user})"
        times[name] = median_time(rerun, runs)
        tally: list[str] = []
        real = Database.cursor
        Database.cursor = lambda self: CountingCursor(real(self), tally)
        try:
            rerun()
        finally:
            Database.cursor = real
        queries[name] = len(tally)
    st.cache_resource.clear()
    return times, queries


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv, "60,10000,100000", "/tmp/wth-bench-live")
    from data.seed import create_demo
    from store.db import Database

    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    base = work / "demo.duckdb"
    if not base.exists():
        t = time.perf_counter()
        db = Database(base)
        create_demo(db, now=datetime.now(timezone.utc), n_cases=sizes[0], password_rounds=4)
        db.cursor().execute("CHECKPOINT")
        db.close()
        print(f"demodatabase met {sizes[0]} zaken: {time.perf_counter() - t:.1f} s", file=sys.stderr)
    results: dict[int, dict[str, float]] = {}
    counts: dict[int, dict[str, int]] = {}
    meta = {}
    for n in sizes:
        path = work / f"live-{n}.duckdb"
        total, took = build(base, path, n)
        meta[n] = (total, took, path.stat().st_size)
        r = measure_services(path, args.runs)
        pages, counts[n] = measure_pages(path, args.runs)
        r.update(pages)
        results[n] = r
        print(f"{n}: {total} zaken, opbouw {took:.1f} s, {path.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    lo, hi = sizes[0], sizes[-1]
    print("| meting | " + " | ".join(f"{meta[n][0]:,}".replace(",", ".") + " zaken" for n in sizes)
          + f" | groei {lo} -> {hi:,} | doel |".replace(",", "."))
    print("|---|" + "---:|" * (len(sizes) + 1) + "---|")
    print("| databasegrootte (MB) | " + " | ".join(f"{meta[n][2] / 1e6:.1f}" for n in sizes) + " | | |")
    over = []
    for name in results[lo]:
        vals = [results[n][name] for n in sizes]
        growth = vals[-1] / vals[0] if vals[0] else float("nan")
        limit = 0.5 if name.startswith("page:") else 0.2
        ok = vals[-1] <= limit and growth <= 3
        if not ok:
            over.append(name)
        print(f"| {name} (mediaan, s) | " + " | ".join(f"{v:.3f}" for v in vals)
              + f" | x{growth:.1f} | {'ok' if ok else 'NIET gehaald'} (<= {limit} s, groei <= 3x) |")
    # at 60 cases a list can be empty (the page then stops early): compare the sizes that have data
    for name in counts[lo]:
        vals = [counts[n][name] for n in sizes]
        same = len({counts[n][name] for n in sizes[1:]}) <= 1
        print(f"| SQL-opdrachten per run, {name.removeprefix('page: ')} | " + " | ".join(str(v) for v in vals)
              + f" | {'gelijk' if same else 'GROEIT'} | vast aantal (10k = 100k) |")
    print(f"\nDoelen issue 12 bij {meta[hi][0]:,} zaken (gemeld, niet afgedwongen): "
          + ("alle gehaald." if not over else f"{len(over)} niet gehaald: " + "; ".join(over)))
    if not os.environ.get("KEEP_BENCH_DB"):
        shutil.rmtree(args.dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
