"""Test databases on both engines (issue 16): a DuckDB file copied from a seeded template, or a PostgreSQL database
created from a seeded template database (``CREATE DATABASE … TEMPLATE …``, default WAL_LOG strategy: ~0.06 s here;
FILE_COPY took 1.6 s).

Which engine a pytest run uses: ``--engine=duckdb`` (default) or ``--engine=postgresql`` with ``--pg-url`` (or the
environment variable ``WTH_TEST_PG_URL``) naming a role that may create databases, e.g.
``postgresql://wth_ci:secret@localhost:5432/postgres``. Databases made here are named ``<prefix><pid>_<n>``
(prefix from ``WTH_TEST_PG_PREFIX``, default ``wth_test_``) and dropped at the end of the session.
"""
from __future__ import annotations

import itertools
import os
import shutil
import time
from pathlib import Path

from store import dialect


class PgServer:
    """A PostgreSQL server the tests may create and drop databases on."""

    def __init__(self, admin_url: str):
        import psycopg

        self.admin_url = admin_url
        self.prefix = os.environ.get("WTH_TEST_PG_PREFIX", "wth_test_") + f"{os.getpid()}_"
        self._n = itertools.count(1)
        self._made: list[str] = []
        self._conn = psycopg.connect(admin_url, autocommit=True)

    def url(self, name: str) -> str:
        return dialect.with_database(self.admin_url, name)

    def create(self, template: str | None = None, *, name: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); returns its URL."""
        name = name or f"{self.prefix}{next(self._n)}"
        if template:
            self._conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            self._conn.execute(f'CREATE DATABASE "{name}"')
        self._made.append(name)
        return self.url(name)

    def drop(self, url_or_name: str) -> None:
        """Drop one database. A backend this non-superuser role may not end (an autovacuum worker that started on a
        freshly flooded table: CI failed once on "must be a member of the role whose process is being terminated")
        is waited for, up to ~15 s; then the error names what still holds the database."""
        import psycopg

        name = dialect.database_name(url_or_name) if dialect.is_postgres(url_or_name) else url_or_name
        for attempt in range(30):
            try:
                self._conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                break
            except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
                if attempt == 29:
                    holders = self._conn.execute("SELECT backend_type, usename FROM pg_stat_activity WHERE datname = %s",
                                                 [name]).fetchall()
                    raise RuntimeError(f"database {name} still held by {holders}") from None
                time.sleep(0.5)
        if name in self._made:
            self._made.remove(name)

    def drop_all(self) -> None:
        """Drop every database made here, and the SQL-box roles made for them (``<database>_sqlbox``)."""
        for name in list(self._made):
            self.drop(name)
        for (role,) in self._conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                                          [self.prefix.replace("_", "\\_") + "%\\_sqlbox"]).fetchall():
            self._conn.execute(f'DROP ROLE IF EXISTS "{role}"')
        self._conn.close()


#: the server of this pytest run when it runs on PostgreSQL (set by tests/conftest.py)
SERVER: PgServer | None = None


def fresh_copy(template, path: Path) -> str:
    """A database of our own with the template's content: on DuckDB the file copied to ``path``; on PostgreSQL a new
    database (``path`` unused). Returns what :class:`store.db.Database` opens (a path or a URL)."""
    if dialect.is_postgres(template):
        return SERVER.create(dialect.database_name(template))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, path)
    return str(path)


def discard(target) -> None:
    """Drop a PostgreSQL test database now (a DuckDB file goes with tmp_path)."""
    if SERVER is not None and dialect.is_postgres(target):
        SERVER.drop(str(target))
