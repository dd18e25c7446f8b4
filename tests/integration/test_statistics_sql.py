"""The read-only SQL box, attacked: writes, base tables, files, several statements, comment tricks, WITH names
that shadow views, catalogue functions, a cross join that runs forever. Nothing may change and nothing personal
may come out; every refusal is a Dutch message on the 'sql' field."""
from __future__ import annotations

import time

import pytest

from procedure.domain.errors import NotAuthorized, ValidationError
from tests.conftest import walk
from tests.security.sql_corpus import SMALL_CELL

REFUSED = [
    "INSERT INTO setting VALUES ('x', 'y')",
    "UPDATE hv_case SET state = 'verlopen'",
    "DELETE FROM audit_log",
    "DROP TABLE hv_case",
    "CREATE TABLE t AS SELECT * FROM v_case_anon",
    "CREATE VIEW v AS SELECT 1",
    "COPY hv_case TO '/tmp/wth-leak.csv'",
    "COPY (SELECT * FROM v_case_anon) TO '/tmp/wth-leak.csv'",
    "EXPORT DATABASE '/tmp/wth-export'",
    "ATTACH '/tmp/other.duckdb' AS other",
    "INSTALL httpfs",
    "LOAD httpfs",
    "PRAGMA database_list",
    "SET enable_external_access = true",
    "RESET TimeZone",
    "CHECKPOINT",
    "BEGIN TRANSACTION",
    "CALL pragma_version()",
    "SELECT * FROM hv_case",
    "SELECT person_surname FROM main.hv_case",
    "SELECT * FROM household_member",
    "SELECT * FROM app_user",
    "SELECT * FROM audit_log",
    "SELECT * FROM case_stats_history",            # the base table behind the view: only the view is allowed
    "SELECT * FROM v_case_live_anon",
    "SELECT * FROM v_case_stats",
    "SELECT (SELECT max(person_bsn) FROM hv_case) AS x",
    "SELECT * FROM v_case_anon WHERE municipality IN (SELECT city FROM hv_case)",
    "SELECT * FROM v_case_anon, LATERAL (SELECT person_surname FROM hv_case) x",
    "WITH v_case_anon AS (SELECT person_surname FROM hv_case) SELECT * FROM v_case_anon",
    "WITH hv AS (SELECT * FROM hv_case) SELECT * FROM hv",
    "WITH x AS (SELECT 1) SELECT * FROM x, hv_case",
    "WITH hv_case AS (SELECT 1 AS a) SELECT * FROM hv_case",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_csv_auto('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_parquet('x.parquet')",
    "SELECT * FROM '/etc/passwd'",
    "SELECT * FROM 'var/wth-demo.duckdb'",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM query('SELECT * FROM hv_case')",
    "SELECT * FROM query_table('hv_case')",
    "SELECT * FROM duckdb_tables()",
    "SELECT * FROM duckdb_settings()",
    "SELECT * FROM pragma_table_info('hv_case')",
    "SELECT getenv('HOME')",
    "SELECT current_setting('access_mode')",
    "SELECT nextval('case_seq')",
    "SELECT json_execute_serialized_sql('x')",
    "SELECT * FROM other.main.hv_case",
    "SELECT * FROM system.main.duckdb_tables",
    "SELECT 1; SELECT 2",
    "SELECT 1; DELETE FROM setting",
    "SELECT * FROM v_case_anon; DROP TABLE hv_case",
    "SELECT 1 /* ; */ ; DROP TABLE hv_case",
    "DESCRIBE hv_case",
    "SHOW TABLES",
    "SUMMARIZE hv_case",
    "EXPLAIN SELECT * FROM hv_case",
    "",
    "   ",
    "SELEC * FROM v_case_anon",
    "x" * 20_000,
]

# DuckDB dialect throughout (GROUP BY ALL, range()); the SQL box's walls on PostgreSQL: test_sqlbox_postgres.py
pytestmark = pytest.mark.duckdb_only


@pytest.fixture(scope="module")
def shared(_template_db, tmp_path_factory):
    """One database with one served case for the whole module (signing a case costs about a second)."""
    from tests.conftest import service_on_copy

    app, actors = service_on_copy(_template_db, tmp_path_factory.mktemp("sqlbox") / "wth.duckdb")
    walk(app, actors, until="served")
    yield app, actors
    app.db.close()


@pytest.fixture
def box(shared):
    app, actors = shared
    db = app.db
    def counts():
        out = {t: db.scalar(f"SELECT count(*) FROM {t}") for t in ("hv_case", "setting", "app_user",
                                                                   "case_stats_history")}
        out["audit_log (other than sql_query)"] = db.scalar("SELECT count(*) FROM audit_log WHERE action <> 'sql_query'")
        return out
    before = counts()
    yield app, actors["beleid.regio"]
    assert counts() == before                         # nothing written, nothing dropped (only the query's own audit)
    assert db.scalar("SELECT count(*) FROM hv_case WHERE state = 'verlopen'") == 0


def refusal(box, sql: str) -> str:
    """The Dutch message the SQL box refuses ``sql`` with (on the 'sql' field); fails when it runs."""
    app, a = box
    with pytest.raises(ValidationError) as e:
        app.sql_box.run_sql(a, sql)
    assert e.value.field == "sql"
    return e.value.message


@pytest.mark.parametrize("sql", REFUSED, ids=lambda s: s[:50])
def test_refused_with_a_dutch_message(box, sql):
    msg = refusal(box, sql)
    assert msg and not msg.startswith(("Binder", "Parser", "Catalog")), msg
    assert any(w in msg for w in ("niet toegestaan", "Alleen lezen", "precies één", "geen geldige", "te lang",
                                  "Typ een", "Alleen de views", "WITH-naam", "kan niet", "Syntaxfout")), msg


@pytest.mark.parametrize("sql, lead", [
    ("SELECT gemeente FROM v_case_anon", "De query kan niet worden uitgevoerd: kolom 'gemeente' bestaat niet."),
    ("SELEC * FROM v_case_anon", "Syntaxfout bij 'SELEC'."),
])
def test_database_errors_lead_in_dutch_with_the_technical_line_below(box, sql, lead):
    app, a = box
    with pytest.raises(ValidationError) as e:
        app.sql_box.run_sql(a, sql)
    first, _, rest = e.value.message.partition("\n")
    assert first == lead
    assert "Technische melding:" in rest


def test_schema_lists_the_real_view_columns_with_dutch_descriptions(box):
    app, a = box
    cols = app.sql_box.sql_schema(a)
    names = {(c["view"], c["column"]) for c in cols}
    real = {(r["table_name"], r["column_name"]) for r in app.db.query(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_name IN ('v_case_anon', 'v_population')")}
    assert names == real and ("v_case_anon", "municipality") in names and ("v_case_anon", "outcome") in names
    assert all(c["description"] != "(geen omschrijving)" for c in cols), [c for c in cols
                                                                           if c["description"] == "(geen omschrijving)"]


def test_schema_is_for_the_beleidsadviseur_only(shared):
    app, actors = shared
    with pytest.raises(NotAuthorized):
        app.sql_box.sql_schema(actors["manager.regio"])


def test_comments_are_dropped_and_the_checked_tree_is_what_runs(box):
    app, a = box
    r = app.sql_box.run_sql(a, "SELECT count(*) AS n FROM v_case_anon -- ; DROP TABLE hv_case")
    assert r["columns"] == ["n", "_zaken_in_groep"]
    assert "DROP" not in r["sql"].upper() and "--" not in r["sql"]
    r = app.sql_box.run_sql(a, "SELECT /* hv_case */ outcome, count(*) FROM v_case_anon GROUP BY ALL")
    assert "hv_case" not in r["sql"]


def test_allowed_queries_return_anonymous_rows_but_never_a_single_case(box):
    """Attack finding 8: the SQL box gave single-case rows (microdata) back; now a query over v_case_anon is a count
    per group, and groups of fewer than 5 cases are left out and counted, like the explorer does."""
    app, a = box
    with pytest.raises(ValidationError, match="buitenste SELECT"):
        app.sql_box.run_sql(a, "WITH o AS (SELECT * FROM v_case_anon WHERE source = 'zaak') SELECT * FROM o")
    with pytest.raises(ValidationError, match="alleen tellingen"):
        app.sql_box.run_sql(a, "SELECT * FROM v_case_anon WHERE source = 'zaak'")
    with pytest.raises(ValidationError, match="alleen tellingen per groep"):
        app.sql_box.run_sql(a, "SELECT municipality FROM v_case_anon WHERE source = 'zaak'")
    with pytest.raises(ValidationError, match="list"):
        app.sql_box.run_sql(a, "SELECT municipality, list(hours_to_decision) FROM v_case_anon GROUP BY 1")
    # the one case of this database: its row (1 case) is not shown, and the answer says so
    r = app.sql_box.run_sql(a, "SELECT v.municipality, p.inhabitants, count(*) AS n FROM v_case_anon v JOIN "
                               "v_population p ON p.municipality_code = v.municipality_code WHERE v.source = 'zaak' "
                               "GROUP BY ALL")
    assert r["rows"] == [] and r["suppressed"] == 1
    # a cross join does not inflate the count: it counts distinct cases, not joined rows
    r = app.sql_box.run_sql(a, "SELECT v.hours_to_decision, count(*) AS n FROM v_case_anon v, v_population p "
                               "WHERE v.source = 'zaak' GROUP BY 1")
    assert r["rows"] == [] and r["suppressed"] == 1
    text = repr(r["rows"])
    for secret in ("Voorbeeld", "Kerkstraat", "5911 AB", "HV-"):
        assert secret not in text
    # queries that do not read the case view are unchanged
    r = app.sql_box.run_sql(a, "SELECT x FROM range(3) t(x) ORDER BY x DESC")
    assert [row[0] for row in r["rows"]] == [2, 1, 0]
    assert app.sql_box.run_sql(a, "SELECT count(*) FROM v_population")["suppressed"] == 0


def test_every_attempt_is_audited_even_one_the_parser_chokes_on(box):
    """Attack finding 10: deeply nested SQL crashed the check without an audit row."""
    app, a = box
    before = app.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'sql_query'")
    for deep in ("SELECT " + "abs(" * 400 + "1" + ")" * 400,                   # Python's JSON reader gave up
                 "SELECT * FROM " + "(SELECT * FROM " * 400 + "v_case_anon" + ")" * 400):
        # (whether Python's JSON reader or the small-cell rule refuses the second one depends on the stack depth
        # left to the test; either way it is refused in Dutch and audited)
        with pytest.raises(ValidationError, match="te diep genest|Lees v_case_anon één keer"):
            app.sql_box.run_sql(a, deep)
    assert app.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'sql_query'") == before + 2
    assert app.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'sql_query' AND detail LIKE "
                         "'geweigerd%' AND id > (SELECT max(id) - 2 FROM audit_log)") == 2
    assert app.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'sql_query' AND detail LIKE "
                         "'geweigerd: onleesbaar of te diep genest%'") >= 1


def test_a_hugeint_result_comes_back_as_text(box):
    """Attack finding 11: a HUGEINT (beyond 64 bits) broke the table on the page."""
    app, a = box
    r = app.sql_box.run_sql(a, "SELECT CAST(170141183460469231731687303715884105727 AS HUGEINT) AS h, 7 AS k")
    assert r["rows"] == [("170141183460469231731687303715884105727", 7)]


def test_at_most_one_query_per_user_and_two_in_all_run_at_once(box, monkeypatch):
    """Attack finding 12: no cap on concurrent worker processes."""
    from procedure.services import sql_box

    app, a = box
    started, release = __import__("threading").Event(), __import__("threading").Event()
    real_run = sql_box.sqlbox.run

    def slow_run(*args, **kw):
        started.set()
        release.wait(10)
        return real_run(*args, **kw)

    monkeypatch.setattr(sql_box.sqlbox, "run", slow_run)
    th = __import__("threading").Thread(target=lambda: app.sql_box.run_sql(a, "SELECT 1"))
    th.start()
    try:
        assert started.wait(10)
        with pytest.raises(ValidationError, match="vorige query loopt nog"):
            app.sql_box.run_sql(a, "SELECT 2")
        assert sql_box._workers.acquire(blocking=False)           # the second of the two slots
        try:
            with pytest.raises(ValidationError, match="SQL-box is bezet"):
                app.sql_box.run_sql(a, "SELECT 3")
        finally:
            sql_box._workers.release()
    finally:
        release.set()
        th.join()
    assert app.sql_box.run_sql(a, "SELECT 4")["rows"] == [(4,)]


def test_row_limit(box):
    app, a = box
    r = app.sql_box.run_sql(a, "SELECT * FROM range(5000)", limit=1000)
    assert len(r["rows"]) == 1000 and r["truncated"]
    r = app.sql_box.run_sql(a, "SELECT * FROM range(10) LIMIT 100000", limit=1000)
    assert len(r["rows"]) == 10 and not r["truncated"]


def test_time_limit_interrupts_a_huge_cross_join(box):
    app, a = box
    t = time.perf_counter()
    with pytest.raises(ValidationError) as e:
        app.sql_box.run_sql(a, "SELECT count(DISTINCT a.range * 7 + b.range) FROM range(100000000) a, range(100000) b",
                            timeout_s=0.5)
    assert "afgebroken" in e.value.message
    assert time.perf_counter() - t < 5
    # the connection is usable afterwards and nothing stays open
    assert app.sql_box.run_sql(a, "SELECT 42")["rows"] == [(42,)]
    assert app.db.scalar("SELECT 1") == 1


def test_the_worker_refuses_writes_even_if_one_slipped_through(shared):
    """Second layer: the worker opens the anonymous copy read-only, so a write fails there by itself, and the case
    database is not in its reach at all."""
    from store import sqlbox

    db = shared[0].db
    target = sqlbox.ensure_snapshot(db)
    before = target.read_bytes()
    run = sqlbox.run(target, ["INSERT INTO v_population SELECT * FROM v_population RETURNING *",
                              "INSERT INTO setting VALUES ('a', 'b') RETURNING *"], wrap=False)
    assert [r.error for r in run.results] == ["sql", "sql"], run.results
    assert "read-only" in run.results[0].message and "setting" in run.results[1].message
    assert target.read_bytes() == before
    assert db.scalar("SELECT count(*) FROM setting WHERE key = 'a'") == 0


def test_only_the_beleidsadviseur(shared):
    app, actors = shared
    for user in ("manager.regio", "manager.venlo", "hovj.noord", "beheer"):
        with pytest.raises(NotAuthorized):
            app.sql_box.run_sql(actors[user], "SELECT 1")


# Break-it report (December 2026): the small-cell corpus (tests/security/sql_corpus.py)
CASE_VIEW_LEAKS = SMALL_CELL


@pytest.mark.parametrize("sql", CASE_VIEW_LEAKS, ids=lambda s: s[:60])
def test_case_view_allows_only_plain_aggregates_per_group(box, sql):
    msg = refusal(box, sql)
    assert "niet toegestaan" in msg or "lijst, struct, JSON" in msg, msg


@pytest.mark.parametrize("sql", [
    "SELECT [min(hours_to_decision), max(hours_to_decision)] AS r FROM v_case_anon",
    "SELECT {'a': count(*)} AS s FROM v_case_anon",
    "SELECT CAST(count(*) AS JSON) AS j FROM v_case_anon",
    "SELECT CAST('101' AS BIT) AS b, count(*) FROM v_case_anon",
    "SELECT municipality, map([municipality], [count(*)]) AS m FROM v_case_anon GROUP BY 1",
])
def test_list_struct_json_map_bit_results_over_the_case_view_are_refused(box, sql):
    app, a = box
    with pytest.raises(ValidationError, match="lijst, struct, JSON, map of bitreeks"):
        app.sql_box.run_sql(a, sql)


def test_allowed_aggregates_still_answer_per_group(box):
    app, a = box
    total = app.db.scalar("SELECT count(*) FROM v_case_anon")
    assert total >= 576
    r = app.sql_box.run_sql(a, "SELECT count(*) AS n, count(DISTINCT municipality) AS g, sum(hours_to_decision) AS s, "
                               "avg(hours_to_decision) AS m, min(melding_month) AS lo, max(CAST(hours_to_decision AS "
                               "INTEGER)) AS hi, median(hours_to_decision) AS md, stddev_samp(hours_to_decision) AS sd, "
                               "var_samp(hours_to_decision) AS v FROM v_case_anon")
    assert r["rows"][0][0] == total and r["rows"][0][-1] == total
    r = app.sql_box.run_sql(a, "SELECT subregion, lower(outcome) AS o, count(*) AS n FROM v_case_anon "
                               "WHERE year(melding_month) > 2000 GROUP BY ALL ORDER BY ALL")
    assert r["rows"] and all(row[-1] >= 5 for row in r["rows"])
    # the example the page starts with (pages/verkenner.py) runs as it stands
    r = app.sql_box.run_sql(a, "SELECT melding_year, subregion, extended AS verlengd, count(*) AS huisverboden,\n"
                               "       median(order_days) AS mediaan_dagen\nFROM v_case_anon\nWHERE decision_huisverbod\n"
                               "GROUP BY ALL\nORDER BY ALL")
    assert r["rows"] and r["columns"][-1] == "_zaken_in_groep"


def test_the_repros_leak_nothing_at_576_cases(box):
    """The break-it tester's three repros on the seeded history (at least 576 cases): all refused."""
    app, a = box
    assert app.db.scalar("SELECT count(*) FROM v_case_anon") >= 576
    for sql in CASE_VIEW_LEAKS[:3]:
        with pytest.raises(ValidationError):
            app.sql_box.run_sql(a, sql)
