"""The SQL box's walls (issue 11): a separate anonymous database, queried in a separate worker process.
Implements no article of the Wth: the AVG's wall between policy queries and case data.

The policy advisor's query never runs in the app process and never sees the case database:

1. :func:`ensure_snapshot` copies what ``SELECT * FROM v_case_anon`` and ``SELECT * FROM v_population`` return
   in the case database (views or tables, whatever they are) into a **separate DuckDB file** that holds nothing
   else: ``<db folder>/sqlbox/<db name>-anon.duckdb`` (folder ``0700``, file ``0600``). It is rebuilt on the first
   query after a write (at most every :data:`MIN_REFRESH_S` seconds) and at least every :data:`MAX_AGE_S`
   seconds, into a new file that replaces the old one atomically.
2. :func:`run` starts ``store/sqlbox_worker.py`` per request in its own process with a minimal environment, no
   inherited file descriptors and ``/`` as working folder; the worker opens the copy read-only with file and
   network access off and locked, a memory limit, a thread limit, OS limits on memory, file writes and CPU, and
   a statement timer. The parent kills the process group at a hard wall-clock deadline.

A parser bypass therefore finds only the anonymous rows the advisor may read anyway; the parser check in
``procedure/services/sql_box.py`` stays as an extra layer.

On PostgreSQL (issue 16) the same two steps, with the database's own walls: the anonymous copy is the schema
``sqlbox`` in the case database (tables ``sqlbox.v_case_anon`` and ``sqlbox.v_population``, rebuilt by the same rules,
swapped in one transaction), and the worker logs in as a separate role ``<database>_sqlbox`` that may USE only that
schema and SELECT only those two tables — no other table, no TEMP, no CREATE — with ``statement_timeout``,
``work_mem``, ``temp_file_limit`` where allowed, ``default_transaction_read_only`` and a connection limit set on the
role itself, so no SET in the query text can lift them beyond what the role allows. The role is made (random password,
kept in ``setting``, which the role cannot read) the first time the SQL box runs, or given by the operator with
``WTH_SQLBOX_URL``. Worker limits (OS, wall clock) stay the same.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from store import files
from store.db import Database
from store.stats_repo import ANON_VIEWS

log = logging.getLogger(__name__)

WORKER = Path(__file__).with_name("sqlbox_worker.py")
#: the anonymous copy is rebuilt on the first query after a write, but not more often than this
MIN_REFRESH_S = 15.0
#: ... and at least this often (``final_state`` depends on the clock: an order expires without a write)
MAX_AGE_S = 300.0
#: extra wall-clock time for the worker to start (Python + DuckDB) before the hard kill
STARTUP_GRACE_S = 5.0


@dataclass(frozen=True)
class Limits:
    """Limits of one SQL-box request.

    Attributes:
        max_rows: rows returned (one more is read to know whether the result was cut).
        timeout_s: per statement; the worker interrupts it, the parent kills the process a little later.
        memory_mb: DuckDB's ``memory_limit`` (MiB).
        data_limit_mb: the worker's ``RLIMIT_DATA`` (MiB): heap and anonymous memory, whatever allocates it.
        threads: DuckDB threads.
        max_result_bytes: the answer's size (JSON) — the app process never reads more than this.
    """

    max_rows: int = 1000
    timeout_s: float = 5.0
    memory_mb: int = 512
    data_limit_mb: int = 1024
    threads: int = 2
    max_result_bytes: int = 4_000_000


@dataclass
class Result:
    """One statement's answer: ``columns`` and ``rows`` (tuples of Python values), or ``error`` (``timeout``,
    ``memory``, ``too_big``, ``sql``, ``killed``, ``open``) with DuckDB's ``message``."""

    columns: list[str] = field(default_factory=list)
    #: the engine's names of the result column types (``INTEGER[]``, ``JSON``, ``integer[]``), same order as columns
    types: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    truncated: bool = False
    error: str | None = None
    message: str = ""


@dataclass
class Run:
    """A worker run: the results in order, the worker's peak resident memory (KiB, from ``wait4``), its exit
    status and the wall-clock seconds."""

    results: list[Result]
    peak_rss_kb: int
    returncode: int
    seconds: float
    snapshot_at: datetime | None = None


# -- the anonymous copy ---------------------------------------------------------------------------------------------
_locks: dict[str, threading.Lock] = {}
_built: dict[str, tuple[float, int]] = {}      # snapshot path -> (monotonic build time, db.generation at build)
_guard = threading.Lock()


