"""Entry point: page config, login (streamlit-authenticator, users in DuckDB), navigation by role."""
from __future__ import annotations

import logging
import uuid

import streamlit as st

st.set_page_config(page_title="Tijdelijk huisverbod", page_icon="🏠", layout="wide")

import streamlit.components.v1 as components  # noqa: E402
import streamlit_authenticator as stauth  # noqa: E402

from procedure import accounts  # noqa: E402
from procedure.roles import Page, pages_for  # noqa: E402
from ui import common  # noqa: E402
from ui.config import ConfigError  # noqa: E402

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
logging.getLogger("fontTools").setLevel(logging.WARNING)   # fpdf2's font subsetting logs every glyph table
log = logging.getLogger("wth.app")

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

LOGIN_FIELDS = {"Form name": "Inloggen", "Username": "Gebruikersnaam", "Password": "Wachtwoord",
                "Login": "Inloggen"}


def _fail(message: str) -> None:
    st.error(message)
    st.stop()


# A hidden navigation first: without it Streamlit lists every file in pages/ in the sidebar while the
# database opens and on the login screen. It holds every page, so a rerun on any page keeps its page;
# the role's own navigation below replaces it (and only that one runs a page).
st.navigation([st.Page(f, title=t, default=(p == Page.WERKVOORRAAD)) for p, (f, t, _) in PAGE_FILES.items()],
              position="hidden")

try:
    settings = common.settings()
    db = common.database()
except ConfigError as exc:
    _fail(str(exc))
except Exception as exc:  # the database can't be opened: a clear message, no traceback
    ref = uuid.uuid4().hex[:8]
    log.exception("start-up failed %s", ref)
    _fail(getattr(exc, "message", None) or f"De app kan niet starten (foutcode {ref}); zie het serverlog.")

# A fresh dict each run: the library must not keep or rewrite a credentials file (design.md).
credentials = accounts.login_credentials(db)
authenticator = stauth.Authenticate(credentials, "wth_login", settings.cookie_key, 0.5, auto_hash=False)

if st.session_state.get("authentication_status") is not True:
    intro = st.empty()
    with intro.container():
        st.title("Tijdelijk huisverbod — Limburg-Noord")
        if settings.demo:
            st.info(common.DEMO_BANNER, icon=":material/science:")
            if settings.cookie_key_created:
                st.caption("Demo-modus: er is bij deze eerste start een cookie-sleutel aangemaakt in var/.")
    try:
        authenticator.login(location="main", fields=LOGIN_FIELDS)
    except Exception as exc:  # library errors (e.g. bad input) as a message, never a traceback
        st.error("Inloggen mislukt. Controleer gebruikersnaam en wachtwoord.")
        log.info("login error: %s", type(exc).__name__)
    status = st.session_state.get("authentication_status")
    if status is False:
        st.error("Gebruikersnaam of wachtwoord is onjuist.")
    if status is not True:
        st.stop()
    # Logged in during this run. No st.rerun() here: it would unmount the cookie component before
    # the browser stores the cookie (design.md, pitfalls). Hide the intro and the form instead.
    intro.empty()
    st.html('<style>div[data-testid="stForm"]:has(input[type="password"]) {display: none !important;}</style>')

actor = accounts.actor_for(db, st.session_state.get("username") or "")
if actor is None:
    # A removed or deactivated user's cookie: back to the login form, quietly.
    for k in ("authentication_status", "username", "name", "email", "roles", "actor"):
        st.session_state.pop(k, None)
    authenticator.cookie_controller.delete_cookie() if hasattr(authenticator, "cookie_controller") else None
    st.stop()

st.session_state["actor"] = actor
# No table toolbar: its CSV download would put case lists with names on the user's disk (AVG).
st.html('<style>[data-testid="stElementToolbar"] {display: none !important;}</style>')

with st.sidebar:
    where = accounts.scope_label(db, actor)
    st.markdown(f"**{common.escape_md(actor.name)}**  \n{actor.role.label}" + (f" · {common.escape_md(where)}"
                                                                              if where else ""))
    authenticator.logout("Uitloggen", location="sidebar")

pages = [st.Page(PAGE_FILES[p][0], title=PAGE_FILES[p][1], icon=PAGE_FILES[p][2],
                 default=(i == 0)) for i, p in enumerate(pages_for(actor.role))]
nav = st.navigation(pages)
# On a phone the open sidebar would keep covering the page just chosen: close it once per page change.
# (Our own static script, re-run only when the page changes; no user text.)
components.html(
    "<script>/* %s */ const w = window.parent; if (w.innerWidth < 768) { const s = w.document.querySelector("
    "'[data-testid=\"stSidebar\"]'); if (s && s.getAttribute('data-collapsed') === 'false') { const b = "
    "w.document.querySelector('[data-testid=\"stSidebarCollapseButton\"] button'); if (b) b.click(); } }</script>"
    % nav.url_path, height=0)
try:
    nav.run()   # each page shows its messages in common.header()
except Exception:
    ref = uuid.uuid4().hex[:8]
    log.exception("page error %s", ref)
    st.error(f"Er ging iets onverwachts mis. Uw invoer is bewaard. Noem foutcode {ref} aan de beheerder.")
