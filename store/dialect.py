"""What differs between the two engines the store runs on: DuckDB (the embedded default, one file, one process) and
PostgreSQL (several app servers on one database, issue 16). Implements no article of the Wth.

Everything engine-specific lives here, and only here:

* which engine a target names (:func:`is_postgres`): a ``postgresql://`` / ``postgres://`` URL, else a DuckDB file;
* connecting: DuckDB's connection with a cursor per thread, or a psycopg 3 connection pool (psycopg-pool) whose
  connections a thread leases until it ends (:class:`PgPool`);
* :class:`PgCursor`, a facade with DuckDB's cursor shape (``execute(sql, params)`` returning itself, ``fetchone``,
  ``fetchall``, ``description``, ``executemany``) so the repositories keep ONE SQL text for both engines;
* SQL translation for PostgreSQL (:func:`to_postgres`): ``?`` placeholders become ``%s`` (outside string literals,
  ``%`` doubled), DuckDB type names that PostgreSQL lacks become its own (``DOUBLE`` -> ``DOUBLE PRECISION``,
  ``BLOB`` -> ``BYTEA``, ``HUGEINT`` -> ``NUMERIC``, ``TINYINT`` -> ``SMALLINT``, unsigned -> wider), and
  ``CREATE OR REPLACE TEMP TABLE`` becomes DROP + CREATE.
  Migrations (plain SQL in the common subset, numbered files in store/migrations) go through the same translation;
* which errors mean "the disk refused the write" (:func:`is_write_failure`), and which mean "the database can't be
  reached" on PostgreSQL;
* the lock that keeps two app servers from migrating at once (:func:`migration_lock`: an advisory lock on
  PostgreSQL; DuckDB's file lock already allows one process);
* catalogue look-ups (:func:`table_names`, :func:`view_names`): ``duckdb_tables()`` vs ``information_schema``;
* reading rows out of PostgreSQL in bulk for the analytics copy (:func:`copy_out_csv`, :data:`DUCKDB_TYPES`).

Passwords in a URL are never shown: :func:`safe_target` masks them for messages and logs.
"""
from __future__ import annotations

import errno
import logging
import re
import threading
from functools import lru_cache
from typing import Any, Iterable
from urllib.parse import urlsplit, urlunsplit

import duckdb

log = logging.getLogger(__name__)

POSTGRES_PREFIXES = ("postgresql://", "postgres://")
#: fragments of OS / DuckDB messages that mean "the disk refused the write"
_WRITE_FAILURES = ("no space left", "disk is full", "file too large", "disk quota", "read-only file system",
                   "could not write", "failed to write")
#: PostgreSQL SQLSTATEs for a refused write: 53100 disk_full, 58030 io_error, 25006 read_only_sql_transaction
_PG_WRITE_STATES = ("53100", "58030", "25006")
#: one advisory-lock key for "migrations in progress" (any fixed 64-bit number; the text 'wth-migr' as bytes)
MIGRATION_LOCK_KEY = 0x7774682D6D696772


def is_postgres(target: Any) -> bool:
    """Whether ``target`` (a path or URL) names a PostgreSQL database."""
    return str(target).startswith(POSTGRES_PREFIXES)


def safe_target(target: Any) -> str:
    """``target`` for a message or log line: a PostgreSQL URL without its password."""
    s = str(target)
    if not is_postgres(s):
        return s
    parts = urlsplit(s)
    if parts.password is None:
        return s
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def database_name(target: Any) -> str:
    """The database name in a PostgreSQL URL (``postgresql://u@h/wth`` -> ``wth``)."""
    return urlsplit(str(target)).path.lstrip("/")


def with_database(target: str, name: str) -> str:
    """The same PostgreSQL URL with another database name."""
    return urlunsplit(urlsplit(str(target))._replace(path="/" + name))


def with_credentials(target: str, user: str, password: str) -> str:
    """The same PostgreSQL URL (host, port, database) for another role."""
    from urllib.parse import quote

    parts = urlsplit(str(target))
    host = parts.hostname or "localhost"
    netloc = f"{quote(user)}:{quote(password)}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def urlsplit_user(target: str) -> str | None:
    """The role name in a PostgreSQL URL."""
    return urlsplit(str(target)).username


# -- SQL translation ---------------------------------------------------------------------------------------------
_TYPES = ((re.compile(r"\bDOUBLE\b(?!\s+PRECISION)", re.I), "DOUBLE PRECISION"),
          (re.compile(r"\bBLOB\b", re.I), "BYTEA"),
          (re.compile(r"\bHUGEINT\b", re.I), "NUMERIC"),
          (re.compile(r"\bTINYINT\b", re.I), "SMALLINT"),
          (re.compile(r"\bUBIGINT\b", re.I), "NUMERIC(20)"),
          (re.compile(r"\bUINTEGER\b", re.I), "BIGINT"))
