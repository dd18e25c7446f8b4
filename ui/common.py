"""Small Streamlit helpers shared by the pages: the database and the app object, the actor, errors, lists.
Implements no article itself: errors in Dutch beside the field, never a traceback (design.md).

Small Streamlit helpers shared by the pages: the cached database and the app object, the current actor,
error display (never a traceback), plain-text rendering of user input, Dutch formatting and paged lists.
"""
from __future__ import annotations

import atexit
import logging
import os
import re
import uuid
from datetime import datetime
from typing import Any, Callable

import pandas as pd
import streamlit as st

from procedure.app import WthApp
from procedure.domain.appeals import MADE_KNOWN_HOW, unconfirmed_extensions
from procedure.domain.case import fmt_dt
from procedure.domain.errors import DomainError
from procedure.domain.lists import PAGE_SIZE, SORT_LABELS, CaseList
from procedure.domain.roles import Actor, Role
from store.db import Database
from ui.config import Settings, load_settings, throttle_address
from ui import tables
from ui.tables import TABLE_CSS

log = logging.getLogger("wth.ui")

DEMO_BANNER = ("**Demo-omgeving** — alle personen, adressen en zaken zijn synthetisch (gegenereerd), "
               "geen echte mensen. Certificaten zijn van een lokale demo-CA.")
DEMO_BANNER_SHORT = "**Demo** — synthetische gegevens, geen echte mensen."


