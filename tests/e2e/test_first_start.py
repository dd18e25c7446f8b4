"""A newcomer's first start in the browser (issue 12, point 5): on a database that does not exist yet the
page says in Dutch that the demo database is being made, with a progress bar that moves, and then the
login form appears by itself, and the demo accounts work. The time it takes is measured by
``python -m bench.bench_first_start`` (from a fresh clone), not asserted here. Also (issue 12, point 6):
on a phone the sidebar closes by itself after choosing a page (the app's script, now run by st.html
instead of the removed st.components.v1.html). Screenshots at 1366 and 390 px in tests/e2e/screenshots
(first-start-*)."""
from __future__ import annotations

import re
import time

from tests.e2e.conftest import DESKTOP, PHONE, streamlit_server
from tests.e2e.test_main_path import MENU, PASSWORD, SIDEBAR_OPEN, open_sidebar, settle, submit_login


def test_first_start_shows_progress_then_the_login_form(browser, tmp_path, screenshots_dir):
    with streamlit_server(tmp_path / "nieuw" / "wth.duckdb", tmp_path / "streamlit.log") as url:
        desk = browser.new_context(viewport=DESKTOP).new_page()
        phone = browser.new_context(viewport=PHONE).new_page()
        desk.goto(url)
        bar = desk.get_by_role("progressbar").first
        bar.wait_for(timeout=60_000)
        assert desk.get_by_text("De demodatabase wordt aangemaakt").is_visible()
        phone.goto(url)                       # a second visitor during the build sees the same screen
        phone.get_by_role("progressbar").first.wait_for(timeout=60_000)
        desk.screenshot(path=str(screenshots_dir / "first-start-progress-1366.png"))
        phone.screenshot(path=str(screenshots_dir / "first-start-progress-390.png"))
        values = []
        end = time.monotonic() + 180
        while time.monotonic() < end and not desk.get_by_label("Gebruikersnaam", exact=True).count():
            if bar.count():
                values.append(bar.get_attribute("aria-valuenow"))
                label = desk.locator('[data-testid="stProgress"]').inner_text()
                assert re.search(r"Demozaken maken \(\d+ van \d+\)|Demo-accounts|Gemeenten|Kosten|Voorbereiden|Klaar",
                                 label), label
            time.sleep(0.5)
        desk.get_by_label("Gebruikersnaam", exact=True).wait_for(timeout=5_000)
        assert len({v for v in values if v}) >= 2, values           # the bar moved
        assert not desk.get_by_text("De demodatabase wordt aangemaakt").count()
        phone.get_by_label("Gebruikersnaam", exact=True).wait_for(timeout=30_000)
        desk.screenshot(path=str(screenshots_dir / "first-start-login-1366.png"))
        phone.screenshot(path=str(screenshots_dir / "first-start-login-390.png"))
        assert submit_login(desk, "burgemeester.venlo", PASSWORD)
        # On the phone: choose a page in the sidebar; the sidebar then closes by itself.
        assert submit_login(phone, "burgemeester.venlo", PASSWORD)
        open_sidebar(phone)
        phone.locator(MENU).filter(has=phone.get_by_text("Zaken", exact=True)).first.click()
        phone.get_by_role("heading", name="Zaken", exact=True).wait_for(timeout=30_000)
        phone.wait_for_function(f"""() => !document.querySelector('{SIDEBAR_OPEN}')""", timeout=10_000)
        settle(phone)
        phone.screenshot(path=str(screenshots_dir / "first-start-zaken-390.png"))
