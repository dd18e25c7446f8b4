"""A full disk during the login or a click shows the Dutch message with an error id, never Streamlit's English
exception box (issue 11, attack finding 9)."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from procedure.services import accounts
from store.db import StorageError
from tests.apptest.conftest import ROOT, login_as
from tests.apptest.test_access_pages import submit_login


def _full_disk(*_a, **_kw):
    raise StorageError("abcd1234")


def _shown(at) -> str:
    return " ".join(e.value for e in at.error)


def test_a_full_disk_while_a_logged_in_user_clicks_shows_dutch_with_an_error_id(monkeypatch):
    monkeypatch.setattr(accounts, "touch", _full_disk)            # the every-minute activity write fails
    at = login_as("oov.venlo", "gemeente").run()
    assert not at.exception, at.exception
    shown = _shown(at)
    assert "niet opgeslagen" in shown and "abcd1234" in shown and "/" not in shown.replace("en/of", ""), shown


def test_a_full_disk_at_the_login_shows_dutch_with_an_error_id(monkeypatch):
    monkeypatch.setattr(accounts.admin_repo, "insert_login_attempt", _full_disk)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    submit_login(at, "oov.venlo", "Demo-Wth-2026!")
    assert not at.exception, at.exception
    shown = _shown(at)
    assert "niet opgeslagen" in shown and "abcd1234" in shown, shown
    assert at.session_state["authentication_status"] is not True
