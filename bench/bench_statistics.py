"""Benchmark of the statistics explorer (issues 6 and 12), with pandas and polars side by side.
Implements no article of the Wth: measures the anonymous statistics (procedure.md section 8).

For each size N: a fresh DuckDB file with the demo users and reference data, the demo history, N synthetic anonymous
history rows (data.generator) and N/10 synthetic live cases (data.live_generator: rows in hv_case, kept as anonymous
rows in case_anon_live). Then the median of:

- the explorer's two SQL statements (``explorer_margins``: every count in one scan; ``explorer_distributions``: the
  medians / quartiles and "for whom"), and the whole service call ``explore`` (queries + small-cell protection);
- the SAME computation in pandas and in polars on the same rows (``SELECT * FROM v_case_anon``, loaded into memory
  beforehand; the load time is reported on its own line and is not part of the computation). The peers' figures are
  checked against DuckDB's before they are timed;
- the exports, an SQL-box query and a Streamlit AppTest run of the dashboard pages.

Prints a Markdown table and the growth factor from the smallest to the largest size; the targets of issue 12 (one
explorer call <= 0.25 s and its page <= 0.6 s at 1M history + 100k live rows; DuckDB faster than polars) are
reported, not asserted.

    python -m bench.bench_statistics [--sizes 10000,100000,1000000] [--runs 5] [--dir /tmp/wth-bench]

Not part of the test run (pytest collects tests/ only).
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import arguments, logged_in, median_time  # noqa: E402


def build(path: Path, n: int) -> tuple[float, int, int]:
    from data import generator
    from data.live_generator import generate_live, realistic_plan
    from data.seed import create_demo
    from store.db import Database

    for p in (path, Path(str(path) + ".wal")):
        if p.exists():
            p.unlink()
    db = Database(path)
    create_demo(db, n_cases=0, password_rounds=4)
    t = time.perf_counter()
    generator.generate(db, n_cases=n, years=(2022, 2026), batch="bench")
    live = generate_live(db, realistic_plan(max(1, n // 10)))
    took = time.perf_counter() - t
    db.cursor().execute("CHECKPOINT")
    rows = db.scalar("SELECT count(*) FROM v_case_anon")
    db.close()
    return took, rows, live


# -- the same computation in pandas and polars ---------------------------------------------------------------------
def _signals():
    from store.stats_repo import SIGNAL_CODES
    return SIGNAL_CODES


def pandas_explorer(df, lo, hi, codes):
    """The explorer's counts per municipality x year, quartiles and "for whom" in pandas (nullable dtypes)."""
    import pandas as pd

    lo, hi = pd.Timestamp(lo), pd.Timestamp(hi)
    d = df[(df["melding_month"] >= lo) & (df["melding_month"] <= hi) & df["municipality_code"].isin(codes)]
    dec = d["decision_huisverbod"]
    f = {"beoordelingen": dec.notna(), "huisverboden": dec.fillna(False), "geen_huisverbod": (~dec).fillna(False)}
    for k, col in (("verlengd", "extended"), ("ingetrokken", "withdrawn"), ("overtreding", "breach"),
                   ("beroep", "appealed"), ("herhaling", "repeat_within_12m"), ("kinderen", "children_present")):
        f[k] = (dec & d[col]).fillna(False)
    adv = d["advice_indicated"]
    for ak, a in (("ja", adv), ("nee", ~adv), ("onbekend", adv.isna())):
        for dk, dd in (("huisverbod", dec), ("geen", ~dec)):
            f[f"adv_{ak}_{dk}"] = (a & dd).fillna(False)
    rm = d["rihg_red_mask"].where(dec.notna())
    rmi = rm.fillna(0).astype("int64").to_numpy()
    for i, code in enumerate(_signals()):
        f[f"red_{code}"] = pd.Series((rmi >> i) & 1, index=d.index)
    f["with_rihg"] = rm.notna()
    f["n_signed"] = d["hours_to_signature"].notna()
    f["n_order_days"] = (dec & d["order_days"].notna()).fillna(False)
    f["n_synthetic"] = d["is_synthetic"]
    frame = pd.DataFrame({k: v.astype("int64") for k, v in f.items()})
    frame["municipality_code"], frame["period"] = d["municipality_code"], d["melding_year"]
    cube = frame.groupby(["municipality_code", "period"], sort=False).sum()
    h = d["hours_to_signature"]
    per_muni = h.groupby(d["municipality_code"]).median()
    quart = h.quantile([0.25, 0.5, 0.75])
    od = d.loc[dec.fillna(False), "order_days"].median()
    orders = d[dec.fillna(False)]
    who = (orders["relation"].value_counts(), orders["person_age_band"].value_counts())
    return cube, per_muni, quart, od, who