#: Page-wide style (WCAG 2.1 AA, issue 17). Streamlit draws captions in a grey made by opacity 0.6 (#828180, 3.88:1
#: on white): full opacity and one darker grey (#5c5b5a: 6.8:1 on white, 6.0:1 on the sidebar's grey) for all of them. Every
#: control shows where the keyboard focus is with the same dark blue ring (WCAG 2.4.7). Less empty space above the
#: title (Streamlit leaves 6rem; on a phone that is the first thing the mayor sees). No table
#: toolbar: its CSV download would put case lists with names on the user's disk (AVG). On a phone (at most 640 px) the
#: title starts just under Streamlit's 60 px header bar (it had ~150 px of white above it) and the demo notice is one
#: short line, so what waits for the user is on the first screen (issue 17, phone layout). The login cookie's
#: invisible frame takes no room above the title (it took 26 px plus a 16 px gap).
PAGE_CSS = """<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {color: #5c5b5a; opacity: 1;}
[data-testid="stElementToolbar"] {display: none !important;}
:focus-visible {outline: 2px solid #1f4e79 !important; outline-offset: 2px !important;}
h1[tabindex="-1"]:focus-visible {outline: none !important;}
[data-testid="stSidebar"][data-collapsed="true"] [data-testid="stSidebarContent"] {overflow: hidden;}
[data-testid="stMainBlockContainer"] {padding-top: 4rem;}
[data-testid="stElementContainer"]:has(> div > iframe[title^="extra_streamlit_components.CookieManager"]) {
  position: absolute !important; width: 1px; height: 0; overflow: hidden;}
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] {padding-top: 3.75rem;}
  [data-testid="stMain"] h1 {padding-top: 0.25rem; font-size: 2rem;}
  [class*="st-key-wth_narrow_demo"] [data-testid="stAlertContainer"] {padding: 0.5rem 0.75rem;}
}
""" + TABLE_CSS + "</style>"
#: Our own static script (no user text), WCAG fixes for what Streamlit draws itself, installed once per browser tab:
#: the page language is ``nl`` (index.html says ``en``; WCAG 3.1.1); icon ligatures ("download", "assignment") are
#: hidden from screen readers instead of being read as part of a button's name; the unnamed helper buttons of
#: Streamlit's widgets say in Dutch what they open ("Open" of a select box becomes "Keuzelijst Gemeente openen",
#: "Choose date" becomes "Kalender Geboortedatum openen", "Choose an option" becomes "Kies een optie", a date's "yyyy" "jjjj"; WCAG 2.4.6,
#: 3.1.2); no invisible tab stops (the main area,
#: zero-height component frames, heading anchors; WCAG 2.4.3). React leaves these attributes alone
#: as long as its own value does not change. After moving to another page the focus goes to the page's title. The script goes to Streamlit's event container (outside the main area
#: and the sidebar).
A11Y_SCRIPT = r"""<script>
(() => {
  document.documentElement.lang = 'nl';
  if (window.__wthA11y) return;
  window.__wthA11y = true;
  const label = (el) => {
    const w = el.closest('[data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stDateInput"],'
                         + ' [data-testid="stTimeInput"], [data-testid="stNumberInput"]');
    const l = w && w.querySelector('[data-testid="stWidgetLabel"]');
    return l ? l.innerText.trim() : '';
  };
  const names = {'Open': 'Keuzelijst %s openen', 'Close': 'Keuzelijst %s sluiten', 'Choose date': 'Kalender %s openen',
                 'Clear all': 'Keuze %s wissen', 'Clear value': 'Keuze %s wissen', 'Show password': 'Wachtwoord tonen',
                 'Hide password': 'Wachtwoord verbergen'};
  const size = (m, n, u) => n.replace('.', ',') + ' ' + ({B: 'B', KB: 'kB', MB: 'MB', GB: 'GB'}[u]);
  const DUTCH = [[/^Upload$/, 'Bestand kiezen'], [/^Drag and drop (a file|files) here$/, 'Sleep een bestand hierheen'],
                 [/^(\d+(?:\.\d+)?)\s?(B|KB|MB|GB)(?= per file|$)/, size], [/ per file$/, ' per bestand'],
                 [/^Page not found$/, 'Pagina niet gevonden'],
                 [/^You have requested page \/(.*), but no corresponding file was found in the app's pages\/ directory\. Running the app's main page\.$/,
                  'De pagina /$1 bestaat niet (of is niet voor u). U ziet uw startpagina.'],
                 [/^The page that you have requested does not seem to exist\. Running the app's main page\.$/,
                  'Deze pagina bestaat niet. U ziet uw startpagina.'],
                 [/^File type must be (.*)$/, 'Dit soort bestand kan hier niet: kies $1'],
                 [/^File must be (.*) or smaller\.?$/, 'Het bestand mag hoogstens $1 zijn.'],
                 // the hint under a focused text field or text area
                 [/^Press (⌘\+|Ctrl\+)?Enter to apply$/, '$1Enter om toe te passen'],
                 [/^Press (⌘\+|Ctrl\+)?Enter to submit form$/, '$1Enter om het formulier te verzenden'],
                 [/^Press (⌘\+|Ctrl\+)?Enter to submit$/, '$1Enter om te verzenden']];
  const fix = () => {
    document.documentElement.lang = 'nl';
    document.querySelectorAll('[data-testid="stIconMaterial"]:not([aria-hidden])')
      .forEach(i => i.setAttribute('aria-hidden', 'true'));
    document.querySelectorAll('button[aria-label]').forEach(b => {
      const t = names[b.getAttribute('aria-label')], l = t && t.includes('%s') ? label(b) : '';
      if (t && (l || !t.includes('%s'))) b.setAttribute('aria-label', t.replace('%s', l));
      else if (b.getAttribute('aria-label').startsWith('Help for '))
        b.setAttribute('aria-label', 'Uitleg bij ' + b.getAttribute('aria-label').slice(9));
    });
    document.querySelectorAll('input[placeholder^="Choose option"], input[placeholder="Choose an option"]')
      .forEach(i => i.setAttribute('placeholder', i.placeholder === 'Choose an option' ? 'Kies een optie' : 'Kies opties'));
    // date fields: react-aria writes the placeholder in the browser's language; the year is "jjjj" in Dutch
    document.querySelectorAll('[data-testid="stDateInput"] [role="spinbutton"]').forEach(seg => {
      for (const n of seg.childNodes) if (n.nodeType === 3 && n.data === 'yyyy') n.data = 'jjjj';
    });
    // Streamlit's file uploader, its "page not found" notice and the hint under a focused text field are English:
    // their texts in Dutch, sizes as "53,2 kB" (issue 17, Dutch everywhere)
    document.querySelectorAll('[data-testid="stFileUploader"], [role="dialog"], [data-testid="InputInstructions"]').forEach(box => {
      const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        let t = n.data;
        for (const [en, nl] of DUTCH) t = t.replace(en, nl);
        if (t !== n.data) n.data = t;
      }
    });
    const skip = document.querySelector('[data-testid="stSkipToContent"]');
    if (skip && skip.textContent !== 'Naar de inhoud') skip.textContent = 'Naar de inhoud';
    // no invisible or useless tab stops (WCAG 2.4.3): the scrolling main area itself (the skip link still reaches
    // it), zero-height component frames (the login cookie), the "link to heading" anchors beside every title
    const main = document.getElementById('stMain');
    if (main && main.getAttribute('tabindex') === '0') main.setAttribute('tabindex', '-1');
    document.querySelectorAll('iframe:not([tabindex="-1"])').forEach(f => {
      if (f.getBoundingClientRect().height < 1) { f.setAttribute('tabindex', '-1'); f.setAttribute('aria-hidden', 'true'); }
    });
    document.querySelectorAll('a[aria-label="Link to heading"]:not([tabindex="-1"])').forEach(a => {
      a.setAttribute('tabindex', '-1'); a.setAttribute('aria-hidden', 'true');
    });
    // after moving to another page, focus goes to its title (WCAG 2.4.3): a keyboard or screen reader user starts
    // there instead of at the menu link just used
    const h1 = document.querySelector('[data-testid="stMain"] h1');
    if (h1 && location.pathname !== window.__wthPath && h1.innerText !== window.__wthTitle) {
      const first = window.__wthPath === undefined;
      window.__wthPath = location.pathname;
      window.__wthTitle = h1.innerText;
      if (!first) { h1.setAttribute('tabindex', '-1'); h1.focus(); }
    }
  };
  fix();
  new MutationObserver(fix).observe(document.body, {childList: true, subtree: true, characterData: true,
                                                   attributes: true, attributeFilter: ['aria-label', 'tabindex']});
})();
</script>"""


