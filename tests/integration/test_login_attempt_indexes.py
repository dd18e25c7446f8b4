"""Migration 024 (issue 16): the login throttle's look-ups use indexes on name + time, name + outcome + time, name +
address + time and address + time, on both engines; on PostgreSQL no look-up of a refused attempt reads the whole
table of a flooded name (before 024 the reset look-up was a sequential scan: 305 ms per refused attempt at 100,000
stored failures; bench/bench_login_flood.py)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from procedure.services import accounts

INDEXES = {"login_attempt_user_time", "login_attempt_user_outcome_time", "login_attempt_pair_time",
           "login_attempt_client_time"}


def test_the_login_attempt_indexes_exist_on_both_engines(db):
    sql = ("SELECT indexname FROM pg_indexes WHERE tablename = 'login_attempt'" if db.postgres else
           "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'login_attempt'")
    assert INDEXES <= {r[0] for r in db.query_tuples(sql)}
    assert db.scalar("SELECT name FROM schema_migration WHERE version = 24") == "024_login_attempt_time_indexes.sql"


@pytest.mark.postgres_only
def test_a_refused_attempt_reads_no_flooded_name_in_full_on_postgresql(db, monkeypatch):
    now = datetime(2026, 5, 12, 9, 0, tzinfo=timezone.utc)
    name, address = "burgemeester.venlo", "198.51.100.7"
    with db.transaction() as cur:     # 50,000 failures for one name in the last 24 hours, from 1,000 prefixes
        cur.execute("INSERT INTO login_attempt (id, username_hash, attempted_at, outcome, client_hash, device_hash) "
                    "SELECT nextval('login_attempt_seq'), ?, CAST(? AS TIMESTAMPTZ) - g * interval '1700 milliseconds', "
                    "'fout', 'prefix-' || CAST(g % 1000 AS VARCHAR), '' FROM generate_series(0, 49999) AS g",
                    [accounts.name_hash(name), now])
    db.cursor().execute("ANALYZE login_attempt")
    for _ in range(accounts.FREE_PER_PAIR):
        accounts.attempt_login(db, name, "fout", now, address)
    seen: list[tuple[str, list]] = []
    query, scalar = db.query, db.scalar

    def record(fn):
        def run(sql, params=()):
            if "login_attempt" in sql:
                seen.append((sql, list(params)))
            return fn(sql, params)
        return run

    monkeypatch.setattr(db, "query", record(query))
    monkeypatch.setattr(db, "scalar", record(scalar))
    assert accounts.locked_until(db, name, now + timedelta(seconds=1), address) is not None
    monkeypatch.undo()
    assert len(seen) >= 3
    for sql, params in seen:
        plan = "\n".join(r[0] for r in db.cursor().execute("EXPLAIN " + sql, params).fetchall())
        assert "Seq Scan on login_attempt" not in plan, (sql, plan)
