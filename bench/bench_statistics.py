"""Benchmark of the statistics explorer at 10k, 100k and 1M synthetic cases (issue 6).

For each size: a fresh DuckDB file with the demo users and reference data (no live cases), the demo history and
N synthetic assessments from data.generator; then the median of every explorer query, of the whole explorer
service call (queries + small-cell protection), the exports and an SQL-box query, and the median script run of
each dashboard page (Streamlit AppTest, logged in as the beleidsadviseur), plus the database size. Prints a
Markdown table and the growth factor from the smallest to the largest size.

    python -m bench.bench_statistics [--sizes 10000,100000,1000000] [--runs 5] [--dir /tmp/wth-bench]

Not part of the test run (pytest collects tests/ only).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def median_time(fn, runs: int) -> float:
    fn()                                                  # warm-up (imports, caches)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def build(path: Path, n: int) -> tuple[float, int]:
    from data import generator
    from data.seed import create_demo
    from store.db import Database

    for p in (path, Path(str(path) + ".wal")):
        if p.exists():
            p.unlink()
    db = Database(path)
    create_demo(db, n_cases=0, password_rounds=4)
    t = time.perf_counter()
    generator.generate(db, n_cases=n, years=(2022, 2026), batch="bench")
    took = time.perf_counter() - t
    db.cursor().execute("CHECKPOINT")
    rows = db.scalar("SELECT count(*) FROM v_case_anon")
    db.close()
    return took, rows


def measure_queries(path: Path, runs: int) -> dict[str, float]:
    from data.seed import actor_for
    from procedure.service import WthService
    from store import stats_repo
    from store.db import Database

    db = Database(path)
    try:
        svc = WthService(db)
        a = actor_for(db, "beleid.regio")
        codes = tuple(m["code"] for m in stats_repo.municipalities(db))
        lo, hi = stats_repo.month_range(db, codes)
        sel = stats_repo.Selection(lo, hi, codes)
        midden = tuple(m["code"] for m in stats_repo.municipalities(db) if m["subregion"] == "Midden-Limburg")
        sel_f = stats_repo.Selection(lo, hi, midden, signal="B3", children=True)
        f_year = {"month_from": lo, "month_to": hi, "by": "year"}
        f_month = {"month_from": lo, "month_to": hi, "by": "month"}
        f_midden = {"month_from": lo, "month_to": hi, "by": "year", "subregion": "Midden-Limburg", "signal": "B3",
                    "children": True}
        out = {
            "query: per gemeente": lambda: stats_repo.per_municipality(db, sel),
            "query: trend per jaar": lambda: stats_repo.per_period(db, sel, "year"),
            "query: trend per maand": lambda: stats_repo.per_period(db, sel, "month"),
            "query: RiHG, advies, doorlooptijd": lambda: stats_repo.overall(db, sel),
            "query: voor wie": lambda: stats_repo.who(db, sel),
            "query: maandbereik": lambda: stats_repo.month_range(db, codes),
            "query: per gemeente (Midden-Limburg, B3 rood, kinderen)": lambda: stats_repo.per_municipality(db, sel_f),
            "service: explore regio per jaar (alle queries + afscherming)": lambda: svc.explore(a, f_year),
            "service: explore regio per maand": lambda: svc.explore(a, f_month),
            "service: explore Midden-Limburg, B3 rood, kinderen": lambda: svc.explore(a, f_midden),
            "service: export XLSX": lambda: svc.export_xlsx(a, f_year),
            "service: export CSV": lambda: svc.export_csv(a, f_year),
            "SQL-box: huisverboden per jaar en subregio": lambda: svc.run_sql(
                a, "SELECT melding_year, subregion, count(*) FILTER (WHERE decision_huisverbod) AS n "
                   "FROM v_case_anon GROUP BY ALL ORDER BY ALL"),
        }
        return {k: median_time(fn, runs) for k, fn in out.items()}
    finally:
        db.close()


def measure_pages(path: Path, runs: int) -> dict[str, float]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["WTH_DB_PATH"] = str(path)
    os.environ["WTH_MODE"] = "demo"
    out = {}
    for page in ("pages/verkenner.py", "pages/overzicht.py"):
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for k, v in {"authentication_status": True, "username": "beleid.regio", "name": "beleid.regio",
                     "email": "beleid.regio@demo.invalid", "roles": ["beleidsadviseur"], "logout": None}.items():
            at.session_state[k] = v
        at.run()
        at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]

        def rerun():
            at.run()
            assert not at.exception

        out[f"page: {page} (AppTest-run, beleidsadviseur)"] = median_time(rerun, runs)
    st.cache_resource.clear()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", default="/tmp/wth-bench")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, float]] = {}
    meta = {}
    for n in sizes:
        path = Path(args.dir) / f"stats-{n}.duckdb"
        gen, rows = build(path, n)
        size = path.stat().st_size + (Path(str(path) + ".wal").stat().st_size if Path(str(path) + ".wal").exists() else 0)
        r = measure_queries(path, args.runs)
        r.update(measure_pages(path, args.runs))
        results[n] = r
        meta[n] = (gen, rows, size)
        print(f"{n}: {rows} rijen in v_case_anon, genereren {gen:.1f} s, {size / 1e6:.1f} MB", file=sys.stderr)
    names = list(results[sizes[0]])
    head = "| meting | " + " | ".join(f"{n:,}".replace(",", ".") + " zaken" for n in sizes) + " | groei tijd (data x" \
           + f"{sizes[-1] // sizes[0]}) |"
    print(head)
    print("|---|" + "---:|" * (len(sizes) + 1))
    print("| rijen in v_case_anon (incl. demo-historie) | " + " | ".join(str(meta[n][1]) for n in sizes) + " | |")
    print("| genereren (s) | " + " | ".join(f"{meta[n][0]:.2f}" for n in sizes) + " | |")
    print("| databasegrootte (MB) | " + " | ".join(f"{meta[n][2] / 1e6:.1f}" for n in sizes)
          + f" | x{meta[sizes[-1]][2] / meta[sizes[0]][2]:.1f} |")
    for name in names:
        vals = [results[n][name] for n in sizes]
        growth = vals[-1] / vals[0] if vals[0] else float("nan")
        print(f"| {name} (mediaan, s) | " + " | ".join(f"{v:.3f}" for v in vals) + f" | x{growth:.1f} |")
    if not os.environ.get("KEEP_BENCH_DB"):
        shutil.rmtree(args.dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