def page_setup() -> None:
    """Page language ``nl``, Dutch names for Streamlit's own helper buttons and the page-wide style, on every run (the login screen included). Call once per run,
    before anything else is drawn."""
    st.html(PAGE_CSS)                                   # style only: Streamlit puts it in the event container
    st._event.html(A11Y_SCRIPT, unsafe_allow_javascript=True)


#: Puts the keyboard focus on one button (by its widget key) once it is drawn; %s is the key's CSS class.
FOCUS_SCRIPT = r"""<script>
(() => {
  const until = Date.now() + 5000;
  const go = () => {
    const b = document.querySelector('[data-testid="stMain"] .%s button');
    if (b && !b.disabled) { b.focus(); b.scrollIntoView({block: 'center'}); }
    else if (Date.now() < until) setTimeout(go, 50);
  };
  go();
})();
</script>"""


def focus_button(key: str) -> None:
    """Move the keyboard focus to the button drawn with widget key ``key`` (WCAG 2.4.3, issue 17): after an action
    that ends a form, the next step is one Enter away, not dozens of Shift+Tabs back up the page past the emptied
    form. Call it only in the run right after that action (it focuses every time it is called). ``key``: letters,
    digits, ``_`` and ``-`` only (it becomes a CSS class, ``st-key-<key>``); anything else raises ``ValueError``.
    The script waits up to 5 s for the button to be drawn; a disabled or absent button is left alone."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", key):
        raise ValueError(f"focus_button: key {key!r} is not a plain widget key")
    st._event.html(FOCUS_SCRIPT % f"st-key-{key}", unsafe_allow_javascript=True)


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except Exception:     # no secrets.toml: fine in demo mode
        return {}


def settings() -> Settings:
    if "_settings" not in st.session_state:
        st.session_state["_settings"] = load_settings(_secrets(), bind_address=st.get_option("server.address"))
    return st.session_state["_settings"]


def client_address() -> str | None:
    """The client's address for login throttling (``None`` on localhost): Streamlit's view of the connection, but a
    request with ``X-Forwarded-For`` only when the installation names its proxy (``WTH_TRUSTED_PROXY``; see
    :func:`ui.config.throttle_address` and README, Inloggen)."""
    try:
        ip = st.context.ip_address
        headers = dict(st.context.headers or {})
    except Exception:  # noqa: BLE001 - no request context (AppTest): unknown address
        return None
    ip = ip if isinstance(ip, str) and ip else None
    return throttle_address(ip, headers, settings().trusted_proxies, os.environ.get("FORWARDED_ALLOW_IPS"))


def request_cookie(name: str) -> str | None:
    """A cookie of the request that opened this connection (read server side; never raises)."""
    try:
        value = st.context.cookies.get(name)
    except Exception:  # noqa: BLE001 - no request context, or a header Streamlit could not parse
        return None
    return value if isinstance(value, str) else None


def served_over_https() -> bool:
    """Whether the browser reached the app over https (directly, or via a proxy that says so): then the login
    cookie gets ``Secure``."""
    try:
        url = str(st.context.url or "")
        proto = str(st.context.headers.get("X-Forwarded-Proto") or "")
    except Exception:  # noqa: BLE001
        return False
    return url.lower().startswith("https://") or proto.lower().split(",")[0].strip() == "https"


@st.cache_resource(show_spinner=False)
def _store(db_path: str) -> Database:
    """The process's one Database for ``db_path`` (opened and migrated; no demo yet)."""
    return Database(db_path)


