"""The explorer's analytics copy (issue 16, point 4; store/analytics.py): on PostgreSQL the anonymous rows are copied
into an embedded DuckDB file per app server and the explorer reads that; on DuckDB the explorer reads the database
itself. Retention must leave no destroyed case's detailed row in what the explorer reads, on either engine, and on
PostgreSQL not in any server's copy."""
from __future__ import annotations

import dataclasses
import stat
from datetime import date, timedelta

import pytest

from store import analytics
from tests.conftest import walk

FILTERS = {"month_from": date(2020, 1, 1), "month_to": date(2026, 12, 1), "by": "year"}


@pytest.fixture(autouse=True)
def analytics_dir(tmp_path, monkeypatch):
    d = tmp_path / "analytics"
    monkeypatch.setenv("WTH_ANALYTICS_DIR", str(d))
    return d


def _rows_by_source(src) -> dict[str, int]:
    """Rows of the cases (live and archived) in what ``src`` reads, by source (the demo's history left out)."""
    return {s: n for s, n in src.query_tuples("SELECT source, count(*) FROM v_case_anon WHERE source <> 'historie' "
                                              "GROUP BY source")}


def _destroy(app, actors, clock, case_id: str) -> None:
    g = actors["oov.venlo"]
    end = app.case_file.get_case(g, case_id).end_at
    clock.at = end + timedelta(days=1)
    app.archive.archive_case(g, case_id, app.case_file.get_case(g, case_id).version)
    clock.at = end + timedelta(days=365 * 5 + 2)
    assert app.archive.run_retention(g, [case_id])["destroyed"] == [case_id]


def test_retention_leaves_no_detailed_row_of_the_destroyed_case_in_what_the_explorer_reads(app, actors, clock, db,
                                                                                           engine, analytics_dir):
    case_id = walk(app, actors, until="served")
    copy = analytics.copy_for(db)
    if engine == "postgresql":
        first = copy.build()
        assert analytics.source(db).snapshot_at == first.built_at      # the explorer reads the copy
    else:
        assert copy is None and analytics.source(db) is db             # DuckDB: the database itself, nothing copied
    assert _rows_by_source(analytics.source(db)) == {"zaak": 1}
    _destroy(app, actors, clock, case_id)
    src = analytics.source(db)
    # the case's detailed row (RiHG colours, durations, relation) is gone; only the archive's anonymous row is read
    assert _rows_by_source(src) == {"archief": 1}
    if engine == "postgresql":
        # rebuilt before the retention run returned (not at the next schedule), and the old file is deleted
        assert src.snapshot_at is not None and src.snapshot_at > first.built_at
        assert sorted(analytics_dir.glob("*.duckdb")) == [copy.snapshot.path]
        assert not first.path.exists()
        assert copy.snapshot.con.execute("SELECT count(*) FROM v_case_anon WHERE source <> 'historie' AND (rihg_colours "
                                         "IS NOT NULL OR hours_to_signature IS NOT NULL)").fetchone()[0] == 0
    ex = app.statistics.explore(actors["beleid.regio"], FILTERS)
    if engine == "postgresql":
        assert ex.snapshot_at == copy.snapshot.built_at and "stand van" in ex.source_note
    else:
        assert ex.snapshot_at is None and ex.source_note == ""


@pytest.mark.postgres_only
def test_a_retention_on_another_app_server_is_never_read_from_this_servers_copy(app, actors, clock, db):
    from store.db import Database

    case_id = walk(app, actors, until="served")
    other = Database(db.path)                 # a second app server on the same PostgreSQL database
    try:
        theirs = analytics.copy_for(other)
        before = theirs.build()
        assert _rows_by_source(theirs.source()) == {"zaak": 1}
        _destroy(app, actors, clock, case_id)                     # on this server, not on the other
        # the other server's next read sees the retention watermark move: it reads PostgreSQL, never its old copy
        src = analytics.source(other)
        assert src.snapshot_at is None and _rows_by_source(src) == {"archief": 1}
        # ... and rebuilds at once; the new copy holds only the archive row and the old file is gone
        after = theirs.wait_built(before.built_at, timeout=60)
        assert after is not None, theirs.last_error
        assert not before.path.exists()
        src = analytics.source(other)
        assert src.snapshot_at == after.built_at and _rows_by_source(src) == {"archief": 1}
    finally:
        other.close()
    # a closed database leaves no copy behind, and its schedule stops
    assert not after.path.exists() and theirs.snapshot is None
    theirs._thread.join(timeout=10)
    assert not theirs._thread.is_alive()


