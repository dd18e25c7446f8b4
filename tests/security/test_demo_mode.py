"""Demo mode is explicit (issue 11): without WTH_MODE a server reachable from other computers does not start (a
Dutch message, no traceback); with WTH_MODE=demo the login screen says which mode runs and why."""
from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.apptest.conftest import ROOT


@pytest.fixture
def demo_db(_template_db, tmp_path):
    path = tmp_path / "wth.duckdb"
    path.write_bytes(_template_db.read_bytes())
    return path


def _run(monkeypatch, demo_db, **env) -> AppTest:
    monkeypatch.delenv("WTH_MODE", raising=False)
    monkeypatch.delenv("WTH_COOKIE_KEY", raising=False)
    monkeypatch.setenv("WTH_DB_PATH", str(demo_db))
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    st.cache_resource.clear()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def test_without_wth_mode_a_server_on_every_interface_refuses_to_start(monkeypatch, demo_db):
    at = _run(monkeypatch, demo_db)              # AppTest, like a bare `streamlit run app.py`: no server.address
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "WTH_MODE ontbreekt" in shown and "WTH_MODE=demo" in shown, shown
    assert not any(t.label == "Gebruikersnaam" for t in at.text_input)


def test_explicit_demo_mode_says_so_on_the_login_screen(monkeypatch, demo_db):
    at = _run(monkeypatch, demo_db, WTH_MODE="demo")
    assert not at.exception
    assert any("Demo-modus (WTH_MODE=demo)" in i.value for i in at.info)
    assert any(t.label == "Gebruikersnaam" for t in at.text_input)
