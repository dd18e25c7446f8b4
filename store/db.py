"""Connection, transactions and migrations — the only place that opens the database.
Implements no article of the Wth: one transaction per change, the audit row inside it (design.md).

Two engines (issue 16): a DuckDB file (the embedded default) or a PostgreSQL database named by a
``postgresql://`` URL (several app servers on one database). What differs between them lives in
:mod:`store.dialect`; this module and the repositories hold one SQL text for both.

One :class:`Database` per process (the app caches it); each thread gets its own ``cursor()``
(DuckDB: a cursor of the one connection, which can't be shared between threads; PostgreSQL: a
connection leased from the pool until the thread ends). Write transactions within one process are
serialised by one process-wide lock: concurrent writes to one row would fail on DuckDB with
"Conflict on update!" (design.md, Known pitfalls). Between app servers on PostgreSQL, row locks
and the version check in the UPDATE itself do that work.
"""
from __future__ import annotations

import logging
import re
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import duckdb

from procedure.domain.errors import DomainError, ValidationError
from store import anon, dialect, files

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
#: Python steps that complete a migration in its own transaction (version -> step(cursor))
_AFTER_MIGRATION = {8: anon.rebuild}


#: what the screen may say about a storage failure (never the server path; that goes to the log with the error id)
SCREEN_REASONS = {
    "in_gebruik": "de database is in gebruik door een ander proces",
    "onleesbaar": "de database kan niet worden geopend of is beschadigd",
    "schrijven": "de server kan niet naar de database schrijven (schijf vol of niet beschrijfbaar)",
}


class DatabaseUnavailable(DomainError):
    """The database file can't be opened (held by another process, or unreadable).

    ``message`` names the file (for the operator at the command line); ``reason`` is a key of
    :data:`SCREEN_REASONS` for a screen, which never shows a server path.
    """

    def __init__(self, message: str, *, reason: str = "onleesbaar"):
        super().__init__(message)
        self.reason = reason


class StorageError(DomainError):
    """A write could not be stored (disk full, file too large, read-only disk). The message is Dutch, carries an
    error id the user can quote, and no server path; the details are in the log under that id. The transaction
    was rolled back: nothing of it is stored (not even a case number)."""

    def __init__(self, ref: str):
        super().__init__(f"De wijziging is niet opgeslagen: {SCREEN_REASONS['schrijven']}. Uw invoer staat nog op "
                         f"het scherm; probeer het later opnieuw of noem foutcode {ref} aan de beheerder.")
        self.ref = ref


is_write_failure = dialect.is_write_failure


def _storage_error(exc: BaseException) -> StorageError:
    import uuid

    ref = uuid.uuid4().hex[:8]
    log.error("storage write failed %s: %s", ref, exc)
    return StorageError(ref)


