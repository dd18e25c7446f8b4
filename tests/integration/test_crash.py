"""Crash safety (issue 7, Reliability): a separate process writes through the real store and services
and prints an acknowledgement after every committed write; the test SIGKILLs it mid-burst, reopens the
database and checks that every acknowledged write is there and the database opens cleanly.

DuckDB appends each commit to its write-ahead log (``<file>.wal``) before COMMIT returns and replays it
on the next open; PostgreSQL's COMMIT returns after its WAL is flushed and a killed client's open
transaction is rolled back by the server. This test checks exactly that promise from the outside, at
different kill moments, on both engines.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.db import Database

ROOT = Path(__file__).resolve().parents[2]

# The writer: a melding (insert of a case, members and two audit rows), then a RiHG save on it (update
# with a version check) — each acknowledged only after its transaction committed.
WRITER = r"""
import sys
from datetime import date, time as dtime
from data.seed import actor_for
from procedure.app import WthApp
from procedure.domain.rihg import Assessment, Colour
from store.db import Database

db = Database(sys.argv[1])
app = WthApp(db)
h = actor_for(db, "hovj.noord")
cat = app.assessment.catalogue()
sig = cat.signals[0].code
print("READY", flush=True)
i = 0
while True:
    i += 1
    form = {"municipality_code": "GM0983", "street": "Crashlaan", "house_number": str(i), "postcode": "5911 AB",
            "city": "Venlo", "incident_date": date(2026, 1, 5), "incident_time": dtime(3, 0),
            "incident_description": f"Schrijfproef nummer {i} voor de crashtest (synthetisch).",
            "q_domestic": True, "q_resident": True, "q_adult": True,
            "person_given_names": "Proef", "person_surname": f"Crash{sys.argv[2]}x{i}", "person_birth_date": date(1970, 1, 1),
            "members": [{"name": "Partner Proef", "birth_date": None, "relation": "partner", "residence": "woont",
                         "residence_basis": "BRP", "threatened": True}]}
    case_id = app.intake.create_melding(h, form)
    print(f"ACK melding {case_id} {sys.argv[2]}x{i}", flush=True)
    v = app.assessment.save_rihg(h, case_id, 1, Assessment(answers={}, colours={sig: Colour.GEEL}, facts=[]))
    print(f"ACK rihg {case_id} {v}", flush=True)
"""

# (acknowledgements to wait for, extra delay in seconds before the kill): kills right after an ack,
# inside the next write, and at a moment independent of the writer's rhythm.
KILL_MOMENTS = [(1, 0.0), (6, 0.0), (15, 0.013), (30, 0.041), (45, 0.0)]


def _run_and_kill(path: str, run: int, acks_wanted: int, delay: float) -> list[tuple[str, str, str]]:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(run)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    acks: list[tuple[str, str, str]] = []
    try:
        deadline = time.monotonic() + 120
        first = proc.stdout.readline().strip()
        assert first == "READY", proc.stderr.read() if proc.poll() is not None else first
        while len(acks) < acks_wanted:
            line = proc.stdout.readline()
            assert line, f"writer stopped early:\n{proc.stderr.read()}"
            assert time.monotonic() < deadline, "writer too slow"
            _, kind, case_id, extra = line.split()
            acks.append((kind, case_id, extra))
        if delay:
            time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        # acknowledgements already written to the pipe before the kill count too
        for line in proc.stdout.read().splitlines():
            if line.startswith("ACK "):
                _, kind, case_id, extra = line.split()
                acks.append((kind, case_id, extra))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return acks


def test_sigkill_during_a_burst_loses_no_acknowledged_write(_template_db, tmp_path):
    from tests.engines import fresh_copy

    path = fresh_copy(_template_db, tmp_path / "wth.duckdb")
    all_acks: list[tuple[str, str, str]] = []
    wal_seen = False
    for run, (wanted, delay) in enumerate(KILL_MOMENTS):
        acks = _run_and_kill(path, run, wanted, delay)
        assert len(acks) >= wanted
        all_acks += acks
        wal_seen |= Path(str(path) + ".wal").exists()
        # Reopen as the app does: migrations run, the WAL is replayed, every acknowledged write is there.
        db = Database(path)
        try:
            cases = {r["id"]: r for r in db.query("SELECT id, version, house_number, person_surname FROM hv_case")}
            for kind, case_id, extra in all_acks:
                assert case_id in cases, f"acknowledged {kind} of {case_id} is lost"
                if kind == "melding":
                    assert cases[case_id]["person_surname"] == f"Crash{extra}"
                    assert db.scalar("SELECT count(*) FROM household_member WHERE case_id = ?", [case_id]) == 1
                    assert db.scalar("SELECT count(*) FROM audit_log WHERE case_id = ? AND action = "
                                     "'melding_geregistreerd'", [case_id]) == 1
                else:
                    assert cases[case_id]["version"] >= int(extra), f"acknowledged RiHG save of {case_id} is lost"
                    assert db.scalar("SELECT count(*) FROM rihg_signal WHERE case_id = ?", [case_id]) == 1
            # No half transaction: every case has its members and its audit rows.
            assert db.scalar("SELECT count(*) FROM hv_case c WHERE NOT EXISTS (SELECT 1 FROM household_member m "
                             "WHERE m.case_id = c.id)") == 0
            assert db.scalar("SELECT count(*) FROM hv_case c WHERE (SELECT count(*) FROM audit_log a "
                             "WHERE a.case_id = c.id AND a.action IN ('melding_geregistreerd', 'deurvragen_ja')) "
                             "<> 2") == 0
            if not db.postgres:
                db.cursor().execute("CHECKPOINT")   # the replayed log folds into the file cleanly
        finally:
            db.close()
    n_acks = len(all_acks)
    print(f"\n{len(KILL_MOMENTS)} kill runs, {n_acks} acknowledged writes checked, WAL present at a kill: {wal_seen}")
    assert n_acks >= sum(w for w, _ in KILL_MOMENTS)
