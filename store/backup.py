"""Back-up and restore of the database (DuckDB file or PostgreSQL), with a checksum manifest.
Implements no article of the Wth: nothing entered may be lost (art. 10 keeps cases five years).

A back-up is a folder made by DuckDB's built-in ``EXPORT DATABASE`` (schema.sql, load.sql and one
Parquet file per table: types such as DECIMAL(12,2), TIMESTAMPTZ and BLOB survive exactly) plus
``manifest.json``: the SHA-256 and size of every file and the row count of every table. A restore
checks every checksum first, imports into a temporary file next to the target, checks every row
count and only then moves the file into place; it never overwrites an existing database.

Commands (README, "Back-up en herstel")::

    python -m store.backup backup  --db var/wth-demo.duckdb --to backups/wth-2026-05-12
    python -m store.backup restore --from backups/wth-2026-05-12 --db /srv/wth/herstel.duckdb
    python -m store.backup verify  --from backups/wth-2026-05-12

DuckDB lets one process open a file: while the app runs, the command stops with the Dutch message
of :class:`store.db.DatabaseUnavailable` (exit code 2). Stop the app first, or call
:func:`export_database` from inside the app process (it holds the app's write lock while exporting,
so the copy is one consistent moment).

PostgreSQL (issue 16; ``--db postgresql://…``): the back-up is ``pg_dump --format=custom`` into ``wth.dump`` while the
app servers run, with the same manifest. The row counts are taken in a REPEATABLE READ transaction whose snapshot
pg_dump uses (``--snapshot``), so counts and dump are the same moment. A restore goes into an EXISTING, EMPTY
database (``createdb`` it first; a database with tables is refused), with ``pg_restore --single-transaction``; the
row counts are compared with the manifest and the schema is emptied again when they differ. The SQL box's schema
``sqlbox`` (an anonymous copy, rebuilt on use) is left out. The password is passed to pg_dump / pg_restore in the
environment, never on the command line::

    python -m store.backup backup  --db postgresql://wth@db.example/wth --to backups/wth-2026-05-12
    python -m store.backup restore --from backups/wth-2026-05-12 --db postgresql://wth@db.example/wth_herstel
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

from procedure.domain.errors import DomainError
from store import dialect
from store.files import make_private, private_dir, restrict_new_files
from store.db import Database, DatabaseUnavailable

MANIFEST = "manifest.json"
FORMAT = "wth-backup-1"
_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class BackupError(DomainError):
    """A back-up can't be made, or a back-up folder is incomplete, changed or not ours."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _tables(cur: duckdb.DuckDBPyConnection) -> list[str]:
    rows = cur.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                       "AND schema_name = 'main' AND NOT temporary ORDER BY table_name").fetchall()
    return [r[0] for r in rows]


def _counts(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: cur.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _tables(cur)}


def _open_raw(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file; a file held by the running app gives the same Dutch message as the app's store."""
    restrict_new_files()      # a back-up holds every case: owner-only files (issue 11)
    try:
        return duckdb.connect(str(path), read_only=read_only, config=_CONFIG)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseUnavailable(
                f"De database {path} is in gebruik door een ander proces (waarschijnlijk de draaiende app). "
                "Stop de app of gebruik de functies van de app zelf.", reason="in_gebruik") from exc
        raise DatabaseUnavailable(f"De database {path} kan niet worden geopend: {exc}") from exc
    except duckdb.Error as exc:
        raise DatabaseUnavailable(f"De database {path} kan niet worden geopend: {exc}") from exc


def _prepare_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"De map {target} bestaat al en is niet leeg; kies een nieuwe map voor de back-up.")
    restrict_new_files()
    private_dir(target)
    make_private(target)      # an existing empty folder too: the back-up holds every case