@st.cache_resource(show_spinner=False)
def _demo_build(db_path: str):
    """The demo build of ``db_path``: started in a background thread on the first call in this process
    (when the database has no demo yet), so the server answers and the page can show its progress."""
    from data.seed import DemoBuild

    return DemoBuild.start(_store(db_path))


@st.cache_resource(show_spinner=False)
def _reference(db_path: str) -> Database:
    from data.reference import load_reference

    db = _store(db_path)
    load_reference(db)
    return db


class DemoBuildFailed(DomainError):
    """The demo database could not be built (rolled back: nothing half made is left)."""


def _open(db_path: str, demo: bool) -> Database:
    """The Database, with its demo (demo mode; waits for a build in progress) or reference data."""
    if not demo:
        return _reference(db_path)
    build = _demo_build(db_path)
    build.wait()
    if build.error_ref:
        _demo_build.clear()       # the next page load tries again
        raise DemoBuildFailed(f"De demodatabase kon niet worden gemaakt (foutcode {build.error_ref}); zie het "
                              "serverlog. Vernieuw de pagina om het opnieuw te proberen.")
    return _store(db_path)


def database() -> Database:
    s = settings()
    return _open(s.db_path, s.demo)


def wait_for_demo(title: str) -> None:
    """First start in demo mode: while the demo database is built (in the background, in one
    transaction), show what is happening with a progress bar, then clear it. Returns at once when the
    demo exists or outside demo mode; a failed build raises :class:`DemoBuildFailed` (via
    :func:`database`)."""
    # Always one placeholder, so the elements after it keep their place from run to run (otherwise
    # the login form of the run after the build briefly shows twice).
    box = st.empty()
    s = settings()
    if not s.demo:
        return
    build = _demo_build(s.db_path)
    if build.done:
        return
    from data.seed import DEMO_CASES

    with box.container():
        st.title(title)
        st.info("**De demodatabase wordt aangemaakt** — eenmalig, bij de eerste start: gemeenten, demo-accounts "
                f"met certificaten en {DEMO_CASES} synthetische zaken, gemaakt via de echte functies van de app en "
                "met echte digitale handtekeningen. Daarna verschijnt hier vanzelf het inlogscherm.",
                icon=":material/hourglass_top:")
        bar = st.progress(build.fraction, text=build.text)
    while not build.wait(0.3):
        bar.progress(build.fraction, text=_progress_text(build))
    box.empty()


def _progress_text(build) -> str:
    text = f"{build.text} · {build.elapsed:.0f} s"
    if 0.15 <= build.fraction < 1:          # an estimate only once there is something to go on
        left = build.elapsed * (1 - build.fraction) / build.fraction
        text += f" · nog ongeveer {max(1, round(left))} s"
    return text


def app() -> WthApp:
    """The app object for this session: every service a page may call (the Database is cached per process and
    keyed by path; demo certificates may only be issued in demo mode, issue 7). The first call in the process starts
    the mail worker (issue 15)."""
    a = WthApp(database(), signers=settings().signers, demo_mode=settings().demo)
    _mail_worker(settings().db_path, a)
    return a


#: the mail worker this process runs (at most one: a new one — after the cached resources were cleared — stops it)
_RUNNING_WORKER: list = []