class Database:
    """A DuckDB file (or ``":memory:"``), or a PostgreSQL database, with migrations applied.

    Args:
        path: a DuckDB file path (parent folders are created), or a ``postgresql://user:pw@host:port/db`` URL.
        pool_size: PostgreSQL only: connections at most in this process's pool.

    Raises:
        DatabaseUnavailable: another process holds the file, it is not a DuckDB database, or the PostgreSQL server
            can't be reached / refuses the login.
    """

    def __init__(self, path: str | Path, *, pool_size: int = 20):
        self.path = str(path)
        #: ``"postgresql"`` or ``"duckdb"``
        self.engine = "postgresql" if dialect.is_postgres(self.path) else "duckdb"
        self._local = threading.local()
        self.write_lock = threading.RLock()
        #: committed write transactions in this process (the SQL box's anonymous copy uses it to see change)
        self.generation = 0
        #: committed transactions in this process that changed a case's anonymous row (store/anon.py); the explorer's
        #: analytics copy (store/analytics.py) follows these, not logins or drafts
        self.anon_generation = 0
        self._pool = None
        self._conn = None
        self._on_close: list = []
        if self.postgres:
            try:
                self._pool = dialect.PgPool(self.path, max_size=pool_size)
            except ConnectionError as exc:
                raise DatabaseUnavailable(f"De database {dialect.safe_target(self.path)} kan niet worden geopend: "
                                          f"{exc}", reason="onleesbaar") from None
        else:
            self._open_duckdb()
        try:
            self.migrate()
        except dialect.engine_errors() as exc:
            self.close()
            if is_write_failure(exc):
                raise DatabaseUnavailable(f"De database {self.display_name} kan niet worden bijgewerkt: {exc}",
                                          reason="schrijven") from exc
            raise

    @property
    def postgres(self) -> bool:
        """Whether this database is on PostgreSQL (else DuckDB)."""
        return self.engine == "postgresql"

    @property
    def display_name(self) -> str:
        """The file path, or the URL without password (for messages and logs)."""
        return dialect.safe_target(self.path)

    def _open_duckdb(self) -> None:
        files.restrict_new_files()      # the file, its WAL and everything else this process writes: owner only
        if self.path != ":memory:":
            files.private_dir(Path(self.path).parent)
        try:
            self._conn = duckdb.connect(
                self.path,
                config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
            )
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise DatabaseUnavailable(
                    f"De database {self.path} is in gebruik door een ander proces (waarschijnlijk de "
                    "draaiende app). Stop de app of gebruik de functies van de app zelf.", reason="in_gebruik"
                ) from exc
            raise DatabaseUnavailable(f"De database {self.path} kan niet worden geopend: {exc}",
                                      reason="schrijven" if is_write_failure(exc) else "onleesbaar") from exc
        except duckdb.Error as exc:        # not a DuckDB file, or a newer/corrupt format
            raise DatabaseUnavailable(f"De database {self.path} kan niet worden geopend: {exc}") from exc
        if self.path != ":memory:":
            for p in (self.path, self.path + ".wal"):       # files from before issue 11 may be world-readable
                files.make_private(p)
        self._conn.execute("SET TimeZone = 'UTC'")

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor (created on first use, TimeZone pinned to UTC). On PostgreSQL a
        :class:`store.dialect.PgCursor` with the same shape, on a connection this thread holds until it ends."""
        if self._pool is not None:
            return self._pool.cursor()
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._conn.cursor()
            cur.execute("SET TimeZone = 'UTC'")
            self._local.cursor = cur
        return cur

    def close_thread_cursor(self) -> None:
        """Close this thread's cursor now (a worker thread about to end: a cursor left to the thread's
        teardown can be destroyed while the interpreter shuts down, which aborts the process)."""
        if self._pool is not None:
            self._pool.release_thread()
            return
        cur = getattr(self._local, "cursor", None)
        if cur is not None:
            self._local.cursor = None
            cur.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction under the process-wide write lock; rolls back on any error.

        Before COMMIT the anonymous statistics rows of the cases written in it are recomputed in the same
        transaction (store/anon.py), so statistics never disagree with committed case data. Inside
        :meth:`single_transaction` on the same thread it joins that transaction instead (which recomputes
        them once, before its own COMMIT).

        Raises:
            StorageError: the disk refused the write (full, too large, read-only) — at a statement or at COMMIT;
                nothing of the transaction is stored. Other errors pass through unchanged.
        """
        if getattr(self._local, "single", False):
            yield self.cursor()
            return
        with self.write_lock:
            cur = self.cursor()
            with self._committed(cur):
                yield cur

    @contextmanager
    def single_transaction(self, *, threads: int | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """Everything inside, including every :meth:`transaction` of the services on this thread, is one
        transaction: committed at the end or not at all (bulk builds such as the demo database, which
        must never be left half made). Holds the write lock throughout; other threads read the state
        from before it until it commits.

        Args:
            threads: DuckDB worker threads meanwhile (restored after; ignored on PostgreSQL). Thousands of one-row statements run
                faster on one thread: on a busy 2-core machine the demo build took 23 s with 2, 15 s with 1.

        Raises:
            StorageError: the disk refused the write, as in :meth:`transaction`; nothing is stored.
            whatever else the body raises, after the rollback.
        """
        if self.postgres:
            threads = None
        with self.write_lock:
            cur = self.cursor()
            before = cur.execute("SELECT current_setting('threads')").fetchone()[0] if threads else None
            if threads:
                cur.execute(f"SET threads = {int(threads)}")
            try:
                with self._committed(cur):
                    self._local.single = True
                    try:
                        yield cur
                    finally:
                        self._local.single = False
            finally:
                if threads:
                    cur.execute(f"SET threads = {int(before)}")

    @contextmanager
    def _committed(self, cur: duckdb.DuckDBPyConnection) -> Iterator[None]:
        """BEGIN … COMMIT on ``cur`` (the caller holds the write lock): the anonymous rows of the cases written
        are recomputed before COMMIT; any error rolls back; a write the disk refused becomes StorageError."""
        anon.discard()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield
            cases = anon.flush(cur)
        except BaseException as exc:
            anon.discard()
            _rollback(cur)
            if is_write_failure(exc):
                raise _storage_error(exc) from None
            raise
        try:
            cur.execute("COMMIT")
        except dialect.engine_errors() as exc:
            _rollback(cur)
            if is_write_failure(exc):
                raise _storage_error(exc) from None
            raise
        self.generation += 1
        if cases:
            self.anon_generation += 1

    def query(self, sql: str, params: list[Any] | tuple = ()) -> list[dict[str, Any]]:
        """Run a read query; rows as dicts.

        Raises:
            ValidationError: a text parameter holds a lone surrogate (DuckDB can't encode it).
        """
        _check_params(params)
        cur = self.cursor()
        res = cur.execute(sql, list(params))
        cols = [d[0] for d in res.description]
        return [dict(zip(cols, row)) for row in res.fetchall()]

    def query_tuples(self, sql: str, params: list[Any] | tuple = ()) -> list[tuple]:
        """Run a read query; rows as tuples (for thousands of small rows, where dicts would cost more than the query)."""
        _check_params(params)
        return self.cursor().execute(sql, list(params)).fetchall()

    def scalar(self, sql: str, params: list[Any] | tuple = ()) -> Any:
        _check_params(params)
        row = self.cursor().execute(sql, list(params)).fetchone()
        return None if row is None else row[0]

    def table_names(self) -> list[str]:
        """The base tables of our schema, sorted (the catalogue query differs per engine: store.dialect)."""
        return dialect.table_names(self.cursor(), self.postgres)

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` ran (a background thread on this database stops then: store/analytics.py)."""
        return getattr(self, "_closed", False)

    def on_close(self, fn) -> None:
        """Call ``fn()`` when this database is closed (store/analytics.py drops its copy then)."""
        self._on_close.append(fn)

    def close(self) -> None:
        for fn in self._on_close:
            try:
                fn()
            except Exception as exc:             # a helper's clean-up never stops the close
                log.warning("on close: %s", exc)
        self._on_close = []
        if self._pool is not None:
            self._pool.close()
        elif self._conn is not None:
            self._conn.close()
        self._closed = True

    # -- migrations --------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply every numbered SQL file in ``store/migrations`` not yet recorded.

        Each file runs in its own transaction together with its row in ``schema_migration`` (same table on both
        engines). On PostgreSQL the files go through :func:`store.dialect.to_postgres` (type names), and an advisory
        lock makes a second app server starting at the same moment wait, then skip what the first applied.

        Returns:
            the version numbers applied now (empty when up to date).
        """
        cur = self.cursor()
        with self.write_lock:
            cur.execute("BEGIN TRANSACTION")
            dialect.migration_lock(cur, self.postgres)
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migration ("
                "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
            )
            cur.execute("COMMIT")
            done = {r[0] for r in cur.execute("SELECT version FROM schema_migration").fetchall()}
            applied = []
            for f in sorted(MIGRATIONS_DIR.glob("*.sql")):
                m = _MIGRATION_NAME.match(f.name)
                if not m:
                    continue
                version = int(m.group(1))
                if version in done:
                    continue
                cur.execute("BEGIN TRANSACTION")
                try:
                    dialect.migration_lock(cur, self.postgres)
                    if self.postgres and cur.execute("SELECT count(*) FROM schema_migration WHERE version = ?",
                                                     [version]).fetchone()[0]:
                        cur.execute("COMMIT")           # another app server applied it while we waited
                        continue
                    for stmt in _split_sql(f.read_text(encoding="utf-8")):
                        cur.execute(stmt)
                    if version in _AFTER_MIGRATION:
                        _AFTER_MIGRATION[version](cur)
                    cur.execute(
                        "INSERT INTO schema_migration VALUES (?, ?, ?)",
                        [version, f.name, datetime.now(timezone.utc)],
                    )
                except BaseException:
                    cur.execute("ROLLBACK")
                    raise
                cur.execute("COMMIT")
                applied.append(version)
                log.info("migration %s applied", f.name)
            return applied


def _rollback(cur) -> None:
    try:
        cur.execute("ROLLBACK")
    except dialect.engine_errors():        # a failed COMMIT already ended the transaction
        pass


def _check_params(params) -> None:
    # A lookup by a typed value with a lone surrogate (from a crafted request) would make DuckDB raise a
    # raw conversion error; the user gets a Dutch message instead (issue 7, fuzzing).
    for p in params:
        if isinstance(p, str):
            try:
                p.encode("utf-8")
            except UnicodeEncodeError:
                raise ValidationError("De invoer bevat een ongeldig teken.") from None


def _split_sql(text: str) -> list[str]:
    """Split a migration into statements (no semicolons inside strings in our migrations)."""
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("--")]
    body = "\n".join(ln.split(" -- ")[0] if " -- " in ln else ln for ln in lines)
    return [s.strip() for s in body.split(";") if s.strip()]
