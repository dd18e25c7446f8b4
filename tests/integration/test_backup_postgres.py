"""Back-up while running on PostgreSQL (issue 16): pg_dump / pg_restore with the same manifest checks as the DuckDB
back-up. A back-up made while an app server writes restores into a new, empty database with exactly the rows of one
moment (row counts = manifest); a quiet database comes back table by table and row by row; a restore never goes
over a database with tables, a changed dump is refused, and the password never appears on a command line."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from store import backup as bk
from store.db import Database
from tests.conftest import walk

pytestmark = pytest.mark.postgres_only
ROOT = Path(__file__).resolve().parents[2]


def _all_rows(url: str) -> dict[str, list]:
    db = Database(url)
    try:
        return {t: sorted(db.query_tuples(f"SELECT * FROM {t}"), key=repr) for t in db.table_names()}
    finally:
        db.close()


def test_restore_gives_every_table_row_for_row(app, actors, db, tmp_path):
    from tests import engines

    walk(app, actors, until="served")
    walk(app, actors, until="draft", person_surname="Tweede")
    manifest = bk.export_database(db, tmp_path / "bk")
    assert manifest["engine"] == "postgresql" and set(manifest["files"]) == {"wth.dump"}
    assert manifest["tables"]["hv_case"] == 2 and manifest["tables"]["document"] >= 1
    assert "sqlbox" not in json.dumps(manifest["tables"])
    target = engines.SERVER.create()
    bk.restore(tmp_path / "bk", target)
    source_rows, restored = _all_rows(db.path), _all_rows(target)
    assert set(restored) == set(source_rows)
    for table, rows in source_rows.items():
        assert restored[table] == rows, f"{table} differs after restore"
    # a restored database goes on where the old one stopped: the next case number follows
    assert Database(target).scalar("SELECT last_value FROM case_counter") == db.scalar(
        "SELECT last_value FROM case_counter")


def test_backup_while_an_app_server_writes_is_one_moment(app, actors, db, tmp_path):
    from tests import engines

    walk(app, actors, until="melding")
    stop, made, errors = threading.Event(), [], []

    def writer():           # another app server's store, writing the whole time
        from data.seed import actor_for
        from procedure.app import WthApp
        from tests.conftest import FixedClock, melding_form

        other = Database(db.path)
        try:
            w = WthApp(other, clock=FixedClock(app.now()))
            h = actor_for(other, "hovj.noord")
            i = 0
            while not stop.is_set():
                i += 1
                made.append(w.intake.create_melding(h, melding_form(person_surname=f"Tijdens{i}")))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            other.close()
    t = threading.Thread(target=writer)
    t.start()
    try:
        while len(made) < 3:
            t.join(0.05)
        res = subprocess.run([sys.executable, "-m", "store.backup", "backup", "--db", db.path, "--to",
                              str(tmp_path / "bk")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        stop.set()
        t.join()
    assert not errors and res.returncode == 0, res.stderr
    password = db.path.split(":")[2].split("@")[0]
    assert password not in res.stdout + res.stderr
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    assert password not in json.dumps(manifest)
    target = engines.SERVER.create()
    res = subprocess.run([sys.executable, "-m", "store.backup", "restore", "--from", str(tmp_path / "bk"), "--db",
                          target], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert password not in res.stdout + res.stderr
    r = Database(target)
    try:
        n = r.scalar("SELECT count(*) FROM hv_case")
        assert n == manifest["tables"]["hv_case"] and 1 < n <= 1 + len(made)
        # one moment: every case in the copy has all its rows (members, audit) — no half transaction
        assert r.scalar("SELECT count(*) FROM hv_case c WHERE NOT EXISTS (SELECT 1 FROM household_member m "
                        "WHERE m.case_id = c.id)") == 0
        assert r.scalar("SELECT count(*) FROM case_anon_live") == n
    finally:
        r.close()


def test_restore_refuses_a_database_with_tables_and_a_changed_dump(db, tmp_path):
    from tests import engines

    bk.export_database(db, tmp_path / "bk")
    with pytest.raises(bk.BackupError, match="niet leeg"):
        bk.restore(tmp_path / "bk", db.path)
    with pytest.raises(bk.BackupError, match="PostgreSQL"):
        bk.restore(tmp_path / "bk", tmp_path / "x.duckdb")
    dump = tmp_path / "bk" / "wth.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    target = engines.SERVER.create()
    with pytest.raises(bk.BackupError, match="gewijzigd of beschadigd"):
        bk.restore(tmp_path / "bk", target)
    import psycopg

    with psycopg.connect(target) as c:       # nothing was restored into it
        assert c.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                         ).fetchone()[0] == 0
