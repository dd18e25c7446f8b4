"""The work queue shows the tasks of issue 15 in a real browser at 1366 px and 390 px: each task names its rule,
overdue tasks stand out, a partner reads a decision's notice ("Gelezen") and it leaves the queue, and the mayor's
extension task comes from rule V3. Demo data (synthetic).

Screenshots: tests/e2e/screenshots/werkvoorraad-*.png.
"""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_main_path import Shots, check_clean, go, login, logout, main_text, settle, wait_text

pytestmark = pytest.mark.e2e
PAGE = "Mijn werkvoorraad"


def count_of(page) -> int:
    m = re.search(r"van (\d+) taken", main_text(page)) or re.search(r"(\d+) taken", main_text(page))
    assert m, main_text(page)[:2000]
    return int(m.group(1))


@pytest.mark.parametrize("viewport,label", [(DESKTOP, "1366px"), (PHONE, "390px")])
def test_work_queue_shows_rules_and_notices(app_url, browser, screenshots_dir, viewport, label):
    shots = Shots(screenshots_dir)
    ctx = browser.new_context(viewport=viewport, locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = ctx.new_page()
    try:
        login(page, app_url, "casemanager.noord")
        go(page, PAGE)
        wait_text(page, r"Regel ")
        text = main_text(page)
        assert "Kennisnemen: huisverbod opgelegd (uitgereikt)" in text
        assert "Regel art. 2 lid 8 Wth: partners krijgen het besluit" in text
        assert re.search(r"Regel V4: Geen zorgadvies op de ingestelde dag", text)
        check_clean(page, f"werkvoorraad casemanager {label}")
        shots.take(page, f"werkvoorraad-casemanager-{label}")
        before = count_of(page)
        page.get_by_role("button", name="Gelezen").first.click()
        settle(page)
        wait_text(page, rf"{before - 1} taken")
        logout(page)

        login(page, app_url, "burgemeester.venlo")
        go(page, PAGE)
        wait_text(page, r"Regel V3: Besluit over verlenging")
        check_clean(page, f"werkvoorraad burgemeester {label}")
        shots.take(page, f"werkvoorraad-burgemeester-{label}")
    finally:
        ctx.close()
