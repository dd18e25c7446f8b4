"""Migration 016 (issue 14, M7): answers that migration 015 inferred from unticked boxes become 'not answered' again
for cases served before 015; answers somebody gave stay. Runs on the engine of the pytest run (--engine)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from store import db as store_db
from store.db import Database
from tests.integration.test_engines import _migrations_upto, _target

NOW = datetime(2026, 5, 12, 12, 30, tzinfo=timezone.utc)   # before 015 was applied (applied_at is the real clock)


def test_016_turns_inferred_nee_back_into_not_answered(engine, tmp_path, monkeypatch):
    target = _target(engine, tmp_path)
    today = store_db.MIGRATIONS_DIR
    monkeypatch.setattr(store_db, "MIGRATIONS_DIR", _migrations_upto(tmp_path, 15))
    old = Database(target)
    # (case, keys_taken_in, keys_answer, contact_address, contact_answer, contact event later)
    rows = [("HV-2026-00001", False, "nee", None, "nee", False),          # unticked, no address
            ("HV-2026-00002", True, "ja", "Hoogstraat 3, Venlo", "ja", False),   # ticked, address at service
            ("HV-2026-00003", False, "nee", "Markt 1, Venlo", "ja", True)]      # address came later by event
    with old.transaction() as cur:
        cur.execute("INSERT INTO municipality VALUES ('GM0983', 'Venlo', 'Noord-Limburg', NULL)")
        for cid, kt, ka, addr, ca, ev in rows:
            cur.execute("INSERT INTO hv_case (id, municipality_code, state, is_demo, version, created_at, created_by, "
                        "updated_at, updated_by, person_surname, person_birth_date, served_at, keys_taken_in, "
                        "keys_answer, contact_address, contact_address_answer) VALUES (?, 'GM0983', 'opgelegd', true, "
                        "1, ?, 'h', ?, 'h', 'Voorbeeld', ?, ?, ?, ?, ?, ?)",
                        [cid, NOW, NOW, date(1980, 1, 1), NOW, kt, ka, addr, ca])
            cur.execute("INSERT INTO audit_log VALUES (nextval('audit_seq'), ?, 'h', 'hovj', 'uitgereikt', ?, "
                        "'besluit', 'opgelegd', NULL)", [NOW, cid])
            if ev:
                cur.execute("INSERT INTO case_event (id, case_id, kind, occurred_at, recorded_at, recorded_by, role) "
                            "VALUES (nextval('event_seq'), ?, 'contactadres', ?, ?, 'h', 'hovj')", [cid, NOW, NOW])
    old.close()
    monkeypatch.setattr(store_db, "MIGRATIONS_DIR", today)
    new = Database(target)
    try:
        got = {r[0]: r[1:] for r in new.query_tuples(
            "SELECT id, keys_taken_in, keys_answer, contact_address_answer FROM hv_case ORDER BY id")}
        assert got["HV-2026-00001"] == (None, None, None)
        assert got["HV-2026-00002"] == (True, "ja", "ja")
        assert got["HV-2026-00003"] == (None, None, None)
    finally:
        new.close()
