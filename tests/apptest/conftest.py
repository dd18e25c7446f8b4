"""AppTest fixtures: a demo database with a few cases, a logged-in AppTest per user, and a guard that
fails any AppTest test during which a deprecation is reported (issue 12)."""
from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path

import pytest
import streamlit as st
import streamlit.deprecation_util
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


_DEPRECATION_TEXT = re.compile(r"deprecat|will be removed|no longer supported|please replace", re.IGNORECASE)
_DEPRECATION_CATEGORIES = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)


class _Collect(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if _DEPRECATION_TEXT.search(message):
            self.sink.append(f"log {record.name}: {message}")


class Deprecations:
    """What was reported so far in this test (see :func:`no_deprecations`)."""

    def __init__(self):
        self.reported: list[str] = []        # Streamlit notices and log lines
        self.caught: list = []                # warnings.WarningMessage, filled by catch_warnings

    def messages(self) -> list[str]:
        return self.reported + [f"{w.category.__name__} at {w.filename}:{w.lineno}: {w.message}"
                                for w in self.caught if issubclass(w.category, _DEPRECATION_CATEGORIES)]

    def clear(self) -> None:
        self.reported.clear()
        self.caught.clear()


@pytest.fixture(autouse=True)
def no_deprecations(monkeypatch):
    """Fail the test when anything reports a deprecation while it runs: a Python DeprecationWarning,
    PendingDeprecationWarning or FutureWarning (from any module and thread, whatever pytest.ini's filters
    say), a Streamlit deprecation notice (``streamlit.deprecation_util`` logs those on its own loggers,
    which do not propagate, so pytest's log capture never sees them) or any log line on a Streamlit
    logger that says something is deprecated or will be removed. pytest.ini's filters don't hide them
    here: the filter is "always" while the test runs. A test that provokes one on purpose checks
    ``messages()`` and calls ``clear()``."""
    seen = Deprecations()
    original = streamlit.deprecation_util.show_deprecation_warning

    def record(message, *args, **kwargs):
        seen.reported.append(f"streamlit: {message}")
        return original(message, *args, **kwargs)

    monkeypatch.setattr(streamlit.deprecation_util, "show_deprecation_warning", record)
    handler = _Collect(seen.reported)
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
               if name.startswith("streamlit")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            seen.caught = caught
            yield seen
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    found = seen.messages()
    assert not found, "deprecations reported during the test:\n" + "\n".join(dict.fromkeys(found))


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
    from procedure.app import WthApp
    from store.db import Database
    from tests.conftest import FixedClock, walk

    path = tmp_path / f"{until}.duckdb"
    path.write_bytes(template.read_bytes())
    db = Database(path)
    app = WthApp(db, clock=FixedClock(at or datetime.now(timezone.utc)))

    class Actors(dict):
        def __missing__(self, k):
            self[k] = actor_for(db, k)
            return self[k]
    case_id = walk(app, Actors(), until=until, **over)
    t0 = app.case_file.get_case(Actors()["hovj.noord"], case_id).case["served_at"]
    if extra:
        extra(db)
    db.close()
    st.cache_resource.clear()
    monkeypatch.setenv("WTH_DB_PATH", str(path))
    return path, case_id, t0


def html_tables(at: AppTest) -> list:
    """The read-only tables a page drew with ``ui.tables.table`` (HTML, issue 17), each as a DataFrame of the texts
    shown (strings, headings as columns), in page order."""
    import pandas as pd
    from lxml import html as lxml_html

    out = []
    for el in at.get("html"):
        body = getattr(el.proto, "body", "")
        if 'class="wth-table"' not in body:
            continue
        for t in lxml_html.fromstring(body).xpath('//table[@class="wth-table"]'):
            heads = [th.text_content() for th in t.xpath("./thead/tr/th")]
            rows = [[td.text_content() for td in tr.xpath("./td")] for tr in t.xpath("./tbody/tr")]
            out.append(pd.DataFrame(rows, columns=heads))
    return out
