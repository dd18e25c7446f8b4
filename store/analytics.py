"""The analytics copy (issue 16, point 4): on PostgreSQL the statistics explorer reads the anonymous rows from an
embedded DuckDB file on this app server, refreshed on a schedule. Implements no article of the Wth (AVG: the
statistics read only anonymous rows; procedure.md section 8).

Why: at 1,000,000 history rows one ``explore`` call took 4.7 s on PostgreSQL (a row store scanning the view
``v_case_anon``), against the target of 0.5 s (bench/bench_statistics_pg.py). A columnar copy answers the same SQL
(store/stats_repo.py) many times faster.

What is copied: exactly what ``SELECT * FROM v_case_anon`` and ``SELECT * FROM v_population`` return in the case
database, as two tables of the same names — the anonymous rows the explorer and the SQL box already read; no case
number, no personal data, no other table. The small-cell protection is unchanged: it is applied by the service
(procedure/domain/disclosure.py) to whatever the queries return, copy or not.

Where: ``<folder>/<database>-<pid>-<build>.duckdb``; the folder is ``WTH_ANALYTICS_DIR`` or ``var/analytics`` of the
installation, ``0700``; the file ``0600``. Each app-server process holds its own copy (no file is shared between
processes; DuckDB allows one writer per file). Every build is a new file; once it is in use the previous file is
deleted. Files of processes that no longer run are deleted at the next build; closing the database deletes its copy.

When (:class:`Copy`):

* on a schedule: a background thread per process rebuilds it every :data:`REFRESH_S` seconds;
* after a case was written in this process (``Database.anon_generation`` moved: a case's anonymous row changed; a
  login or a draft does not count): at the next read, in the background, at most every :data:`MIN_REFRESH_S`
  seconds and never more often than :data:`BUILD_SHARE` allows (a build that takes 20 s waits 100 s), so building
  takes at most a fifth of one core; the read meanwhile uses the copy it has and the page says of when;
* after a retention run in this process: at once, before the run returns (:func:`refresh_now`);
* after a retention run on another app server: every read first compares the retention watermark (count and last
  ``destroyed_at`` of ``case_stats_archive``) with the one the copy was built at; when it moved, that read goes to
  PostgreSQL directly and a rebuild starts at once. A destroyed case's detailed row is therefore never read from a
  copy, and no copy keeps it longer than one build;
* no copy yet (the first read of a process): that read goes to PostgreSQL directly and the first build starts.

How: ``COPY (SELECT …) TO STDOUT (FORMAT csv)`` from PostgreSQL into a private temporary file, loaded by DuckDB's
CSV reader into tables typed from PostgreSQL's catalogue, sorted by municipality and month (DuckDB's zone maps skip
what lies outside a selection), checkpointed and then opened read-only.

On DuckDB (the embedded default) there is nothing to copy: :func:`source` returns the database itself.
"""
from __future__ import annotations

import logging
import os
import re
import threading
import time
import uuid
import weakref
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

from store import dialect, files
from store.db import Database
from store.stats_repo import ANON_VIEWS

log = logging.getLogger(__name__)

#: the schedule: the copy is rebuilt at least this often (seconds)
REFRESH_S = 300.0
#: after a case was written in this process, rebuilt at the next read but not more often than this (seconds) ...
MIN_REFRESH_S = 30.0
#: ... nor more often than this many times the last build's duration (building stays a fifth of one core at most)
BUILD_SHARE = 5.0
#: DuckDB's memory cap for building and reading one copy (DuckDB's default is 80 % of the machine, per process)
MEMORY_LIMIT = "1GB"
#: the default folder of the copies (``WTH_ANALYTICS_DIR`` overrides it)
DEFAULT_DIR = Path(__file__).resolve().parents[1] / "var" / "analytics"
_FILE = re.compile(r"^(?P<db>.+)-(?P<pid>\d+)-(?P<build>[0-9a-f]{12})\.duckdb(\.wal)?$")
#: the order of the rows in the copy: DuckDB's zone maps then skip the row groups of municipalities outside a selection
#: (and, within one municipality, of the months outside it)
_ORDER = {"v_case_anon": "municipality_code, melding_month", "v_population": "municipality_code, year"}


def folder() -> Path:
    """The folder of this machine's analytics copies."""
    return Path(os.environ.get("WTH_ANALYTICS_DIR") or DEFAULT_DIR)


@dataclass(frozen=True)
class Snapshot:
    """One built copy: its file, an open read-only connection, when it was built (aware UTC), the retention
    watermark and ``Database.anon_generation`` at the start of the build, the rows copied per table and the seconds
    the build took."""

    path: Path
    con: duckdb.DuckDBPyConnection
    built_at: datetime
    built_mono: float
    watermark: tuple
    generation: int
    rows: dict[str, int]
    seconds: float = 0.0