def _stop_mail_worker_at_exit() -> None:
    """Stop the worker and wait for its round to end before the interpreter shuts down: a daemon thread killed in the
    middle of a database call aborts the process (DuckDB's C++ code: "FATAL: exception not rethrown")."""
    for worker in _STARTED_WORKERS:
        worker.stop(wait_seconds=30)


#: every worker started in this process (a stopped one may still be in its last round when the process exits)
_STARTED_WORKERS: list = []
atexit.register(_stop_mail_worker_at_exit)


@st.cache_resource(show_spinner=False)
def _mail_worker(db_path: str, _app: WthApp):
    """One background mail worker per process (natural ends, overdue mails, outbox delivery); starting it stops the
    one an earlier app object started, so clearing Streamlit's caches never leaves extra workers running."""
    while _RUNNING_WORKER:
        _RUNNING_WORKER.pop().stop()
    thread = _app.mail_worker.start(interval_seconds=60)
    _RUNNING_WORKER.append(_app.mail_worker)
    _STARTED_WORKERS[:] = [w for w in _STARTED_WORKERS if w.running()] + [_app.mail_worker]
    return thread


def actor() -> Actor:
    a = st.session_state.get("actor")
    if a is None:
        st.stop()
    return a


def escape_md(text: str | None) -> str:
    """Escape Markdown so user text shows literally (no links, no HTML, no formatting).

    Backslash escapes are not enough for links: Streamlit's Markdown turns web addresses and e-mail addresses
    into links *after* parsing (GFM autolink literals: ``https://…``, ``www.…``, ``naam@domein.nl``), escaped or
    not. An invisible word joiner (U+2060) inside ``://``, after ``www`` and before ``@`` keeps them plain text
    (issue 11); the same trick keeps a spaced "--" from becoming an em dash and ":material/x:" from becoming an
    icon (issue 7). What the user sees is exactly what was typed.
    """
    if not text:
        return ""
    out = re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])", r"\\\1", str(text))
    return re.sub(r"(?<=\\-)(?=\\-)|(?<=\\:)(?=material/)|(?<=\\:)(?=//)|(?<=[wW]{3})(?=\\\.)|(?=@)", "\u2060", out)


def call(fn: Callable[..., Any], *args, form: str | None = None, read: bool = False, **kwargs) -> Any:
    """Run a service call; show a DomainError's Dutch message (and keep field errors for ``form``);
    log anything else with an id the user can quote. Returns None on error. An action for a ``form`` that succeeds
    clears the field messages of every form; a ``read`` (a page's query run on every rerun, e.g. the explorer's
    filters) clears only its own, so it never wipes the refusal another form just got."""
    if form:
        st.session_state.setdefault("errors", {})[form] = {}
    try:
        result = fn(*args, **kwargs)
    except DomainError as exc:
        if form:
            st.session_state["errors"][form] = dict(exc.field_errors)
        st.session_state.setdefault("flash", []).append(("error", exc.message, list(exc.details)))
        return None
    except Exception:
        ref = uuid.uuid4().hex[:8]
        log.exception("unexpected error %s", ref)
        st.session_state.setdefault("flash", []).append(
            ("error", f"Er ging iets onverwachts mis. Uw invoer is bewaard. Noem foutcode {ref} aan de beheerder.", []))
        return None
    if form and not read:
        # A form's action succeeded: no message of any other form on this page stays on screen (issue 14: five
        # stale "… is verplicht" under an extension after a withdrawal).
        st.session_state["errors"] = {}
    return result


def flash(kind: str, message: str, details: list[str] | None = None) -> None:
    st.session_state.setdefault("flash", []).append((kind, message, details or []))


def show_flash() -> None:
    for kind, message, details in st.session_state.pop("flash", []):
        # Messages and details can quote user text (names of household members): never as Markdown.
        body = escape_md(message) + ("".join(f"\n- {escape_md(d)}" for d in details) if details else "")
        {"error": st.error, "success": st.success, "warning": st.warning, "info": st.info}[kind](body)


def field_error(form: str, field: str) -> None:
    """Show the message for ``field`` of ``form`` right below the widget, if any."""
    msg = st.session_state.get("errors", {}).get(form, {}).get(field)
    if msg:
        st.error(escape_md(msg), icon=":material/error:")


