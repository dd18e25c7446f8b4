"""Accounts for the login: the user's credentials, password rules, throttling of failed attempts, server-side
sessions behind the cookie and the idle timeout. Implements no article (design.md, Login and access; BIO; AVG).

Functions over the database, not a class over the app's context: the login runs before there is an actor (app.py
calls them directly; the beheer service uses the password rules). In detail: the credentials handed to
streamlit-authenticator, the :class:`Actor` of a logged-in user, password rules, throttling of failed
attempts (counted in DuckDB, per name AND client address, exponential back-off), server-side login sessions
behind the cookie, session revocation (logout, deactivation, password reset) and the idle timeout. Users,
roles and bcrypt hashes live in DuckDB. Over 500 lines as one cohesive thing: the throttle, the devices and the
sessions decide one login together, in one transaction.

Throttling policy (issue 11 and its attack findings; README, Inloggen) — delays, never a lock-out of the real user:
a correct password from a device or address the user logged in from before always gets in at once or after a short
bounded delay, whatever an attacker types for her name from wherever.

Addresses are counted per prefix (:func:`address_prefix`: an IPv4 address, an IPv6 /64).

- a known device (cookie ``wth_device`` with a random token, set after each successful login; only its SHA-256 is
  stored, per user) that logged this user in within :data:`KNOWN_DEVICE_WINDOW` skips every rule below, until it
  has :data:`DEVICE_FREE` failures of its own;
- per (name, prefix): the first :data:`FREE_PER_PAIR` failures are free; after failure k the pair waits
  ``30 s × 2^(k − 3)`` (30 s, 1 min, 2 min, … at most 1 hour; at most :data:`KNOWN_PAIR_MAX` from a prefix the
  user logged in from in the last 90 days, so an attacker behind her office NAT delays her, never locks her out);
  a success from that prefix or an unlock by the beheerder resets it;
- per prefix, over all names that never logged in from that prefix: after :data:`FREE_PER_ADDRESS` such
  failures in 24 hours the prefix waits ``30 s × 2^(k − 10)`` (at most 1 hour) — against one address trying many
  names; a name that logged in from the prefix before is not held by this rule;
- per name, the global budget (a distributed attack: at least :data:`NAME_ATTACK_FAILURES` failures in an hour
  from at least :data:`NAME_ATTACK_ADDRESSES` prefixes): prefixes from which this name never logged in (in 90
  days) wait ``30 s × 2^(k − 20)`` (at most 15 minutes); known prefixes and known devices are not held.

While an address waits, its attempts are refused without checking the password, not counted and not stored. The same
answers and the same time for unknown and known names: an unknown name is checked against a dummy bcrypt hash of
the same cost.

Nothing here logs a name: the application log gets no user names or typed input (issue 7, AVG).
"""
from __future__ import annotations

import functools
import hashlib
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import bcrypt
import jwt

from procedure.domain.case import fmt_dt
from procedure.domain.errors import ValidationError
from procedure.domain.roles import Actor, Role
from store import admin_repo, repo
from store.db import Database

#: password rules (BIO: length over complexity; bcrypt only reads 72 bytes)
PASSWORD_MIN_CHARS = 12
PASSWORD_MAX_BYTES = 72
#: throttling (issue 11; see the module doc)
FREE_PER_PAIR = 3
FREE_PER_ADDRESS = 10
NAME_ATTACK_FAILURES = 20
NAME_ATTACK_ADDRESSES = 5
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
NAME_BACKOFF_MAX = timedelta(minutes=15)
COUNT_WINDOW = timedelta(hours=24)
NAME_WINDOW = timedelta(hours=1)
KNOWN_ADDRESS_WINDOW = timedelta(days=90)
#: the longest wait from an address prefix the user logged in from before (a delay, never a lock-out)
KNOWN_PAIR_MAX = timedelta(minutes=5)
#: a device token (cookie) that logged the user in within this window skips the other rules ...
KNOWN_DEVICE_WINDOW = timedelta(days=180)
#: ... until it has this many failures of its own (a stolen device cookie does not buy unlimited guesses)
DEVICE_FREE = 5
#: bcrypt cost of new hashes and of the dummy hash when no user exists yet
BCRYPT_ROUNDS = 12
#: a login session (and its cookie) lasts at most this long; logout, deactivation and idle time end it earlier
SESSION_LIFETIME = timedelta(hours=12)
#: default idle timeout (setting ``idle_timeout_minutes`` / ``WTH_IDLE_MINUTES`` overrides it)
DEFAULT_IDLE_MINUTES = 30
#: last-seen is written at most this often (every click would be a write)
LAST_SEEN_EVERY = timedelta(minutes=1)

