"""SQL for beheer and login security (issue 7): users, login attempts, mandates, certificates, the
audit viewer. Parameterised SQL only; the services in ``procedure/admin.py`` and
``procedure/accounts.py`` check roles and rules."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from store.db import Database

Cursor = Any

_USER_COLUMNS = {"name", "email", "role", "municipality_code", "subregion", "active", "password_hash",
                 "password_changed_at", "must_change_password", "sessions_revoked_at", "last_seen_at",
                 "deactivated_at"}


# -- users ----------------------------------------------------------------------------------------
def users_overview(db: Database) -> list[dict[str, Any]]:
    """Every user without the password hash, with the municipality's name."""
    return db.query("SELECT u.username, u.name, u.email, u.role, u.municipality_code, m.name AS municipality_name, "
                    "u.subregion, u.active, u.is_demo, u.created_at, u.password_changed_at, "
                    "u.must_change_password, u.last_seen_at, u.deactivated_at FROM app_user u "
                    "LEFT JOIN municipality m ON m.code = u.municipality_code ORDER BY u.role, u.username")


def user_exists(db: Database | Cursor, username: str) -> bool:
    q = "SELECT count(*) FROM app_user WHERE username = ?"
    if isinstance(db, Database):
        return bool(db.scalar(q, [username]))
    return bool(db.execute(q, [username]).fetchone()[0])


def update_user(cur: Cursor, username: str, fields: dict[str, Any]) -> None:
    bad = set(fields) - _USER_COLUMNS
    if bad:
        raise ValueError(f"unknown user columns {sorted(bad)}")
    sets = ", ".join(f"{k} = ?" for k in fields)
    cur.execute(f"UPDATE app_user SET {sets} WHERE username = ?", [*fields.values(), username])


def session_info(db: Database, username: str) -> dict[str, Any] | None:
    rows = db.query("SELECT username, active, sessions_revoked_at, last_seen_at, must_change_password "
                    "FROM app_user WHERE username = ?", [username])
    return rows[0] if rows else None


# -- login attempts --------------------------------------------------------------------------------
def insert_login_attempt(cur: Cursor, username_hash: str, at: datetime, outcome: str) -> None:
    cur.execute("INSERT INTO login_attempt VALUES (nextval('login_attempt_seq'), ?, ?, ?)",
                [username_hash, at, outcome])


def failures_since_reset(db: Database, username_hash: str, since: datetime) -> list[datetime]:
    """Failed attempts after ``since`` and after the last success or unlock, newest first."""
    return [r["attempted_at"] for r in db.query(
        "SELECT attempted_at FROM login_attempt WHERE username_hash = ? AND outcome = 'fout' AND attempted_at >= ? AND attempted_at > "
        "coalesce((SELECT max(attempted_at) FROM login_attempt WHERE username_hash = ? AND outcome IN ('ok', 'ontgrendeld')), "
        "TIMESTAMPTZ '1970-01-01 00:00:00+00') ORDER BY attempted_at DESC", [username_hash, since, username_hash])]


# -- mandates -------------------------------------------------------------------------------------
def list_mandates(db: Database) -> list[dict[str, Any]]:
    return db.query("SELECT d.*, u.name AS holder_name, u.role AS holder_role, m.name AS municipality_name "
                    "FROM mandate d LEFT JOIN app_user u ON u.username = d.holder_username "
                    "LEFT JOIN municipality m ON m.code = d.municipality_code ORDER BY m.name, d.kind, d.valid_from")


def set_mandate_end(cur: Cursor, mandate_id: int, valid_to: date) -> None:
    cur.execute("UPDATE mandate SET valid_to = ? WHERE id = ?", [valid_to, mandate_id])


# -- certificates ---------------------------------------------------------------------------------
def signer_certificates(db: Database) -> list[dict[str, Any]]:
    return db.query("SELECT username, p12, passphrase, subject, is_demo, created_at FROM signer_certificate "
                    "ORDER BY username")


def get_demo_ca(db: Database) -> dict[str, Any] | None:
    rows = db.query("SELECT * FROM demo_ca ORDER BY created_at DESC LIMIT 1")
    return rows[0] if rows else None


def insert_demo_ca(cur: Cursor, name: str, key_pem: str, cert_pem: str, at: datetime) -> None:
    cur.execute("INSERT INTO demo_ca VALUES (?, ?, ?, ?)", [name, key_pem, cert_pem, at])


# -- audit viewer ---------------------------------------------------------------------------------
def audit_rows(db: Database, *, username: str | None = None, action: str | None = None,
               case_id: str | None = None, role: str | None = None, since: datetime | None = None,
               until: datetime | None = None, limit: int = 5000) -> list[dict[str, Any]]:
    """Audit rows, newest first, filtered on exact user / action / case / role and a period [since, until)."""
    where, params = [], []
    for col, val in (("username", username), ("action", action), ("case_id", case_id), ("role", role)):
        if val:
            where.append(f"{col} = ?")
            params.append(val)
    if since is not None:
        where.append("occurred_at >= ?")
        params.append(since)
    if until is not None:
        where.append("occurred_at < ?")
        params.append(until)
    sql = ("SELECT id, occurred_at, username, role, action, case_id, old_state, new_state, detail FROM audit_log"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id DESC LIMIT ?")
    return db.query(sql, [*params, int(limit)])


def audit_actions(db: Database) -> list[str]:
    return [r["action"] for r in db.query("SELECT DISTINCT action FROM audit_log ORDER BY action")]


def last_audit_at(db: Database, username: str, action: str) -> datetime | None:
    return db.scalar("SELECT max(occurred_at) FROM audit_log WHERE username = ? AND action = ?", [username, action])