def header(title: str, subtitle: str | None = None) -> None:
    """Page title, demo banner and the messages of the action just taken.

    Messages are shown here, not in app.py: with st.navigation, a page's widget callbacks run when
    the page starts (after app.py's own code), so only the page sees what its callback reported.
    """
    if st.session_state.get("goto"):
        st.switch_page(st.session_state.pop("goto"))   # the next page shows the message
    st.title(title)
    if subtitle:
        st.caption(subtitle)
    if settings().demo:
        # the full notice on a wide screen, one short line on a phone (CSS in ui.tables.TABLE_CSS picks one)
        st.container(key="wth_wide_demo").info(DEMO_BANNER, icon=":material/science:")
        st.container(key="wth_narrow_demo").info(DEMO_BANNER_SHORT, icon=":material/science:")
    show_flash()


def signed_download(app: WthApp, actor: Actor, doc_id: str | None, label: str) -> None:
    """A download button for the signed document just made (``label`` + its id), if there is one.
    ``on_click="ignore"``: no rerun, so the success message above it stays."""
    if not doc_id:
        return
    meta_pdf = call(app.documents.document_bytes, actor, doc_id)
    if meta_pdf:
        meta, pdf = meta_pdf
        st.download_button(f"{label} {meta['id']} downloaden", pdf, file_name=f"{meta['id']}.pdf",
                           mime="application/pdf", type="primary", on_click="ignore")


def decision_terms(decisions: list[dict], now: datetime | None = None) -> None:
    """The table of decisions with when each was made known and when its appeal term ends (art. 6:7-6:8 Awb), from
    ``app.appeals.decisions_made_known``; a decision not yet made known says so (its term has not started). With
    ``now``: a warning per extension not on record as made known before the end it extended (art. 9 Wth)."""
    for msg in unconfirmed_extensions(decisions, now) if now is not None else []:
        st.error(escape_md(msg), icon=":material/event_busy:")
    if not decisions:
        st.caption("Nog geen besluit genomen dat bekend moet worden gemaakt.")
        return
    tables.table(pd.DataFrame([{
        # the term first after the decision: on a 390 px phone it is the first line under the decision
        "Besluit": d["label"],
        "Beroepstermijn tot en met": d["term_end"].strftime("%d-%m-%Y") if d["term_end"] else "begint na bekendmaking",
        "Bekendgemaakt": dt(d["made_known_at"]) if d["made_known_at"] else "nog niet bekendgemaakt",
        "Hoe": MADE_KNOWN_HOW.get(d["how"] or "", "") if d["made_known_at"] else "",
        "Ondertekend": dt(d["signed_at"]),
    } for d in decisions]))
    st.caption("Zes weken vanaf de dag na de bekendmaking (art. 6:7 en 6:8 Awb); elk besluit heeft een eigen termijn. "
               "Een besluit telt als bekendgemaakt wanneer het is uitgereikt, toegezonden of gedeponeerd, niet "
               "wanneer het is ondertekend.")


def current_case_id() -> str | None:
    return st.session_state.get("case_id")


def open_case(case_id: str, page: str = "pages/zaak.py") -> None:
    st.session_state["case_id"] = case_id
    st.session_state["case_request"] = case_id
    st.switch_page(page)


def chart(figure, text_alternative: str, **kwargs) -> None:
    """An Altair chart with its text alternative (WCAG 1.1.1): ``text_alternative`` (Dutch: what it shows, the key
    figures or where the table with its figures is) becomes the chart's accessible name instead of Streamlit's
    "Vega visualization". ``kwargs`` go to ``st.altair_chart`` (default ``width="stretch"``)."""
    kwargs.setdefault("width", "stretch")
    st.altair_chart(figure.properties(description=text_alternative), **kwargs)


def dt(moment: datetime | None) -> str:
    return fmt_dt(moment)


def euro(amount) -> str:
    """Money as Dutch users read it: € 1.234,56 (Babel, nl_NL)."""
    from babel.numbers import format_currency

    return format_currency(amount, "EUR", locale="nl_NL")


def is_role(*roles: Role) -> bool:
    a = st.session_state.get("actor")
    return a is not None and a.role in roles


def _set_from_widget(plain: str, widget: str, page_key: str) -> None:
    st.session_state[plain] = st.session_state.get(widget)
    st.session_state[page_key] = 0