#: PostgreSQL: the schema of the anonymous copy and the SQL box role's settings
PG_SCHEMA = "sqlbox"
PG_WORK_MEM = "16MB"
PG_CONNECTION_LIMIT = 8
_pg_built_at: dict[str, datetime] = {}


def pg_role_name(db: Database) -> str:
    """The SQL box's role for a PostgreSQL database: ``<database>_sqlbox`` (letters, digits, _ only)."""
    from store import dialect

    base = "".join(c if c.isalnum() else "_" for c in dialect.database_name(db.path).lower())
    return f"{base[:40]}_sqlbox"


def _ensure_pg_role(db: Database, timeout_s: float) -> str:
    """The read-only role's URL, made if missing (see module doc); its grants are set anew every time."""
    import secrets

    from store import dialect, repo

    given = os.environ.get("WTH_SQLBOX_URL", "").strip()
    role = pg_role_name(db) if not given else (dialect.urlsplit_user(given) or pg_role_name(db))
    with db.transaction() as cur:
        password = repo.get_setting(db, "sqlbox_role_password") if not given else None
        exists = cur.execute("SELECT count(*) FROM pg_roles WHERE rolname = ?", [role]).fetchone()[0]
        if not given:
            if not password or not exists:
                password = secrets.token_urlsafe(24)
                repo.set_setting(cur, "sqlbox_role_password", password)
            # (created without superuser/replication; an ALTER may not name those attributes unless the app's own
            # role is a superuser, which it should not be — PostgreSQL 15 refuses it for a CREATEROLE role)
            attrs = "NOSUPERUSER NOREPLICATION " if not exists else ""
            cur.execute(f"{'ALTER' if exists else 'CREATE'} ROLE {role} LOGIN {attrs}NOCREATEDB NOCREATEROLE NOINHERIT "
                        f"CONNECTION LIMIT {PG_CONNECTION_LIMIT} PASSWORD '{password}'")
        database = dialect.database_name(db.path)
        ms = int(timeout_s * 1000)
        for stmt in (f"ALTER ROLE {role} IN DATABASE \"{database}\" SET statement_timeout = {ms}",
                     f"ALTER ROLE {role} IN DATABASE \"{database}\" SET work_mem = '{PG_WORK_MEM}'",
                     f"ALTER ROLE {role} IN DATABASE \"{database}\" SET default_transaction_read_only = on",
                     f"ALTER ROLE {role} IN DATABASE \"{database}\" SET search_path = {PG_SCHEMA}",
                     f"REVOKE ALL ON DATABASE \"{database}\" FROM {role}",
                     f"REVOKE TEMPORARY ON DATABASE \"{database}\" FROM PUBLIC",
                     f"GRANT CONNECT ON DATABASE \"{database}\" TO {role}",
                     f"REVOKE ALL ON SCHEMA public FROM {role}",
                     f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
                     f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}",
                     f"GRANT USAGE ON SCHEMA {PG_SCHEMA} TO {role}",
                     f"GRANT SELECT ON ALL TABLES IN SCHEMA {PG_SCHEMA} TO {role}"):
            cur.execute(stmt)
    if given:
        return given
    return dialect.with_credentials(db.path, role, password)


def _ensure_pg_snapshot(db: Database, *, force: bool, timeout_s: float) -> str:
    """PostgreSQL: refresh schema ``sqlbox`` (same refresh rules as the DuckDB copy) and return the role's URL."""
    key = db.path
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        built = _built.get(key)
        now = time.monotonic()
        fresh = not force and built is not None and (
            now - built[0] < MIN_REFRESH_S or (built[1] == db.generation and now - built[0] < MAX_AGE_S))
        if not fresh:
            generation = db.generation
            with db.transaction() as cur:
                cur.execute(f"CREATE SCHEMA IF NOT EXISTS {PG_SCHEMA}")
                for name in ANON_VIEWS:        # what the case database returns, view or table: nothing else
                    cur.execute(f"DROP TABLE IF EXISTS {PG_SCHEMA}.{name}")
                    # v_case_anon with ``_rij`` in random order, as in the DuckDB copy (small cells, attack finding 8)
                    rij = ", row_number() OVER (ORDER BY random()) AS _rij" if name == "v_case_anon" else ""
                    cur.execute(f"CREATE TABLE {PG_SCHEMA}.{name} AS SELECT *{rij} FROM public.{name}")
            _built[key] = (time.monotonic(), generation)
            from datetime import timezone

            _pg_built_at[key] = datetime.now(timezone.utc)
        url = _ensure_pg_role(db, timeout_s)
        _pg_built_at.setdefault(url, _pg_built_at.get(key))
        _pg_built_at[url] = _pg_built_at.get(key)
        return url


