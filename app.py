"""Entry point: page config, login (own form over streamlit-authenticator's cookie; users in DuckDB), navigation.
Implements the access rule of art. 2 and 3 Wth at the door: a role sees only the pages it may use.
"""
from __future__ import annotations

import logging
import uuid
from datetime import date, datetime, time, timedelta

import streamlit as st

st.set_page_config(page_title="Tijdelijk huisverbod", page_icon="🏠", layout="wide")

from procedure.domain.roles import Page, pages_for  # noqa: E402  (no heavy imports)

PAGE_FILES = {
    Page.WERKVOORRAAD: ("pages/werkvoorraad.py", "Mijn werkvoorraad", ":material/assignment:"),
    Page.MELDING: ("pages/melding.py", "Nieuwe melding", ":material/edit_note:"),
    Page.ZAKEN: ("pages/zaken.py", "Zaken", ":material/folder_open:"),
    Page.ZAAK: ("pages/zaak.py", "Zaakdossier", ":material/description:"),
    Page.RIHG: ("pages/rihg.py", "Risicotaxatie (RiHG)", ":material/balance:"),
    Page.BESCHIKKING: ("pages/beschikking.py", "Beschikking opstellen", ":material/article:"),
    Page.ONDERTEKENEN: ("pages/ondertekenen.py", "Ondertekenen", ":material/draw:"),
    Page.UITREIKING: ("pages/uitreiking.py", "Uitreiking", ":material/key:"),
    Page.GEBEURTENISSEN: ("pages/gebeurtenissen.py", "Gebeurtenissen en contacten", ":material/event_note:"),
    Page.VERLENGING: ("pages/verlenging.py", "Verlengen of intrekken", ":material/update:"),
    Page.HERSTEL: ("pages/herstel.py", "Herstelbesluit", ":material/edit_document:"),
    Page.BEROEP: ("pages/beroep.py", "Beroep", ":material/gavel:"),
    Page.ARCHIEF: ("pages/archief.py", "Archief en bewaartermijn", ":material/inventory_2:"),
    Page.CONTROLEREN: ("pages/controleren.py", "Handtekening controleren", ":material/verified:"),
    Page.OVERZICHT: ("pages/overzicht.py", "Overzicht", ":material/bar_chart:"),
    Page.VERKENNER: ("pages/verkenner.py", "Statistiek verkennen", ":material/query_stats:"),
    Page.KOSTEN: ("pages/kosten.py", "Kosten", ":material/euro:"),
    Page.TIJDSBESPARING: ("pages/tijdsbesparing.py", "Tijdsbesparing", ":material/timer:"),
    Page.AANSLUITING: ("pages/aansluiting.py", "Aansluiting", ":material/handshake:"),
    Page.GEBRUIKERS: ("pages/gebruikers.py", "Gebruikers en mandaten", ":material/group:"),
    Page.TARIEVEN: ("pages/tarieven.py", "Tarieven en inwoners", ":material/payments:"),
    Page.AUDIT: ("pages/audit.py", "Auditlog", ":material/policy:"),
}

# A hidden navigation first, before the slower imports below (about a second on a first run) and before
# the database opens: without it Streamlit lists every file in pages/ in the sidebar while the
# database opens and on the login screen. It holds every page, so a rerun on any page keeps its page;
# the role's own navigation below replaces it (and only that one runs a page).
st.navigation([st.Page(f, title=t, default=(p == Page.WERKVOORRAAD)) for p, (f, t, _) in PAGE_FILES.items()],
              position="hidden")

import streamlit_authenticator as stauth  # noqa: E402

from procedure.services import accounts  # noqa: E402
from procedure.domain.errors import DomainError  # noqa: E402
from store.db import SCREEN_REASONS  # noqa: E402
from ui import common, logsafe  # noqa: E402
from ui.config import ConfigError, missing_signer_secrets  # noqa: E402

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
logging.getLogger("fontTools").setLevel(logging.WARNING)   # fpdf2's font subsetting logs every glyph table
logsafe.install()          # no BSN, postcode or e-mail in the log, even inside an exception message (AVG)
log = logging.getLogger("wth.app")

#: the login cookie lives as long as its server-side session (accounts.SESSION_LIFETIME, half a day); logout,
#: deactivation and idle time end it earlier, server side
COOKIE_NAME = "wth_login"
COOKIE_DAYS = accounts.SESSION_LIFETIME.total_seconds() / 86400
#: the device cookie: a random token that tells the login throttle "this browser logged this user in before", so a
#: correct password from it is never held up by someone else's wrong guesses (issue 11, attack findings 1 and 2)
DEVICE_COOKIE = "wth_device"


