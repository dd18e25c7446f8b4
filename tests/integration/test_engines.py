"""One store, two engines (issue 16): migrations forward over a populated database, one transaction per migration,
and — on PostgreSQL — two app servers' stores on one database (version check and case numbers across pools).
Runs on the engine of the pytest run (--engine); the PostgreSQL-only tests are deselected on DuckDB."""
from __future__ import annotations

import shutil
import threading
from datetime import date, datetime, time, timezone

import pytest

from procedure.domain.errors import ConcurrencyConflict
from store import db as store_db
from store.db import Database
from tests.conftest import FixedClock, melding_form

NOW = datetime(2026, 5, 12, 12, 30, tzinfo=timezone.utc)


def _target(engine, tmp_path, name="m.duckdb"):
    from tests import engines

    if engine == "postgresql":
        return engines.SERVER.create()
    return str(tmp_path / name)


def _migrations_upto(tmp_path, last: int):
    d = tmp_path / f"migrations_upto_{last}"
    d.mkdir()
    for f in sorted(store_db.MIGRATIONS_DIR.glob("*.sql")):
        if int(f.name[:3]) <= last:
            shutil.copy(f, d / f.name)
    return d


def _dump(db: Database, tables) -> dict[str, list]:
    return {t: sorted(db.query_tuples(f"SELECT * FROM {t}"), key=repr) for t in tables}


def test_a_populated_database_migrates_forward_and_keeps_every_row(engine, tmp_path, monkeypatch):
    """Open a database at migration 008, fill it the way that version's code did (cases, members, RiHG, audit with
    a case number of a destroyed case), then open it with today's code: 011 and later apply, every old row is
    unchanged, the case counter starts after the highest number ever used, and the anonymous rows are there."""
    target = _target(engine, tmp_path)
    today = store_db.MIGRATIONS_DIR
    monkeypatch.setattr(store_db, "MIGRATIONS_DIR", _migrations_upto(tmp_path, 8))
    old = Database(target)
    assert max(r[0] for r in old.query_tuples("SELECT version FROM schema_migration")) == 8
    with old.transaction() as cur:
        cur.execute("INSERT INTO municipality VALUES ('GM0983', 'Venlo', 'Noord-Limburg', NULL)")
        for n in (3, 12):
            cid = f"HV-2026-{n:05d}"
            cur.execute("INSERT INTO hv_case (id, municipality_code, state, is_demo, version, created_at, created_by, "
                        "updated_at, updated_by, person_surname, person_birth_date) VALUES (?, 'GM0983', "
                        "'risicotaxatie', true, 1, ?, 'hovj.noord', ?, 'hovj.noord', ?, ?)",
                        [cid, NOW, NOW, f"Voorbeeld{n}", date(1980, 1, n)])
            cur.execute("INSERT INTO household_member VALUES (nextval('member_seq'), ?, 'Ans', NULL, 'partner', "
                        "'woont', 'BRP', true, NULL)", [cid])
            cur.execute("INSERT INTO rihg_signal VALUES (?, 'B1', 'rood')", [cid])
            cur.execute("INSERT INTO audit_log VALUES (nextval('audit_seq'), ?, 'hovj.noord', 'hovj', "
                        "'melding_geregistreerd', ?, NULL, 'risicotaxatie', 'melding')", [NOW, cid])
        # a destroyed case whose number only the audit log remembers
        cur.execute("INSERT INTO audit_log VALUES (nextval('audit_seq'), ?, 'system', 'system', "
                    "'vernietigd_bewaartermijn', 'HV-2025-00041', 'verlopen', 'vernietigd_archief', NULL)", [NOW])
    tables = ("hv_case", "household_member", "rihg_signal", "audit_log", "municipality")
    before = _dump(old, tables)
    old.close()

    monkeypatch.setattr(store_db, "MIGRATIONS_DIR", today)
    new = Database(target)
    try:
        versions = [r[0] for r in new.query_tuples("SELECT version FROM schema_migration ORDER BY version")]
        on_disk = sorted(int(f.name[:3]) for f in store_db.MIGRATIONS_DIR.glob("*.sql"))
        assert versions == on_disk and 11 in versions
        # later migrations may add columns (015: answers, household parts): the old columns keep every value
        after = {t: sorted((r[:len(before[t][0])] for r in rows), key=repr) if before[t] else rows
                 for t, rows in _dump(new, tables).items()}
        assert after == before
        assert new.scalar("SELECT last_value FROM case_counter WHERE name = 'zaak'") == 41
        # today's services work on the migrated data: the next case takes the next number
        from data.seed import actor_for
        from procedure.app import WthApp

        with new.transaction() as cur:      # what today's seed adds: a user to register with
            cur.execute("INSERT INTO app_user (username, name, email, password_hash, role, subregion, active, "
                        "failed_logins, is_demo, created_at) VALUES ('hovj.noord', 'H', 'h@x.nl', 'x', 'hovj', "
                        "'Noord-Limburg', true, 0, true, ?)", [NOW])
        app = WthApp(new, clock=FixedClock(NOW))
        assert app.intake.create_melding(actor_for(new, "hovj.noord"), melding_form()) == "HV-2026-00042"
    finally:
        new.close()


