"""SQL for beheer and login security (issue 7): users, login attempts, mandates, certificates, audit viewer.
Implements art. 3 Wth's mandate records in storage; the services check roles and rules.

SQL for beheer and login security (issue 7): users, login attempts, mandates, certificates, the
audit viewer. Parameterised SQL only; the services in ``procedure/services/`` (users.py, audit_viewer.py,
accounts.py) check roles and rules.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
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
#: outcomes that count as a failure: 'bezig' is an attempt being checked (recorded before bcrypt runs, so parallel
#: attempts see each other; a crash mid-check leaves it counted as a failure)
FAILED = ("fout", "bezig")


def insert_login_attempt(cur: Cursor, username_hash: str, at: datetime, outcome: str, client_hash: str = "",
                         device_hash: str = "") -> int:
    """Record an attempt; returns its id."""
    return cur.execute("INSERT INTO login_attempt (id, username_hash, attempted_at, outcome, client_hash, device_hash) "
                       "VALUES (nextval('login_attempt_seq'), ?, ?, ?, ?, ?) RETURNING id",
                       [username_hash, at, outcome, client_hash, device_hash]).fetchone()[0]


def set_attempt_outcome(cur: Cursor, attempt_id: int, outcome: str) -> None:
    cur.execute("UPDATE login_attempt SET outcome = ? WHERE id = ?", [outcome, attempt_id])


def touch_login_gate(cur: Cursor, username_hash: str, at: datetime) -> None:
    """Take the name's gate row first in a check-and-record transaction (serialises attempts for one name)."""
    cur.execute("INSERT INTO login_gate (username_hash, touched_at) VALUES (?, ?) ON CONFLICT (username_hash) "
                "DO UPDATE SET touched_at = excluded.touched_at", [username_hash, at])


def failure_summary(db: Database, username_hash: str, since: datetime, *, client: str | None = None,
                    device: str | None = None, recent_since: datetime | None = None) -> dict[str, Any]:
    """Failed attempts (outcome 'fout' or 'bezig') for a typed name since ``since``, counted in SQL (one aggregate,
    the name's rows never leave the database), after the name's last reset: its last unlock ('ontgrendeld') — and with
    ``client`` its last success from that address, with ``device`` its last success with that device token.

    Args:
        client: only failures from this client hash (``''`` = unknown address). device: only those with this device
            hash. (At most one of the two.) recent_since: count only failures at or after this moment (the reset is
            still looked for since ``since``).

    Returns:
        ``{"n": int, "last_at": datetime | None, "prefixes": int}`` — count, latest failure, distinct client hashes.
    """
    reset = "o.outcome = 'ontgrendeld'"
    match, args, reset_args = "", [], []
    if client is not None:
        reset += " OR (o.outcome = 'ok' AND coalesce(o.client_hash, '') = ?)"
        match, args, reset_args = " AND coalesce(f.client_hash, '') = ?", [client], [client]
    elif device is not None:
        reset += " OR (o.outcome = 'ok' AND coalesce(o.device_hash, '') = ?)"
        match, args, reset_args = " AND coalesce(f.device_hash, '') = ?", [device], [device]
    # (an uncorrelated scalar subquery: PostgreSQL computes it once; a CROSS JOIN with it was re-run per row there)
    row = db.query(
        f"SELECT count(*) AS n, max(f.attempted_at) AS last_at, count(DISTINCT coalesce(f.client_hash, '')) AS prefixes "
        f"FROM login_attempt f WHERE f.username_hash = ? AND f.outcome IN (?, ?) AND f.attempted_at >= ? "
        f"AND f.attempted_at > coalesce((SELECT max(o.attempted_at) FROM login_attempt o WHERE o.username_hash = ? "
        f"AND o.attempted_at >= ? AND ({reset})), ?){match}",
        [username_hash, *FAILED, recent_since or since, username_hash, since, *reset_args,
         since - timedelta(microseconds=1), *args])[0]
    return {"n": int(row["n"]), "last_at": row["last_at"], "prefixes": int(row["prefixes"])}


def failed_clients(db: Database, username_hash: str, since: datetime) -> list[str]:
    """The client hashes that failed for a typed name since ``since`` (for the beheer overview)."""
    return [r["c"] for r in db.query("SELECT DISTINCT coalesce(client_hash, '') AS c FROM login_attempt WHERE "
                                     "username_hash = ? AND outcome IN (?, ?) AND attempted_at >= ? ORDER BY 1",
                                     [username_hash, *FAILED, since])]


