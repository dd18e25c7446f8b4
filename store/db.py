"""DuckDB connection, transactions and migrations — the only place that opens the database.

One :class:`Database` per process (the app caches it); each thread gets its own ``cursor()``
because a DuckDB connection object can't be shared between threads. Write transactions are
serialised by one process-wide lock: concurrent writes to one row would fail with
"Conflict on update!" (design.md, Known pitfalls).
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

from procedure.errors import DomainError, ValidationError
from store import anon

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
#: Python steps that complete a migration in its own transaction (version -> step(cursor))
_AFTER_MIGRATION = {8: anon.rebuild}


class DatabaseUnavailable(DomainError):
    """The database file can't be opened (held by another process, or unreadable)."""


class Database:
    """A DuckDB file (or ``":memory:"``) with migrations applied.

    Args:
        path: file path; parent folders are created.

    Raises:
        DatabaseUnavailable: another process holds the file, or it is not a DuckDB database.
    """

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = duckdb.connect(
                self.path,
                config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
            )
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise DatabaseUnavailable(
                    f"De database {self.path} is in gebruik door een ander proces (waarschijnlijk de "
                    "draaiende app). Stop de app of gebruik de functies van de app zelf."
                ) from exc
            raise DatabaseUnavailable(f"De database {self.path} kan niet worden geopend: {exc}") from exc
        self._conn.execute("SET TimeZone = 'UTC'")
        self._local = threading.local()
        self.write_lock = threading.RLock()
        self.migrate()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor (created on first use, TimeZone pinned to UTC)."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._conn.cursor()
            cur.execute("SET TimeZone = 'UTC'")
            self._local.cursor = cur
        return cur

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction under the process-wide write lock; rolls back on any error.

        Before COMMIT the anonymous statistics rows of the cases written in it are recomputed in the same
        transaction (store/anon.py), so statistics never disagree with committed case data.
        """
        with self.write_lock:
            cur = self.cursor()
            anon.discard()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                anon.flush(cur)
            except BaseException:
                anon.discard()
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

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

    def close(self) -> None:
        self._conn.close()

    # -- migrations --------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply every numbered SQL file in ``store/migrations`` not yet recorded.

        Each file runs in its own transaction together with its row in ``schema_migration``.

        Returns:
            the version numbers applied now (empty when up to date).
        """
        cur = self.cursor()
        with self.write_lock:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migration ("
                "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
            )
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
