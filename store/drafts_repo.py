"""SQL for form drafts (table ``form_draft``, migration 007).
Implements no article of the Wth.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from store.db import Database


def upsert(db: Database, username: str, form_key: str, body: str, saved_at: datetime) -> None:
    """Store (or replace) one user's draft of one form."""
    with db.transaction() as cur:
        cur.execute("DELETE FROM form_draft WHERE username = ? AND form_key = ?", [username, form_key])
        cur.execute("INSERT INTO form_draft (username, form_key, body, saved_at) VALUES (?, ?, ?, ?)",
                    [username, form_key, body, saved_at])


def get(db: Database, username: str, form_key: str) -> dict[str, Any] | None:
    rows = db.query("SELECT body, saved_at FROM form_draft WHERE username = ? AND form_key = ?", [username, form_key])
    return rows[0] if rows else None


def delete(db: Database, username: str, form_key: str) -> None:
    with db.transaction() as cur:
        cur.execute("DELETE FROM form_draft WHERE username = ? AND form_key = ?", [username, form_key])


def delete_older_than(db: Database, before: datetime) -> int:
    """Remove drafts saved before ``before``; returns how many."""
    with db.transaction() as cur:
        n = cur.execute("SELECT count(*) FROM form_draft WHERE saved_at < ?", [before]).fetchone()[0]
        cur.execute("DELETE FROM form_draft WHERE saved_at < ?", [before])
    return n


def list_for_user(db: Database, username: str) -> list[dict[str, Any]]:
    return db.query("SELECT form_key, saved_at FROM form_draft WHERE username = ? ORDER BY saved_at DESC", [username])
