"""Storage of who was informed of a decision (case_notice, migration 022) and of the mail outbox and each user's
notification choices (mail_outbox, notification_pref, migration 023). Implements no article itself: it stores what
art. 2 lid 8 Wth makes the services record (issue 15).

Write functions take the caller's cursor so the notice, the outbox row and the decision commit together.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from store.db import Database
from store.repo import Cursor

NOTICE_COLUMNS = ("id", "case_id", "decision_kind", "decision_at", "recipient_kind", "recipient_role", "channel",
                  "document_id", "actual_end_at", "created_at", "created_by")


def insert_notice(cur: Cursor, n: dict[str, Any]) -> int:
    nid = cur.execute("SELECT nextval('notice_seq')").fetchone()[0]
    n = dict(n, id=nid)
    cur.execute(f"INSERT INTO case_notice ({', '.join(NOTICE_COLUMNS)}) VALUES ({', '.join('?' * len(NOTICE_COLUMNS))})",
                [n.get(c) for c in NOTICE_COLUMNS])
    return nid


def list_notices(db: Database | Cursor, case_id: str) -> list[dict[str, Any]]:
    """Every notice of a case, in the order they were written."""
    return db.query("SELECT * FROM case_notice WHERE case_id = ? ORDER BY id", [case_id]) if isinstance(db, Database) \
        else _rows(db.execute("SELECT * FROM case_notice WHERE case_id = ? ORDER BY id", [case_id]))


def has_notice(cur: Cursor, case_id: str, decision_kind: str, decision_at: datetime) -> bool:
    return cur.execute("SELECT 1 FROM case_notice WHERE case_id = ? AND decision_kind = ? AND decision_at = ?",
                       [case_id, decision_kind, decision_at]).fetchone() is not None


def get_notice(db: Database, notice_id: int) -> dict[str, Any] | None:
    rows = db.query("SELECT * FROM case_notice WHERE id = ?", [notice_id])
    return rows[0] if rows else None


def acknowledge_notice(cur: Cursor, notice_id: int, username: str, at: datetime) -> bool:
    """Mark a notice read; False when someone did already (the first reader counts)."""
    res = cur.execute("UPDATE case_notice SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? "
                      "AND acknowledged_at IS NULL RETURNING id", [at, username, notice_id]).fetchall()
    return bool(res)


def ended_orders_without_notice(db: Database, now: datetime) -> list[dict[str, Any]]:
    """Orders whose planned end passed (not withdrawn or annulled) with no notice of their end yet."""
    return db.query(
        "SELECT c.*, m.name AS municipality_name, m.subregion AS subregion FROM hv_case c "
        "JOIN municipality m ON m.code = c.municipality_code "
        "WHERE c.state IN ('opgelegd', 'verlengd') AND c.end_at IS NOT NULL AND c.end_at <= ? "
        "AND c.withdrawn_at IS NULL AND c.annulled_at IS NULL AND NOT EXISTS (SELECT 1 FROM case_notice n "
        "WHERE n.case_id = c.id AND n.decision_kind = 'einde') ORDER BY c.end_at", [now])


# -- outbox ------------------------------------------------------------------------------------------------------------
def users_for(cur: Cursor, roles: list[str], municipality_code: str, subregion: str) -> list[dict[str, Any]]:
    """Active users of ``roles`` whose area holds a case of this municipality / subregion."""
    if not roles:
        return []
    return _rows(cur.execute(
        "SELECT username, email, role FROM app_user WHERE active AND role IN "
        f"({', '.join('?' * len(roles))}) AND (municipality_code = ? OR subregion = ?) ORDER BY username",
        [*roles, municipality_code, subregion]))


def pref(cur: Cursor, username: str, topic: str) -> bool | None:
    r = cur.execute("SELECT enabled FROM notification_pref WHERE username = ? AND topic = ?",
                    [username, topic]).fetchone()
    return None if r is None else bool(r[0])


def prefs(db: Database, username: str) -> dict[str, bool]:
    return {r["topic"]: bool(r["enabled"]) for r in
            db.query("SELECT topic, enabled FROM notification_pref WHERE username = ?", [username])}


def set_pref(cur: Cursor, username: str, topic: str, enabled: bool) -> None:
    cur.execute("DELETE FROM notification_pref WHERE username = ? AND topic = ?", [username, topic])
    cur.execute("INSERT INTO notification_pref VALUES (?, ?, ?)", [username, topic, enabled])


def enqueue(cur: Cursor, m: dict[str, Any]) -> bool:
    """Write one mail to the outbox unless its ``dedup_key`` is there already (idempotent); True when written."""
    if cur.execute("SELECT 1 FROM mail_outbox WHERE dedup_key = ?", [m["dedup_key"]]).fetchone():
        return False
    oid = cur.execute("SELECT nextval('outbox_seq')").fetchone()[0]
    cols = ("id", "dedup_key", "recipient_username", "recipient_email", "topic", "case_id", "subject", "body",
            "created_at", "attempts", "next_attempt_at", "last_error", "sent_at", "message_id")
    m = dict(m, id=oid, attempts=0, next_attempt_at=m["created_at"], last_error=None, sent_at=None)
    cur.execute(f"INSERT INTO mail_outbox ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [m.get(c) for c in cols])
    return True


def due_mails(db: Database, now: datetime) -> list[dict[str, Any]]:
    """Every unsent mail whose next attempt is due, oldest first."""
    return db.query("SELECT * FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= ? "
                    "ORDER BY next_attempt_at, id", [now])


def claim(cur: Cursor, mail_id: int, due_at: datetime, lease_until: datetime) -> bool:
    """Take mail ``mail_id`` for one delivery attempt: moves its next attempt to ``lease_until`` only if it is still
    unsent and still due at ``due_at`` (as read). True for exactly one of several app servers racing for it; a
    server that dies after the claim leaves the mail to be tried again once the lease has passed (nothing lost)."""
    return bool(cur.execute("UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ? AND sent_at IS NULL "
                            "AND next_attempt_at = ? RETURNING id", [lease_until, mail_id, due_at]).fetchall())


def mark_sent(cur: Cursor, mail_id: int, at: datetime) -> None:
    cur.execute("UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ? "
                "AND sent_at IS NULL", [at, mail_id])


def mark_failed(cur: Cursor, mail_id: int, error: str, next_at: datetime) -> None:
    cur.execute("UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                [error[:500], next_at, mail_id])


def outbox_rows(db: Database, *, pending_only: bool) -> list[dict[str, Any]]:
    """The outbox for the beheerder (every row; the page pages them). No body: subjects carry no personal data."""
    where = "WHERE sent_at IS NULL " if pending_only else ""
    return db.query("SELECT id, recipient_username, topic, case_id, subject, created_at, attempts, next_attempt_at, "
                    f"last_error, sent_at FROM mail_outbox {where}ORDER BY id", [])


def outbox_counts(db: Database) -> dict[str, int]:
    r = db.query("SELECT count(*) AS total, count(sent_at) AS sent, "
                 "count(*) FILTER (WHERE sent_at IS NULL AND attempts > 0) AS failing FROM mail_outbox", [])[0]
    return {"total": r["total"], "sent": r["sent"], "pending": r["total"] - r["sent"], "failing": r["failing"]}


def _rows(res) -> list[dict[str, Any]]:
    cols = [d[0] for d in res.description]
    return [dict(zip(cols, r)) for r in res.fetchall()]