def _fail(message: str) -> None:
    st.error(message)
    st.stop()


common.page_setup()        # page language nl, caption contrast, no table toolbar (issue 17)
try:
    settings = common.settings()
    # The very first start in demo mode builds the demo database (users, certificates, 40 cases) in the
    # background: a progress bar until it is there, then the login form (issue 12).
    common.wait_for_demo("Tijdelijk huisverbod — Limburg-Noord")
    db = common.database()
except ConfigError as exc:
    _fail(str(exc))
except Exception as exc:  # the database can't be opened: a Dutch message with an id, never a server path
    ref = uuid.uuid4().hex[:8]
    log.exception("start-up failed %s", ref)
    reason = SCREEN_REASONS.get(getattr(exc, "reason", ""), "er ging iets mis bij het openen van de database")
    _fail(f"De app kan niet starten: {reason}. Noem foutcode {ref} aan de beheerder; de details staan in het "
          "serverlog.")

# Outside demo mode every stored signer certificate needs its passphrase in the secrets (issue 7).
_missing = missing_signer_secrets(accounts.stored_signers(db), settings)
if _missing:
    _fail("De app start niet: " + " ".join(_missing) + " Zie .streamlit/secrets.example.toml.")

# -- login (issue 7): own form over streamlit-authenticator's cookie; lockout counted in DuckDB ------------
now = accounts.utc_now()
idle = timedelta(minutes=settings.idle_minutes)
# A fresh dict each run: the library must not keep or rewrite a credentials file (design.md).
credentials = accounts.login_credentials(db)
authenticator = stauth.Authenticate(credentials, COOKIE_NAME, settings.cookie_key, COOKIE_DAYS, auto_hash=False)
AUTH_KEYS = ("authentication_status", "username", "name", "email", "roles")


def _safe(fn, *args, **kwargs):
    """Run a login or session write; a storage failure (full disk, read-only file: StorageError, a DomainError with an
    error id) or any other domain refusal shows its Dutch message and stops this run — never Streamlit's English
    exception box (issue 11, attack finding 9)."""
    try:
        return fn(*args, **kwargs)
    except DomainError as exc:
        st.error(exc.message)
        st.stop()


def _restorable(key: str, value) -> bool:
    """Page input worth keeping over an idle timeout: plain values of widgets (no buttons, no files)."""
    return (not key.startswith("_") and key not in AUTH_KEYS + ("actor", "logout", "flash", "errors")
            and isinstance(value, (str, int, float, date, time, datetime)) and not isinstance(value, bool))


#: what survives a logout in the same browser tab: the mode's settings, the library's own login keys and the
#: idle-timeout stash (given back only to the same user); everything else a page kept goes (issue 17 review: a
#: herstelbesluit's or beschikking's unsaved text came back to the next user who logged in in the same tab)
KEPT_OVER_LOGOUT = frozenset(AUTH_KEYS) | {"_settings", "_stash", "_stash_user", "logout", "_login_notice", "init",
                                           "failed_login_attempts"}


def _forget_page_state() -> None:
    """Drop every session key a page or form left (typed text, copies of drafts, focus flags, filters), so that
    the next user of this tab starts clean; his own drafts come back from the server."""
    for k in [k for k in st.session_state.keys() if k not in KEPT_OVER_LOGOUT]:
        del st.session_state[k]


def _end_session(notice: str = "", *, keep_input: bool = False) -> None:
    """Back to the login form in this same run (no st.rerun: design.md, pitfalls)."""
    if keep_input:
        st.session_state["_stash"] = {k: v for k, v in st.session_state.items() if _restorable(k, v)}
        st.session_state["_stash_user"] = st.session_state.get("username")
    _forget_page_state()
    for k in AUTH_KEYS:
        st.session_state[k] = None
    st.session_state.pop("actor", None)
    st.session_state.pop("_login_at", None)
    st.session_state.pop("_sid", None)
    st.session_state["logout"] = True          # the library ignores the cookie for the rest of this session
    st.session_state["_login_notice"] = notice
    try:
        authenticator.cookie_controller.delete_cookie()
    except Exception:  # noqa: BLE001 - no cookie to delete; the server-side checks refuse it anyway
        pass


def _set_device_cookie(token: str) -> None:
    """Remember this browser for the login throttle (as long as accounts.KNOWN_DEVICE_WINDOW)."""
    if not token:
        return
    expires = now + accounts.KNOWN_DEVICE_WINDOW
    authenticator.cookie_controller.cookie_model.cookie_manager.set(
        DEVICE_COOKIE, token, key="set_device", expires_at=expires.astimezone().replace(tzinfo=None),
        secure=common.served_over_https(), same_site="strict")


