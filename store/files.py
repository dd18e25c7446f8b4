"""Owner-only files for everything that holds personal data or secrets (issue 11).
Implements no article of the Wth: the AVG's security of processing on this server.

Owner-only files for everything that holds personal data or secrets (issue 11): the database file and its
write-ahead log, the SQL box's anonymous copy, back-ups and key files are created ``0600`` (folders ``0700``).

Two mechanisms, because DuckDB creates and deletes its WAL by itself: the process umask is set to ``077`` when a
process opens the database (so every file it creates afterwards is owner-only), and files that existed before
(an older install, a copied database) are tightened with :func:`make_private` when they are opened.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
FILE_MODE = 0o600
DIR_MODE = 0o700


def restrict_new_files() -> None:
    """Make every file this process creates from now on owner-only (umask 077). Process-wide on purpose: the
    app process, the back-up command and the generator all hold personal data."""
    os.umask(PRIVATE_UMASK)


def make_private(path: str | Path) -> None:
    """``chmod 600`` a file (``700`` a folder) if it exists; a file we don't own is left alone."""
    p = Path(path)
    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        return
    try:
        os.chmod(p, DIR_MODE if stat.S_ISDIR(mode) else FILE_MODE)
    except PermissionError:     # not ours (a shared parent folder): nothing to tighten from here
        pass


def private_dir(path: str | Path) -> Path:
    """Create a folder (and missing parents) owner-only; an existing folder we created keeps working."""
    p = Path(path)
    existed = p.exists()
    p.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if not existed:
        make_private(p)
    return p


def write_private_text(path: str | Path, text: str) -> None:
    """Write a new key file owner-only from the first byte (no window in which it is world-readable).

    Raises:
        FileExistsError: the file exists already (a key is never overwritten).
    """
    fd = os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


def mode_of(path: str | Path) -> int:
    """The permission bits of ``path`` (e.g. ``0o600``)."""
    return stat.S_IMODE(Path(path).stat().st_mode)
