"""AppTest fixtures: a demo database with a few cases, and a logged-in AppTest per user."""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory) -> str:
    from data.seed import create_demo
    from store.db import Database

    path = tmp_path_factory.mktemp("apptest") / "wth.duckdb"
    db = Database(path)
    create_demo(db, n_cases=12, password_rounds=4)
    db.close()
    return str(path)


@pytest.fixture(autouse=True)
def _env(demo_db_path, monkeypatch):
    monkeypatch.setenv("WTH_DB_PATH", demo_db_path)
    monkeypatch.setenv("WTH_MODE", "demo")
    yield
    st.cache_resource.clear()


def login_as(username: str, role: str) -> AppTest:
    """An AppTest seeded as the app's own login leaves the session (design.md, pitfalls)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = username
    at.session_state["email"] = f"{username}@demo.invalid"
    at.session_state["roles"] = [role]
    at.session_state["logout"] = None
    return at


def case_database(template, tmp_path, monkeypatch, *, until: str, at=None, extra=None, **over):
    """A copy of the seeded template with one case walked through the services up to ``until``
    (see tests.conftest.walk) at clock ``at`` (default now); ``extra(db)`` may add more before the
    app opens it. Points the app at it and returns ``(path, case_id, t0 or None)``."""
    from datetime import datetime, timezone

    from data.seed import actor_for
    from procedure.service import WthService
    from store.db import Database
    from tests.conftest import FixedClock, walk

    path = tmp_path / f"{until}.duckdb"
    path.write_bytes(template.read_bytes())
    db = Database(path)
    svc = WthService(db, clock=FixedClock(at or datetime.now(timezone.utc)))

    class Actors(dict):
        def __missing__(self, k):
            self[k] = actor_for(db, k)
            return self[k]
    case_id = walk(svc, Actors(), until=until, **over)
    t0 = svc.get_case(Actors()["hovj.noord"], case_id).case["served_at"]
    if extra:
        extra(db)
    db.close()
    st.cache_resource.clear()
    monkeypatch.setenv("WTH_DB_PATH", str(path))
    return path, case_id, t0
