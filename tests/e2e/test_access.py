"""Access in the browser (issue 7): lockout message after 5 wrong passwords (also for the right one
then), a user deactivated on the beheer page is logged out on his next click, and logout survives a
reload. Screenshots at 1366 px in tests/e2e/screenshots (access-*)."""
from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, streamlit_server
from tests.e2e.test_main_path import PASSWORD, expect_login_form, login, logout, settle


@pytest.fixture(scope="module")
def access_url(tmp_path_factory):
    """A server on a small pre-seeded demo database (4 cases, cheap bcrypt): the app starts in seconds."""
    from data.seed import create_demo
    from store.db import Database

    tmp = tmp_path_factory.mktemp("wth-access")
    db = Database(tmp / "wth.duckdb")
    create_demo(db, n_cases=4, password_rounds=4)
    db.close()
    with streamlit_server(tmp / "wth.duckdb", tmp / "streamlit.log") as url:
        yield url


def _try_login(page, username: str, password: str) -> str:
    """Submit the form; the text of the alert that follows ("" when logged in)."""
    settle(page)
    page.get_by_label("Gebruikersnaam", exact=True).fill(username)
    page.get_by_role("textbox", name="Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    settle(page)                                  # the old alert stays until the rerun replaces it
    end = time.monotonic() + 15
    while time.monotonic() < end:
        if page.get_by_role("button", name="Uitloggen").count():
            return ""
        alerts = page.locator('[data-testid="stAlert"]').filter(has_text="ogingen").all_inner_texts() + \
            page.locator('[data-testid="stAlert"]').filter(has_text="onjuist").all_inner_texts()
        if alerts:
            settle(page)
            return alerts[-1]
        time.sleep(0.2)
    return "(geen reactie)"


def test_lockout_deactivation_and_logout(access_url, browser, screenshots_dir):
    app_url = access_url
    t0 = time.monotonic()
    # 1. lockout, with the same message whether or not the name exists
    ctx = browser.new_context(viewport=DESKTOP)
    page = ctx.new_page()
    page.goto(app_url)
    page.get_by_label("Gebruikersnaam", exact=True).wait_for(timeout=120_000)
    answers = []
    # a click in the first session after a server start can be lost (known, see test_main_path): retry up to 8
    while len(answers) < 8 and not (answers and "Te veel" in answers[-1]):
        answers.append(_try_login(page, "oov.roermond", "verkeerd-wachtwoord"))
    assert answers[0] in ("Gebruikersnaam of wachtwoord is onjuist.", "(geen reactie)")
    assert "Te veel mislukte pogingen" in answers[-1], answers
    assert len([a for a in answers if "onjuist" in a]) == 4, answers          # the 5th failure locks
    assert "geblokkeerd" in _try_login(page, "oov.roermond", PASSWORD)       # right password, still locked
    page.screenshot(path=str(screenshots_dir / "access-lockout-1366.png"))
    ctx.close()

    # 2. a logged-in user is deactivated by the beheerder: his next click shows the login form
    ca = browser.new_context(viewport=DESKTOP)
    user = ca.new_page()
    login(user, app_url, "politie.midden")
    user.reload()
    user.get_by_role("button", name="Uitloggen").wait_for(timeout=30_000)     # the cookie keeps the login
    cb = browser.new_context(viewport=DESKTOP)
    adm = cb.new_page()
    login(adm, app_url, "beheer")
    adm.goto(app_url + "/gebruikers")
    settle(adm)
    sel = adm.locator('[data-testid="stSelectbox"]').filter(has_text="Gebruiker").last
    sel.scroll_into_view_if_needed()
    sel.locator("input").click()
    adm.keyboard.type("politie.midden")
    adm.keyboard.press("Enter")
    settle(adm)
    adm.get_by_role("button", name="Deactiveren").click()
    settle(adm)
    assert adm.get_by_text("politie.midden is gedeactiveerd").count()
    adm.screenshot(path=str(screenshots_dir / "access-deactivated-1366.png"))
    user.get_by_role("link", name="Zaken").first.click()
    settle(user)
    expect_login_form(user)
    assert not user.locator('[data-testid="stException"]').count()
    user.reload()
    expect_login_form(user)                       # his cookie no longer logs in either
    ca.close()

    # 3. logout is effective after a reload
    logout(adm)
    adm.reload()
    expect_login_form(adm)
    adm.screenshot(path=str(screenshots_dir / "access-after-logout-reload-1366.png"))
    cb.close()
    print(f"\naccess e2e: {time.monotonic() - t0:.0f} s")


def _alerts(page) -> list[str]:
    return [a for a in page.locator('[data-testid="stAlert"]').all_inner_texts() if a.strip()]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_new_user_with_tab_before_the_click(access_url, browser, screenshots_dir, viewport):
    """A new user found: type the temporary password, press Tab, click "Gebruiker aanmaken" -> "Vul een
    wachtwoord in." (Tab moves to the field's own eye button: no blur, so the value was never sent), and a
    refused submit collapsed the "Nieuwe gebruiker" section with its field messages. Screenshots
    access-newuser-*."""
    w = viewport["width"]
    ctx = browser.new_context(viewport=viewport)
    page = ctx.new_page()
    login(page, access_url, "beheer")
    page.goto(access_url + "/gebruikers")
    settle(page)
    page.get_by_text("Nieuwe gebruiker", exact=True).first.click()
    settle(page)
    pw = page.get_by_role("textbox", name="Tijdelijk wachtwoord")
    # 1. refused (only a short password): the section stays open with the messages beside the fields
    pw.fill("kort")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Gebruiker aanmaken").click()
    settle(page)
    assert any("meldingen bij de velden" in a for a in _alerts(page)), _alerts(page)
    assert pw.is_visible() and page.get_by_text("Naam is verplicht.").is_visible()
    page.get_by_text("Het wachtwoord moet minimaal 12 tekens lang zijn.").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots_dir / f"access-newuser-refused-{w}.png"))
    # 2. everything filled, the password last, Tab, then the click
    name = f"tab.e2e{w}"
    page.get_by_label("Nieuwe gebruikersnaam").fill(name)
    page.keyboard.press("Tab")
    page.get_by_label("Naam", exact=True).first.fill("T. Tab (e2e)")
    page.keyboard.press("Tab")
    page.get_by_label("E-mailadres").first.fill("tab@example.org")
    page.keyboard.press("Tab")
    settle(page)
    for label, choice in (("Rol", "Hulpofficier van justitie"), ("Subregio", "Noord-Limburg")):
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
        box.locator("input").click()
        page.keyboard.type(choice)
        time.sleep(0.3)
        page.keyboard.press("Enter")
        settle(page)
    pw.fill("Sterk-tijdelijk-2026!")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Gebruiker aanmaken").click()
    settle(page)
    alerts = _alerts(page)
    assert not any("Vul een wachtwoord in" in a for a in alerts), alerts
    assert any(f"Gebruiker {name} is aangemaakt" in a for a in alerts), alerts
    page.screenshot(path=str(screenshots_dir / f"access-newuser-created-{w}.png"))
    ctx.close()