LOCKED_MESSAGE = ("Te veel mislukte pogingen vanaf dit adres. Probeer het na {until} opnieuw. Kunt u niet wachten, "
                  "log dan in op een computer of telefoon waarmee u eerder inlogde (die wacht niet), of vraag de "
                  "beheerder de blokkade op te heffen.")
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


def hash_password(password: str, rounds: int = BCRYPT_ROUNDS) -> str:
    """bcrypt hash (caller checked the rules, so at most 72 bytes)."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)).decode()


def password_matches(password: str, password_hash: str) -> bool:
    """Whether ``password`` matches; False for anything bcrypt refuses (e.g. over 72 bytes)."""
    try:
        return bcrypt.checkpw((password or "").encode("utf-8"), (password_hash or "").encode())
    except ValueError:
        return False


# -- throttling ------------------------------------------------------------------------------------
def name_hash(username: str) -> str:
    """How a typed user name is stored in ``login_attempt`` (never the text itself)."""
    return hashlib.sha256((username or "").strip().lower().encode("utf-8")).hexdigest()


def address_prefix(address: str | None) -> str:
    """The unit an address is counted in: an IPv4 address itself, an IPv6 address's /64 (one household or device
    gets a whole /64, so counting single IPv6 addresses would give an attacker 2^64 fresh ones); an IPv4-mapped
    IPv6 address counts as its IPv4 address. '' for an unknown address; anything unparsable as itself."""
    text = address.strip().strip("[]").lower() if isinstance(address, str) else ""
    if not text:
        return ""
    try:
        ip = ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return text
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_hash(address: str | None) -> str:
    """How a client address is stored in ``login_attempt``: a SHA-256 of its :func:`address_prefix`, or '' for an
    unknown (local) address."""
    prefix = address_prefix(address)
    return hashlib.sha256(("adres:" + prefix).encode("utf-8")).hexdigest() if prefix else ""


def device_hash(token: Any) -> str:
    """How a device token (cookie ``wth_device``) is stored: a SHA-256; '' for no or an implausible token."""
    if not isinstance(token, str) or not 20 <= len(token) <= 200:
        return ""
    return hashlib.sha256(("apparaat:" + token).encode("utf-8", "surrogatepass")).hexdigest()


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


def backoff(failures: int, free: int, cap: timedelta) -> timedelta | None:
    """The wait after the ``failures``-th failure: None while ``failures < free``, else
    ``BACKOFF_BASE × 2^(failures − free)`` capped at ``cap``."""
    if failures < free:
        return None
    return min(cap, BACKOFF_BASE * (2 ** min(failures - free, 20)))


def trusted_device(db: Database, username: str, device: str, now: datetime) -> bool:
    """Whether ``device`` (a :func:`device_hash`) logged ``username`` in within :data:`KNOWN_DEVICE_WINDOW` and has
    had fewer than :data:`DEVICE_FREE` failures since (its last success or the name's last unlock): then its attempts
    skip every other rule. Two indexed look-ups, nothing else is loaded."""
    typed = (username or "").strip().lower()
    if not device or not typed or admin_repo.device_known(db, device, typed, now - KNOWN_DEVICE_WINDOW) is None:
        return False
    return admin_repo.failure_summary(db, name_hash(typed), now - COUNT_WINDOW, device=device)["n"] < DEVICE_FREE


def locked_until(db: Database, username: str, now: datetime, address: str | None = ...,
                 device: str = "") -> datetime | None:
    """Until when attempts for ``username`` from ``address`` (and device token hash ``device``) must wait
    (None = not now); see the module doc. A known device is checked first; every count is an SQL aggregate
    (store/admin_repo.py ``failure_summary``), so the cost does not grow with the rows a flood leaves behind.

    With ``address`` left out (the beheer overview): the latest wait of any address that failed for this name, or
    of a new address when the name is under a distributed attack. Unknown names are counted the same way, so the
    answer never reveals whether a user exists.
    """
    typed = (username or "").strip().lower()
    h = name_hash(typed)
    if address is ...:
        ends = [_wait_for(db, h, c, now, known=True) for c in admin_repo.failed_clients(db, h, now - COUNT_WINDOW)]
        ends.append(_name_wait(db, h, now, known=False))
        ends = [e for e in ends if e is not None]
        return max(ends) if ends else None
    if trusted_device(db, typed, device, now):
        return None
    c = client_hash(address)
    known = admin_repo.address_known(db, h, c, now - KNOWN_ADDRESS_WINDOW)
    return _wait_for(db, h, c, now, known=known)


def _wait_for(db: Database, h: str, c: str, now: datetime, *, known: bool) -> datetime | None:
    ends = []
    pair = admin_repo.failure_summary(db, h, now - COUNT_WINDOW, client=c)
    # From an address the user logged in from before (a shared office or home NAT an attacker may also sit behind)
    # the wait stays short: a delay, never a lock-out of the real user.
    w = backoff(pair["n"], FREE_PER_PAIR, KNOWN_PAIR_MAX if known else BACKOFF_MAX)
    if w is not None:
        ends.append(pair["last_at"] + w)
    if not known:       # one address trying many names does not hold a name that logged in from it before
        addr = admin_repo.failures_from_address(db, c, now - COUNT_WINDOW, now - KNOWN_ADDRESS_WINDOW)
        w = backoff(addr["n"], FREE_PER_ADDRESS, BACKOFF_MAX)
        if w is not None:
            ends.append(addr["last_at"] + w)
    ends.append(_name_wait(db, h, now, known=known))
    ends = [e for e in ends if e is not None and e > now]
    return max(ends) if ends else None


def _name_wait(db: Database, h: str, now: datetime, *, known: bool) -> datetime | None:
    """A distributed attack on one name: many failures from many address prefixes in the last hour (the name's global
    budget). Addresses the user logged in from before and known devices are not held (the real user keeps a way in
    without a CAPTCHA)."""
    if known:
        return None
    recent = admin_repo.failure_summary(db, h, now - COUNT_WINDOW, recent_since=now - NAME_WINDOW)
    if recent["prefixes"] < NAME_ATTACK_ADDRESSES:
        return None
    w = backoff(recent["n"], NAME_ATTACK_FAILURES, NAME_BACKOFF_MAX)
    return recent["last_at"] + w if w is not None else None


@functools.lru_cache(maxsize=8)
def _dummy_hash(rounds: int) -> bytes:
    return bcrypt.hashpw(b"geen-gebruiker-" + secrets.token_bytes(8).hex().encode(), bcrypt.gensalt(rounds=rounds))


def _dummy_for(db: Database) -> str:
    """A bcrypt hash of the same cost as the stored ones: an unknown name costs as much time as a known one."""
    rounds = admin_repo.usual_password_cost(db) or BCRYPT_ROUNDS
    return _dummy_hash(max(4, min(rounds, 16))).decode()


@dataclass
class LoginResult:
    ok: bool
    message: str = ""                 # Dutch, the same for unknown users and wrong passwords
    actor: Actor | None = None
    must_change_password: bool = False
    #: on success: the device token for the ``wth_device`` cookie (the one presented, or a new one)
    device_token: str = ""


def attempt_login(db: Database, username: str, password: str, now: datetime,
                  address: str | None = None, device_token: str | None = None) -> LoginResult:
    """Check a login form submission from client ``address`` with the browser's device token (cookie
    ``wth_device``, None without one), count it, and audit it for known users.

    The waits are checked first without writing (a refused attempt writes nothing: no row, no write lock); an attempt
    that may go on is checked again and recorded in one transaction that first takes the name's gate row, as 'bezig'
    (counted as a failure) before bcrypt runs, getting its outcome after: parallel attempts for one name can't all
    pass the check before any failure is counted.

    Returns:
        ``LoginResult(ok=True, actor=…, device_token=…)`` on success. On failure the message is the same whether the
        name exists or not. While this (name, address) must wait (see the module doc) even the right password is
        refused, without being checked; the same password from a known device or another address is not held up by it.
    """
    typed = (username or "").strip().lower()
    h, c = name_hash(typed), client_hash(address)
    d = device_hash(device_token)
    # A refused attempt writes nothing and never takes the write lock: a flood of them can't grow the table or make
    # other writers queue (break-it report, December 2026). An attempt that may go on is checked again under the
    # name's gate row (parallel attempts are checked one after the other) and recorded there.
    until = locked_until(db, typed, now, address, d)
    if until is None:
        with db.transaction() as cur:
            admin_repo.touch_login_gate(cur, h, now)
            until = locked_until(db, typed, now, address, d)
            if until is None:
                attempt_id = admin_repo.insert_login_attempt(cur, h, now, "bezig", c, d)
    if until is not None:
        return LoginResult(False, LOCKED_MESSAGE.format(until=fmt_dt(until)))
    user = repo.get_user(db, typed) if typed else None
    usable = bool(user and user["active"])
    # Always one bcrypt check of the same cost: unknown, deactivated and known names take the same time.
    matches = password_matches(password, user["password_hash"] if usable else _dummy_for(db))
    ok = usable and matches
    token = (device_token if d else new_device_token()) if ok else ""
    with db.transaction() as cur:
        admin_repo.set_attempt_outcome(cur, attempt_id, "ok" if ok else "fout")
        if ok:
            admin_repo.remember_device(cur, device_hash(token), user["username"], now)
        if user is not None:
            repo.audit(cur, at=now, username=user["username"], role=user["role"],
                       action="ingelogd" if ok else "inloggen_mislukt")
    if not ok:
        until = locked_until(db, typed, now, address, d)
        if until is not None:
            if user is not None:
                with db.transaction() as cur:
                    repo.audit(cur, at=now, username=user["username"], role=user["role"], action="inloggen_vertraagd",
                               detail=f"vanaf één adres tot {fmt_dt(until)}")
            return LoginResult(False, LOCKED_MESSAGE.format(until=fmt_dt(until)))
        return LoginResult(False, FAILED_MESSAGE)
    return LoginResult(True, actor=actor_for(db, typed), must_change_password=bool(user.get("must_change_password")),
                       device_token=token)


# -- sessions -------------------------------------------------------------------------------------
def cookie_refusal(db: Database, username: str, issued_at: datetime, now: datetime,
                   idle: timedelta, last_seen: datetime | None = ...) -> str | None:
    """Why a login cookie may not log ``username`` in (None = fine).

    Refused: the user is gone or deactivated; the cookie was issued before a logout, deactivation or
    password reset (``sessions_revoked_at``); or the session was not seen for longer than ``idle`` (``last_seen``:
    that login session's last activity; left out, the user's last activity in any session).
    Returns a Dutch message for the login screen ("" when it should be refused silently).
    """
    info = admin_repo.session_info(db, username or "")
    if info is None or not info["active"]:
        return ""
    if info["sessions_revoked_at"] is not None and issued_at <= info["sessions_revoked_at"]:
        return ""
    seen = info["last_seen_at"] if last_seen is ... else last_seen
    if seen is not None and now - seen > idle:
        return idle_message(idle)
    return None


def idle_message(idle: timedelta) -> str:
    return (f"U bent automatisch uitgelogd na {int(idle.total_seconds() // 60)} minuten zonder activiteit. "
            "Log opnieuw in; uw invoer op de pagina is bewaard waar dat kon.")


def touch(db: Database, username: str, now: datetime, last: datetime | None, sid: str | None = None) -> datetime:
    """Record activity of ``username`` in login session ``sid`` (at most once per :data:`LAST_SEEN_EVERY`); returns
    the stored moment. The idle timeout of a cookie counts per session: activity in one browser does not keep
    another one's session alive (attack finding 6)."""
    if last is not None and now - last < LAST_SEEN_EVERY:
        return last
    with db.transaction() as cur:
        admin_repo.update_user(cur, username, {"last_seen_at": now})
        if isinstance(sid, str) and sid:
            admin_repo.touch_session(cur, _sid_hash(sid), now)
    return now