def polars_explorer(df, lo, hi, codes):
    """The same in polars (lazy query, one collect for the counts)."""
    import polars as pl

    c = pl.col
    d = df.filter(c("melding_month").is_between(lo, hi) & c("municipality_code").is_in(list(codes)))
    dec = c("decision_huisverbod")
    aggs = [dec.is_not_null().sum().alias("beoordelingen"), dec.fill_null(False).sum().alias("huisverboden"),
            (~dec).fill_null(False).sum().alias("geen_huisverbod")]
    for k, col in (("verlengd", "extended"), ("ingetrokken", "withdrawn"), ("overtreding", "breach"),
                   ("beroep", "appealed"), ("herhaling", "repeat_within_12m"), ("kinderen", "children_present")):
        aggs.append((dec & c(col)).fill_null(False).sum().alias(k))
    adv = c("advice_indicated")
    for ak, a in (("ja", adv), ("nee", ~adv), ("onbekend", adv.is_null())):
        for dk, dd in (("huisverbod", dec), ("geen", ~dec)):
            aggs.append((a & dd).fill_null(False).sum().alias(f"adv_{ak}_{dk}"))
    rm = pl.when(dec.is_not_null()).then(c("rihg_red_mask"))
    for i, code in enumerate(_signals()):
        aggs.append(((rm.fill_null(0) & (1 << i)) > 0).sum().alias(f"red_{code}"))
    aggs += [rm.is_not_null().sum().alias("with_rihg"), c("hours_to_signature").is_not_null().sum().alias("n_signed"),
             (dec & c("order_days").is_not_null()).fill_null(False).sum().alias("n_order_days"),
             c("is_synthetic").sum().alias("n_synthetic")]
    cube = d.group_by("municipality_code", "melding_year").agg(aggs)
    per_muni = d.group_by("municipality_code").agg(c("hours_to_signature").median())
    quart = d.select([c("hours_to_signature").quantile(q, "linear").alias(str(q)) for q in (0.25, 0.5, 0.75)]
                     + [c("order_days").filter(dec.fill_null(False)).median().alias("od")])
    orders = d.filter(dec.fill_null(False))
    who = (orders.group_by("relation").len(), orders.group_by("person_age_band").len())
    return cube, per_muni, quart, who