@pytest.mark.postgres_only
def test_the_copy_holds_only_the_anonymous_rows_privately_and_the_explorer_answers_the_same(app, actors, db,
                                                                                           analytics_dir, monkeypatch):
    from data import generator

    generator.generate(db, n_cases=3000, years=(2024, 2026), batch="test")
    walk(app, actors, until="served")
    a = actors["beleid.regio"]
    copy = analytics.copy_for(db)
    with copy._build_lock:                    # (the background build waits until this call is answered)
        first = app.statistics.explore(a, FILTERS)
    assert first.snapshot_at is None and first.source_note == ""  # no copy yet: PostgreSQL itself answers ...
    snap = copy.wait_built(None, timeout=60)                       # ... and the first build has started
    assert snap is not None, copy.last_error
    assert stat.S_IMODE(snap.path.stat().st_mode) == 0o600 and stat.S_IMODE(analytics_dir.stat().st_mode) == 0o700
    tables = {r[0] for r in snap.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {"v_case_anon", "v_population"} and not snap.con.execute("SELECT * FROM duckdb_views() "
                                                                              "WHERE NOT internal").fetchall()
    for name in tables:                       # the same columns and the same rows as PostgreSQL's view
        pg_cols = [r[0] for r in db.query_tuples("SELECT column_name FROM information_schema.columns WHERE "
                                                 "table_name = ? AND table_schema = 'public' ORDER BY "
                                                 "ordinal_position", [name])]
        res = snap.con.execute(f"SELECT * FROM {name}")
        assert [d[0] for d in res.description] == pg_cols
        key = lambda r: tuple((v is None, str(v)) for v in r)        # noqa: E731 (NULLs sort apart)
        assert sorted(res.fetchall(), key=key) == sorted(db.query_tuples(f"SELECT * FROM {name}"), key=key)
    assert snap.rows["v_case_anon"] == db.scalar("SELECT count(*) FROM v_case_anon") > 3000
    # the explorer on the copy: every (protected) figure as PostgreSQL gives it, and the page says of when
    on_copy = app.statistics.explore(a, FILTERS)
    assert on_copy.snapshot_at == snap.built_at and "stand van" in on_copy.source_note
    assert dataclasses.replace(on_copy, snapshot_at=None, source_note="") == first
    monkeypatch.setattr(analytics, "source", lambda d: d)
    for f in ({**FILTERS, "by": "month"}, {**FILTERS, "subregion": "Midden-Limburg", "signal": "B3", "children": True}):
        direct = app.statistics.explore(a, f)
        monkeypatch.undo()
        assert dataclasses.replace(app.statistics.explore(a, f), snapshot_at=None, source_note="") == direct
        monkeypatch.setattr(analytics, "source", lambda d: d)


@pytest.mark.postgres_only
def test_a_write_refreshes_the_copy_in_the_background_and_the_schedule_refreshes_it(app, actors, db, monkeypatch):
    from store import repo

    monkeypatch.setattr(analytics, "MIN_REFRESH_S", 0.0)
    copy = analytics.copy_for(db)
    first = copy.build()
    assert _rows_by_source(copy.source()) == {}
    with db.transaction() as cur:                                  # a write that changes no case: no rebuild
        repo.set_setting(cur, "i16_test", "x")
    assert copy.source().snapshot_at == first.built_at and copy.wait_built(first.built_at, timeout=1.5) is None
    walk(app, actors, until="served")                              # a case written in this process
    src = copy.source()
    assert src.snapshot_at == first.built_at and _rows_by_source(src) == {}   # meanwhile: the copy it has, dated
    second = copy.wait_built(first.built_at, timeout=60)
    assert second is not None, copy.last_error
    assert _rows_by_source(copy.source()) == {"zaak": 1}
    # the schedule: without any write, a newer copy follows every REFRESH_S seconds
    monkeypatch.setattr(analytics, "REFRESH_S", 0.2)
    copy._wake.set()                                                # (the thread re-reads REFRESH_S when it waits)
    third = copy.wait_built(second.built_at, timeout=60)
    fourth = copy.wait_built(third.built_at if third else second.built_at, timeout=60)
    assert third is not None and fourth is not None, copy.last_error
    assert len(list(copy.snapshot.path.parent.glob("*.duckdb"))) == 1      # each build replaced the one before