class Source:
    """What the statistics queries read (store/stats_repo.py takes it where it takes a :class:`Database`): the
    analytics copy (``snapshot_at`` = when it was built) or, without a usable copy, the case database itself
    (``snapshot_at`` None). Read-only: ``query``, ``query_tuples``, ``scalar``; ``postgres`` and ``path`` name the
    engine of the SQL."""

    def __init__(self, db: Database, snap: Snapshot | None):
        self._db, self._snap = db, snap
        self.postgres = db.postgres if snap is None else False
        self.path = db.path if snap is None else str(snap.path)
        self.snapshot_at = None if snap is None else snap.built_at

    def _run(self, sql: str, params: list[Any] | tuple):
        cur = self._snap.con.cursor()
        try:
            res = cur.execute(sql, list(params))
            return [d[0] for d in res.description], res.fetchall()
        finally:
            cur.close()

    def query(self, sql: str, params: list[Any] | tuple = ()) -> list[dict[str, Any]]:
        if self._snap is None:
            return self._db.query(sql, params)
        cols, rows = self._run(sql, params)
        return [dict(zip(cols, r)) for r in rows]

    def query_tuples(self, sql: str, params: list[Any] | tuple = ()) -> list[tuple]:
        if self._snap is None:
            return self._db.query_tuples(sql, params)
        return self._run(sql, params)[1]

    def scalar(self, sql: str, params: list[Any] | tuple = ()) -> Any:
        rows = self.query_tuples(sql, params)
        return rows[0][0] if rows else None


def watermark(db: Database) -> tuple:
    """The retention watermark: (destroyed cases, last ``destroyed_at``) in ``case_stats_archive``. It moves with every
    retention run on any app server (a small table: one row per destroyed case)."""
    return tuple(db.cursor().execute("SELECT count(*), max(destroyed_at) FROM case_stats_archive").fetchone())