def _set_cookie(username: str) -> None:
    """A new server-side session and its cookie (an HS256 token with a random session id; issue 11). Set through
    the library's cookie component, from the browser: ``Secure`` when the page is served over https and
    ``SameSite=Strict``; ``HttpOnly`` is impossible for a cookie set by JavaScript (README, Inloggen)."""
    sid, expires = accounts.start_session(db, username, now)
    st.session_state["_sid"] = sid
    token = accounts.make_token(username, sid, expires, settings.cookie_key)
    authenticator.cookie_controller.cookie_model.cookie_manager.set(
        COOKIE_NAME, token, expires_at=expires.astimezone().replace(tzinfo=None), secure=common.served_over_https(),
        same_site="strict")


def _start_session(username: str) -> None:
    st.session_state["_login_at"] = now
    st.session_state["_last_activity"] = now
    st.session_state["_last_seen"] = None
    st.session_state["logout"] = None
    st.session_state.pop("_login_notice", None)
    stash = st.session_state.pop("_stash", None)
    if stash and st.session_state.pop("_stash_user", None) == username:
        for k, v in stash.items():
            try:
                st.session_state[k] = v
            except Exception:  # noqa: BLE001 - a widget that can't be set from state: its input is lost
                pass


def _login_form():
    """The login form; returns the :class:`accounts.LoginResult` when submitted in this run, else None."""
    with st.form("wth_login"):
        st.subheader("Inloggen")
        typed_user = st.text_input("Gebruikersnaam", autocomplete="username", max_chars=100)
        typed_pw = st.text_input("Wachtwoord", type="password", autocomplete="current-password", max_chars=200)
        submitted = st.form_submit_button("Inloggen")
    if not submitted:
        return None
    return _safe(accounts.attempt_login, db, typed_user, typed_pw, now, common.client_address(),
                 common.request_cookie(DEVICE_COOKIE))


