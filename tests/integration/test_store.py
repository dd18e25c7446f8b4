"""The store on a real DuckDB file: migrations from empty and forward, threads, versions, audit."""
import threading
from datetime import datetime, timezone

import duckdb
import pytest

from procedure.domain.errors import ConcurrencyConflict
from store import db as store_db
from store import repo
from store.db import Database


def test_migrations_from_empty(tmp_path):
    d = Database(tmp_path / "a.duckdb")
    expected = sorted(int(f.name[:3]) for f in store_db.MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql"))
    assert [r["version"] for r in d.query("SELECT version FROM schema_migration ORDER BY version")] == expected
    tables = {r["table_name"] for r in d.query("SELECT table_name FROM information_schema.tables")}
    assert {"hv_case", "household_member", "rihg_answer", "rihg_signal", "rihg_fact", "document", "audit_log",
            "app_user", "mandate", "municipality", "population", "tariff"} <= tables
    assert d.migrate() == []   # idempotent on restart
    d.close()


def test_old_database_migrates_forward_with_data_intact(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    d = Database(path)
    with d.transaction() as cur:
        cur.execute("INSERT INTO municipality VALUES ('GM0983', 'Venlo', 'Noord-Limburg', NULL)")
    d.close()
    newdir = tmp_path / "migrations"
    newdir.mkdir()
    for f in store_db.MIGRATIONS_DIR.glob("*.sql"):
        (newdir / f.name).write_text(f.read_text())
    (newdir / "999_example.sql").write_text("ALTER TABLE municipality ADD COLUMN website VARCHAR;\n"
                                            "UPDATE municipality SET website = 'https://example.invalid';")
    monkeypatch.setattr(store_db, "MIGRATIONS_DIR", newdir)
    d = Database(path)
    assert d.query("SELECT code, name, website FROM municipality") == [
        {"code": "GM0983", "name": "Venlo", "website": "https://example.invalid"}]
    assert d.scalar("SELECT max(version) FROM schema_migration") == 999
    d.close()


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    newdir = tmp_path / "migrations"
    newdir.mkdir()
    for f in store_db.MIGRATIONS_DIR.glob("*.sql"):
        (newdir / f.name).write_text(f.read_text())
    (newdir / "999_broken.sql").write_text("CREATE TABLE x (a INTEGER);\nTHIS IS NOT SQL;")
    monkeypatch.setattr(store_db, "MIGRATIONS_DIR", newdir)
    with pytest.raises(duckdb.Error):
        Database(tmp_path / "b.duckdb")
    monkeypatch.setattr(store_db, "MIGRATIONS_DIR", store_db.MIGRATIONS_DIR)


def test_write_and_read_from_8_threads(tmp_path):
    d = Database(tmp_path / "t.duckdb")
    errors = []
    now = datetime.now(timezone.utc)

    def work(n):
        try:
            for i in range(25):
                with d.transaction() as cur:
                    repo.audit(cur, at=now, username=f"user{n}", role="politie", action="test", detail=str(i))
                assert d.scalar("SELECT count(*) FROM audit_log WHERE username = ?", [f"user{n}"]) == i + 1
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert d.scalar("SELECT count(*) FROM audit_log") == 200
    d.close()


def test_second_process_gets_clear_message(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "locked.duckdb"
    d = Database(path)
    code = ("import sys; sys.path.insert(0, %r)\n"
            "from store.db import Database, DatabaseUnavailable\n"
            "try:\n    Database(%r)\nexcept DatabaseUnavailable as e:\n    print('MSG:' + e.message)\n") % (
        str(store_db.Path(__file__).resolve().parents[2]), str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "MSG:" in out.stdout and "in gebruik" in out.stdout, out.stderr[-500:]
    d.close()


def test_stale_version_is_refused_and_names_who(db, app, actors):
    from tests.conftest import walk

    case_id = walk(app, actors, until="melding")
    v = app.case_file.get_case(actors["hovj.noord"], case_id).version
    with db.transaction() as cur:
        repo.update_case(cur, case_id, v, {"why_this_person": "eerste"}, "hovj.noord", app.now())
    with pytest.raises(ConcurrencyConflict, match="intussen gewijzigd door hovj.noord"):
        with db.transaction() as cur:
            repo.update_case(cur, case_id, v, {"why_this_person": "tweede"}, "oov.venlo", app.now())
    assert repo.get_case(db, case_id)["why_this_person"] == "eerste"


def test_documents_are_never_overwritten(db):
    now = datetime.now(timezone.utc)
    doc = {"id": "HV-X-OPL-v1", "case_id": "HV-X", "kind": "k", "version": 1, "created_at": now, "created_by": "a",
           "signed": True, "signer_username": "a", "signed_at": now, "sha256": "00", "content": b"%PDF"}
    with db.transaction() as cur:
        repo.insert_document(cur, doc)
    with pytest.raises(ValueError, match="nooit overschreven"):
        with db.transaction() as cur:
            repo.insert_document(cur, dict(doc, content=b"other"))
    assert bytes(repo.get_document(db, "HV-X-OPL-v1")["content"]) == b"%PDF"