def snapshot_path(db: Database) -> Path:
    """Where the anonymous copy of ``db`` lives: a ``sqlbox`` folder beside the database file."""
    p = Path(db.path)
    if db.path == ":memory:":
        p = Path(os.environ.get("TMPDIR", "/tmp")) / f"wth-memory-{os.getpid()}-{id(db)}.duckdb"
    return p.parent / "sqlbox" / f"{p.stem}-anon.duckdb"


def ensure_snapshot(db: Database, *, force: bool = False, timeout_s: float = 5.0) -> Path | str:
    """The anonymous copy of ``db``, rebuilt when needed (see module doc); returns its path (DuckDB), or on
    PostgreSQL the URL of the SQL box role (``timeout_s``: its ``statement_timeout``).

    Built into a new file beside it (the case database ATTACHes it for writing, copies the two anonymous relations,
    CHECKPOINTs and DETACHes it), then renamed over the old one: a worker still reading the old copy keeps it.
    """
    if db.postgres:
        return _ensure_pg_snapshot(db, force=force, timeout_s=timeout_s)
    target = snapshot_path(db)
    key = str(target)
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        built = _built.get(key)
        now = time.monotonic()
        if not force and built is not None and target.exists():
            age = now - built[0]
            if age < MIN_REFRESH_S or (built[1] == db.generation and age < MAX_AGE_S):
                return target
        files.private_dir(target.parent)
        generation = db.generation
        tmp = target.with_name(f".{target.stem}.{uuid.uuid4().hex}.building")
        alias = f"sqlbox_{uuid.uuid4().hex[:12]}"
        cur = db.cursor().cursor()
        try:
            cur.execute(f"ATTACH '{_quote(tmp)}' AS {alias}")
            try:
                cur.execute("BEGIN TRANSACTION")
                for name in ANON_VIEWS:        # what the case database returns, view or table: nothing else
                    # v_case_anon gets a row number in random order, ``_rij``: the SQL box counts the distinct cases
                    # behind every result row with it (small cells, attack finding 8); it says nothing about a case
                    src = (f"(SELECT * EXCLUDE (_k), row_number() OVER (ORDER BY _k) AS _rij FROM (SELECT *, random() "
                           f"AS _k FROM {name}))" if name == "v_case_anon" else name)
                    cur.execute(f"CREATE TABLE {alias}.main.{name} AS SELECT * FROM {src}")
                cur.execute("COMMIT")
                cur.execute(f"CHECKPOINT {alias}")
            finally:
                cur.execute(f"DETACH {alias}")
        except BaseException:
            for p in (tmp, Path(str(tmp) + ".wal")):
                p.unlink(missing_ok=True)
            raise
        finally:
            cur.close()
        Path(str(tmp) + ".wal").unlink(missing_ok=True)    # checkpointed: an empty WAL may remain
        files.make_private(tmp)
        os.replace(tmp, target)
        _built[key] = (time.monotonic(), generation)
        return target


def refresh_if_present(db: Database) -> None:
    """Rebuild the anonymous copy now if there is one (after a retention run: a destroyed case must not linger in it
    for up to :data:`MIN_REFRESH_S` seconds; attack finding 15)."""
    if db.postgres:
        if db.path in _built:
            ensure_snapshot(db, force=True)
        return
    if snapshot_path(db).exists():
        ensure_snapshot(db, force=True)


def snapshot_time(path: Path | str) -> datetime | None:
    """When the copy was written (aware UTC), for the page ("stand van …")."""
    from datetime import timezone

    if isinstance(path, str) and path in _pg_built_at:
        return _pg_built_at[path]

    try:
        return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    except FileNotFoundError:
        return None


def _quote(p: Path) -> str:
    return str(p).replace("'", "''")


