"""Files with personal data or secrets are owner-only (issue 11, point 1): the database file, its WAL, the SQL box's
anonymous copy, back-ups (folder and every file), a restored database and the demo cookie key — ``0600`` files in
``0700`` folders, whatever umask the process started with."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from store.files import mode_of


@pytest.fixture(autouse=True)
def _permissive_umask():
    """Start every test with the usual umask (022), as a fresh process would: the code must not rely on an
    earlier test having tightened it."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _no_group_or_world(path: Path) -> None:
    m = mode_of(path)
    assert m & (stat.S_IRWXG | stat.S_IRWXO) == 0, f"{path}: {oct(m)}"


def test_database_file_wal_and_folder_are_owner_only(tmp_path):
    from store.db import Database

    folder = tmp_path / "nieuw"
    db = Database(folder / "wth.duckdb")
    with db.transaction() as cur:                      # a committed write: the WAL exists until a checkpoint
        cur.execute("INSERT INTO setting VALUES ('issue11', 'x')")
    wal = folder / "wth.duckdb.wal"
    assert wal.exists()
    assert mode_of(folder / "wth.duckdb") == 0o600 and mode_of(wal) == 0o600 and mode_of(folder) == 0o700
    db.close()


def test_an_existing_world_readable_database_is_tightened_when_opened(tmp_path):
    from store.db import Database

    Database(tmp_path / "oud.duckdb").close()
    os.chmod(tmp_path / "oud.duckdb", 0o644)
    Database(tmp_path / "oud.duckdb").close()
    assert mode_of(tmp_path / "oud.duckdb") == 0o600


def test_backups_and_restores_are_owner_only(db, tmp_path):
    from store import backup

    backup.export_database(db, tmp_path / "bk-app")
    os.umask(0o022)
    db.close()
    backup.backup(db.path, tmp_path / "bk-cli")
    for folder in (tmp_path / "bk-app", tmp_path / "bk-cli"):
        assert mode_of(folder) == 0o700
        files = list(folder.iterdir())
        assert len(files) > 10
        for f in files:
            assert mode_of(f) == 0o600, f
    os.umask(0o022)
    backup.restore(tmp_path / "bk-cli", tmp_path / "hersteld" / "wth.duckdb")
    _no_group_or_world(tmp_path / "hersteld" / "wth.duckdb")
    assert mode_of(tmp_path / "hersteld") == 0o700       # the folder it creates too (attack finding 15)


def test_the_sql_box_copy_is_owner_only(db):
    from store import sqlbox

    os.umask(0o022)
    target = sqlbox.ensure_snapshot(db, force=True)
    assert mode_of(target) == 0o600 and mode_of(target.parent) == 0o700
    assert not list(target.parent.glob("*.building*"))


def test_the_demo_cookie_key_is_owner_only(tmp_path):
    from ui.config import load_settings

    s = load_settings({}, env={"WTH_MODE": "demo", "WTH_DB_PATH": str(tmp_path / "var" / "wth.duckdb")})
    key = tmp_path / "var" / "demo-cookie-key.txt"
    assert s.cookie_key_created and key.read_text() == s.cookie_key and len(s.cookie_key) >= 32
    assert mode_of(key) == 0o600 and mode_of(key.parent) == 0o700
    os.chmod(key, 0o644)                               # an older install: tightened on the next start
    again = load_settings({}, env={"WTH_MODE": "demo", "WTH_DB_PATH": str(tmp_path / "var" / "wth.duckdb")})
    assert again.cookie_key == s.cookie_key and not again.cookie_key_created and mode_of(key) == 0o600
