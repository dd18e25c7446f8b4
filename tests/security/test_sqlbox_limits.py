"""The SQL box's memory and time limits (issue 11, point 1): queries that need gigabytes stop with a Dutch message,
the app process does not grow (neither its resident memory nor its peak), and the worker stays under its ceiling;
a worker that does not finish is killed at the wall-clock deadline."""
from __future__ import annotations

import time

import pytest

from procedure.domain.errors import ValidationError

#: each needs gigabytes: one 1.5 GB string, string_agg over 3 GB of generated text, a list of 300 million numbers,
#: a sort of 100 million 100-byte strings
BOMBS = [
    "SELECT length(repeat('x', 1500000000)) AS n",
    "SELECT length(string_agg(repeat('x', 1000000), '')) AS n FROM range(3000)",
    "SELECT len(l) FROM (SELECT list(range) AS l FROM range(300000000))",
    "SELECT count(*) FROM (SELECT repeat(md5(range::VARCHAR), 3) AS s FROM range(100000000) ORDER BY s)",
]


def _status(key: str) -> int:
    """A /proc/self/status value in MiB (VmRSS = now, VmHWM = peak)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) // 1024
    raise KeyError(key)


@pytest.fixture(scope="module")
def box(_template_db, tmp_path_factory):
    from tests.conftest import service_on_copy, walk

    app, actors = service_on_copy(_template_db, tmp_path_factory.mktemp("limits") / "wth.duckdb")
    walk(app, actors, until="melding")
    app.sql_box.run_sql(actors["beleid.regio"], "SELECT 1")        # warm up: the snapshot and the first worker
    yield app, actors["beleid.regio"]
    app.db.close()


@pytest.mark.parametrize("sql", BOMBS, ids=["repeat-1.5GB", "string_agg-3GB", "list-300M", "sort-10GB"])
def test_memory_bomb_stops_with_a_dutch_message_and_the_app_does_not_grow(box, sql):
    app, advisor = box
    rss, peak = _status("VmRSS"), _status("VmHWM")
    t = time.perf_counter()
    with pytest.raises(ValidationError) as e:
        app.sql_box.run_sql(advisor, sql, timeout_s=10)
    took = time.perf_counter() - t
    msg = e.value.message
    assert e.value.field == "sql"
    assert "geheugen" in msg and ("gestopt" in msg or "afgebroken" in msg), msg
    assert "Error" not in msg.split("\n")[0]                 # Dutch first; DuckDB's line only below
    grew, peak_grew = _status("VmRSS") - rss, _status("VmHWM") - peak
    print(f"\n{sql[:60]!r}: refused in {took:.1f} s; app RSS +{grew} MiB, app peak +{peak_grew} MiB")
    assert grew < 40 and peak_grew < 40, (grew, peak_grew)
    assert app.sql_box.run_sql(advisor, "SELECT 42 AS n")["rows"] == [(42,)]      # the box works right after


def test_the_worker_stays_under_its_ceiling(box):
    from store import sqlbox
    from procedure.services.sql_box import SQL_DATA_MB, SQL_MEMORY_MB

    app, _ = box
    target = sqlbox.ensure_snapshot(app.db)
    limits = sqlbox.Limits(memory_mb=SQL_MEMORY_MB, data_limit_mb=SQL_DATA_MB, timeout_s=10)
    run = sqlbox.run(target, BOMBS, limits)
    assert [r.error for r in run.results] == ["memory"] * len(BOMBS), [(r.error, r.message[:80]) for r in run.results]
    peak_mb = run.peak_rss_kb / 1024
    print(f"\nworker: {len(BOMBS)} memory bombs, all stopped by the limits; worker peak RSS {peak_mb:.0f} MiB "
          f"(DuckDB memory_limit {SQL_MEMORY_MB} MiB, OS data ceiling {SQL_DATA_MB} MiB); {run.seconds:.1f} s")
    assert peak_mb < SQL_DATA_MB + 200


def test_a_result_too_large_to_show_is_refused_without_reaching_the_app(box):
    app, advisor = box
    rss = _status("VmRSS")
    with pytest.raises(ValidationError) as e:
        app.sql_box.run_sql(advisor, "SELECT repeat('x', 20000000) AS s")       # 20 MB: within memory, too big to send
    assert "te groot" in e.value.message
    assert _status("VmRSS") - rss < 40


def test_a_worker_that_does_not_answer_is_killed_at_the_deadline(box, monkeypatch):
    from store import sqlbox

    monkeypatch.setattr(sqlbox, "STARTUP_GRACE_S", 1.0)
    target = sqlbox.ensure_snapshot(box[0].db)
    t = time.perf_counter()
    # a stand-in for a worker stuck where DuckDB can't interrupt it: the command sleeps instead of answering
    run = sqlbox.run(target, ["SELECT 1"], sqlbox.Limits(timeout_s=0.5), prefix=["/bin/sh", "-c", "sleep 60", "sh"])
    took = time.perf_counter() - t
    assert run.results[0].error == "killed" and run.returncode < 0
    assert took < 5, took
