"""Benchmark of the cost module: prints a table of timings (median of repeats, ms).
Implements no article of the Wth: measures the cost arithmetic of issue 5 (costs.md).

Run: ``python -m bench.bench_costs`` (pure Python + an in-memory DuckDB; no app needed).
"""
from __future__ import annotations

import random
import statistics
import time
from datetime import date, datetime, timezone


def _t(fn, repeat: int = 7) -> float:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


def main() -> None:
    from costs.accounts import AccountRecord, Organisation
    from costs.overview import build_overview
    from costs.population import parse_cbs_csv
    from costs.report import ReportInput, render_cost_report
    from costs.accession import regional_decision
    from costs.savings import DEFAULTS, savings
    from costs.split import largest_remainder
    from costs.tariffs import TariffBook
    from data.costs_seed import seed_costs
    from data.reference import load_reference
    from store.db import Database
    from store import costs_repo

    rnd = random.Random(1)
    rows = []
    w15 = {f"GM{i:04d}": rnd.randint(5000, 110000) for i in range(15)}
    rows.append(("largest_remainder, 15 gemeenten", _t(lambda: largest_remainder(180000, w15), 50)))
    w10k = {f"GM{i:05d}": rnd.randint(1, 10**6) for i in range(10_000)}
    rows.append(("largest_remainder, 10.000 eenheden", _t(lambda: largest_remainder(10**9, w10k))))

    db = Database(":memory:")
    now = datetime(2026, 5, 1, 9, tzinfo=timezone.utc)
    load_reference(db, now)
    t = time.perf_counter()
    seed_costs(db, now)
    rows.append(("seed_costs (demo: accounts, besluiten, budgetten)", (time.perf_counter() - t) * 1000))
    munis = db.query("SELECT code, name, subregion FROM municipality")
    pop = costs_repo.population(db)
    book = TariffBook(costs_repo.tariffs(db))
    accs = [AccountRecord.from_row(r) for r in costs_repo.accounts(db)]
    codes = [m["code"] for m in munis]
    counts = {c: {"procedures": rnd.randint(0, 40), "huisverboden": rnd.randint(0, 30)} for c in codes}

    def ov():
        return build_overview(year=2026, today=date(2026, 5, 1), municipalities=munis, population=pop, tariffs=book,
                              accounts=accs, counts=counts, budgets={}, codes=codes)
    rows.append(("build_overview, regio (15 gemeenten)", _t(ov)))
    o = ov()
    bands = {r.code: savings(DEFAULTS, r.huisverboden) for r in o.rows}
    rows.append(("kostenrapport PDF, regio", _t(lambda: render_cost_report(ReportInput(
        o, "Regio", now, DEFAULTS, bands, regional_decision(munis, {}), None, True)), 3)))
    lines = ['"Regio\'s";"Perioden";"Bevolking op 1 januari (aantal)"']
    for y in range(2017, 2026):
        lines += [f'"Gemeente {i}";"{y}";"{rnd.randint(1000, 900000)}"' for i in range(340)]
        lines += [f'"{m["name"]}";"{y}";"{rnd.randint(5000, 110000)}"' for m in munis]
    data = "\n".join(lines).encode()
    rows.append((f"CBS-import lezen ({len(lines) - 1} regels, {len(data) // 1024} kB)", _t(lambda: parse_cbs_csv(data, munis),
                                                                                        3)))
    db.close()
    width = max(len(r[0]) for r in rows)
    print(f"{'meting'.ljust(width)}  ms (mediaan)")
    for name, ms in rows:
        print(f"{name.ljust(width)}  {ms:10.2f}")


if __name__ == "__main__":
    main()