def test_a_failing_migration_leaves_nothing_behind(engine, tmp_path, monkeypatch):
    """Each migration is one transaction on both engines: a file whose second statement fails leaves neither its
    first statement's table nor a row in schema_migration, and the database still opens at the last good version."""
    target = _target(engine, tmp_path)
    d = _migrations_upto(tmp_path, 999)
    (d / "900_half.sql").write_text("CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\n")
    monkeypatch.setattr(store_db, "MIGRATIONS_DIR", d)
    with pytest.raises(Exception):
        Database(target)
    (d / "900_half.sql").unlink()
    db = Database(target)
    try:
        assert db.scalar("SELECT count(*) FROM schema_migration WHERE version = 900") == 0
        assert "half_done" not in {t.lower() for t in db.table_names()}
    finally:
        db.close()


def _create(app, actor, i):
    return app.intake.create_melding(actor, melding_form(person_surname=f"Parallel{i}",
                                                         incident_time=time(13, i % 60)))


@pytest.mark.postgres_only
def test_two_app_servers_version_check_and_unique_case_numbers(_template_db, tmp_path):
    """Two stores (two connection pools, as two app servers have) on one PostgreSQL database: a save with the version
    the other server already replaced is refused with the 'intussen gewijzigd' message; case numbers created from
    both at once by 4 threads each are unique and gap-free."""
    from data.seed import actor_for
    from procedure.app import WthApp
    from tests.conftest import full_assessment
    from tests.engines import fresh_copy

    url = fresh_copy(_template_db, tmp_path)
    a, b = Database(url), Database(url)
    try:
        app_a, app_b = WthApp(a, clock=FixedClock(NOW)), WthApp(b, clock=FixedClock(NOW))
        ha, hb = actor_for(a, "hovj.noord"), actor_for(b, "hovj.noord")
        case_id = _create(app_a, ha, 0)
        v = app_b.case_file.get_case(hb, case_id).version
        app_a.assessment.save_rihg(ha, case_id, v, full_assessment(app_a.assessment.catalogue()))
        with pytest.raises(ConcurrencyConflict, match="intussen gewijzigd"):
            app_b.assessment.save_rihg(hb, case_id, v, full_assessment(app_b.assessment.catalogue()))

        made, errors = [], []

        def worker(app, actor, base):
            try:
                for i in range(5):
                    made.append(_create(app, actor, base + i))
            except Exception as exc:    # noqa: BLE001 — reported below
                errors.append(exc)
        threads = [threading.Thread(target=worker, args=(app, act, 100 + 10 * k))
                   for k, (app, act) in enumerate([(app_a, ha), (app_b, hb)] * 4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert len(made) == len(set(made)) == 40
        numbers = sorted(int(c.split("-")[2]) for c in made + [case_id])
        assert numbers == list(range(numbers[0], numbers[0] + 41))
    finally:
        a.close()
        b.close()
