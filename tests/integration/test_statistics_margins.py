"""The explorer's counts summed per municipality and per period in SQL (``stats_repo.explorer_margins``) give exactly
the figures of the former Python fold over every municipality x period cell, small-cell protection included.

The former implementation (one row per municipality x period from the database, added up in Python) is kept here
as the reference. For per-month and per-year selections over a generated history (small and large cells, so both
"< 5" and "x" occur) the whole ``explore`` answer — every count, its status (shown / "< 5" / "x"), every rate,
share and median — is computed both ways and compared. Runs on DuckDB and on PostgreSQL (``--engine``).
"""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from procedure.domain.disclosure import SECONDARY, SUPPRESSED
from procedure.services import statistics as stats_service
from store import analytics, stats_repo


# -- the reference: the implementation before the sums moved into SQL ---------------------------------------------
def reference_cube(db, sel, by: str) -> list[dict[str, Any]]:
    """One row per municipality x period (the former ``stats_repo.explorer_cube``)."""
    col = {"month": "melding_month", "year": "melding_year"}[by]
    where, params = stats_repo._where(sel)
    return db.query(
        f"SELECT municipality_code, period, {stats_repo._CUBE_SQL} FROM (SELECT *, {col} AS period, "
        "CASE WHEN decision_huisverbod IS NOT NULL THEN rihg_red_mask END AS rm "
        f"FROM v_case_anon WHERE {where}) x GROUP BY municipality_code, period", params)


def reference_fold(cube: list[dict[str, Any]], dist: dict[str, Any]) -> tuple[dict, list, dict, list]:
    """The former ``fold_cube``: the cells added up in Python per municipality, per period and in total (the medians
    and "for whom" rows, which did not change, from the service)."""
    keys = [k for k in (cube[0] if cube else {}) if k not in ("municipality_code", "period")]
    per_muni: dict[str, dict[str, Any]] = {}
    per_period: dict[Any, dict[str, Any]] = {}
    total = {k: 0 for k in keys}
    for r in cube:
        m = per_muni.setdefault(r["municipality_code"], {"municipality_code": r["municipality_code"],
                                                         **{k: 0 for k in keys}})
        p = per_period.setdefault(r["period"], {"period": r["period"], **{k: 0 for k in keys}})
        for k in keys:
            v = int(r[k] or 0)
            m[k] += v
            p[k] += v
            total[k] += v
    ov, who_rows = stats_service.with_distributions(per_muni, total, dist)    # (unchanged: medians, quartiles)
    return per_muni, [per_period[p] for p in sorted(per_period)], ov, who_rows


SELECTIONS = {
    "regio per maand, alles": {"by": "month"},
    "regio per maand, 2 jaar": {"by": "month", "month_from": date(2024, 5, 1), "month_to": date(2026, 4, 1)},
    "Mook per maand": {"by": "month", "municipalities": ["GM0944"], "month_from": date(2024, 1, 1),
                       "month_to": date(2025, 12, 1)},
    "Midden-Limburg verlengd per maand": {"by": "month", "subregion": "Midden-Limburg", "outcome": "verlengd",
                                          "month_from": date(2025, 1, 1), "month_to": date(2025, 12, 1)},
    "regio per maand, B3 rood, kinderen": {"by": "month", "signal": "B3", "children": True},
    "regio per jaar": {"by": "year"},
    "Venlo en Roermond per jaar, partner": {"by": "year", "municipalities": ["GM0983", "GM0957"],
                                            "relation": "partner"},
}


@pytest.fixture
def history_db(db):
    """The demo history plus a generated batch: both small and large cells per municipality x month."""
    from data import generator

    generator.generate(db, n_cases=4000, years=(2022, 2026), batch="test", last_month=date(2026, 4, 1))
    return db


def _statuses(ex) -> set[str]:
    cells = [f for row in ex.municipalities + ex.subregions + ex.periods + [ex.total] for f in row.counts.values()]
    return {f.shown for f in cells if f.suppressed}


def test_explorer_margins_equal_the_python_fold_of_every_cell(app, actors, history_db, monkeypatch):
    db = history_db
    monkeypatch.setattr(analytics, "source", lambda d: d)       # read the case database itself on both engines
    a = actors["beleid.regio"]
    lo, hi = app.statistics.stats_options(a)["month_min"], app.statistics.stats_options(a)["month_max"]
    seen: set[str] = set()
    for name, over in SELECTIONS.items():
        f = {"month_from": lo, "month_to": hi, **over}
        sel, _, _ = app.statistics._selection(a, f)
        # the folded counts themselves: per municipality, per period (same order) and overall
        dist = stats_repo.explorer_distributions(db, sel)
        new = stats_service.fold_margins(stats_repo.explorer_margins(db, sel, f["by"]), dist)
        old = reference_fold(reference_cube(db, sel, f["by"]), dist)
        assert new == old, name
        assert len(new[1]) > (12 if f["by"] == "month" and name != "Midden-Limburg verlengd per maand" else 1), name
        # the whole protected answer
        now = app.statistics.explore(a, f)
        with monkeypatch.context() as m:
            m.setattr(stats_repo, "explorer_margins", reference_cube)
            m.setattr(stats_service, "fold_margins", reference_fold)
            before = app.statistics.explore(a, f)
        assert now == before, name
        assert [p.label for p in now.periods] == [p.label for p in before.periods], name
        seen |= _statuses(now)
    assert {SUPPRESSED, SECONDARY} <= seen        # the selections exercise both kinds of suppression


def test_explorer_margins_of_an_empty_selection(app, actors, db):
    """A selection without any row gives no margins (as the cells gave none)."""
    munis = tuple(m["code"] for m in stats_repo.municipalities(db))
    sel = stats_repo.Selection(date(1990, 1, 1), date(1990, 12, 1), munis)
    assert stats_repo.explorer_margins(db, sel, "month") == ([], [])
    assert reference_cube(db, sel, "month") == []