def _export(cur: duckdb.DuckDBPyConnection, target: Path, source: str) -> dict[str, Any]:
    cur.execute("SET TimeZone = 'UTC'")
    counts = _counts(cur)
    # Single quotes can't occur in our own paths by accident; escape them anyway.
    cur.execute(f"EXPORT DATABASE '{str(target.resolve()).replace(chr(39), chr(39) * 2)}' (FORMAT parquet)")
    files = {}
    for f in sorted(p for p in target.iterdir() if p.is_file() and p.name != MANIFEST):
        files[f.name] = {"sha256": _sha256(f), "bytes": f.stat().st_size}
    manifest = {"format": FORMAT, "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "source": source, "duckdb_version": duckdb.__version__, "tables": counts, "files": files}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    for f in target.iterdir():          # DuckDB's own files follow the umask; make sure, whatever it was
        make_private(f)
    return manifest


def export_database(db: Database, target: str | Path) -> dict[str, Any]:
    """Back up an open :class:`Database` from inside its own process (for example the running app).

    Holds the process-wide write lock, so no write transaction of the app runs during the export and
    the back-up is one consistent moment; reads go on.

    Args:
        db: the app's open database.
        target: a new or empty folder.

    Returns:
        the manifest (``tables``: row count per table, ``files``: SHA-256 and size per file).

    Raises:
        BackupError: the folder exists and is not empty.
    """
    target = Path(target)
    if db.postgres:           # pg_dump's snapshot is the consistent moment; the app writes on meanwhile
        return _pg_backup(db.path, target)
    _prepare_target(target)
    with db.write_lock:
        return _export(db.cursor(), target, db.path)


def backup(db_path: str | Path, target: str | Path) -> dict[str, Any]:
    """Back up a database file that no other process has open (the app is stopped).

    Opens the file read-only, so a back-up never changes it.

    Raises:
        DatabaseUnavailable: the file is held by the running app, or is no DuckDB database.
        BackupError: the database file doesn't exist; the target folder is not empty.
    """
    if dialect.is_postgres(db_path):
        return _pg_backup(str(db_path), Path(target))
    db_path, target = Path(db_path), Path(target)
    if not db_path.is_file():
        raise BackupError(f"De database {db_path} bestaat niet.")
    conn = _open_raw(db_path, read_only=True)
    try:
        _prepare_target(target)
        return _export(conn, target, str(db_path))
    finally:
        conn.close()


def verify(source: str | Path) -> dict[str, Any]:
    """Check a back-up folder against its manifest: every file present, unchanged (SHA-256) and no
    file missing or extra.

    Returns:
        the manifest.

    Raises:
        BackupError: with a Dutch message naming the first problem found.
    """
    source = Path(source)
    mpath = source / MANIFEST
    if not mpath.is_file():
        raise BackupError(f"In {source} staat geen {MANIFEST}: dit is geen back-up van deze app.")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{mpath} is onleesbaar of beschadigd.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{mpath} heeft een onbekend formaat (verwacht {FORMAT}).")
    files = manifest.get("files") or {}
    present = {p.name for p in source.iterdir() if p.is_file() and p.name != MANIFEST}
    missing, extra = sorted(set(files) - present), sorted(present - set(files))
    if missing:
        raise BackupError(f"De back-up is onvolledig: {', '.join(missing)} ontbreekt.")
    if extra:
        raise BackupError(f"In de back-up staan bestanden die er niet bij horen: {', '.join(extra)}.")
    for name, meta in files.items():
        if _sha256(source / name) != meta["sha256"]:
            raise BackupError(f"Het bestand {name} in de back-up is gewijzigd of beschadigd (controlegetal klopt niet).")
    return manifest


def restore(source: str | Path, db_path: str | Path) -> dict[str, Any]:
    """Restore a back-up into a NEW database file.

    Checks the manifest first, imports into ``<db_path>.herstel-tmp``, compares every table's row
    count with the manifest, checks that the app's store opens it cleanly, and only then renames it
    to ``db_path``.

    Returns:
        the manifest.

    Raises:
        BackupError: ``db_path`` (or its WAL file) already exists — a restore never overwrites a
            database; the back-up fails :func:`verify`; the restored row counts differ.
    """
    if dialect.is_postgres(db_path):
        return _pg_restore(Path(source), str(db_path))
    source, db_path = Path(source), Path(db_path)
    for p in (db_path, Path(str(db_path) + ".wal")):
        if p.exists():
            raise BackupError(f"{p} bestaat al. Herstel gaat nooit over een bestaande database heen: kies een "
                              "nieuw bestand, of verplaats het oude eerst.")
    manifest = verify(source)
    if manifest.get("engine") == "postgresql":
        raise BackupError("Deze back-up is van PostgreSQL (pg_dump); herstel hem met --db postgresql://… in een "
                          "nieuwe, lege database.")
    restrict_new_files()
    private_dir(db_path.parent)          # a folder the restore creates is owner-only, like the database's own
    tmp = Path(str(db_path) + ".herstel-tmp")
    for p in (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    try:
        conn = _open_raw(tmp, read_only=False)
        try:
            conn.execute("SET TimeZone = 'UTC'")
            conn.execute(f"IMPORT DATABASE '{str(source.resolve()).replace(chr(39), chr(39) * 2)}'")
            counts = _counts(conn)
            conn.execute("CHECKPOINT")
        finally:
            conn.close()
        if counts != manifest["tables"]:
            diff = sorted(t for t in set(counts) | set(manifest["tables"])
                          if counts.get(t) != manifest["tables"].get(t))
            raise BackupError("Na het herstel kloppen de aantallen rijen niet voor: " + ", ".join(diff) + ".")
        Database(tmp).close()      # opens cleanly with the app's own store (and migrates an older back-up)
        if db_path.exists():
            raise BackupError(f"{db_path} is tijdens het herstel door iemand anders aangemaakt; herstel afgebroken.")
        os.replace(tmp, db_path)
        make_private(db_path)
    finally:
        for p in (tmp, Path(str(tmp) + ".wal")):
            p.unlink(missing_ok=True)
    return manifest


# -- PostgreSQL: pg_dump / pg_restore ------------------------------------------------------------------------------
PG_DUMP_FILE = "wth.dump"


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore: on PATH (Debian's wrapper picks the cluster's version)."""
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} ontbreekt: installeer de PostgreSQL-client (apt-get install postgresql-client).")
    return found


def _pg_args(url: str) -> tuple[str, dict[str, str]]:
    """The URL without its password, and an environment with PGPASSWORD (never on a command line)."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        host = parts.netloc.rsplit("@", 1)[1]
        user = parts.netloc.rsplit("@", 1)[0].split(":", 1)[0]
        parts = parts._replace(netloc=f"{user}@{host}")
    return urlunsplit(parts), env


def _pg_counts(cur) -> dict[str, int]:
    return {t: cur.execute(f'SELECT count(*) FROM public."{t}"').fetchone()[0]
            for t in dialect.table_names(cur, True)}


def _pg_backup(url: str, target: Path) -> dict[str, Any]:
    import subprocess

    import psycopg

    _prepare_target(target)
    bare, env = _pg_args(url)
    dump = target / PG_DUMP_FILE
    with psycopg.connect(url, autocommit=False) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _pg_counts(dialect.PgCursor(conn))
        res = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--exclude-schema=sqlbox",
                              f"--snapshot={snapshot}", f"--file={dump}", f"--dbname={bare}"],
                             env=env, capture_output=True, text=True, timeout=3600)
        conn.rollback()
    if res.returncode != 0:
        dump.unlink(missing_ok=True)
        raise BackupError(f"pg_dump faalde: {res.stderr.strip()[-500:]}")
    make_private(dump)
    version = subprocess.run([_pg_tool("pg_dump"), "--version"], capture_output=True, text=True).stdout.strip()
    manifest = {"format": FORMAT, "engine": "postgresql",
                "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "source": dialect.safe_target(url), "pg_dump_version": version, "tables": counts,
                "files": {dump.name: {"sha256": _sha256(dump), "bytes": dump.stat().st_size}}}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    make_private(target / MANIFEST)
    return manifest


