"""WCAG 2.1 A/AA in a real browser (issue 17): axe-core (axe-playwright-python, pinned in requirements-dev.txt) on
every page for every role that may open it, at 1366 px and 390 px, in Debian's Chromium.

Economy (the CI must stay well under 25 minutes): one Chromium, one app server on a small pre-seeded demo database,
one browser context per role that logs in once; every page is then opened by its address (the login cookie
restores the session). Each run writes the results to ``tests/output/``: ``axe-<role>-<page>-<width>.json`` per
scan (the violations with their nodes) and ``axe-summary.json`` / ``axe-summary.md`` (counts per page, role and
width, before and after the known Streamlit exceptions, and the time the suite took).

Besides axe's rules the scan checks what axe cannot see and the issue asks for (reported as rule ``wth-*``): the page
language is ``nl`` (WCAG 3.1.1; Streamlit's own index.html says ``en``), every chart has a text alternative of its own
(WCAG 1.1.1; Streamlit's default name is "Vega visualization"), and no two buttons in the main area share a name
(WCAG 2.4.6: six buttons "Openen" say nothing without their row), and the visible text holds no English widget text
and no ISO dates (issue 17, Dutch everywhere).

The keyboard (WCAG 2.1.1, 2.4.3, 2.4.7): at 1366 px the whole main path (melding → RiHG → beschikking → ondertekenen
→ uitreiking) is carried out through ``page.keyboard`` alone (:class:`Keyboard`: Tab, Shift+Tab, Enter, Space, arrows,
typing; no click, fill or check), every control it lands on visible with a focus ring and every control of each
main-path page reached; at 390 px the login and the start page's tab stops, with the collapsed menu out of the way.

The only violations allowed are listed in :data:`STREAMLIT_INTERNAL`, each with the reason it sits inside Streamlit
itself; they are also listed in docs/toegankelijkheid.md. Anything else fails the test.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from procedure.domain.roles import Page, Role, pages_for
from tests.e2e import layout_checks as layout
from tests.e2e.conftest import DESKTOP, PHONE, streamlit_server
from tests.e2e.test_main_path import PASSWORD, RED, SIGNALS, login, settle, wait_text

pytestmark = pytest.mark.e2e

OUTPUT = Path(__file__).resolve().parents[1] / "output"
#: one demo user per role (README, Demo-accounts)
USERS = {
    Role.POLITIE: "politie.noord", Role.HOVJ: "hovj.noord", Role.BURGEMEESTER: "burgemeester.venlo",
    Role.LOCO_BURGEMEESTER: "loco.venlo", Role.GEMEENTE: "oov.venlo", Role.CASEMANAGER: "casemanager.noord",
    Role.PROCESMANAGER: "procesmanager.midden", Role.VEILIG_THUIS: "veiligthuis.noord",
    Role.MANAGER: "manager.regio", Role.BELEIDSADVISEUR: "beleid.regio", Role.BEHEERDER: "beheer",
}
#: WCAG 2.0/2.1 level A and AA rules only (axe tags), as the Besluit digitale toegankelijkheid overheid requires
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
#: (axe rule id, CSS selector pattern of the node) -> why it is inside Streamlit and cannot be fixed by the product
STREAMLIT_INTERNAL: dict[tuple[str, str], str] = {}


def _allowed(rule: str, target: str) -> str | None:
    for (r, pattern), reason in STREAMLIT_INTERNAL.items():
        if r == rule and re.search(pattern, target):
            return reason
    return None


@pytest.fixture(scope="module")
def a11y_url(tmp_path_factory):
    """A server on a small pre-seeded demo database (cheap bcrypt): it starts in seconds. (``WTH_E2E_BASE_URL``: an
    already running demo app instead, for local debugging.)"""
    if os.environ.get("WTH_E2E_BASE_URL"):
        yield os.environ["WTH_E2E_BASE_URL"].rstrip("/")
        return
    from data.seed import create_demo
    from store.db import Database

    tmp = tmp_path_factory.mktemp("wth-a11y")
    db = Database(tmp / "wth.duckdb")
    create_demo(db, n_cases=8, password_rounds=4)
    db.close()
    with streamlit_server(tmp / "wth.duckdb", tmp / "streamlit.log") as url:
        yield url


#: what axe does not check (see the module docstring), as one script: a list of {id, help, target}
OWN_CHECKS = r"""() => {
  const ENGLISH = ['Choose an option', 'Choose options', 'Choose date', 'Press Enter', 'No results', 'Browse files',
                   'Drag and drop', 'Skip to main content', 'yyyy', 'Show password', 'Running...', 'Loading...'];
  const out = [];
  const lang = document.documentElement.lang;
  if (lang !== 'nl') out.push({id: 'wth-page-language', help: 'page language is ' + lang + ', not nl', target: 'html'});
  document.querySelectorAll('.vega-embed').forEach((e, i) => {
    const name = e.getAttribute('aria-label') || '';
    if (!name || name === 'Vega visualization')
      out.push({id: 'wth-chart-text-alternative', help: 'chart without a text alternative', target: 'chart ' + (i + 1)});
  });
  const seen = {};
  document.querySelectorAll('[data-testid="stMain"] button').forEach(b => {
    if (!b.checkVisibility()) return;                      // not shown (a closed expander, another tab)
    const name = (b.getAttribute('aria-label') || b.innerText || '').trim();
    if (name) seen[name] = (seen[name] || 0) + 1;
  });
  for (const [name, n] of Object.entries(seen))
    if (n > 1) out.push({id: 'wth-button-names', help: n + ' buttons named the same', target: 'button "' + name + '"'});
  // Dutch everywhere: no English widget text and no ISO dates in what the page shows (placeholders included)
  const shown = document.body.innerText + ' ' + Array.from(document.querySelectorAll('input[placeholder]'))
    .filter(i => i.checkVisibility()).map(i => i.placeholder).join(' ');
  for (const w of ENGLISH) if (shown.includes(w)) out.push({id: 'wth-dutch', help: 'English text', target: w});
  const iso = shown.match(/\b(19|20)\d\d-[01]\d-[0-3]\d\b/);
  if (iso) out.push({id: 'wth-dutch', help: 'ISO date', target: iso[0]});
  return out;
}"""


FADED = """() => Array.from(document.querySelectorAll('[data-testid="stElementContainer"]'))
                      .every(e => getComputedStyle(e).opacity === '1')"""


def _open(page, url: str, p: Page, default: bool) -> None:
    """Open page ``p`` by its address (app.py: st.Page("pages/<name>.py") has the path "<name>"; the role's first
    page is its default, at "/")."""
    page.goto(url + "/" + ("" if default else p.value))
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
    settle(page)
    # Streamlit fades the elements of a running page (opacity < 1): scanning then measures contrast of the fade
    try:
        page.wait_for_function(FADED, timeout=10_000)
    except Exception:  # noqa: BLE001 - still faded: the scan reports it, as a user would see it
        pass
    page.wait_for_timeout(200)   # charts and data grids draw just after the rerun


def scan(page, axe) -> list[dict]:
    """axe-core on the whole document: a list of violations (rule id, impact, help, nodes with target and
    summary)."""
    result = axe.run(page, options=AXE_OPTIONS).response
    return [{"id": v["id"], "impact": v.get("impact"), "help": v["help"], "tags": v["tags"],
             "nodes": [{"target": " ".join(map(str, n["target"])), "html": n["html"][:300],
                        "summary": n.get("failureSummary", "")[:500]} for n in v["nodes"]]}
            for v in result["violations"]] + \
        [{"id": c["id"], "impact": "serious", "help": c["help"], "tags": ["wth"],
          "nodes": [{"target": c["target"], "html": "", "summary": c["help"]}]} for c in page.evaluate(OWN_CHECKS)]


def scan_settled(page, axe) -> list[dict]:
    """:func:`scan`, and when it finds something, once more after the page settled again: a new session's first
    run is followed by a second one (the login-cookie component reports its value), and a scan that falls in it
    measures Streamlit's fade of a running page (opacity 0.33) or a sidebar halfway closing. The second result
    counts."""
    found = scan(page, axe)
    if not found:
        return found
    page.wait_for_timeout(1500)
    settle(page)
    try:
        page.wait_for_function(FADED, timeout=10_000)
    except Exception:  # noqa: BLE001
        pass
    return scan(page, axe)


def _record(summary: list, failures: list, role: str, user: str, name: str, size: str, url: str,
            violations: list[dict]) -> None:
    (OUTPUT / f"axe-{role}-{name}-{size}.json").write_text(
        json.dumps({"role": role, "user": user, "page": name, "width": int(size), "url": url,
                    "violations": violations}, ensure_ascii=False, indent=1))
    fixable, internal = 0, 0
    for v in violations:
        for n in v["nodes"]:
            if _allowed(v["id"], n["target"]):
                internal += 1
            else:
                fixable += 1
                failures.append(f"{role} {name} {size}px {v['id']}: {n['target']}")
    summary.append({"role": role, "page": name, "width": int(size), "nodes": fixable + internal,
                    "product": fixable, "streamlit": internal, "rules": sorted({v["id"] for v in violations})})


def test_axe_every_page_every_role_both_widths(a11y_url, browser, screenshots_dir):
    """axe-core and the own checks on every page for every role at both widths; on the same visit the layout checks
    of tests/e2e/layout_checks.py (tables whole, Dutch text, phone title, the mayor's phone), so the pages are
    opened once for both (CI time)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for old in OUTPUT.glob("axe-*"):
        old.unlink()
    t0 = time.monotonic()
    summary, failures, problems = [], [], []
    ctx = browser.new_context(viewport=DESKTOP, locale="nl-NL")      # the login screen, before anyone logs in
    page = ctx.new_page()
    for size, viewport in (("1366", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(a11y_url)
        page.get_by_label("Gebruikersnaam", exact=True).wait_for(timeout=120_000)
        settle(page)
        _record(summary, failures, "iedereen", "", "inloggen", size, page.url, scan(page, axe))
    ctx.close()
    for role, username in USERS.items():
        ctx = browser.new_context(viewport=DESKTOP, locale="nl-NL")
        page = ctx.new_page()
        login(page, a11y_url, username)          # once per role; every page below is opened with the login cookie
        for size, viewport in (("1366", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(viewport)
            for i, p in enumerate(pages_for(role)):
                _open(page, a11y_url, p, default=i == 0)
                _record(summary, failures, role.value, username, p.value, size, page.url, scan_settled(page, axe))
                if i == 0 or layout.layout_role(p) is role:       # the work queue for every role, the rest once
                    layout.check_page(page, f"{role.value} {p.value}", viewport["width"], problems, screenshots_dir)
                    if role is Role.BURGEMEESTER and i == 0 and viewport is PHONE:
                        layout.check_mayor_phone(page, viewport["height"], problems)
            if role is list(USERS)[-1]:
                layout.check_unknown_address(page, a11y_url, viewport["width"], problems)
        ctx.close()
    seconds = time.monotonic() - t0
    (OUTPUT / "axe-summary.json").write_text(json.dumps({"seconds": round(seconds, 1), "scans": summary},
                                                        ensure_ascii=False, indent=1))
    lines = [f"# axe-core, WCAG 2.1 A/AA — {len(summary)} scans in {seconds:.0f} s", "",
             "| rol | pagina | breedte | product | Streamlit | regels |", "|---|---|---|---|---|---|"]
    lines += [f"| {s['role']} | {s['page']} | {s['width']} | {s['product']} | {s['streamlit']} | "
              f"{', '.join(s['rules'])} |" for s in summary]
    (OUTPUT / "axe-summary.md").write_text("\n".join(lines) + "\n")
    print(f"axe: {len(summary)} scans in {seconds:.0f} s")
    assert not failures, f"{len(failures)} product-fixable violations:\n" + "\n".join(sorted(set(failures))[:80])
    assert not problems, f"{len(problems)} layout problems:\n" + "\n".join(problems)


# -- keyboard ---------------------------------------------------------------------------------------------------------
FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  e.dataset.wthReached = '1';
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {tag: e.tagName, name: (e.getAttribute('aria-label') || e.innerText || e.value || e.placeholder || '')
                                 .trim().slice(0, 60),
          w: r.width, h: r.height, x: r.x, right: r.right, visible: e.checkVisibility({visibilityProperty: true}),
          ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          inSidebar: !!e.closest('[data-testid="stSidebar"]'), id: e.id || e.getAttribute('data-testid') || ''};
}"""


#: controls of the main area the Tab walk did not reach (visible, enabled, not tabindex -1; a radio group counts as
#: reached when one of its options was: the arrow keys move inside it)
UNREACHED = """() => {
  const all = Array.from(document.querySelectorAll('[data-testid="stMain"] :is(input, textarea, button)'))
    .filter(e => e.checkVisibility() && !e.disabled && e.getAttribute('tabindex') !== '-1');
  const group = e => e.closest('[role="radiogroup"]') || e.name;
  const reachedGroups = new Set(all.filter(e => e.type === 'radio' && e.dataset.wthReached).map(group));
  return all.filter(e => !e.dataset.wthReached && !(e.type === 'radio' && reachedGroups.has(group(e))))
    .map(e => e.tagName + ' ' + (e.getAttribute('aria-label') || e.innerText || e.type).slice(0, 60));
}"""


def tab_walk(page, max_stops: int = 500) -> list[dict]:
    """Press Tab until the focus comes back round (or ``max_stops``): every stop the keyboard reaches, in order."""
    stops: list[dict] = []
    page.wait_for_timeout(500)     # widgets finish mounting just after the rerun
    for _ in range(max_stops):
        page.keyboard.press("Tab")
        page.wait_for_timeout(40)
        here = page.evaluate(FOCUS)
        if here is None or (stops and here == stops[0]):
            break
        stops.append(here)
    return stops


def _bad_stops(stops: list[dict], width: int) -> list[str]:
    """Tab stops a sighted keyboard user can't see: no size, hidden, off the screen, or without a focus ring."""
    bad = []
    for s in stops:
        if s["w"] < 1 or s["h"] < 1 or not s["visible"] or s["right"] <= 0 or s["x"] >= width:
            bad.append(f"invisible tab stop {s['tag']} '{s['name']}' ({s['w']:.0f}x{s['h']:.0f} at x={s['x']:.0f})")
        elif not s["ring"]:
            bad.append(f"no visible focus on {s['tag']} '{s['name']}'")
    return bad


MAIN_PATH = ["Nieuwe melding", "Risicotaxatie (RiHG)", "Beschikking opstellen", "Ondertekenen", "Uitreiking"]


def test_keyboard_only_phone(a11y_url, browser):
    """At 390 px with the keyboard alone: login in one or two Tabs, every tab stop of the start page visible with a
    focus ring, and the collapsed menu's links are no tab stops. (At 1366 px the main path is carried out by
    :func:`test_keyboard_only_main_path_carried_out`, which checks every control of each main-path page.)"""
    ctx = browser.new_context(viewport=PHONE, locale="nl-NL")
    page = ctx.new_page()
    page.goto(a11y_url)
    kb = Keyboard(page, PHONE["width"])
    tabs = kb.login("hovj.noord")
    assert tabs <= 2, f"390px: {tabs} Tabs to the login field"
    stops = tab_walk(page)
    problems = kb.problems + _bad_stops(stops, PHONE["width"])
    # a menu link's name is its icon's ligature and its title ("edit_note Nieuwe melding")
    assert not [s for s in stops if s["inSidebar"] and s["name"].endswith(tuple(MAIN_PATH))], \
        "390px: the collapsed menu's links are tab stops"
    ctx.close()
    assert not problems, "390px:\n" + "\n".join(problems)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "keyboard.json").write_text(json.dumps({"werkvoorraad 390": stops}, ensure_ascii=False, indent=1))


# -- the main path carried out with the keyboard alone ---------------------------------------------------------------
#: the focused element as a keyboard user meets it: its accessible name (aria-label, aria-labelledby, its label, its
#: text), the name of its radio group or date group, and what :func:`_bad_stops` needs to judge that it is seen
HERE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  e.dataset.wthReached = '1';
  const text = n => (n ? n.innerText || n.textContent || '' : '').trim();
  let name = e.getAttribute('aria-label') || '';
  if (!name && e.getAttribute('aria-labelledby'))
    name = e.getAttribute('aria-labelledby').split(/\\s+/).map(id => text(document.getElementById(id))).join(' ');
  if (!name && e.labels && e.labels.length) name = text(e.labels[0]);
  if (!name) name = text(e);
  const group = e.closest('[role="radiogroup"], [role="group"]');
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {tag: e.tagName, kind: e.getAttribute('role') || e.type || '', name: name.replace(/\\s+/g, ' ').slice(0, 200),
          group: group ? (group.getAttribute('aria-label') || '') : '', checked: !!e.checked,
          w: r.width, h: r.height, x: r.x, right: r.right, visible: e.checkVisibility({visibilityProperty: true}),
          ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          inSidebar: !!e.closest('[data-testid="stSidebar"]')};
}"""


#: the RiHG's one source for every fact without its own (pages/rihg.py)
RIHG_SOURCE = "Bron van de feiten (bijv. het PV van dit incident; geldt voor elk feit zonder eigen bron)"


#: the visible hint under a focused text field / text area (Streamlit's InputInstructions)
INPUT_HINT = """() => Array.from(document.querySelectorAll('[data-testid="InputInstructions"]'))
                     .filter(e => e.checkVisibility()).map(e => e.innerText).join(' ')"""


class Keyboard:
    """The main path driven through ``page.keyboard`` only (Tab, Shift+Tab, Enter, Space, arrows, typing): every
    control it lands on must be visible and show its focus ring; the controls passed on the way are recorded as the
    tab stops of the walk (``stops``), focus lost to the page body while the app reruns as ``lost``."""

    def __init__(self, page, width: int):
        self.page, self.width = page, width
        self.stops: list[dict] = []
        self.problems: list[str] = []
        self.lost: list[str] = []
        #: how many key presses (Tab or Shift+Tab) each control took to reach from the one before
        self.presses: list[tuple[str, int]] = []

    def here(self) -> dict | None:
        return self.page.evaluate(HERE)

    def tab_to(self, target, *, back: bool = False, max_stops: int = 120) -> dict:
        """Press Tab (Shift+Tab with ``back``) until the focus is on ``target``: a control's accessible name, or the
        name of its radio group / date field (then the first control of that group it meets), or a predicate on
        :data:`HERE`'s dict. Every stop on the way must be visible with a focus ring."""
        def hit(d):
            return target(d) if callable(target) else target in (d["name"], d["group"])
        seen = []
        for _ in range(max_stops):
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
            d = self.here()
            if d is None:          # the focused element was redrawn by a rerun: the next Tab starts at the top
                self.lost.append(f"after {self.stops[-1]['name'] if self.stops else '-'!r} towards {target!r}")
                continue
            seen.append(d["name"])
            self.stops.append(d)
            self.problems += [f"{b} (on the way to {target!r})" for b in _bad_stops([d], self.width)]
            if hit(d):
                self.presses.append((d["group"] or d["name"], len(seen)))
                return d
        raise AssertionError(f"{target!r} not reached with {'Shift+' if back else ''}Tab in {max_stops} stops; "
                             f"passed: {seen[-40:]}")

    def type_into(self, label: str, text: str, *, replace: bool = False) -> None:
        """Tab to a text field and type; the next Tab commits it (Streamlit sends a text field on blur)."""
        self.tab_to(label)
        if replace:
            self.page.keyboard.press("Control+A")
            self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)
        # the hint Streamlit shows under a focused, edited field ("Press Enter to apply") reads Dutch too
        self.page.wait_for_timeout(150)
        hint = self.page.evaluate(INPUT_HINT)
        if re.search(r"\bPress\b|\bto apply\b|\bsubmit\b", hint):
            self.problems.append(f"English hint under {label!r}: {hint!r}")

    def choose(self, label: str, option: str) -> None:
        """A select box: Tab to it, type (part of) the option's text to filter the list, Enter picks it."""
        self.tab_to(label)
        self.page.keyboard.type(option)
        self.page.get_by_role("option", name=re.compile(re.escape(option))).first.wait_for(timeout=10_000)
        self.page.keyboard.press("Enter")
        settle(self.page)
        shown = self.page.evaluate("() => { const e = document.activeElement; "
                                   "return e.value + ' ' + e.closest('[data-testid=stSelectbox]').innerText; }")
        assert option in shown, f"{label}: '{option}' not chosen ({shown!r})"

    def date(self, label: str, ddmmyyyy: str) -> None:
        """A date field (day, month and year segments): Tab to its day and type the digits; it moves on itself."""
        self.tab_to(lambda d: d["group"] == label and d["kind"] == "spinbutton")
        self.page.keyboard.type(ddmmyyyy.replace("-", ""))
        shown = self.page.get_by_role("group", name=label, exact=True).inner_text().replace("\n", "")
        assert shown == ddmmyyyy, f"{label}: {shown!r}"

    def radio(self, group: str, option: str, options: int, *, arrow: str = "ArrowRight", wait: bool = True) -> None:
        """A radio group: Tab into it (the first option when none is chosen), then ``arrow`` to ``option`` (arrows
        choose as they move and wrap round: ArrowLeft from the first reaches the last), or Space when the focus
        already is on it. ``wait=False``: go on while the app reruns (nothing new appears below the group)."""
        d = self.tab_to(group)
        for _ in range(options):
            if d["name"] == option:
                if not d["checked"]:
                    self.page.keyboard.press("Space")
                break
            self.page.keyboard.press(arrow)
            d = self.here()
        if wait:
            settle(self.page)
        assert self.page.get_by_role("radiogroup", name=group, exact=True).get_by_role(
            "radio", name=option, exact=True).is_checked(), f"{group}: '{option}' not chosen"

    def all_reached(self, where: str) -> None:
        """Every visible control of the main area was a stop of the walk so far (:data:`UNREACHED`)."""
        missed = self.page.evaluate(UNREACHED)
        assert not missed, f"{where}: not reachable with Tab: {missed}"

    def tick(self, label: str) -> None:
        d = self.tab_to(label)
        if not d["checked"]:
            self.page.keyboard.press("Space")
        settle(self.page)
        assert self.page.get_by_role("checkbox", name=label, exact=True).is_checked(), label

    def press(self, name: str, *, back: bool = False, last_on: str | None = None) -> None:
        """A button: Tab to it, Enter. ``last_on``: the button is the last control of that page the walk needs (it
        came from the title down): first check that every control of the page was reached."""
        self.tab_to(name, back=back)
        if last_on:
            self.all_reached(last_on)
        self.page.keyboard.press("Enter")
        settle(self.page)

    def enter_on(self, name: str, shot: Path | None = None) -> None:
        """The app has put the focus on button ``name`` (visible, with its ring): press Enter (after a screenshot to
        ``shot``, if given)."""
        self.page.wait_for_function("n => document.activeElement && document.activeElement.innerText.trim() === n",
                                    arg=name, timeout=10_000)
        if shot:
            self.page.screenshot(path=str(shot))
        d = self.here()
        self.stops.append(d)
        self.problems += [f"{b} (focus put there by the app)" for b in _bad_stops([d], self.width)]
        self.page.keyboard.press("Enter")
        settle(self.page)

    def go(self, title: str) -> None:
        """Another page from the menu (Shift+Tab up to it, the menu comes before the page; Enter); the focus lands on
        the new page's title."""
        self.tab_to(lambda d: d["inSidebar"] and d["tag"] == "A" and d["name"].endswith(title), back=True)
        self.page.keyboard.press("Enter")
        self.page.get_by_role("heading", name=title, exact=True).wait_for(timeout=30_000)
        settle(self.page)
        self.page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'H1'",
                                    timeout=10_000)
        # the page's widgets finish mounting just after the rerun (a first visit reruns once more): a Tab within
        # those few milliseconds can pass over the first field, which no person types that fast
        self.page.wait_for_timeout(500)

    def login(self, username: str) -> int:
        """From the login form (on screen or coming): Tab to the user name, type name and password, Enter. Returns
        how many Tabs the user name field took (the first time)."""
        field = self.page.get_by_label("Gebruikersnaam", exact=True)
        field.wait_for(timeout=120_000)      # a first start may still build the demo database
        settle(self.page)
        tabs = None
        for _ in range(3):      # the first login after a server start can be lost (test_main_path.submit_login)
            self.tab_to("Gebruikersnaam", max_stops=10)
            tabs = self.presses[-1][1] if tabs is None else tabs
            self.page.keyboard.press("Control+A")
            self.page.keyboard.type(username)
            self.page.keyboard.press("Tab")
            self.page.keyboard.press("Control+A")
            self.page.keyboard.type(PASSWORD)
            self.page.keyboard.press("Enter")
            try:
                self.page.get_by_role("button", name="Uitloggen").wait_for(timeout=12_000)
                settle(self.page)
                return tabs
            except Exception:  # noqa: BLE001 - lost submit: the form is empty again
                pass
        raise AssertionError(f"keyboard login of {username} failed")

    def logout(self) -> None:
        """Shift+Tab up to "Uitloggen" (the last control before the page), Enter; the login form returns."""
        self.tab_to("Uitloggen", back=True)
        self.page.keyboard.press("Enter")
        settle(self.page)
        self.page.get_by_label("Gebruikersnaam", exact=True).wait_for(timeout=30_000)
        settle(self.page)