def revoke_sessions(db: Database, username: str, now: datetime, action: str = "uitgelogd") -> None:
    """End every session of ``username`` (cookies issued up to ``now`` are refused) and audit it."""
    user = repo.get_user(db, username or "")
    if user is None:
        return
    with db.transaction() as cur:
        admin_repo.update_user(cur, user["username"], {"sessions_revoked_at": now})
        admin_repo.end_sessions(cur, user["username"], now)
        repo.audit(cur, at=now, username=user["username"], role=user["role"], action=action)


# -- the login cookie (issue 11) ---------------------------------------------------------------------------
def start_session(db: Database, username: str, now: datetime,
                  lifetime: timedelta = SESSION_LIFETIME) -> tuple[str, datetime]:
    """Record a new login session; returns ``(session id, expires_at)``. Only the id's SHA-256 is stored: the id
    itself lives in the user's cookie alone."""
    sid = secrets.token_urlsafe(32)
    expires = now + lifetime
    with db.transaction() as cur:
        admin_repo.insert_session(cur, _sid_hash(sid), username, now, expires)
    return sid, expires


def make_token(username: str, sid: str, expires_at: datetime, key: str) -> str:
    """The cookie value: an HS256 JWT with ``username``, ``exp_date`` (seconds, as streamlit-authenticator writes it)
    and the session id ``sid``."""
    return jwt.encode({"username": username, "exp_date": expires_at.timestamp(), "sid": sid}, key, algorithm="HS256")