def _pg_restore(source: Path, url: str) -> dict[str, Any]:
    import subprocess

    import psycopg

    manifest = verify(source)
    if manifest.get("engine") != "postgresql":
        raise BackupError("Deze back-up is van een DuckDB-bestand; herstel hem met --db <nieuw bestand>.duckdb.")
    try:
        conn = psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        raise BackupError(f"De database {dialect.safe_target(url)} kan niet worden geopend: maak hem eerst aan "
                          f"(createdb). {str(exc).strip()}") from None
    with conn:
        cur = dialect.PgCursor(conn)
        if dialect.table_names(cur, True):
            raise BackupError(f"De database {dialect.safe_target(url)} is niet leeg. Herstel gaat nooit over een "
                              "bestaande database heen: maak een nieuwe, lege database (createdb).")
        bare, env = _pg_args(url)
        res = subprocess.run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
                              "--exit-on-error", f"--dbname={bare}", str(source / PG_DUMP_FILE)],
                             env=env, capture_output=True, text=True, timeout=3600)
        if res.returncode != 0:
            raise BackupError(f"pg_restore faalde (er is niets hersteld): {res.stderr.strip()[-500:]}")
        counts = _pg_counts(cur)
        if counts != manifest["tables"]:
            cur.execute("DROP SCHEMA public CASCADE")
            cur.execute("CREATE SCHEMA public")
            diff = sorted(t for t in set(counts) | set(manifest["tables"])
                          if counts.get(t) != manifest["tables"].get(t))
            raise BackupError("Na het herstel kloppen de aantallen rijen niet voor: " + ", ".join(diff) + "; de "
                              "database is weer leeggemaakt.")
    Database(url).close()      # opens cleanly with the app's own store (and migrates an older back-up)
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Command line; exit code 0 = done, 2 = refused with a Dutch message (nothing changed)."""
    ap = argparse.ArgumentParser(prog="python -m store.backup",
                                 description="Back-up en herstel van de Wth-database (DuckDB of PostgreSQL).")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("backup", help="maak een back-up (de app moet gestopt zijn)")
    b.add_argument("--db", required=True, help="het DuckDB-bestand, bijv. var/wth-demo.duckdb, of een "
                                               "postgresql://-adres (pg_dump, terwijl de app draait)")
    b.add_argument("--to", required=True, help="een nieuwe of lege map voor de back-up")
    r = sub.add_parser("restore", help="herstel een back-up in een NIEUW databasebestand")
    r.add_argument("--from", dest="source", required=True, help="de map van de back-up")
    r.add_argument("--db", required=True, help="het nieuwe DuckDB-bestand (mag nog niet bestaan), of een "
                                               "postgresql://-adres van een nieuwe, lege database")
    v = sub.add_parser("verify", help="controleer een back-up tegen zijn manifest")
    v.add_argument("--from", dest="source", required=True, help="de map van de back-up")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    try:
        if args.cmd == "backup":
            m = backup(args.db, args.to)
            what = f"Back-up gemaakt in {args.to}"
        elif args.cmd == "restore":
            m = restore(args.source, args.db)
            what = f"Back-up {args.source} hersteld in {dialect.safe_target(args.db)}"
        else:
            m = verify(args.source)
            what = f"Back-up {args.source} is in orde"
    except DomainError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 2
    rows = sum(m["tables"].values())
    size = sum(f["bytes"] for f in m["files"].values())
    print(f"{what}: {len(m['tables'])} tabellen, {rows} rijen, {len(m['files'])} bestanden "
          f"({size / 1e6:.1f} MB), controlegetallen kloppen; {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
