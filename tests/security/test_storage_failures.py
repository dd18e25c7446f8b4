"""A database that can't be opened or a full disk gives a Dutch message with an error id, never a server path; a
failed save does not burn a case number (issue 11, point 2)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.apptest.conftest import ROOT
from tests.conftest import melding_form

SCRIPT = r"""
import json, os, resource, signal, sys
sys.path.insert(0, {root!r})
from datetime import datetime, timezone
from data.seed import actor_for
from procedure.app import WthApp
from procedure.domain.errors import DomainError
from store.db import Database
from tests.conftest import FixedClock, melding_form

db = Database({path!r})
app = WthApp(db, clock=FixedClock(datetime(2026, 5, 12, 12, 0, tzinfo=timezone.utc)))
hovj = actor_for(db, "hovj.noord")
first = app.intake.create_melding(hovj, melding_form(person_surname="Eerste"))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY))   # no file may grow: the disk is full
out = {{"first": first}}
try:
    app.intake.create_melding(hovj, melding_form(person_surname="Tweede", incident_description="Lange beschrijving " * 90))
    out["error"] = None
except DomainError as exc:
    out.update(error=type(exc).__name__, message=exc.message, ref=getattr(exc, "ref", None))
resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))   # space again
out["after"] = app.intake.create_melding(hovj, melding_form(person_surname="Derde"))
print("RESULT" + json.dumps(out))
"""


def _number(case_id: str) -> int:
    return int(case_id.rsplit("-", 1)[1])


def test_a_failed_save_does_not_burn_a_case_number(app, actors, monkeypatch):
    from store import repo

    h = actors["hovj.noord"]
    first = app.intake.create_melding(h, melding_form(person_surname="Eerste"))

    def broken(*a, **k):
        raise RuntimeError("storing the household failed")
    with monkeypatch.context() as m:
        m.setattr(repo, "replace_members", broken)
        with pytest.raises(RuntimeError):
            app.intake.create_melding(h, melding_form(person_surname="Tweede"))
    second = app.intake.create_melding(h, melding_form(person_surname="Derde"))
    assert _number(second) == _number(first) + 1, (first, second)


def test_a_full_disk_gives_a_dutch_message_with_an_error_id_and_no_path(_template_db, tmp_path):
    """A real write failure: the database process may not grow its files any more (RLIMIT_FSIZE, as on a full
    disk). The save is refused with a Dutch message and an error id; the next save after space returns gets the
    very next case number."""
    path = tmp_path / "vol" / "wth.duckdb"
    path.parent.mkdir()
    path.write_bytes(_template_db.read_bytes())
    out = subprocess.run([sys.executable, "-c", SCRIPT.format(root=str(ROOT), path=str(path))], capture_output=True,
                         text=True, timeout=120, cwd=ROOT)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT")), None)
    assert line, out.stdout[-2000:] + out.stderr[-3000:]
    res = json.loads(line[len("RESULT"):])
    assert res["error"] == "StorageError", res
    msg = res["message"]
    assert "niet opgeslagen" in msg and "schijf vol" in msg and f"foutcode {res['ref']}" in msg
    assert re.fullmatch(r"[0-9a-f]{8}", res["ref"])
    assert "/" not in msg and str(tmp_path) not in msg and "duckdb" not in msg.lower()
    # the log has the details under the same id, for the beheerder
    assert res["ref"] in out.stderr and "wth.duckdb" in out.stderr
    assert _number(res["after"]) == _number(res["first"]) + 1


@pytest.mark.parametrize("case", ["kapot", "in_gebruik"])
def test_a_database_that_cannot_be_opened_gives_a_dutch_message_with_an_error_id(tmp_path, monkeypatch, case):
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "geheim-pad" / "wth.duckdb"
    path.parent.mkdir()
    holder = None
    if case == "kapot":
        path.write_bytes(b"dit is geen database " * 500)
    else:                                   # another process holds the file
        from store.db import Database
        Database(path).close()
        holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                                   "print('open', flush=True); time.sleep(60)", str(path)], stdout=subprocess.PIPE,
                                  text=True)
        assert holder.stdout.readline().strip() == "open"
    monkeypatch.setenv("WTH_DB_PATH", str(path))
    monkeypatch.setenv("WTH_MODE", "productie")
    monkeypatch.setenv("WTH_COOKIE_KEY", "Sleutel-voor-de-test-0123456789-abcdefXYZ")
    try:
        import streamlit as st
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    finally:
        if holder:
            holder.kill()
            holder.wait()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "De app kan niet starten" in shown and re.search(r"foutcode [0-9a-f]{8}", shown), shown
    assert ("in gebruik door een ander proces" if case == "in_gebruik" else "beschadigd") in shown
    assert "geheim-pad" not in shown and "/" not in shown and "Error" not in shown, shown
