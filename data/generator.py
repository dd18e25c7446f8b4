"""Synthetic, anonymous case history for statistics and benchmarks (issue 6), calibrated to procedure.md 8.
Implements no article of the Wth: history in the shape the anonymous view v_case_anon reads.

The rows go to ``case_stats_history`` (migration 006), never to ``hv_case``: they carry no names or addresses and
do not appear in any case worker's list. Every row is marked ``is_synthetic``. Generation is one vectorised INSERT
(hash-based pseudo-random numbers in DuckDB), so a million rows take seconds.

Calibration (procedure.md section 8; the other shares are assumptions for a realistic demo, marked below):

- about 2 orders per 10,000 inhabitants per year (national, 2012) — used by :func:`seed_history`;
- about 22 % of assessments end without an order; about 38 % of orders extended; a few % withdrawn (8 % in 2009;
  we use 5 %); appeals rare (2 %); children present in about 70 % of orders;
- assumptions: breach registered in 8 % of orders, 10 % of orders follow an earlier order of the same person
  (a bit more than half of those within 12 months), relation and age-band shares below, 1 in 6 appeals annulled.

Command (works on a database that no app holds; DuckDB allows one process per file)::

    python -m data.generator --db var/bench.duckdb --cases 1000000 --years 2022-2026 [--batch bench] [--seed 7]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, datetime

from data.reference import load_reference
from procedure.domain.statistics import month_starts
from store import stats_repo
from store.db import Database

ORDERS_PER_10K_PER_YEAR = 2.0
SHARE_WITHOUT_ORDER = 0.22

#: probabilities used by the SQL generator (store.stats_repo.insert_history_plan)
CALIBRATION = {
    # P(order | advice) and P(order | no advice) give ~78 % orders with the red-signal rates below
    "order_if_advice": 0.93,
    "order_if_no_advice": 0.48,
    "red_A": 0.16, "red_B": 0.20, "red_C": 0.10, "blue": 0.22,
    "extended": 0.40,          # before withdrawal: ~38 % of all orders end up extended
    "withdrawn": 0.05,
    "appealed": 0.02,
    "annulled": 0.02 / 6,
    "breach": 0.08,            # assumption
    "children": 0.70,
    "children_no_order": 0.60,  # assumption
    "previous_order": 0.10,    # assumption: share of orders with an earlier order for the same person
    "relations": [("partner", 0.55), ("ex_partner", 0.20), ("ouder", 0.12), ("broer_zus", 0.04),
                  ("grootouder", 0.02), ("huisgenoot", 0.03)],          # rest: overig_familie (assumption)
    "age_bands": [("18-24", 0.10), ("25-34", 0.25), ("35-44", 0.28), ("45-54", 0.22), ("55-64", 0.11)],  # rest 65+
}


def _month_weight(month: date, first_year: int) -> float:
    """Mild growth (3 % a year) and seasonality (more in summer and December) — an assumption for the demo."""
    season = {6: 1.1, 7: 1.15, 8: 1.1, 12: 1.1}.get(month.month, 1.0)
    return (1.03 ** (month.year - first_year)) * season


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split of ``total`` over ``weights`` (exact sum, deterministic)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


def _population(db: Database) -> dict[str, int]:
    pops: dict[str, int] = {}
    for r in stats_repo.population(db):          # latest year per municipality
        pops[r["municipality_code"]] = r["inhabitants"]
    return pops


def plan_cases(db: Database, n_cases: int, first: date, last: date) -> list[tuple[str, date, int]]:
    """Split ``n_cases`` assessments over municipalities (by inhabitants) and months (growth, season)."""
    pops = _population(db)
    months = month_starts(first, last)
    cells = [(code, m) for code in sorted(pops) for m in months]
    weights = [pops[code] * _month_weight(m, first.year) for code, m in cells]
    return [(code, m, n) for (code, m), n in zip(cells, _allocate(n_cases, weights))]


def generate(db: Database, *, n_cases: int, years: tuple[int, int], batch: str = "bench", seed: int = 7,
             replace: bool = True, last_month: date | None = None) -> int:
    """Generate ``n_cases`` anonymous synthetic assessments for ``years`` (inclusive) in one transaction.

    Args:
        replace: delete the earlier rows of the same ``batch`` first.
        last_month: stop at this month (default: December of the last year).

    Returns:
        rows inserted.
    """
    first, last = date(years[0], 1, 1), last_month or date(years[1], 12, 1)
    plan = plan_cases(db, n_cases, first, last)
    with db.transaction() as cur:
        if replace:
            stats_repo.delete_history(cur, batch)
        return stats_repo.insert_history_plan(cur, plan, batch=batch, seed=seed,
                                              first_id=stats_repo.max_history_id(cur), p=CALIBRATION)


def seed_history(db: Database, now: datetime, *, years_back: int = 4, seed: int = 2026) -> int:
    """The demo's anonymous history (called by :func:`data.seed.create_demo`): from January ``years_back`` years
    ago up to last month, at ~2 orders per 10,000 inhabitants a year (+22 % assessments without order) per
    municipality. In the last 12 months the live demo cases count too, so only the difference is generated.

    Returns:
        rows inserted (a few hundred; well under a second).
    """
    if stats_repo.history_size(db).get("demo"):
        return 0
    this_month = date(now.year, now.month, 1)
    last = month_starts(date(now.year - 1, now.month, 1), this_month)[-2]     # last complete month
    first = date(now.year - years_back, 1, 1)
    recent_from = date(now.year - 1, now.month, 1)
    pops = _population(db)
    live = stats_repo.live_counts_per_municipality(db, recent_from)
    per_year = {code: pop / 10_000 * ORDERS_PER_10K_PER_YEAR / (1 - SHARE_WITHOUT_ORDER) for code, pop in pops.items()}
    plan = []
    for code in sorted(pops):
        old = [m for m in month_starts(first, last) if m < recent_from]
        recent = [m for m in month_starts(recent_from, last)]
        n_old = round(per_year[code] * len(old) / 12)
        n_recent = max(0, round(per_year[code] * len(recent) / 12) - live.get(code, 0))
        plan += [(code, m, n) for m, n in zip(old, _allocate(n_old, [_month_weight(m, first.year) for m in old]))]
        plan += [(code, m, n) for m, n in zip(recent, _allocate(n_recent, [1.0] * len(recent)))]
    with db.transaction() as cur:
        return stats_repo.insert_history_plan(cur, plan, batch="demo", seed=seed,
                                              first_id=stats_repo.max_history_id(cur), p=CALIBRATION)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m data.generator",
                                 description="Synthetische, anonieme zaakhistorie voor statistiek en benchmarks.")
    ap.add_argument("--db", required=True, help="het DuckDB-bestand (wordt aangemaakt; niet terwijl de app draait)")
    ap.add_argument("--cases", type=int, required=True, help="aantal risicotaxaties (rijen)")
    ap.add_argument("--years", default="2022-2026", help="jaren, bijvoorbeeld 2022-2026")
    ap.add_argument("--batch", default="bench", help="naam van de reeks; een bestaande reeks wordt vervangen")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    try:
        y0, y1 = (int(x) for x in args.years.split("-"))
        if y0 > y1 or args.cases < 0:
            raise ValueError
    except ValueError:
        print("--years moet de vorm 2022-2026 hebben en --cases mag niet negatief zijn", file=sys.stderr)
        return 2
    db = Database(args.db)
    try:
        load_reference(db)
        t = time.perf_counter()
        n = generate(db, n_cases=args.cases, years=(y0, y1), batch=args.batch, seed=args.seed)
        took = time.perf_counter() - t
    finally:
        db.close()
    print(f"{n} synthetische rijen in reeks '{args.batch}' ({y0}-{y1}) in {took:.1f} s; "
          f"database {os.path.getsize(args.db) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
