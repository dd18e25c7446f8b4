"""Accounts for the login (design.md, Login and access): the credentials handed to
streamlit-authenticator, the :class:`Actor` of a logged-in user, password rules, lockout after repeated
failures (counted in DuckDB, time-based), session revocation (logout, deactivation, password reset) and
the idle timeout. Users, roles and bcrypt hashes live in DuckDB.

Nothing here logs a name: the application log gets no user names or typed input (issue 7, AVG).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import bcrypt

from procedure.errors import ValidationError
from procedure.roles import Actor, Role
from store import admin_repo, repo
from store.db import Database

#: password rules (BIO: length over complexity; bcrypt only reads 72 bytes)
PASSWORD_MIN_CHARS = 12
PASSWORD_MAX_BYTES = 72
#: lockout: this many failures within LOCK_WINDOW lock the name until the last failure + LOCK_WINDOW
MAX_FAILURES = 5
LOCK_WINDOW = timedelta(minutes=15)
#: default idle timeout (setting ``idle_timeout_minutes`` / ``WTH_IDLE_MINUTES`` overrides it)
DEFAULT_IDLE_MINUTES = 30
#: last-seen is written at most this often (every click would be a write)
LAST_SEEN_EVERY = timedelta(minutes=1)

LOCKED_MESSAGE = ("Te veel mislukte pogingen. Inloggen met deze gebruikersnaam is tijdelijk geblokkeerd; "
                  "probeer het na {until} opnieuw of vraag de beheerder om hulp.")
FAILED_MESSAGE = "Gebruikersnaam of wachtwoord is onjuist."


def login_credentials(db: Database, exclude: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """A fresh credentials dict of the active users, in streamlit-authenticator's shape
    (``{"usernames": {username: {name, email, password (bcrypt hash), roles}}}``), without ``exclude``."""
    return {"usernames": {u["username"]: {"name": u["name"], "email": u["email"], "password": u["password_hash"],
                                          "roles": [u["role"]]}
                          for u in repo.active_users_with_hash(db) if u["username"] not in exclude}}


def actor_for(db: Database, username: str, *, active_only: bool = True) -> Actor | None:
    """The :class:`Actor` of a stored user (sub-region derived from the municipality when needed);
    None when the user does not exist or, with ``active_only``, is deactivated."""
    u = repo.get_user(db, username or "")
    if u is None or (active_only and not u["active"]):
        return None
    return Actor(username=u["username"], name=u["name"], role=Role(u["role"]),
                 municipality_code=u["municipality_code"],
                 subregion=u["subregion"] or u["municipality_subregion"])


def scope_label(db: Database, actor: Actor) -> str:
    """Where the user works, for the sidebar: the municipality's name, else the sub-region."""
    if actor.municipality_code:
        return next((m["name"] for m in repo.municipalities(db) if m["code"] == actor.municipality_code), "")
    return actor.subregion or ""


# -- passwords ------------------------------------------------------------------------------------
def password_problems(password: str, username: str = "") -> list[str]:
    """Dutch messages for every rule ``password`` breaks (empty list = acceptable).

    Rules: at least 12 characters; at most 72 bytes in UTF-8 (bcrypt reads no further, so a longer
    password would silently count only its start); not the user name (nor contain it); no space at
    the start or end (the login library strips them).
    """
    if not isinstance(password, str) or not password:
        return ["Vul een wachtwoord in."]
    out = []
    if len(password) < PASSWORD_MIN_CHARS:
        out.append(f"Het wachtwoord moet minimaal {PASSWORD_MIN_CHARS} tekens lang zijn.")
    if len(password.encode("utf-8")) > PASSWORD_MAX_BYTES:
        out.append(f"Het wachtwoord mag maximaal {PASSWORD_MAX_BYTES} bytes lang zijn (bij letters met accenten "
                   "of emoji zijn dat minder tekens).")
    name = (username or "").strip().lower()
    if name and name in password.lower():
        out.append("Het wachtwoord mag de gebruikersnaam niet bevatten.")
    if password != password.strip():
        out.append("Het wachtwoord mag niet met een spatie beginnen of eindigen.")
    return out


