"""Access in the browser (issues 7 and 11): after 3 wrong passwords the address that failed waits (also with the right
password) while the same user logs in from another address; a user deactivated on the beheer page is logged out on
his next click; logout survives a reload; forged, foreign and old cookies show the login form, never an exception.
Screenshots at 1366 px in tests/e2e/screenshots (access-*)."""
from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, nginx_proxy, streamlit_server
from tests.e2e.test_main_path import PASSWORD, expect_login_form, login, logout, settle


ATTACKER, MAYOR_HOME = "198.51.100.66", "203.0.113.10"


@pytest.fixture(scope="module")
def access_server(tmp_path_factory):
    """A server on a small pre-seeded demo database (4 cases, cheap bcrypt): the app starts in seconds. Also behind
    nginx, as in production, with one port per pretended client address."""
    from data.seed import create_demo
    from store.db import Database

    tmp = tmp_path_factory.mktemp("wth-access")
    db = Database(tmp / "wth.duckdb")
    create_demo(db, n_cases=4, password_rounds=4)
    db.close()
    # nginx on this machine is the one proxy whose X-Forwarded-For counts (ui.config.throttle_address)
    with streamlit_server(tmp / "wth.duckdb", tmp / "streamlit.log", {"WTH_TRUSTED_PROXY": "127.0.0.1"}) as url:
        with nginx_proxy(url, [ATTACKER, MAYOR_HOME], tmp / "nginx") as proxied:
            yield url, dict(zip([ATTACKER, MAYOR_HOME], proxied))


@pytest.fixture(scope="module")
def access_url(access_server):
    return access_server[0]


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


def test_lockout_deactivation_and_logout(access_server, browser, screenshots_dir):
    app_url, via = access_server
    t0 = time.monotonic()
    # 1. throttling falls on the address that failed (through nginx: X-Forwarded-For, trusted as WTH_TRUSTED_PROXY)
    ctx = browser.new_context(viewport=DESKTOP)
    page = ctx.new_page()
    page.goto(via[ATTACKER])
    page.get_by_label("Gebruikersnaam", exact=True).wait_for(timeout=120_000)
    answers = []
    # a click in the first session after a server start can be lost (known, see test_main_path): retry up to 8
    while len(answers) < 8 and not (answers and "Te veel" in answers[-1]):
        answers.append(_try_login(page, "oov.roermond", "verkeerd-wachtwoord"))
    assert answers[0] in ("Gebruikersnaam of wachtwoord is onjuist.", "(geen reactie)")
    assert "Te veel mislukte pogingen vanaf dit adres" in answers[-1], answers
    assert len([a for a in answers if "onjuist" in a]) == 2, answers          # the 3rd failure makes it wait
    assert "vanaf dit adres" in _try_login(page, "oov.roermond", PASSWORD)   # right password, this address waits
    page.screenshot(path=str(screenshots_dir / "access-lockout-1366.png"))
    ctx.close()
    # ... the same user from another address is not held up
    other = browser.new_context(viewport=DESKTOP)
    page = other.new_page()
    page.goto(via[MAYOR_HOME])
    page.get_by_label("Gebruikersnaam", exact=True).wait_for(timeout=60_000)
    assert _try_login(page, "oov.roermond", PASSWORD) == ""
    # the browser now carries a device cookie: a correct password from it is never held up by others' failures
    page.wait_for_timeout(1000)
    assert "wth_device" in {c["name"] for c in other.cookies()}, other.cookies()
    other.close()

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
    # each field is sent on blur and reruns the page: wait for that rerun before the next field, or a fill that
    # lands in it is lost (a test artefact that failed CI once; a person doesn't type within the rerun)
    for label, value in (("Nieuwe gebruikersnaam", name), ("Naam", "T. Tab (e2e)"), ("E-mailadres", "tab@example.org")):
        field = page.get_by_label(label, exact=True).first
        field.fill(value)
        page.keyboard.press("Tab")
        settle(page)
        assert field.input_value() == value, label
    for label, choice in (("Rol", "Hulpofficier van justitie"), ("Subregio", "Noord-Limburg")):
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
        for _ in range(2):
            box.locator("input").click()
            page.keyboard.type(choice)
            time.sleep(0.3)
            page.keyboard.press("Enter")
            settle(page)
            if choice in box.locator("input").input_value():
                break
        assert choice in box.locator("input").input_value(), f"{label}: {box.locator('input').input_value()!r}"
    pw.fill("Sterk-tijdelijk-2026!")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Gebruiker aanmaken").click()
    settle(page)
    alerts = _alerts(page)
    assert not any("Vul een wachtwoord in" in a for a in alerts), alerts
    assert any(f"Gebruiker {name} is aangemaakt" in a for a in alerts), alerts
    page.screenshot(path=str(screenshots_dir / f"access-newuser-created-{w}.png"))
    ctx.close()


def _cookie(ctx, name: str = "wth_login") -> dict | None:
    return next((c for c in ctx.cookies() if c["name"] == name), None)


def test_forged_and_old_cookies_show_the_login_form(access_url, browser, screenshots_dir):
    """Garbage, ``alg: none``, a token signed with another key and one signed with the real key but without a
    server-side session: each shows the login form, no exception. A real cookie survives a reload; after logout
    the same cookie, put back, logs nobody in. The cookie is SameSite=Strict (Secure only over https; HttpOnly is
    impossible for a cookie set from the browser, see README)."""
    import base64
    import json

    import jwt

    host = access_url.split("://", 1)[1].split(":")[0]

    def b64(o) -> str:
        return base64.urlsafe_b64encode(json.dumps(o).encode()).rstrip(b"=").decode()
    claims = {"username": "beheer", "exp_date": time.time() + 86400 * 365, "sid": "verzonnen"}
    forged = {
        "rommel": "dit-is-geen-token",
        "alg-none": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}.",
        "andere-sleutel": jwt.encode(claims, "een-andere-sleutel-" + "x" * 40, algorithm="HS256"),
        "zonder-sessie": jwt.encode({"username": "beheer", "exp_date": claims["exp_date"]}, "x" * 48,
                                    algorithm="HS256"),
    }
    for name, value in forged.items():
        ctx = browser.new_context(viewport=DESKTOP)
        ctx.add_cookies([{"name": "wth_login", "value": value, "domain": host, "path": "/"}])
        page = ctx.new_page()
        page.goto(access_url)
        expect_login_form(page)
        assert not page.locator('[data-testid="stException"]').count(), name
        assert "Traceback" not in page.content(), name
        if name == "alg-none":
            page.screenshot(path=str(screenshots_dir / "access-forged-cookie-1366.png"))
        ctx.close()

    ctx = browser.new_context(viewport=DESKTOP)
    page = ctx.new_page()
    login(page, access_url, "manager.venlo")
    end = time.monotonic() + 10
    while _cookie(ctx) is None and time.monotonic() < end:
        time.sleep(0.2)
    c = _cookie(ctx)
    assert c and c["sameSite"] == "Strict" and not c["secure"], c
    assert c["expires"] - time.time() <= 12 * 3600 + 120           # no longer than the server-side session
    page.reload()
    page.get_by_role("button", name="Uitloggen").wait_for(timeout=30_000)     # the real cookie logs in
    settle(page)   # the cookie login's rerun must be done, or the click on Uitloggen lands in it and is lost
    logout(page)
    ctx.add_cookies([{"name": "wth_login", "value": c["value"], "domain": host, "path": "/"}])   # put it back
    page.reload()
    expect_login_form(page)
    assert not page.locator('[data-testid="stException"]').count()
    ctx.close()