class Copy:
    """The analytics copy of one :class:`Database` in this process: the current :class:`Snapshot`, its builds and the
    background thread of the schedule (module docstring)."""

    def __init__(self, db: Database):
        self._db = weakref.ref(db)
        self.name = "".join(c if c.isalnum() else "_" for c in dialect.database_name(db.path))[:40] or "wth"
        self.snapshot: Snapshot | None = None
        self._build_lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stopped = False
        #: the error of the last failed build (None after a good one), for the log and the tests
        self.last_error: BaseException | None = None

    # -- reading -------------------------------------------------------------------------------------------------
    def source(self) -> Source:
        """What to read now (module docstring: when the copy is used and when the database is)."""
        db = self._db()
        self._start()
        snap = self.snapshot
        if snap is None:
            self._request()                       # first read: build in the background, answer from the database
            return Source(db, None)
        if watermark(db) != snap.watermark:       # a retention run elsewhere: never read a destroyed case's row
            self._request()
            return Source(db, None)
        if (db.anon_generation != snap.generation
                and time.monotonic() - snap.built_mono >= max(MIN_REFRESH_S, BUILD_SHARE * snap.seconds)):
            self._request()                       # a case written here: refresh in the background, read this copy
        return Source(db, snap)

    def _request(self) -> None:
        """Ask the background thread for a build; it builds only if the copy is still missing or stale when it wakes
        (one explore call reads several times and may ask several times while a build runs)."""
        self._wake.set()

    def _stale(self, db: Database) -> bool:
        """Whether the copy in use is missing or behind: a retention run anywhere, or a case written here."""
        snap = self.snapshot
        return snap is None or watermark(db) != snap.watermark or db.anon_generation != snap.generation

    # -- building ------------------------------------------------------------------------------------------------
    def build(self) -> Snapshot:
        """Build a new copy now and put it in use (waits for a build already running, then builds anew).

        Raises:
            whatever PostgreSQL or DuckDB raise; the copy in use stays as it was, the half-built file is removed.
        """
        db = self._db()
        if db is None or db.closed or self._stopped:
            raise RuntimeError("database closed")
        with self._build_lock:
            if self._stopped:
                raise RuntimeError("database closed")
            try:
                snap = self._build(db)
            except BaseException as exc:
                self.last_error = exc
                raise
            finally:
                if threading.current_thread() is self._thread:
                    db.close_thread_cursor()      # the thread's leased PostgreSQL connection goes back to the pool
            old, self.snapshot, self.last_error = self.snapshot, snap, None
        if old is not None:
            _remove(old.path)                     # a read still running on it keeps its open file until it ends
        return snap

    def _build(self, db: Database) -> Snapshot:
        started = time.monotonic()
        d = files.private_dir(folder())
        _remove_orphans(d, self.name)
        generation = db.anon_generation
        mark = watermark(db)
        path = d / f"{self.name}-{os.getpid()}-{uuid.uuid4().hex[:12]}.duckdb"
        csv = path.with_suffix(".csv")
        rows: dict[str, int] = {}
        try:
            files.restrict_new_files()
            con = duckdb.connect(str(path), config={"autoinstall_known_extensions": False,
                                                    "autoload_known_extensions": False})
            try:
                con.execute("SET TimeZone = 'UTC'")
                con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
                for name in ANON_VIEWS:
                    cols = _columns(db, name)
                    with open(csv, "wb") as out:
                        dialect.copy_out_csv(db.cursor(), f"SELECT {', '.join(_q(c) for c, _ in cols)} FROM {name}",
                                             out)
                    spec = ", ".join(f"'{c}': '{t}'" for c, t in cols)
                    con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{_lit(csv)}', header = false, "
                                f"columns = {{{spec}}}, quote = '\"', escape = '\"', nullstr = '', "
                                f"allow_quoted_nulls = false, auto_detect = false) ORDER BY {_ORDER[name]}")
                    rows[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                con.execute("CHECKPOINT")
            finally:
                con.close()
            files.make_private(path)
            ro = duckdb.connect(str(path), read_only=True,
                                config={"autoinstall_known_extensions": False, "autoload_known_extensions": False,
                                        "enable_external_access": False})
            ro.execute("SET TimeZone = 'UTC'")
            ro.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")      # every app server on the machine holds one
        except BaseException:
            _remove(path)
            raise
        finally:
            csv.unlink(missing_ok=True)
        return Snapshot(path=path, con=ro, built_at=datetime.now(timezone.utc), built_mono=time.monotonic(),
                        watermark=mark, generation=generation, rows=rows, seconds=time.monotonic() - started)

    # -- the schedule --------------------------------------------------------------------------------------------
    def _start(self) -> None:
        if self._thread is None:
            with _guard:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._loop, name=f"wth-analytics-{self.name}",
                                                    daemon=True)
                    self._thread.start()

    def _loop(self) -> None:
        while True:
            woken = self._wake.wait(REFRESH_S if self.snapshot is not None else None)
            self._wake.clear()
            db = self._db()
            if db is None or db.closed or self._stopped:
                return
            try:
                stale = not woken or self._stale(db)       # the schedule always builds; a request only if needed
            except Exception:
                stale = True
            finally:
                db.close_thread_cursor()                   # the thread's PostgreSQL connection back to the pool
            del db                                         # (no strong reference while waiting)
            if not stale:
                continue
            try:
                self.build()
            except Exception as exc:              # logged; the next wake or the schedule tries again
                db = self._db()
                if db is None or db.closed or self._stopped:
                    return
                log.warning("analytics copy not rebuilt: %s", exc)
                del db
                time.sleep(5)

    def discard(self) -> None:
        """The database is closing: stop the schedule and delete the copy (called by ``Database.close``)."""
        self._stopped = True
        with self._build_lock:
            old, self.snapshot = self.snapshot, None
        self._wake.set()                          # the thread sees the closed database and ends
        if old is not None:
            try:
                old.con.close()
            except duckdb.Error:
                pass
            _remove(old.path)

    def wait_built(self, after: datetime | None, timeout: float = 60.0) -> Snapshot | None:
        """Wait until a copy built after ``after`` (or any copy, with None) is in use; returns it (None on timeout).
        For tests and the bench: the app never waits."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            snap = self.snapshot
            if snap is not None and (after is None or snap.built_at > after):
                return snap
            time.sleep(0.05)
        return None


_copies: "weakref.WeakKeyDictionary[Database, Copy]" = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def copy_for(db: Database) -> Copy | None:
    """The analytics copy of ``db`` in this process (made on first use); None on DuckDB (nothing to copy)."""
    if not db.postgres:
        return None
    with _guard:
        c = _copies.get(db)
        if c is None:
            c = _copies[db] = Copy(db)
            db.on_close(c.discard)
        return c


def source(db: Database) -> Database | Source:
    """What the statistics queries should read for ``db`` now: on DuckDB the database itself, on PostgreSQL a
    :class:`Source` on the analytics copy or, without a usable one, on the database (module docstring)."""
    c = copy_for(db)
    return db if c is None else c.source()


def refresh_now(db: Database) -> None:
    """Rebuild the copy of ``db`` at once if this process has one (after a retention run: a destroyed case must not
    stay in it). A failed build removes the copy from use: reads then go to the database until a build succeeds."""
    with _guard:
        c = _copies.get(db) if db.postgres else None
    if c is None or c.snapshot is None:
        return
    try:
        c.build()
    except Exception as exc:
        log.warning("analytics copy not rebuilt after retention, taken out of use: %s", exc)
        old, c.snapshot = c.snapshot, None
        if old is not None:
            _remove(old.path)


# -- helpers -------------------------------------------------------------------------------------------------------
def _columns(db: Database, name: str) -> list[tuple[str, str]]:
    """(column, DuckDB type) of one anonymous view in PostgreSQL's catalogue, in column order."""
    rows = db.query_tuples("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                           "AND table_schema = current_schema() ORDER BY ordinal_position", [name])
    return [(c, dialect.DUCKDB_TYPES.get(t, "VARCHAR")) for c, t in rows]


def _q(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _lit(p: Path) -> str:
    return str(p).replace("'", "''")


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)


def _remove_orphans(d: Path, name: str) -> None:
    """Delete copies of ``name`` left by processes that no longer run (a crash, a restart)."""
    for p in d.iterdir():
        m = _FILE.match(p.name)
        if not m or m.group("db") != name or int(m.group("pid")) == os.getpid():
            continue
        try:
            os.kill(int(m.group("pid")), 0)
        except ProcessLookupError:
            p.unlink(missing_ok=True)
        except PermissionError:                   # another user's running process: not ours to touch
            pass
