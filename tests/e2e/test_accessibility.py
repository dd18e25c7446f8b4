"""WCAG 2.1 A/AA in a real browser (issue 17): axe-core (axe-playwright-python, pinned in requirements-dev.txt) on
every page for every role that may open it, at 1366 px and 390 px, in Debian's Chromium.

Economy (the CI must stay well under 25 minutes): one Chromium, one app server on a small pre-seeded demo database,
one browser context per role that logs in once; every page is then opened by its address (the login cookie
restores the session). Each run writes the results to ``tests/output/``: ``axe-<role>-<page>-<width>.json`` per
scan (the violations with their nodes) and ``axe-summary.json`` / ``axe-summary.md`` (counts per page, role and
width, before and after the known Streamlit exceptions, and the time the suite took).

The only violations allowed are listed in :data:`STREAMLIT_INTERNAL`, each with the reason it sits inside Streamlit
itself; they are also listed in docs/toegankelijkheid.md. Anything else fails the test.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from procedure.domain.roles import Page, Role, pages_for
from tests.e2e.conftest import DESKTOP, PHONE, streamlit_server
from tests.e2e.test_main_path import login, settle

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
    """A server on a small pre-seeded demo database (cheap bcrypt): it starts in seconds."""
    from data.seed import create_demo
    from store.db import Database

    tmp = tmp_path_factory.mktemp("wth-a11y")
    db = Database(tmp / "wth.duckdb")
    create_demo(db, n_cases=8, password_rounds=4)
    db.close()
    with streamlit_server(tmp / "wth.duckdb", tmp / "streamlit.log") as url:
        yield url


def _open(page, url: str, p: Page, default: bool) -> None:
    """Open page ``p`` by its address (app.py: st.Page("pages/<name>.py") has the path "<name>"; the role's first
    page is its default, at "/")."""
    page.goto(url + "/" + ("" if default else p.value))
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
    settle(page)
    page.wait_for_timeout(300)   # charts and data grids draw after the rerun


def scan(page, axe) -> list[dict]:
    """axe-core on the whole document: a list of violations (rule id, impact, help, nodes with target and
    summary)."""
    result = axe.run(page, options=AXE_OPTIONS).response
    return [{"id": v["id"], "impact": v.get("impact"), "help": v["help"], "tags": v["tags"],
             "nodes": [{"target": " ".join(map(str, n["target"])), "html": n["html"][:300],
                        "summary": n.get("failureSummary", "")[:500]} for n in v["nodes"]]}
            for v in result["violations"]]


def test_axe_every_page_every_role_both_widths(a11y_url, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for old in OUTPUT.glob("axe-*"):
        old.unlink()
    t0 = time.monotonic()
    summary, failures = [], []
    for role, username in USERS.items():
        ctx = browser.new_context(viewport=DESKTOP, locale="nl-NL")
        page = ctx.new_page()
        login(page, a11y_url, username)
        for size, viewport in (("1366", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(viewport)
            for i, p in enumerate(pages_for(role)):
                _open(page, a11y_url, p, default=i == 0)
                violations = scan(page, axe)
                (OUTPUT / f"axe-{role.value}-{p.value}-{size}.json").write_text(
                    json.dumps({"role": role.value, "user": username, "page": p.value, "width": int(size),
                                "url": page.url, "violations": violations}, ensure_ascii=False, indent=1))
                fixable, internal = 0, 0
                for v in violations:
                    for n in v["nodes"]:
                        if _allowed(v["id"], n["target"]):
                            internal += 1
                        else:
                            fixable += 1
                            failures.append(f"{role.value} {p.value} {size}px {v['id']}: {n['target']}")
                summary.append({"role": role.value, "page": p.value, "width": int(size), "nodes": fixable + internal,
                                "product": fixable, "streamlit": internal,
                                "rules": sorted({v["id"] for v in violations})})
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
