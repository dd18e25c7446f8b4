"""The SQL box can only ever see anonymous data (issue 11, point 1).

A real case database with a case full of canary personal data, a real back-up (``store.backup``) beside it and a
copy of that back-up beside the SQL box's anonymous database, plus a CSV and a JSON export and a cookie key file.
The attack corpus (tests/security/sql_corpus.py) runs twice:

1. through the service (``run_sql``: parser check + worker), as the beleidsadviseur;
2. raw, straight into the worker (no parser check, no wrapper), in one worker process under ``strace``: this
   proves the walls hold by themselves.

Both must give zero rows of personal data; the trace must show that no statement touched any file at all, and no
file may appear or change in the data folder.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from procedure.domain.errors import ValidationError
from tests.security.sql_corpus import corpus

CANARIES = ("Kanariepietersen", "Klaas Kanarie", "Geheimgracht", "111222333", "Sietske Kanarie",
            "kanarie-incident", "$2b$", "KanarieSleutel", "Kanarie-feit")
PERSONAL_COLUMNS = {"person_surname", "person_given_names", "person_bsn", "person_phone", "street", "house_number",
                    "postcode", "incident_description", "password_hash", "p12", "passphrase", "key_pem", "facts",
                    "email"}
STRACE = shutil.which("strace")


@pytest.fixture(scope="module")
def world(_template_db, tmp_path_factory):
    """data/wth.duckdb with a canary case, data/backup-2026 (a real back-up), data/zaken.csv + .json, the cookie key,
    the anonymous copy in data/sqlbox/ with a copy of the back-up beside it."""
    from store import backup, sqlbox
    from tests.conftest import service_on_copy, walk

    data = tmp_path_factory.mktemp("walls") / "data"
    data.mkdir()
    app, actors = service_on_copy(_template_db, data / "wth.duckdb")
    db = app.db
    walk(app, actors, until="served", person_surname="Kanariepietersen", person_given_names="Klaas Kanarie",
         street="Geheimgracht", person_bsn="111222333",
         incident_description="Dreiging in de woning (kanarie-incident, synthetisch testgeval).",
         members=[{"name": "Sietske Kanarie", "birth_date": "1984-01-02", "relation": "partner", "residence": "woont",
                   "residence_basis": "BRP", "threatened": True}])
    backup.export_database(db, data / "backup-2026")
    cur = db.cursor()
    cur.execute(f"COPY (SELECT * FROM hv_case) TO '{data / 'zaken.csv'}' (HEADER)")
    cur.execute(f"COPY (SELECT * FROM hv_case) TO '{data / 'zaken.json'}'")
    (data / "demo-cookie-key.txt").write_text("KanarieSleutel-" + "x" * 40)
    target = sqlbox.ensure_snapshot(db, force=True)
    shutil.copytree(data / "backup-2026", target.parent / "backup-kopie")
    # the canaries are really there, so that not finding them means something
    assert "Kanariepietersen" in (data / "zaken.csv").read_text()
    assert db.scalar("SELECT count(*) FROM hv_case WHERE person_bsn = '111222333'") == 1
    items = corpus(data, data / "backup-2026", target.parent / "backup-kopie", target.parent / "uit")
    yield {"app": app, "actor": actors["beleid.regio"], "db": db, "data": data, "target": target, "items": items}
    db.close()


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _leaks(columns: list[str], rows: list[tuple]) -> list[str]:
    text = json.dumps([list(columns), [list(map(str, r)) for r in rows]])
    found = [c for c in CANARIES if c in text]
    found += [f"column {c}" for c in columns if str(c).lower() in PERSONAL_COLUMNS]
    return found


def test_corpus_through_the_service_gives_no_personal_data(world):
    app, actor, items = world["app"], world["actor"], world["items"]
    before = _tree(world["data"])
    outcome: Counter = Counter()
    leaks = []
    for category, sql in items:
        try:
            r = app.sql_box.run_sql(actor, sql, timeout_s=3)
        except ValidationError as exc:
            assert exc.field == "sql" and exc.message and "Traceback" not in exc.message
            outcome["geweigerd" if any(w in exc.message for w in ("niet toegestaan", "Alleen", "precies één",
                                                                   "WITH-naam")) else "fout"] += 1
            continue
        outcome["rijen"] += 1
        found = _leaks(r["columns"], r["rows"])
        if found:
            leaks.append((category, sql, found))
    assert leaks == []
    after = _tree(world["data"])
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    # only the case database itself changes (each query writes its audit row) and, if it was rebuilt, the copy
    assert changed <= {"wth.duckdb", "wth.duckdb.wal", "sqlbox/wth-anon.duckdb"}, changed
    print(f"\nSQL-box corpus via the service: {len(items)} statements "
          f"({dict(Counter(c for c, _ in items))}); outcome {dict(outcome)}; personal data rows: 0")


def test_every_query_is_audited_with_hash_length_and_rows(world):
    import hashlib

    app, actor, db = world["app"], world["actor"], world["db"]
    n0 = db.scalar("SELECT count(*) FROM audit_log WHERE action = 'sql_query'")
    ok = "SELECT outcome, count(*) AS n FROM v_case_anon GROUP BY ALL"
    app.sql_box.run_sql(actor, ok)
    with pytest.raises(ValidationError):
        app.sql_box.run_sql(actor, "SELECT * FROM hv_case")
    rows = db.query("SELECT username, role, occurred_at, detail FROM audit_log WHERE action = 'sql_query' "
                    "ORDER BY id DESC LIMIT 2")
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'sql_query'") == n0 + 2
    refused, done = rows
    assert done["username"] == "beleid.regio" and done["role"] == "beleidsadviseur" and done["occurred_at"]
    assert re.fullmatch(rf"\d+ rijen; {len(ok)} tekens; sha256 {hashlib.sha256(ok.encode()).hexdigest()}",
                        done["detail"]), done["detail"]
    assert refused["detail"].startswith("geweigerd door de controle; 21 tekens; ") and refused["detail"].endswith(
        f"; sha256 {hashlib.sha256(b'SELECT * FROM hv_case').hexdigest()}")
    # the audit page's service shows them, with a Dutch label
    from data.seed import actor_for

    shown = app.audit_viewer.audit_log(actor_for(db, "beheer"), action="sql_query")
    assert shown and shown[0]["action_label"] == "SQL-box-query" and "sha256" in shown[0]["detail"]


@pytest.mark.skipif(STRACE is None and not os.environ.get("CI"), reason="strace is not installed (apt-get install strace)")
def test_corpus_raw_in_the_worker_reads_no_file_and_no_personal_data(world, tmp_path):
    """No parser check at all: the statements go straight into one worker, traced. Every file-related system call
    after the first statement's marker is recorded: no open, stat, access, exec or any other call that opens or
    inspects a file. The only calls allowed are ``readlink`` on path components and ``getcwd``, which DuckDB makes to
    canonicalise a path before refusing it (metadata of symbolic links only; nothing is opened or read); and the
    refusal reads
    the same for a file that exists and one that does not (no existence oracle)."""
    from store import sqlbox

    assert STRACE, "strace is required in CI for this test"
    items = world["items"]
    before = _tree(world["data"])
    trace = tmp_path / "trace.txt"
    marker = str(tmp_path / "wth-sqlbox-marker")
    run = sqlbox.run(world["target"], [sql for _, sql in items], sqlbox.Limits(timeout_s=3), wrap=False,
                     marker=marker, prefix=[STRACE, "-f", "-qq", "-e", "trace=%file", "-o", str(trace)])
    assert run.returncode == 0, run
    leaks, outcome = [], Counter()
    for (category, sql), res in zip(items, run.results):
        outcome[res.error or "rijen"] += 1
        if not res.error:
            found = _leaks(res.columns, res.rows)
            if found:
                leaks.append((category, sql, found))
    assert leaks == []
    lines = trace.read_text(errors="replace").splitlines()
    first = next(i for i, ln in enumerate(lines) if f"{marker}-0" in ln)
    calls = Counter()
    touched = []
    for ln in lines[first:]:
        m = re.match(r"\d+\s+(\w+)\(", ln)
        if not m or marker in ln:
            continue
        calls[m.group(1)] += 1
        if m.group(1) not in ("readlink", "getcwd"):
            touched.append(ln)
    assert touched == [], "\n".join(touched[:40])
    real = str(world["data"] / "backup-2026" / "hv_case.parquet")
    fake = str(world["data"] / "backup-2026" / "bestaat-niet.parquet")
    probe = sqlbox.run(world["target"], [f"SELECT * FROM read_parquet('{real}')",
                                         f"SELECT * FROM read_parquet('{fake}')"], wrap=False).results
    assert probe[0].message.replace(real, "P") == probe[1].message.replace(fake, "P")
    after = _tree(world["data"])
    assert after == before
    assert not (world["target"].parent / "uit").exists()
    print(f"\nSQL-box corpus raw in the worker: {len(items)} statements, outcome {dict(outcome)}; file system calls "
          f"after the first statement: {dict(calls)} (none opens or reads a file); personal data rows: 0; worker peak RSS "
          f"{run.peak_rss_kb // 1024} MB, {run.seconds:.1f} s")


def test_the_anonymous_copy_holds_only_the_two_anonymous_relations(world):
    import duckdb

    con = duckdb.connect(str(world["target"]), read_only=True)
    try:
        tables = sorted(r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall())
        views = con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchone()[0]
        cols = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns").fetchall()}
        dump = json.dumps([[str(x) for x in r] for t in tables for r in con.execute(f"SELECT * FROM {t}").fetchall()])
    finally:
        con.close()
    assert tables == ["v_case_anon", "v_population"] and views == 0
    assert not cols & PERSONAL_COLUMNS
    assert not [c for c in CANARIES if c in dump]
    live = world["db"].scalar("SELECT count(*) FROM v_case_anon")
    con = duckdb.connect(str(world["target"]), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM v_case_anon").fetchone()[0] == live
    finally:
        con.close()


def test_the_worker_cannot_reach_a_secret_in_the_environment(world, monkeypatch):
    from store import sqlbox

    monkeypatch.setenv("WTH_COOKIE_KEY", "KanarieSleutel-in-de-omgeving")
    probe = sqlbox.run(world["target"], ["SELECT getenv('WTH_COOKIE_KEY')"], wrap=False).results[0]
    assert probe.error == "sql"          # getenv does not even exist with external access off
    # and if it did, the worker's environment has no WTH_ variables: start the worker's Python the same way
    env_dump = subprocess.run([sys.executable, "-c", "import os; print(sorted(os.environ))"], env={"PATH": "/usr/bin"},
                              capture_output=True, text=True).stdout
    assert "WTH_COOKIE_KEY" not in env_dump