def failures_from_address(db: Database, client_hash: str, since: datetime, known_since: datetime) -> dict[str, Any]:
    """Failed attempts from one client address since ``since`` for names that did not log in successfully from that
    address since ``known_since`` (a colleague's typo at the office does not count against everyone behind the same
    address; a stranger trying many names does), as ``{"n": count, "last_at": latest or None}``."""
    row = db.query(
        "SELECT count(*) AS n, max(f.attempted_at) AS last_at FROM login_attempt f WHERE coalesce(f.client_hash, '') = ? "
        "AND f.outcome IN (?, ?) AND f.attempted_at >= ? AND NOT EXISTS (SELECT 1 FROM login_attempt o WHERE "
        "o.username_hash = f.username_hash AND coalesce(o.client_hash, '') = ? AND o.outcome = 'ok' "
        "AND o.attempted_at >= ?)", [client_hash, *FAILED, since, client_hash, known_since])[0]
    return {"n": int(row["n"]), "last_at": row["last_at"]}


def address_known(db: Database, username_hash: str, client_hash: str, since: datetime) -> bool:
    """Whether the name logged in successfully from this address since ``since``."""
    return bool(db.scalar("SELECT count(*) FROM login_attempt WHERE username_hash = ? AND coalesce(client_hash, '') = ? "
                          "AND outcome = 'ok' AND attempted_at >= ?", [username_hash, client_hash, since]))


def device_known(db: Database, device_hash: str, username: str, since: datetime) -> datetime | None:
    """When ``username`` last logged in from this device (None: never since ``since``)."""
    return db.scalar("SELECT last_ok_at FROM known_device WHERE device_hash = ? AND username = ? AND last_ok_at >= ?",
                     [device_hash, username, since])


def remember_device(cur: Cursor, device_hash: str, username: str, at: datetime) -> None:
    cur.execute("INSERT INTO known_device (device_hash, username, first_ok_at, last_ok_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (device_hash, username) DO UPDATE SET last_ok_at = excluded.last_ok_at",
                [device_hash, username, at, at])


def usual_password_cost(db: Database) -> int | None:
    """The most common bcrypt cost of the active users' hashes (``$2b$12$…`` → 12); None without users."""
    v = db.scalar("SELECT split_part(password_hash, '$', 3) AS cost FROM app_user WHERE active "
                  "GROUP BY cost ORDER BY count(*) DESC, cost DESC LIMIT 1")
    return int(v) if v and str(v).isdigit() else None


# -- login sessions (issue 11) ----------------------------------------------------------------------
def insert_session(cur: Cursor, id_hash: str, username: str, created_at: datetime, expires_at: datetime) -> None:
    cur.execute("INSERT INTO login_session (id_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
                [id_hash, username, created_at, expires_at])


def get_session(db: Database, id_hash: str) -> dict[str, Any] | None:
    rows = db.query("SELECT id_hash, username, created_at, expires_at, ended_at, last_seen_at FROM login_session "
                    "WHERE id_hash = ?", [id_hash])
    return rows[0] if rows else None


def touch_session(cur: Cursor, id_hash: str, at: datetime) -> None:
    """Record activity in one login session (the idle timeout counts per session)."""
    cur.execute("UPDATE login_session SET last_seen_at = ? WHERE id_hash = ?", [at, id_hash])


def end_sessions(cur: Cursor, username: str, at: datetime) -> None:
    """End every open session of ``username`` (logout, deactivation, reset, role change)."""
    cur.execute("UPDATE login_session SET ended_at = ? WHERE username = ? AND ended_at IS NULL", [at, username])


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
               until: datetime | None = None, limit: int = 5000) -> tuple[list[dict[str, Any]], int]:
    """Audit rows, newest first, filtered on exact user / action / case / role and a period [since, until), at most
    ``limit``; with the true number of matching rows."""
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
    cond = " WHERE " + " AND ".join(where) if where else ""
    sql = ("SELECT id, occurred_at, username, role, action, case_id, old_state, new_state, detail FROM audit_log"
           + cond + " ORDER BY id DESC LIMIT ?")
    return db.query(sql, [*params, int(limit)]), int(db.scalar("SELECT count(*) FROM audit_log" + cond, params))


def audit_actions(db: Database) -> list[str]:
    return [r["action"] for r in db.query("SELECT DISTINCT action FROM audit_log ORDER BY action")]


def last_audit_at(db: Database, username: str, action: str) -> datetime | None:
    return db.scalar("SELECT max(occurred_at) FROM audit_log WHERE username = ? AND action = ?", [username, action])
