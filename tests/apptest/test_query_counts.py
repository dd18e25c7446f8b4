"""A fixed number of queries per page (issue 12, point 2): every SQL statement a page run sends to DuckDB is
counted (all of them go through ``Database.cursor()``) on a database with about 100 cases and on one with about
2,000 cases of every kind; the counts must be equal. A per-row query (``get_case`` for every archived case, a
mandate lookup per draft) makes the second count grow and fails this test."""
from __future__ import annotations

import shutil
from datetime import datetime, timezone

import pytest
import streamlit as st

from bench.bench_live import PAGES           # the pages bench_live times are the ones counted here
from bench.common import CountingCursor
from store.db import Database
from tests.apptest.conftest import login_as

SIZES = (100, 2000)


def scaled_plan(n: int) -> list[tuple[str, int, str | None]]:
    """About ``n`` cases, the same share of every kind (so every list grows with n); half of each kind in Venlo
    (the municipality of the users below), so no list a page shows is empty at either size."""
    from data.live_generator import KINDS

    per = max(2, n // len(KINDS))
    return [p for k in KINDS for p in ((k, per // 2, "GM0983"), (k, per - per // 2, None))]


@pytest.fixture(scope="module")
def databases(_template_db, tmp_path_factory):
    from data.live_generator import generate_live

    out = {}
    for n in SIZES:
        path = tmp_path_factory.mktemp(f"q{n}") / "wth.duckdb"
        shutil.copy(_template_db, path)
        db = Database(path)
        generate_live(db, scaled_plan(n), now=datetime.now(timezone.utc))
        out[n] = (str(path), db.scalar("SELECT count(*) FROM hv_case"))
        db.close()
    return out


def _count(path: str, user: str, role: str, page: str, state: dict, monkeypatch) -> list[str]:
    monkeypatch.setenv("WTH_DB_PATH", path)
    st.cache_resource.clear()
    at = login_as(user, role)
    at.run()
    at.switch_page(f"pages/{page}.py")
    for k, v in state.items():
        at.session_state[k] = v
    at.run()                                          # warm: login, caches, the page once
    assert not at.exception, [e.value for e in at.exception]
    tally: list[str] = []
    real = Database.cursor
    monkeypatch.setattr(Database, "cursor", lambda self: CountingCursor(real(self), tally))
    try:
        at.run()
    finally:
        monkeypatch.setattr(Database, "cursor", real)
    assert not at.exception, [e.value for e in at.exception]
    return tally


@pytest.mark.parametrize("user,role,page,state", PAGES, ids=lambda x: x if isinstance(x, str) else "")
def test_queries_per_page_do_not_grow_with_the_cases(databases, user, role, page, state, monkeypatch):
    (small, n_small), (large, n_large) = databases[SIZES[0]], databases[SIZES[1]]
    assert n_large >= 15 * n_small // 2
    a = _count(small, user, role, page, state, monkeypatch)
    b = _count(large, user, role, page, state, monkeypatch)
    assert len(a) > 0
    assert len(a) == len(b), (f"{page} as {user}: {len(a)} queries at {n_small} cases, {len(b)} at {n_large}",
                              sorted(set(b) - set(a))[:5])