def session_from_token(db: Database, token: Any, key: str, now: datetime, idle: timedelta) -> tuple[str | None, str]:
    """Who a login cookie logs in: ``(username, "")``, or ``(None, Dutch message or "")`` when it is refused.

    Refused, never raising: anything that is not an HS256 JWT signed with ``key`` (garbage, ``alg: none``, another
    algorithm or key, a missing or odd claim); a session id the server does not know (a forged cookie, even one
    signed with a leaked key); a session that ended (logout, revocation) or expired by the server's own clock —
    the cookie's ``exp_date`` is never trusted beyond ``expires_at``; a user deactivated, reset or logged out
    after the session began; and a session idle for longer than ``idle`` — its own last activity, not the user's
    in another browser (then with the idle message).
    """
    if not isinstance(token, str) or not token or len(token) > 4096:
        return None, ""
    try:
        claims = jwt.decode(token, key, algorithms=["HS256"], options={"require": ["username", "sid"]})
    except Exception:  # noqa: BLE001 - any malformed, forged or foreign token: the login form, no exception
        return None, ""
    username, sid = claims.get("username"), claims.get("sid")
    if not isinstance(username, str) or not isinstance(sid, str) or not sid or len(sid) > 200:
        return None, ""
    try:
        session = admin_repo.get_session(db, _sid_hash(sid))
    except Exception:  # noqa: BLE001 - e.g. an invalid character from a crafted cookie
        return None, ""
    if (session is None or session["username"] != username or session["ended_at"] is not None
            or session["expires_at"] <= now):
        return None, ""
    refusal = cookie_refusal(db, username, session["created_at"], now, idle,
                             last_seen=session["last_seen_at"] or session["created_at"])
    if refusal is not None:
        return None, refusal
    return username, ""


def session_id_of(token: Any, key: str) -> str | None:
    """The session id inside a cookie already accepted by :func:`session_from_token` (None if unreadable)."""
    try:
        sid = jwt.decode(token, key, algorithms=["HS256"]).get("sid")
    except Exception:  # noqa: BLE001
        return None
    return sid if isinstance(sid, str) else None


def session_live(db: Database, sid: str, now: datetime) -> bool:
    """Whether a running login session may go on: it exists, did not end, and has not expired by the server's clock
    (a browser tab kept open and active does not outlive :data:`SESSION_LIFETIME` either)."""
    session = admin_repo.get_session(db, _sid_hash(sid))
    return session is not None and session["ended_at"] is None and session["expires_at"] > now


SESSION_EXPIRED_MESSAGE = ("Uw sessie is na {hours} uur verlopen; log opnieuw in. Wat u op de pagina had ingevuld, "
                           "staat er daarna weer waar dat kon.")


def _sid_hash(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8", "surrogatepass")).hexdigest()


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