def _move_page(page_key: str, step: int) -> None:
    st.session_state[page_key] = max(0, st.session_state.get(page_key, 0) + step)


def paged(fn: Callable[..., CaseList], actor: Actor, key: str, *, noun: str = "zaken",
          page_size: int = PAGE_SIZE, sort: str = "termijn", always_search: bool = False) -> CaseList:
    """One page of a list service (``fn(actor, search=, sort=, offset=, limit=)``) with its true total.

    Shows "1–50 van 1.667 zaken" (issue 12: no list without its total), and once the list is longer than a page
    (or a search is active, or ``always_search``) a search box, the sort order (by deadline first) and previous / next buttons. Search,
    sort and page live in plain session keys (``<key>_q`` …) so they survive leaving the page. A case asked for
    with :func:`open_case` that is not on this page is looked up (one query) and offered by :func:`case_picker`.
    """
    ss = st.session_state
    q_key, sort_key, page_key = f"{key}_q", f"{key}_sort", f"{key}_page"
    q, sort, page = ss.get(q_key, ""), ss.get(sort_key) or sort, ss.get(page_key, 0)
    rows = call(fn, actor, search=q, sort=sort, offset=page * page_size, limit=page_size)
    if rows is None:
        return CaseList()
    if not rows and rows.total and page > 0:          # the list shrank under the page: go to its last page
        page = ss[page_key] = (rows.total - 1) // page_size
        rows = call(fn, actor, search=q, sort=sort, offset=page * page_size, limit=page_size) or CaseList()
    if always_search or rows.total > page_size or q or page:
        c1, c2 = st.columns([3, 2])
        c1.text_input("Zoeken in deze lijst", value=q, key=f"_w_{q_key}", placeholder="zaaknummer, naam, adres of postcode",
                      on_change=_set_from_widget, args=(q_key, f"_w_{q_key}", page_key))
        sorts = list(SORT_LABELS)
        c2.selectbox("Sorteren", sorts, index=sorts.index(sort) if sort in sorts else 0, format_func=SORT_LABELS.get,
                     key=f"_w_{sort_key}", on_change=_set_from_widget, args=(sort_key, f"_w_{sort_key}", page_key))
    st.caption(f"{rows.range_text()} {noun}" + (f" (zoekterm: {escape_md(q)})" if q else ""))
    if rows.total > page_size:
        b1, b2, _ = st.columns([1, 1, 3])
        b1.button("Vorige", key=f"{key}_prev", disabled=page == 0, on_click=_move_page, args=(page_key, -1),
                  width="stretch")
        b2.button("Volgende", key=f"{key}_next", disabled=rows.offset + len(rows) >= rows.total,
                  on_click=_move_page, args=(page_key, 1), width="stretch")
    requested = ss.get("case_request")
    if isinstance(requested, str) and requested not in {r["id"] for r in rows}:
        found = call(fn, actor, search=requested, limit=5) or []
        rows.requested = next((r for r in found if r["id"] == requested), None)
    return rows


def case_picker(label: str, rows: list[dict], key: str) -> str | None:
    """Pick a case from ``rows`` (dicts with id, person names, municipality; sorted by the list, deadline first).

    The form starts on the first row — the case whose deadline is nearest — unless a case was asked for with
    :func:`open_case` (then that one; if it is not on the current page of a :func:`paged` list it comes first) or
    the user already chose one on this page. It does not follow whatever case was last opened elsewhere (issue 14:
    never an unintended case under an irreversible act). The choice is kept in ``st.session_state['case_id']``."""
    extra = getattr(rows, "requested", None)
    if extra is not None:
        rows = [extra] + list(rows)
    if not rows:
        return None
    ids = [r["id"] for r in rows]
    names = {r["id"]: f"{r['id']} — {(r.get('person_given_names') or '')} {(r.get('person_surname') or '')}"
                      f" ({r['municipality_name']})" for r in rows}
    requested = st.session_state.pop("case_request", None)   # set by open_case: this page opens that case
    if requested in ids:
        st.session_state[key] = requested
    if st.session_state.get(key) not in ids:
        st.session_state.pop(key, None)        # a choice that left the list: back to the nearest deadline
    chosen = st.selectbox(label, ids, index=0, format_func=lambda i: names[i], key=key)
    st.session_state["case_id"] = chosen
    return chosen