def test_keyboard_only_main_path_carried_out(a11y_url, browser, screenshots_dir):
    """The main path done with the keyboard alone at 1366 px (issue 17): the HOvJ registers a melding, fills in the
    RiHG and decides to impose, drafts the beschikking and offers it for signature; the burgemeester logs in, signs
    and downloads the signed PDF; the HOvJ records the service (uitreiking), confirms, and opens the Zaakdossier,
    which says the order is imposed (Opgelegd) with its end ten days after T0. Only ``page.keyboard`` acts: no
    click, fill or check. Every control the focus lands on is visible and shows its focus ring."""
    page = browser.new_context(viewport=DESKTOP, locale="nl-NL", timezone_id="Europe/Amsterdam",
                               accept_downloads=True).new_page()
    kb = Keyboard(page, DESKTOP["width"])
    page.on("close", lambda _: print("keyboard main path laps:", laps))
    surname = "Toetsenbord" + "".join(secrets.choice("bdfgklmnprstvz") for _ in range(5))
    partner = "Sanne de Vries"
    t0 = time.monotonic()
    laps: dict[str, float] = {}

    def lap(name: str) -> None:
        laps[name] = round(time.monotonic() - t0 - sum(laps.values()), 1)

    page.goto(a11y_url)
    kb.login("hovj.noord")
    # 1. melding
    kb.go("Nieuwe melding")
    kb.choose("Gemeente van de woning", "Venlo")
    kb.type_into("Straat", "Kaldenkerkerweg")
    kb.type_into("Huisnummer", "12")
    kb.type_into("Postcode", "5912 AB")
    kb.type_into("Plaats", "Venlo")
    kb.type_into("Korte beschrijving van het incident",
                 "Melding van ruzie; betrokkene heeft zijn partner geslagen en met de dood bedreigd.")
    kb.type_into("Voornamen", "Karel")
    kb.date("Geboortedatum", "15-03-1985")
    kb.type_into("Achternaam", surname)
    kb.radio("Grond: (vermoeden van) kindermishandeling?", "Nee", 3)
    kb.type_into("Naam huisgenoot 1", partner)
    kb.date("Geboortedatum huisgenoot 1", "02-07-1988")
    kb.choose("Relatie huisgenoot 1", "Partner")
    kb.choose("Verblijf huisgenoot 1", "woont in de woning")
    kb.type_into("Basis verblijf huisgenoot 1", "BRP")
    kb.choose("Bedreigd (huisgenoot 1)", "Ja")
    page.screenshot(path=str(screenshots_dir / "a11y-keyboard-01-melding-1366.png"))
    kb.tick("Gaat de dreiging uit van iemand uit de huiselijke kring (geen buren of bezoek)?")
    kb.tick("Woont de persoon in de woning of verblijft hij/zij er meer dan incidenteel?")
    kb.tick("Is de persoon 18 jaar of ouder?")
    kb.press("Melding registreren", last_on="Nieuwe melding")
    case_id = wait_text(page, r"Melding (HV-\d{4}-\d{5}) is geregistreerd")[1]
    lap("melding")

    # 2. RiHG: every signal a colour (arrow keys), two red ones with a fact; decide to impose
    # the next step has the focus: one Enter, not dozens of Shift+Tabs back up past the emptied form
    kb.enter_on(f"Zaak openen {case_id}", shot=screenshots_dir / "a11y-keyboard-02-melding-geregistreerd-1366.png")
    page.get_by_role("heading", name="Risicotaxatie (RiHG)", exact=True).wait_for(timeout=30_000)
    settle(page)
    assert case_id in page.get_by_role("combobox", name="Zaak", exact=True).input_value()
    kb.type_into(RIHG_SOURCE, "PV 2026-123456")
    for codes in SIGNALS.values():
        for code in codes:
            if code in RED:         # red asks for a fact (its source is the one typed above)
                kb.radio(f"Kleur {code}", "Rood", 3)
                kb.type_into(f"Feit {code}", RED[code][0])
            else:       # Geel is the last colour: one ArrowLeft from the first; nothing new appears, go on
                kb.radio(f"Kleur {code}", "Geel", 3, arrow="ArrowLeft", wait=False)
    wait_text(page, r"Deel B: 2 rood")
    kb.radio("Huisverbod opleggen?", "Ja, huisverbod", 2)
    kb.type_into("Motivering van het besluit",
                 "Ernstig geweld en een doodsbedreiging tegen de partner; herhaling is te verwachten. "
                 "Een huisverbod is nodig om de dreiging weg te nemen.")
    page.screenshot(path=str(screenshots_dir / "a11y-keyboard-03-rihg-1366.png"))
    kb.press("RiHG afronden en besluiten", last_on="Risicotaxatie (RiHG)")
    page.get_by_role("heading", name="Beschikking opstellen", exact=True).wait_for(timeout=30_000)
    settle(page)
    lap("rihg")

    # 3. beschikking: the facts start with the melding's incident; the rest typed
    assert case_id in page.get_by_role("combobox", name="Zaak", exact=True).input_value()
    kb.type_into("Feiten en omstandigheden (wat is er gebeurd, wanneer, tegen wie)",
                 " De politie kwam ter plaatse na een melding van de buren. Betrokkene had zijn partner met de vuist "
                 "in het gezicht geslagen en gedreigd haar te doden; zij had zichtbaar letsel.")
    kb.type_into("Waarom deze persoon (en niet een andere volwassene in de woning)",
                 "Het geweld en de bedreiging gingen uit van betrokkene; de partner is het slachtoffer.")
    kb.type_into(f"Rol van {partner} (Partner) en waarom het huisverbod niet aan deze persoon wordt opgelegd",
                 "Slachtoffer: zij had letsel en er is geen aanwijzing dat zij geweld gebruikte.")
    kb.tab_to("Concept opslaan")        # leaving the last text commits it (each text is saved on change)
    settle(page)
    wait_text(page, "Alle onderdelen van art. 2 lid 4 Wth zijn aanwezig")
    kb.press("Aanbieden ter ondertekening", last_on="Beschikking opstellen")
    page.get_by_role("heading", name="Zaakdossier", exact=True).wait_for(timeout=30_000)
    wait_text(page, f"Zaak {case_id} staat nu bij de burgemeester ter ondertekening")
    lap("beschikking")

    # 4. the burgemeester signs
    kb.logout()
    kb.login("burgemeester.venlo")
    kb.go("Ondertekenen")
    kb.choose("Te ondertekenen", case_id)
    wait_text(page, re.escape(f"Karel {surname}"))
    kb.tick("Ik heb de RiHG en de conceptbeschikking gelezen en neem dit besluit.")
    page.screenshot(path=str(screenshots_dir / "a11y-keyboard-04-ondertekenen-1366.png"))
    kb.press("Beschikking ondertekenen", last_on="Ondertekenen")
    wait_text(page, r"is digitaal ondertekend")
    with page.expect_download() as download:        # the signed PDF is the next step: it has the focus
        kb.enter_on("Ondertekende PDF downloaden")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    kb.logout()
    lap("ondertekenen")

    # 5. uitreiking by the HOvJ: T0 now (the fields' defaults), keys, contact address; confirm; the case file
    kb.login("hovj.noord")
    kb.go("Uitreiking")
    kb.choose("Zaak", case_id)
    kb.radio("Sleutels ingenomen (tegen ontvangstbewijs, art. 4 lid 2 Wth)?", "Ja", 3)
    kb.type_into("Omschrijving ingenomen sleutels", "2 huissleutels")
    kb.radio("Heeft betrokkene een contactadres opgegeven (art. 2 lid 6 Wth)?", "Nee", 3)
    kb.press("Uitreiking vastleggen", last_on="Uitreiking")
    wait_text(page, rf"Het huisverbod van .+ \({case_id}\) gaat in op")
    kb.tab_to("Ja, uitreiking vastleggen")
    page.screenshot(path=str(screenshots_dir / "a11y-keyboard-05-uitreiking-bevestigen-1366.png"))
    page.keyboard.press("Enter")
    settle(page)
    wait_text(page, rf"Zaak {case_id}: huisverbod opgelegd")
    served = datetime.strptime(wait_text(page, r"Ingang \(T0\): (\d{2}-\d{2}-\d{4} \d{2}:\d{2})")[1], "%d-%m-%Y %H:%M")
    end = wait_text(page, r"Einde: (\d{2}-\d{2}-\d{4} \d{2}:\d{2})")[1]
    assert end == (served + timedelta(days=10)).strftime("%d-%m-%Y %H:%M")
    kb.enter_on("Zaakdossier openen")     # the app put the focus on the next step (the served confirmation is gone)
    page.get_by_role("heading", name="Zaakdossier", exact=True).wait_for(timeout=30_000)
    page.get_by_role("heading", name=f"{case_id} · Opgelegd").wait_for(timeout=30_000)
    wait_text(page, "Proces-verbaal van uitreiking")
    wait_text(page, re.escape(f"Einde huisverbod: {end}"))
    lap("uitreiking")
    page.context.close()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    report = {"seconds": laps, "tab_stops": len(kb.stops), "left_the_page": kb.lost,
              "most_presses": sorted(kb.presses, key=lambda x: -x[1])[:8], "stops": kb.stops}
    (OUTPUT / "keyboard-main-path.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print("keyboard main path:", {k: v for k, v in report.items() if k != "stops"})
    assert not kb.problems, "\n".join(kb.problems)


def test_zaken_search_and_open_from_row(a11y_url, browser):
    """*Zaken* has a search box even for a short list; a search by (part of) a name narrows the list with its true
    total; ticking a row (1366 px) or tapping its case number (390 px, one card per case) opens that case in the
    Zaakdossier."""
    for viewport in (DESKTOP, PHONE):
        ctx = browser.new_context(viewport=viewport, locale="nl-NL")
        page = ctx.new_page()
        login(page, a11y_url, "oov.venlo")
        _open(page, a11y_url, Page.ZAKEN, default=False)
        search = page.get_by_label("Zoeken in deze lijst", exact=True)
        assert search.is_visible(), "Zaken: no search box"
        total = int(re.search(r"van (\d+) zaken", page.locator('[data-testid="stMain"]').inner_text()).group(1))
        chosen = page.get_by_label("Kies een zaak", exact=True).input_value()   # "HV-2026-00001 — Voornaam Naam (…)"
        name = chosen.split(" — ")[1].split(" (")[0].split()[-1]
        search.fill(name)
        search.press("Enter")
        settle(page)
        found = int(re.search(r"van (\d+) zaken", page.locator('[data-testid="stMain"]').inner_text()).group(1))
        assert 1 <= found <= total, (name, found, total)
        case_id = page.get_by_label("Kies een zaak", exact=True).input_value().split(" — ")[0]
        if viewport is DESKTOP:
            grid = page.locator('[data-testid="stDataFrame"]').first
            box = grid.bounding_box()
            page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)       # the tick box of the first row
        else:                       # on a phone one card per case (ui.tables): its case number is a link
            page.locator(".wth-table a", has_text=case_id).first.click()
        page.get_by_role("heading", name="Zaakdossier", exact=True).wait_for(timeout=30_000)
        settle(page)
        assert case_id in page.get_by_label("Zaak", exact=True).input_value(), case_id
        ctx.close()
