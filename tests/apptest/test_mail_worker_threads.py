"""Issue 15's mail worker runs once per process: clearing Streamlit's cached resources (a new app object, as every
AppTest and a reconfigured server do) stops the old worker instead of leaving one more thread that wakes every
minute and walks every user's work queue."""
from __future__ import annotations

import threading
import time

import streamlit as st

from tests.apptest.conftest import login_as


def _workers() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "wth-mail-worker" and t.is_alive())


def test_clearing_the_cache_leaves_one_mail_worker(demo_db_path, monkeypatch):
    monkeypatch.setenv("WTH_DB_PATH", demo_db_path)
    for _ in range(3):
        st.cache_resource.clear()
        at = login_as("hovj.noord", "hovj")
        at.run()
        assert not at.exception
    deadline = time.monotonic() + 5
    while _workers() > 1 and time.monotonic() < deadline:   # a stopped worker ends at its next wake-up check
        time.sleep(0.05)
    assert _workers() == 1