# 1. A running session: the user may have been deactivated, changed or logged out elsewhere, or idle.
if st.session_state.get("authentication_status") is True:
    uname = st.session_state.get("username") or ""
    actor = accounts.actor_for(db, uname)
    last = st.session_state.get("_last_activity")
    sid = st.session_state.get("_sid")
    if actor is None or accounts.session_revoked(db, uname, st.session_state.get("_login_at")):
        _end_session()                         # quietly: the login form, no message, no traceback
    elif sid and not accounts.session_live(db, sid, now):     # the server-side session ended or expired
        _end_session(accounts.SESSION_EXPIRED_MESSAGE.format(
            hours=int(accounts.SESSION_LIFETIME.total_seconds() // 3600)), keep_input=True)
    elif last is not None and now - last > idle:
        _safe(accounts.record_idle_logout, db, uname, now)
        _end_session(accounts.idle_message(idle), keep_input=True)
    else:
        st.session_state["_last_activity"] = now

# 2. No session yet: a login cookie, checked against its server-side session, else the form. The cookie comes from
# the request that opened this connection; anything forged, foreign or ended shows the form (issue 11).
if st.session_state.get("authentication_status") is not True:
    raw = None if st.session_state.get("logout") else common.request_cookie(COOKIE_NAME)
    if raw:
        cookie_user, refusal = accounts.session_from_token(db, raw, settings.cookie_key, now, idle)
        u = accounts.actor_for(db, cookie_user) if cookie_user else None
        if u is not None:
            st.session_state["_sid"] = accounts.session_id_of(raw, settings.cookie_key)
            st.session_state.update({"authentication_status": True, "username": u.username, "name": u.name,
                                     "email": credentials["usernames"].get(u.username, {}).get("email", ""),
                                     "roles": [u.role.value]})
            _start_session(u.username)
        else:
            _end_session(refusal, keep_input=False)

if st.session_state.get("authentication_status") is not True:
    intro = st.empty()
    with intro.container():
        st.title("Tijdelijk huisverbod — Limburg-Noord")
        if settings.demo:
            st.info(common.DEMO_BANNER + "  \n" + settings.mode_notice, icon=":material/science:")
            if settings.cookie_key_created:
                st.caption("Demo-modus: er is bij deze eerste start een cookie-sleutel aangemaakt naast de database.")
        if st.session_state.get("_login_notice"):
            st.info(st.session_state["_login_notice"], icon=":material/lock_clock:")
        result = _login_form()
        if result is not None and not result.ok:
            st.error(result.message)
    if result is None or not result.ok:
        st.stop()
    # Logged in during this run. No st.rerun() here: it would unmount the cookie component before
    # the browser stores the cookie (design.md, pitfalls). Empty the intro and the form instead.
    intro.empty()
    u = result.actor
    st.session_state.update({"authentication_status": True, "username": u.username, "name": u.name,
                             "email": credentials["usernames"].get(u.username, {}).get("email", ""),
                             "roles": [u.role.value]})
    _start_session(u.username)
    _safe(_set_cookie, u.username)
    _set_device_cookie(result.device_token)

actor = accounts.actor_for(db, st.session_state.get("username") or "")
if actor is None:      # (deactivated between the checks above and now)
    _end_session()
    st.stop()
st.session_state["actor"] = actor
st.session_state["_last_seen"] = _safe(accounts.touch, db, actor.username, now, st.session_state.get("_last_seen"),
                                       st.session_state.get("_sid"))

# After a reset by the beheerder (or a new account) the user chooses his own password first.
if accounts.must_change_password(db, actor.username):
    st.title("Kies een nieuw wachtwoord")
    st.caption("De beheerder heeft een tijdelijk wachtwoord ingesteld. Kies nu uw eigen wachtwoord: minimaal "
               f"{accounts.PASSWORD_MIN_CHARS} tekens, niet uw gebruikersnaam.")
    pw_errors = st.session_state.get("_pw_errors", {})
    with st.form("wth_new_password"):
        cur_pw = st.text_input("Huidig (tijdelijk) wachtwoord", type="password", autocomplete="current-password")
        if pw_errors.get("current"):
            st.error(pw_errors["current"])
        new_pw = st.text_input("Nieuw wachtwoord", type="password", autocomplete="new-password")
        if pw_errors.get("new"):
            st.error(pw_errors["new"])
        rep_pw = st.text_input("Nieuw wachtwoord (herhaal)", type="password", autocomplete="new-password")
        if pw_errors.get("repeat"):
            st.error(pw_errors["repeat"])
        changed = st.form_submit_button("Wachtwoord opslaan")
    if changed:
        try:
            accounts.change_own_password(db, actor.username, cur_pw, new_pw, rep_pw, now)
            st.session_state.pop("_pw_errors", None)
            st.success("Uw wachtwoord is gewijzigd. Klik op een willekeurige plek of vernieuw de pagina om verder "
                       "te gaan.")
        except DomainError as exc:
            st.session_state["_pw_errors"] = dict(exc.field_errors)
            st.error(" ".join([exc.message, *exc.details]))
    st.stop()


side = st.sidebar.empty()
with side.container():
    where = accounts.scope_label(db, actor)
    st.markdown(f"**{common.escape_md(actor.name)}**  \n{actor.role.label}" + (f" · {common.escape_md(where)}"
                                                                              if where else ""))
    logout_clicked = st.button("Uitloggen", key="wth_logout")
    if settings.demo:
        st.caption(settings.mode_notice)
if logout_clicked:
    # Server side first: every cookie issued so far is refused, even if the browser keeps it.
    _safe(accounts.revoke_sessions, db, actor.username, now)
    authenticator.logout(location="unrendered")
    side.empty()
    _forget_page_state()
    st.title("Tijdelijk huisverbod — Limburg-Noord")
    st.info("U bent uitgelogd.", icon=":material/logout:")
    _login_form()
    st.stop()

pages = [st.Page(PAGE_FILES[p][0], title=PAGE_FILES[p][1], icon=PAGE_FILES[p][2],
                 default=(i == 0)) for i, p in enumerate(pages_for(actor.role))]
nav = st.navigation(pages)
# On a phone the open sidebar would keep covering the page just chosen: close it once per page change.
# (Our own static script, re-run only when the page changes; no user text. st.html runs it in the page
# itself; st.components.v1.html, which put it in an iframe, was removed after 2026-06-01. It sits in the
# sidebar it closes, so the main area holds no script element at all: tests/e2e/test_payloads.py.)
st.sidebar.html(
    "<script>/* %s */ if (window.innerWidth < 768) { const s = document.querySelector("
    "'[data-testid=\"stSidebar\"]'); if (s && s.getAttribute('data-collapsed') === 'false') { const b = "
    "document.querySelector('[data-testid=\"stSidebarCollapseButton\"] button'); if (b) b.click(); } }</script>"
    % nav.url_path, unsafe_allow_javascript=True)
try:
    nav.run()   # each page shows its messages in common.header()
except Exception:
    ref = uuid.uuid4().hex[:8]
    log.exception("page error %s", ref)
    st.error(f"Er ging iets onverwachts mis. Uw invoer is bewaard. Noem foutcode {ref} aan de beheerder.")
