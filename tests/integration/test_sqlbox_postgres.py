"""The SQL box on PostgreSQL (issue 16): the worker logs in as the SQL box role, which may only read the anonymous
copy (schema sqlbox), in read-only transactions, with statement_timeout and work_mem set on the role — the role is
the wall; the DuckDB parser check and the small-cell count stay in front of it."""
from __future__ import annotations

import pytest

from procedure.domain.errors import ValidationError
from tests.conftest import walk

pytestmark = pytest.mark.postgres_only


def test_the_role_reads_only_the_anonymous_copy_and_cannot_write(app, actors, db):
    from store import sqlbox

    walk(app, actors, until="served")
    target = sqlbox.ensure_snapshot(db, force=True)
    assert target.startswith("postgresql://") and sqlbox.pg_role_name(db) in target
    run = sqlbox.run(target, ["INSERT INTO v_population SELECT * FROM v_population RETURNING *",
                              "INSERT INTO public.setting VALUES ('a', 'b') RETURNING *",
                              "SELECT * FROM public.hv_case", "SELECT * FROM public.setting",
                              "CREATE TEMP TABLE t AS SELECT 1", "SELECT set_config('role', 'postgres', false)",
                              "SELECT current_setting('work_mem'), current_setting('statement_timeout')",
                              "SELECT count(*) FROM v_case_anon"], wrap=False)
    assert [r.error for r in run.results] == ["sql"] * 6 + [None, None], run.results
    assert "read-only" in run.results[0].message
    assert all("permission denied" in r.message or "read-only" in r.message for r in run.results[1:6]), \
        [r.message for r in run.results]
    assert run.results[6].rows == [("16MB", "5s")]
    assert run.results[7].rows[0][0] >= 1
    assert db.scalar("SELECT count(*) FROM setting WHERE key = 'a'") == 0


def test_the_service_counts_per_group_and_refuses_single_cases(app, actors):
    walk(app, actors, until="served")
    a = actors["beleid.regio"]
    r = app.sql_box.run_sql(a, "SELECT count(*) AS n FROM v_population")
    assert r["rows"][0][0] > 0
    # the one case of this database is a group of 1: left out, and the answer says so
    r = app.sql_box.run_sql(a, "SELECT municipality, count(*) AS n FROM v_case_anon WHERE source = 'zaak' "
                               "GROUP BY municipality")
    assert r["rows"] == [] and r["suppressed"] == 1
    with pytest.raises(ValidationError):
        app.sql_box.run_sql(a, "SELECT * FROM v_case_anon WHERE source = 'zaak'")
    # the break-it report's small-cell attacks, in PostgreSQL's words too: the allow-list refuses them before they run
    for sql in ("SELECT json_agg(municipality) FROM v_case_anon",
                "SELECT array_agg(rihg_colours) FROM v_case_anon",
                "SELECT max(rihg_colours) FILTER (WHERE _rij = 17) FROM v_case_anon",
                "SELECT max(municipality || rihg_colours) FROM v_case_anon",
                "SELECT count(*) FROM v_case_anon WHERE _rij = 17",
                "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY hours_to_decision) FROM v_case_anon",
                "SELECT ARRAY[min(hours_to_decision), max(hours_to_decision)] AS r FROM v_case_anon"):
        with pytest.raises(ValidationError):
            app.sql_box.run_sql(a, sql)
