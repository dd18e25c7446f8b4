"""Back-up and restore (issue 7, Reliability): a back-up restored into an empty location holds
identical data, table by table and row by row; a restore never overwrites; a changed back-up is
refused; a database held by another process gives the Dutch message, not a raw lock error."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from store import backup as bk
from store.db import Database, DatabaseUnavailable

# the DuckDB file's back-up (EXPORT DATABASE); PostgreSQL's pg_dump back-up: tests/integration/test_backup_postgres.py
pytestmark = pytest.mark.duckdb_only
from tests.conftest import walk

ROOT = Path(__file__).resolve().parents[2]


def _snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a canonical order; plus sequences, views and indexes."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        conn.execute("SET TimeZone = 'UTC'")
        out: dict[str, list[tuple]] = {}
        for (t,) in conn.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                 "ORDER BY table_name").fetchall():
            out[t] = conn.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall()
        out["_sequences"] = conn.execute("SELECT sequence_name, coalesce(last_value + increment_by, start_value) AS next_value "
                                         "FROM duckdb_sequences() "
                                         "ORDER BY 1").fetchall()
        out["_views"] = conn.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()
        out["_indexes"] = conn.execute("SELECT index_name, table_name FROM duckdb_indexes() ORDER BY 1").fetchall()
        out["_columns"] = conn.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                                       "ORDER BY ALL").fetchall()
        return out
    finally:
        conn.close()


@pytest.fixture
def filled(db, app, actors, clock):
    """A database with cases in several states, signed PDFs (BLOBs), audit rows and money columns."""
    for i, until in enumerate(("melding", "rihg", "submitted", "signed", "served")):
        walk(app, actors, until=until, person_surname=f"Back-up{i}")
    return db


def test_restore_into_empty_location_gives_identical_data(filled, tmp_path):
    src = Path(filled.path)
    filled.close()
    before = _snapshot(src)
    assert len(before["hv_case"]) == 5 and len(before["document"]) >= 3   # the test data is really there
    manifest = bk.backup(src, tmp_path / "bk")
    assert manifest["tables"]["hv_case"] == 5
    target = tmp_path / "leeg" / "hersteld.duckdb"
    bk.restore(tmp_path / "bk", target)
    after = _snapshot(target)
    assert set(after) == set(before)
    for table in before:
        assert after[table] == before[table], f"tabel {table} verschilt na herstel"
    # the source was opened read-only: unchanged
    assert _snapshot(src) == before
    # the restored file works with the app's own store, and new cases get fresh numbers
    d = Database(target)
    assert d.scalar("SELECT count(*) FROM hv_case") == 5
    d.close()


def test_restore_refuses_to_overwrite(filled, tmp_path):
    bk.export_database(filled, tmp_path / "bk")
    existing = tmp_path / "bestaat.duckdb"
    existing.write_bytes(b"niet overschrijven")
    with pytest.raises(bk.BackupError, match="bestaat al"):
        bk.restore(tmp_path / "bk", existing)
    assert existing.read_bytes() == b"niet overschrijven"


def test_changed_or_incomplete_backup_is_refused(filled, tmp_path):
    bk.export_database(filled, tmp_path / "bk")
    parquet = next((tmp_path / "bk").glob("hv_case*.parquet"))
    data = bytearray(parquet.read_bytes())
    data[len(data) // 2] ^= 0xFF
    parquet.write_bytes(bytes(data))
    with pytest.raises(bk.BackupError, match="gewijzigd of beschadigd"):
        bk.restore(tmp_path / "bk", tmp_path / "x.duckdb")
    assert not (tmp_path / "x.duckdb").exists()
    parquet.unlink()
    with pytest.raises(bk.BackupError, match="onvolledig"):
        bk.verify(tmp_path / "bk")
    with pytest.raises(bk.BackupError, match="geen manifest.json"):
        bk.verify(tmp_path)


def test_backup_refuses_non_empty_target(filled, tmp_path):
    (tmp_path / "vol").mkdir()
    (tmp_path / "vol" / "iets.txt").write_text("x")
    with pytest.raises(bk.BackupError, match="niet leeg"):
        bk.export_database(filled, tmp_path / "vol")


def test_in_app_backup_while_the_app_writes(filled, tmp_path, app, actors):
    """export_database runs inside the app process (the only way while the app runs) and gives the
    committed state at one moment."""
    bk.export_database(filled, tmp_path / "bk")
    n = filled.scalar("SELECT count(*) FROM hv_case")
    walk(app, actors, until="melding", person_surname="Na de back-up")   # a write after the back-up is not in it
    bk.restore(tmp_path / "bk", tmp_path / "r.duckdb")
    r = Database(tmp_path / "r.duckdb")
    assert r.scalar("SELECT count(*) FROM hv_case") == n
    r.close()


def test_command_line_and_running_app_message(tmp_path):
    """The commands as documented; while another process (the app) holds the file, the command exits
    with code 2 and the Dutch message instead of DuckDB's lock error."""
    path = tmp_path / "wth.duckdb"
    Database(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from store.db import Database; d = Database(sys.argv[1]); "
         "print('open', flush=True); time.sleep(60)", str(path)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        res = subprocess.run([sys.executable, "-m", "store.backup", "backup", "--db", str(path),
                              "--to", str(tmp_path / "bk")], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert res.returncode == 2, res.stderr
        assert "in gebruik door een ander proces" in res.stderr
        assert "Traceback" not in res.stderr and "Conflicting lock" not in res.stderr
        with pytest.raises(DatabaseUnavailable, match="in gebruik"):
            bk.backup(path, tmp_path / "bk2")
    finally:
        holder.kill()
        holder.wait()
    started = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "store.backup", "backup", "--db", str(path), "--to",
                          str(tmp_path / "bk")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert "Back-up gemaakt" in res.stdout
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    assert manifest["format"] == bk.FORMAT and "hv_case" in manifest["tables"]
    res = subprocess.run([sys.executable, "-m", "store.backup", "restore", "--from", str(tmp_path / "bk"),
                          "--db", str(path)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "bestaat al" in res.stderr
    res = subprocess.run([sys.executable, "-m", "store.backup", "restore", "--from", str(tmp_path / "bk"),
                          "--db", str(tmp_path / "nieuw.duckdb")], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 0, res.stderr
    assert _snapshot(tmp_path / "nieuw.duckdb") == _snapshot(path)
    assert time.perf_counter() - started < 60