def check_password(password: str, username: str = "", field: str = "password") -> str:
    """Return ``password`` if it meets the rules.

    Raises:
        ValidationError: on field ``field`` with every broken rule in ``details``.
    """
    problems = password_problems(password, username)
    if problems:
        raise ValidationError(problems[0], field=field, details=problems[1:])
    return password


def hash_password(password: str, rounds: int = 12) -> str:
    """bcrypt hash (caller checked the rules, so at most 72 bytes)."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)).decode()


def password_matches(password: str, password_hash: str) -> bool:
    """Whether ``password`` matches; False for anything bcrypt refuses (e.g. over 72 bytes)."""
    try:
        return bcrypt.checkpw((password or "").encode("utf-8"), (password_hash or "").encode())
    except ValueError:
        return False


# -- lockout --------------------------------------------------------------------------------------
def name_hash(username: str) -> str:
    """How a typed user name is stored in ``login_attempt`` (never the text itself)."""
    return hashlib.sha256((username or "").strip().lower().encode("utf-8")).hexdigest()


def locked_until(db: Database, username: str, now: datetime) -> datetime | None:
    """The moment the lock on ``username`` ends, or None when it is not locked.

    A name is locked when it has :data:`MAX_FAILURES` failures within :data:`LOCK_WINDOW` (after its last
    success or unlock); the lock ends :data:`LOCK_WINDOW` after the newest failure. Unknown names are
    counted the same way, so the answer never reveals whether a user exists.
    """
    fails = admin_repo.failures_since_reset(db, name_hash(username), now - LOCK_WINDOW)
    if len(fails) >= MAX_FAILURES:
        return fails[0] + LOCK_WINDOW
    return None


@dataclass
class LoginResult:
    ok: bool
    message: str = ""                 # Dutch, the same for unknown users and wrong passwords
    actor: Actor | None = None
    must_change_password: bool = False


def attempt_login(db: Database, username: str, password: str, now: datetime) -> LoginResult:
    """Check a login form submission, count it, and audit it for known users.

    Returns:
        ``LoginResult(ok=True, actor=…)`` on success. On failure the message is the same whether the
        name exists or not; after :data:`MAX_FAILURES` failures within :data:`LOCK_WINDOW` even the right
        password is refused until the lock ends.
    """
    from procedure.service import fmt_dt   # (formatting only; avoids an import cycle)

    typed = (username or "").strip().lower()
    h = name_hash(typed)
    until = locked_until(db, typed, now)
    user = repo.get_user(db, typed) if typed else None
    if until is not None:
        with db.transaction() as cur:
            admin_repo.insert_login_attempt(cur, h, now, "geblokkeerd")
        return LoginResult(False, LOCKED_MESSAGE.format(until=fmt_dt(until)))
    ok = bool(user and user["active"] and password_matches(password, user["password_hash"]))
    with db.transaction() as cur:
        admin_repo.insert_login_attempt(cur, h, now, "ok" if ok else "fout")
        if user is not None:
            repo.audit(cur, at=now, username=user["username"], role=user["role"],
                       action="ingelogd" if ok else "inloggen_mislukt")
    if not ok:
        until = locked_until(db, typed, now)
        if until is not None:
            if user is not None:
                with db.transaction() as cur:
                    repo.audit(cur, at=now, username=user["username"], role=user["role"], action="account_geblokkeerd",
                               detail=f"tot {fmt_dt(until)}")
            return LoginResult(False, LOCKED_MESSAGE.format(until=fmt_dt(until)))
        return LoginResult(False, FAILED_MESSAGE)
    return LoginResult(True, actor=actor_for(db, typed), must_change_password=bool(user.get("must_change_password")))


# -- sessions -------------------------------------------------------------------------------------
def cookie_refusal(db: Database, username: str, issued_at: datetime, now: datetime,
                   idle: timedelta) -> str | None:
    """Why a login cookie may not log ``username`` in (None = fine).

    Refused: the user is gone or deactivated; the cookie was issued before a logout, deactivation or
    password reset (``sessions_revoked_at``); or the user was not seen for longer than ``idle``.
    Returns a Dutch message for the login screen ("" when it should be refused silently).
    """
    info = admin_repo.session_info(db, username or "")
    if info is None or not info["active"]:
        return ""
    if info["sessions_revoked_at"] is not None and issued_at <= info["sessions_revoked_at"]:
        return ""
    if info["last_seen_at"] is not None and now - info["last_seen_at"] > idle:
        return idle_message(idle)
    return None


def idle_message(idle: timedelta) -> str:
    return (f"U bent automatisch uitgelogd na {int(idle.total_seconds() // 60)} minuten zonder activiteit. "
            "Log opnieuw in; uw invoer op de pagina is bewaard waar dat kon.")


def touch(db: Database, username: str, now: datetime, last: datetime | None) -> datetime:
    """Record activity (at most once per :data:`LAST_SEEN_EVERY`); returns the stored moment."""
    if last is not None and now - last < LAST_SEEN_EVERY:
        return last
    with db.transaction() as cur:
        admin_repo.update_user(cur, username, {"last_seen_at": now})
    return now


def revoke_sessions(db: Database, username: str, now: datetime, action: str = "uitgelogd") -> None:
    """End every session of ``username`` (cookies issued up to ``now`` are refused) and audit it."""
    user = repo.get_user(db, username or "")
    if user is None:
        return
    with db.transaction() as cur:
        admin_repo.update_user(cur, user["username"], {"sessions_revoked_at": now})
        repo.audit(cur, at=now, username=user["username"], role=user["role"], action=action)


def change_own_password(db: Database, username: str, current: str, new: str, repeat: str, now: datetime) -> None:
    """The user's own password change (required after a reset by the beheerder).

    Raises:
        ValidationError: wrong current password (field ``current``), rules (field ``new``), or the
            repetition differs (field ``repeat``).
    """
    user = repo.get_user(db, username or "")
    if user is None or not password_matches(current, user["password_hash"]):
        raise ValidationError("Het huidige wachtwoord klopt niet.", field="current")
    check_password(new, user["username"], field="new")
    if new != repeat:
        raise ValidationError("De twee nieuwe wachtwoorden zijn niet gelijk.", field="repeat")
    if new == current:
        raise ValidationError("Kies een ander wachtwoord dan het huidige.", field="new")
    with db.transaction() as cur:
        admin_repo.update_user(cur, user["username"], {"password_hash": hash_password(new), "password_changed_at": now,
                                                       "must_change_password": False})
        repo.audit(cur, at=now, username=user["username"], role=user["role"], action="wachtwoord_gewijzigd")


def utc_now() -> datetime:
    """The current aware UTC moment (tests replace this function to move the clock)."""
    from datetime import timezone

    return datetime.now(timezone.utc)


def session_revoked(db: Database, username: str, login_at: datetime | None) -> bool:
    """Whether the session of ``username`` that started at ``login_at`` was ended server side
    (logout elsewhere, deactivation, password reset, role change). A session without a known start
    counts as started now."""
    if login_at is None:
        return False
    info = admin_repo.session_info(db, username or "")
    return info is None or (info["sessions_revoked_at"] is not None and info["sessions_revoked_at"] >= login_at)


def record_idle_logout(db: Database, username: str, now: datetime) -> None:
    """Audit an idle timeout (the cookie is refused later because ``last_seen_at`` is old)."""
    user = repo.get_user(db, username or "")
    if user is None:
        return
    with db.transaction() as cur:
        repo.audit(cur, at=now, username=user["username"], role=user["role"], action="sessie_verlopen")


def must_change_password(db: Database, username: str) -> bool:
    info = admin_repo.session_info(db, username or "")
    return bool(info and info["must_change_password"])


def stored_signers(db: Database) -> list[dict[str, Any]]:
    """``username, is_demo`` of every certificate stored in the database (for the start-up check)."""
    return [{"username": c["username"], "is_demo": c["is_demo"]} for c in admin_repo.signer_certificates(db)]