def measure_peers(path: Path, runs: int) -> tuple[dict[str, float], dict[str, str]]:
    import polars as pl

    from procedure.services.statistics import fold_margins
    from store import stats_repo
    from store.db import Database

    db = Database(path)
    try:
        codes = tuple(m["code"] for m in stats_repo.municipalities(db))
        lo, hi = stats_repo.month_range(db, codes)
        sel = stats_repo.Selection(lo, hi, codes)
        out, notes = {}, {}
        t = time.perf_counter()
        pdf = db.cursor().execute("SELECT * FROM v_case_anon").df()
        for col in ("advice_indicated", "decision_huisverbod", "extended", "withdrawn", "breach", "appealed",
                    "repeat_within_12m", "children_present", "is_synthetic"):
            pdf[col] = pdf[col].astype("boolean")
        pdf["rihg_red_mask"] = pdf["rihg_red_mask"].astype("Int64")
        out["laden: v_case_anon naar pandas (eenmalig, niet in de berekening)"] = time.perf_counter() - t
        t = time.perf_counter()
        pldf = pl.from_arrow(db.cursor().sql("SELECT * FROM v_case_anon").to_arrow_table())
        out["laden: v_case_anon naar polars (eenmalig, niet in de berekening)"] = time.perf_counter() - t

        def duck():
            return fold_margins(stats_repo.explorer_margins(db, sel, "year"),
                                stats_repo.explorer_distributions(db, sel))

        # the same figures first: totals of every count, the median hours
        per_muni, _, ov, _ = duck()
        cube_pd, med_pd, quart_pd, _, _ = pandas_explorer(pdf, lo, hi, codes)
        cube_pl, med_pl, quart_pl, _ = polars_explorer(pldf, lo, hi, codes)
        same_pd = all(int(cube_pd[k].sum()) == int(ov[k] or 0) for k in cube_pd.columns) and abs(
            float(quart_pd[0.5]) - float(ov["median_hours_to_signature"])) < 1e-9
        same_pl = all(int(cube_pl[k].sum()) == int(ov[k] or 0) for k in cube_pl.columns if k not in (
            "municipality_code", "melding_year")) and abs(
            float(quart_pl["0.5"][0]) - float(ov["median_hours_to_signature"])) < 1e-9
        notes["zelfde cijfers"] = f"pandas {'ja' if same_pd else 'NEE'}, polars {'ja' if same_pl else 'NEE'}"
        del per_muni, med_pd, med_pl
        out["DuckDB: explorer_margins + explorer_distributions (2 statements)"] = median_time(duck, runs)
        out["pandas: dezelfde berekening (in geheugen)"] = median_time(lambda: pandas_explorer(pdf, lo, hi, codes), runs)
        out["polars: dezelfde berekening (in geheugen)"] = median_time(lambda: polars_explorer(pldf, lo, hi, codes),
                                                                         runs)
        return out, notes
    finally:
        db.close()


def measure_queries(path: Path, runs: int, *, prepare=None) -> dict[str, float]:
    """Median seconds per explorer query and service call on the database at ``path`` (a file or a URL).
    ``prepare(db)``, if given, runs first and returns what the ``query:`` lines read instead of ``db`` (the
    PostgreSQL bench: the analytics copy, or the database directly)."""
    from data.seed import actor_for
    from procedure.app import WthApp
    from store import stats_repo
    from store.db import Database

    db = Database(path)
    try:
        app = WthApp(db)
        src = prepare(db) if prepare is not None else db
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
            "query: alle aantallen per gemeente en per jaar (1 scan)": lambda: stats_repo.explorer_margins(src, sel, "year"),
            "query: alle aantallen per gemeente en per maand (1 scan)": lambda: stats_repo.explorer_margins(src, sel, "month"),
            "query: medianen, kwartielen, voor wie": lambda: stats_repo.explorer_distributions(src, sel),
            "query: maandbereik": lambda: stats_repo.month_range(src, codes),
            "query: aantallen (Midden-Limburg, B3 rood, kinderen)": lambda: stats_repo.explorer_margins(src, sel_f, "year"),
            "service: explore regio per jaar (alle queries + afscherming)": lambda: app.statistics.explore(a, f_year),
            "service: explore regio per maand": lambda: app.statistics.explore(a, f_month),
            "service: explore Midden-Limburg, B3 rood, kinderen": lambda: app.statistics.explore(a, f_midden),
            "service: export XLSX": lambda: app.statistics.export_xlsx(a, f_year),
            "service: export CSV": lambda: app.statistics.export_csv(a, f_year),
            "SQL-box: huisverboden per jaar en subregio": lambda: app.sql_box.run_sql(
                a, "SELECT melding_year, subregion, count(*) AS n FROM v_case_anon WHERE decision_huisverbod "
                   "GROUP BY melding_year, subregion ORDER BY melding_year, subregion"),
        }
        return {k: median_time(fn, runs) for k, fn in out.items()}
    finally:
        db.close()