_TEMP_REPLACE = re.compile(r"CREATE\s+OR\s+REPLACE\s+TEMP(?:ORARY)?\s+TABLE\s+(\w+)", re.I)
_LITERAL = re.compile(r"('(?:[^']|'')*')")


@lru_cache(maxsize=4096)
def to_postgres(sql: str, with_params: bool) -> str:
    """The PostgreSQL text of one of our DuckDB-subset statements (see the module docstring). Outside string
    literals only: type names, ``?`` -> ``%s``. With parameters every ``%`` is doubled (psycopg's escape)."""
    out = []
    for i, part in enumerate(_LITERAL.split(sql)):
        if i % 2:                               # a string literal: kept as it is
            out.append(part.replace("%", "%%") if with_params else part)
            continue
        for rx, repl in _TYPES:
            part = rx.sub(repl, part)
        part = _TEMP_REPLACE.sub(lambda m: f"DROP TABLE IF EXISTS {m.group(1)}; CREATE TEMP TABLE {m.group(1)}",
                                 part)
        if with_params:
            part = part.replace("%", "%%").replace("?", "%s")
        out.append(part)
    return "".join(out)


# -- errors ------------------------------------------------------------------------------------------------------
def is_write_failure(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk refused a write (ENOSPC, EFBIG, EDQUOT, EROFS, DuckDB's wording of it, or
    PostgreSQL's disk_full / io_error / read-only transaction)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS):
        return True
    if isinstance(exc, (duckdb.IOException, duckdb.TransactionException, duckdb.FatalException)):
        return any(f in str(exc).lower() for f in _WRITE_FAILURES)
    state = getattr(exc, "sqlstate", None)
    return state in _PG_WRITE_STATES


def engine_errors() -> tuple[type[BaseException], ...]:
    """The base error classes of both drivers (for ``except``)."""
    import psycopg

    return (duckdb.Error, psycopg.Error)


# -- PostgreSQL connections ---------------------------------------------------------------------------------------
class PgCursor:
    """A DuckDB-shaped cursor on one psycopg connection (autocommit; transactions by explicit BEGIN/COMMIT as on
    DuckDB). Client-side parameter binding, so a parameter takes its type from where it stands, as on DuckDB."""

    def __init__(self, conn):
        import psycopg

        self._conn = conn
        self._cur = psycopg.ClientCursor(conn)

    def execute(self, sql: str, params: Iterable[Any] | None = None) -> "PgCursor":
        params = list(params) if params is not None else []
        if params:
            self._cur.execute(to_postgres(sql, True), params)
        else:
            self._cur.execute(to_postgres(sql, False))
        return self

    def executemany(self, sql: str, seq: Iterable[Iterable[Any]]) -> "PgCursor":
        self._cur.executemany(to_postgres(sql, True), [list(p) for p in seq])
        return self

    # A statement without a result (INSERT, UPDATE, DELETE) reads as DuckDB's: one row, one column "Count".
    def _counted(self) -> bool:
        return self._cur.description is None and self._cur.rowcount >= 0

    def fetchone(self):
        if self._counted():
            return (self._cur.rowcount,)
        return self._cur.fetchone()

    def fetchall(self) -> list[tuple]:
        if self._counted():
            return [(self._cur.rowcount,)]
        return self._cur.fetchall()

    def fetchmany(self, size: int):
        return self._cur.fetchmany(size)

    @property
    def description(self):
        if self._counted():
            return [("Count",)]
        return self._cur.description

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    def close(self) -> None:
        self._cur.close()


class _Lease:
    """One pooled connection held by one thread; given back when the thread ends (its thread-local dies)."""

    def __init__(self, pool):
        self.pool = pool
        self.conn = pool.getconn()
        self.cursor = PgCursor(self.conn)

    def give_back(self) -> None:
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            if conn.info.transaction_status != 0:        # not idle: a transaction left open by a dead thread
                conn.rollback()
            self.pool.putconn(conn)
        except Exception:                                # pool already closed, or the server went away
            pass

    def __del__(self):
        self.give_back()


class PgPool:
    """A psycopg connection pool on ``url`` with every session in UTC and autocommit (BEGIN/COMMIT explicit).

    Args:
        url: ``postgresql://user:password@host:port/database``.
        max_size: connections at most (threads beyond it wait, up to ``timeout`` s).

    Raises:
        ConnectionError: the server can't be reached or refuses the login (message without password).
    """

    def __init__(self, url: str, *, max_size: int = 20, timeout: float = 30.0):
        import psycopg
        from psycopg_pool import ConnectionPool

        self.url = url
        self._pool = ConnectionPool(url, min_size=1, max_size=max_size, timeout=timeout, open=False,
                                    kwargs={"autocommit": True, "options": "-c TimeZone=UTC"},
                                    check=ConnectionPool.check_connection, name="wth")
        try:
            self._pool.open(wait=True, timeout=min(timeout, 10.0))
        except Exception as exc:
            self._pool.close()
            # one direct attempt for the server's own reason (wrong password, no such database)
            reason = str(exc)
            try:
                psycopg.connect(url, connect_timeout=5).close()
            except psycopg.Error as direct:
                reason = str(direct).strip()
            raise ConnectionError(reason.replace(url, safe_target(url))) from None
        self._local = threading.local()

    def cursor(self) -> PgCursor:
        lease = getattr(self._local, "lease", None)
        if lease is None or lease.conn is None or lease.conn.closed:
            lease = self._local.lease = _Lease(self._pool)
        return lease.cursor

    def release_thread(self) -> None:
        lease = getattr(self._local, "lease", None)
        if lease is not None:
            self._local.lease = None
            lease.give_back()

    def close(self) -> None:
        self.release_thread()
        self._pool.close()


def is_pg_cursor(cur: Any) -> bool:
    """Whether ``cur`` is a PostgreSQL cursor (:class:`PgCursor`)."""
    return isinstance(cur, PgCursor)


def copy_rows(cur: PgCursor, table: str, batches: Iterable[list[tuple]]) -> int:
    """Bulk-load rows (in table column order) into ``table`` on PostgreSQL with COPY, in the caller's transaction.

    Returns:
        the number of rows copied.
    """
    n = 0
    with cur._cur.copy(f"COPY {table} FROM STDIN") as cp:
        for batch in batches:
            for row in batch:
                cp.write_row(row)
            n += len(batch)
    return n


def copy_out_csv(cur: PgCursor, select: str, out) -> int:
    """Write the rows of ``select`` (no parameters) from PostgreSQL as CSV (no header, NULL as an empty unquoted
    field, an empty text as ``""``) into the binary file object ``out``, with COPY. Returns the bytes written."""
    n = 0
    with cur._cur.copy(f"COPY ({select}) TO STDOUT WITH (FORMAT csv)") as cp:
        for chunk in cp:
            out.write(chunk)
            n += len(chunk)
    return n


#: PostgreSQL's ``information_schema`` type names -> DuckDB's (what the anonymous views use)
DUCKDB_TYPES = {"character varying": "VARCHAR", "text": "VARCHAR", "character": "VARCHAR", "boolean": "BOOLEAN",
                "smallint": "SMALLINT", "integer": "INTEGER", "bigint": "BIGINT", "double precision": "DOUBLE",
                "real": "DOUBLE", "numeric": "DOUBLE", "date": "DATE",
                "timestamp with time zone": "TIMESTAMPTZ", "timestamp without time zone": "TIMESTAMP"}


def migration_lock(cur, postgres: bool) -> None:
    """Inside a migration's transaction: one app server at a time migrates (PostgreSQL advisory lock, released at
    COMMIT/ROLLBACK). DuckDB: nothing (its file lock allows one process)."""
    if postgres:
        cur.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")


# -- catalogue ---------------------------------------------------------------------------------------------------
def table_names(cur, postgres: bool) -> list[str]:
    """Base tables of our schema, sorted."""
    if postgres:
        sql = ("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
               "AND table_type = 'BASE TABLE' ORDER BY 1")
    else:
        sql = ("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
               "AND schema_name = 'main' AND NOT temporary ORDER BY 1")
    return [r[0] for r in cur.execute(sql).fetchall()]


def view_names(cur, postgres: bool) -> list[str]:
    """Views of our schema, sorted."""
    if postgres:
        sql = "SELECT table_name FROM information_schema.views WHERE table_schema = current_schema() ORDER BY 1"
    else:
        sql = ("SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal "
               "AND schema_name = 'main' ORDER BY 1")
    return [r[0] for r in cur.execute(sql).fetchall()]


def schema_name(postgres: bool) -> str:
    """The schema our tables live in: ``public`` on PostgreSQL, ``main`` on DuckDB."""
    return "public" if postgres else "main"