# -- the worker -----------------------------------------------------------------------------------------------------
def run(path: str | Path, queries: list[str], limits: Limits = Limits(), *, wrap: bool = True,
        marker: str | None = None, prefix: list[str] | None = None) -> Run:
    """Run ``queries`` in one worker process on the DuckDB file ``path`` (the anonymous copy).

    Args:
        path: the database the worker opens read-only: the DuckDB copy, or the SQL box role's PostgreSQL URL.
        queries: statements, each already checked by the caller (the service runs one per request).
        wrap: wrap each as ``SELECT * FROM (…) LIMIT n+1`` (the service always does; tests send raw statements).
        marker, prefix: tests only — a path the worker ``stat``s before each statement, and a command put in front
            of the worker (``strace …``) to record what the process touches.

    Returns:
        the :class:`Run`; a worker that was killed (deadline, OS limit) gives ``error="killed"`` for every statement
        it did not answer.
    """
    from store import dialect

    req = {"engine": "postgresql" if dialect.is_postgres(path) else "duckdb", "path": str(path), "queries": list(queries), "max_rows": limits.max_rows,
           "timeout_s": limits.timeout_s, "memory_mb": limits.memory_mb, "data_limit_mb": limits.data_limit_mb,
           "threads": limits.threads, "max_result_bytes": limits.max_result_bytes, "wrap": wrap, "marker": marker}
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": "/nonexistent",
           "TZ": "UTC"}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    # -P: the worker's own folder (store/) is not on its import path; it imports only the standard library + duckdb
    cmd = [*(prefix or []), sys.executable, *(["-P"] if sys.version_info >= (3, 11) else []), str(WORKER)]
    started = time.monotonic()
    deadline = started + STARTUP_GRACE_S + limits.timeout_s * max(1, len(queries)) + 1.0
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd="/", start_new_session=True, close_fds=True)
    out, err = bytearray(), bytearray()
    readers = [threading.Thread(target=_drain, args=(proc.stdout, out, limits.max_result_bytes + 65536), daemon=True),
               threading.Thread(target=_drain, args=(proc.stderr, err, 65536), daemon=True)]
    for t in readers:
        t.start()
    try:
        proc.stdin.write(json.dumps(req).encode())
        proc.stdin.close()
    except BrokenPipeError:
        pass
    status, rusage = _wait(proc, deadline)
    for t in readers:
        t.join(timeout=2)
    seconds = time.monotonic() - started
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if err:
        log.warning("sqlbox worker stderr (exit %s): %s", code, bytes(err[:2000]).decode(errors="replace"))
    answer: dict[str, Any] = {}
    if code == 0:
        try:
            answer = json.loads(bytes(out))
        except ValueError:
            answer = {}
    results = [_result(r) for r in answer.get("results", [])]
    if answer.get("error") == "open":
        results = [Result(error="open", message=str(answer.get("message", "")))] * len(queries)
    while len(results) < len(queries):
        results.append(Result(error="killed", message=f"worker exit {code}"))
    return Run(results=results, peak_rss_kb=int(rusage.ru_maxrss), returncode=code, seconds=seconds)


def _drain(stream, buf: bytearray, cap: int) -> None:
    # Read everything (so the worker never blocks on a full pipe) but keep at most ``cap`` bytes.
    while True:
        chunk = stream.read(65536)
        if not chunk:
            break
        if len(buf) < cap:
            buf.extend(chunk[: cap - len(buf)])
    stream.close()


def _wait(proc: subprocess.Popen, deadline: float):
    """Wait for the worker until ``deadline``, then kill its process group; returns (status, rusage) of wait4."""
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return status, rusage
        if time.monotonic() > deadline:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _, status, rusage = os.wait4(proc.pid, 0)
            return status, rusage
        time.sleep(0.01)


def _result(r: dict[str, Any]) -> Result:
    if r.get("error"):
        return Result(error=str(r["error"]), message=str(r.get("message", "")))
    return Result(columns=list(r.get("columns", [])), types=[str(t) for t in r.get("types", [])], rows=[tuple(_decode(v) for v in row) for row in r["rows"]],
                  truncated=bool(r.get("truncated")))


def _decode(v: Any) -> Any:
    if isinstance(v, list):
        return [_decode(x) for x in v]
    if not isinstance(v, dict):
        return v
    (tag, x), = v.items()
    if tag == "$dt":
        return datetime.fromisoformat(x)
    if tag == "$d":
        return date.fromisoformat(x)
    if tag == "$t":
        return dtime.fromisoformat(x)
    if tag == "$dec":
        return Decimal(x)
    if tag == "$td":
        return timedelta(seconds=x)
    if tag == "$f":
        return float(x)
    if tag == "$b":
        import base64

        return base64.b64decode(x)
    if tag == "$m":
        return {_decode(k): _decode(val) for k, val in x}
    return str(v)