def measure_pages(path: Path, runs: int) -> dict[str, float]:
    import streamlit as st

    os.environ["WTH_DB_PATH"] = str(path)
    os.environ["WTH_MODE"] = "demo"
    out = {}
    for page in ("pages/verkenner.py", "pages/overzicht.py"):
        st.cache_resource.clear()
        at = logged_in("beleid.regio", "beleidsadviseur")
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
    args = arguments(argv, "10000,100000,1000000", "/tmp/wth-bench")
    import pandas  # noqa: F401  (loaded before any timing: import time is not part of a measurement)
    import polars  # noqa: F401

    sizes = [int(s) for s in args.sizes.split(",")]
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, float]] = {}
    meta, notes = {}, {}
    for n in sizes:
        path = Path(args.dir) / f"stats-{n}.duckdb"
        gen, rows, live = build(path, n)
        size = path.stat().st_size + (Path(str(path) + ".wal").stat().st_size if Path(str(path) + ".wal").exists() else 0)
        r = {}
        peers, notes[n] = measure_peers(path, args.runs)
        r.update(peers)
        r.update(measure_queries(path, args.runs))
        r.update(measure_pages(path, args.runs))
        results[n] = r
        meta[n] = (gen, rows, size, live)
        print(f"{n}: {rows} rijen in v_case_anon ({live} lopende zaken), genereren {gen:.1f} s, {size / 1e6:.1f} MB",
              file=sys.stderr)
    names = list(results[sizes[0]])
    head = "| meting | " + " | ".join(f"{n:,}".replace(",", ".") + " historie" for n in sizes) + " | groei tijd (data x" \
           + f"{sizes[-1] // sizes[0]}) |"
    print(head)
    print("|---|" + "---:|" * (len(sizes) + 1))
    print("| lopende zaken (hv_case) | " + " | ".join(str(meta[n][3]) for n in sizes) + " | |")
    print("| rijen in v_case_anon (incl. demo-historie) | " + " | ".join(str(meta[n][1]) for n in sizes) + " | |")
    print("| genereren (s) | " + " | ".join(f"{meta[n][0]:.2f}" for n in sizes) + " | |")
    print("| databasegrootte (MB) | " + " | ".join(f"{meta[n][2] / 1e6:.1f}" for n in sizes)
          + f" | x{meta[sizes[-1]][2] / meta[sizes[0]][2]:.1f} |")
    for name in names:
        vals = [results[n][name] for n in sizes]
        growth = vals[-1] / vals[0] if vals[0] else float("nan")
        print(f"| {name} (mediaan, s) | " + " | ".join(f"{v:.3f}" for v in vals) + f" | x{growth:.1f} |")
    duck = "DuckDB: explorer_margins + explorer_distributions (2 statements)"
    print("| polars / DuckDB (dezelfde berekening; > 1 = DuckDB sneller) | " + " | ".join(
        f"{results[n]['polars: dezelfde berekening (in geheugen)'] / results[n][duck]:.2f}" for n in sizes) + " | |")
    print("| pandas / DuckDB | " + " | ".join(
        f"{results[n]['pandas: dezelfde berekening (in geheugen)'] / results[n][duck]:.2f}" for n in sizes) + " | |")
    print("| zelfde cijfers als DuckDB | " + " | ".join(notes[n]["zelfde cijfers"] for n in sizes) + " | |")
    big = sizes[-1]
    ex = results[big]["service: explore regio per jaar (alle queries + afscherming)"]
    pg = results[big]["page: pages/verkenner.py (AppTest-run, beleidsadviseur)"]
    print(f"\nDoelen issue 12 bij {big:,} historie + {meta[big][3]:,} lopende zaken (gemeld, niet afgedwongen): "
          f"explore {ex:.3f} s (doel <= 0,25 s: {'gehaald' if ex <= 0.25 else 'NIET gehaald'}), verkenner-pagina "
          f"{pg:.3f} s (doel <= 0,6 s: {'gehaald' if pg <= 0.6 else 'NIET gehaald'}), DuckDB sneller dan polars: "
          f"{'ja' if results[big]['polars: dezelfde berekening (in geheugen)'] > results[big][duck] else 'nee'}.")
    if not os.environ.get("KEEP_BENCH_DB"):
        shutil.rmtree(args.dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
