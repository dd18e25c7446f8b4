"""Access with AppTest (issue 7): the pages per role (every role × every page), the login form with
lockout, the idle timeout with an injected clock (input kept), logout, a deactivated user's session,
and the beheer and audit pages at work."""
from __future__ import annotations

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from procedure.domain.roles import PAGES, Page, Role
from procedure.services import accounts
from tests.apptest.conftest import ROOT, html_tables, login_as
from tests.apptest.test_pages import USERS

PW = "Demo-Wth-2026!"
CELLS = {"pages": 0}


def fresh() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def go(at: AppTest) -> AppTest:
    """Rerun through app.py (the login checks live there). With a pages/ folder, AppTest reruns only the
    last page's file after a multipage run; clearing the requested page makes it start at app.py again,
    which then shows the role's first page."""
    at._page_hash = ""
    at._finished_page_script_hash = ""
    return at.run()


def page(at: AppTest, path: str) -> AppTest:
    """Run one page (as the other AppTests do: page file only, with the session app.py left)."""
    at.switch_page(path)
    return at.run()


def service(demo_db_path):
    """The app's own service on the app's cached database (a second connection can't open the file)."""
    from procedure.app import WthApp
    from ui import common
    return WthApp(common._open(demo_db_path, True))


def submit_login(at: AppTest, username: str, password: str) -> AppTest:
    box = {t.label: t for t in at.text_input}
    box["Gebruikersnaam"].input(username)
    box["Wachtwoord"].input(password)
    next(b for b in at.button if b.label == "Inloggen").click()
    return go(at)


def _plain(text: str) -> str:
    """A message as the user reads it (the app escapes Markdown in messages that may quote user text)."""
    return text.replace("\\", "")


def texts(at: AppTest) -> str:
    return " ".join([_plain(e.value) for e in at.error] + [i.value for i in at.info] + [s.value for s in at.success]
                    + [m.value for m in at.markdown])


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_pages_per_role_match_the_matrix(role):
    """Every page: registered for the roles of the matrix, unreachable (not registered) for the others."""
    at = login_as(USERS[role], role.value)
    at.run()
    assert not at.exception
    for page in Page:
        CELLS["pages"] += 1
        if role in PAGES[page]:
            at.switch_page(f"pages/{page.value}.py")
        else:
            with pytest.raises(ValueError):
                at.switch_page(f"pages/{page.value}.py")


def test_login_form_logs_in_and_backs_off_after_three_failures(demo_db_path):
    app = service(demo_db_path)
    beheer = accounts.actor_for(app.db, "beheer")
    app.users.create_user(beheer, {"username": "lock.test", "name": "L. Test", "email": "l@x.nl", "role": "politie",
                             "subregion": "Noord-Limburg", "password": "Slot-test-2026!"})
    at = fresh().run()
    for i in range(accounts.FREE_PER_PAIR - 1):
        submit_login(at, "lock.test", "fout-wachtwoord")
        assert "Gebruikersnaam of wachtwoord is onjuist." in [_plain(e.value) for e in at.error]
    submit_login(at, "lock.test", "fout-wachtwoord")
    assert any("Te veel mislukte pogingen" in _plain(e.value) for e in at.error)
    submit_login(at, "lock.test", "Slot-test-2026!")           # from this address even the right password waits
    assert any("vanaf dit adres" in _plain(e.value) for e in at.error)
    assert at.session_state["authentication_status"] is not True and not at.exception
    # an unknown name gets exactly the same answers
    at2 = fresh().run()
    answers = [submit_login(at2, "bestaat.niet", "x").error[0].value.replace('\\', '') for _ in range(accounts.FREE_PER_PAIR + 1)]
    assert answers[0] == "Gebruikersnaam of wachtwoord is onjuist." and "Te veel mislukte pogingen" in answers[-1]
    # the beheerder lifts the lock; then the first login asks for an own password
    app.users.unlock_user(beheer, "lock.test")
    at3 = fresh().run()
    submit_login(at3, "lock.test", "Slot-test-2026!")
    assert at3.session_state["authentication_status"] is True
    assert at3.title[0].value == "Kies een nieuw wachtwoord"
    box = {t.label: t for t in at3.text_input}
    box["Huidig (tijdelijk) wachtwoord"].input("Slot-test-2026!")
    box["Nieuw wachtwoord"].input("kort")
    box["Nieuw wachtwoord (herhaal)"].input("kort")
    next(b for b in at3.button if b.label == "Wachtwoord opslaan").click()
    go(at3)
    assert any("12 tekens" in _plain(e.value) for e in at3.error)
    box = {t.label: t for t in at3.text_input}
    box["Huidig (tijdelijk) wachtwoord"].input("Slot-test-2026!")
    box["Nieuw wachtwoord"].input("Mijn-eigen-wachtwoord-1")
    box["Nieuw wachtwoord (herhaal)"].input("Mijn-eigen-wachtwoord-1")
    next(b for b in at3.button if b.label == "Wachtwoord opslaan").click()
    go(at3)
    assert any("gewijzigd" in _plain(s.value) for s in at3.success)
    go(at3)
    assert not at3.exception and at3.title[0].value != "Kies een nieuw wachtwoord"


def test_idle_timeout_back_to_login_with_input_kept(demo_db_path, monkeypatch):
    base = accounts.utc_now()
    monkeypatch.setattr(accounts, "utc_now", lambda: base)
    monkeypatch.setenv("WTH_IDLE_MINUTES", "30")
    at = fresh().run()
    submit_login(at, "beheer", PW)
    assert at.session_state["authentication_status"] is True
    monkeypatch.setattr(accounts, "utc_now", lambda: base + timedelta(minutes=29))
    go(at)                                            # 29 minutes: still logged in
    assert at.session_state["authentication_status"] is True
    page(at, "pages/gebruikers.py")
    at.text_input(key="un_name").input("Half ingevuld (test)")
    at.run()
    monkeypatch.setattr(accounts, "utc_now", lambda: base + timedelta(minutes=29 + 31))
    go(at)                                            # 31 minutes after the last click: logged out
    assert at.session_state["authentication_status"] is not True and not at.exception
    assert any("30 minuten zonder activiteit" in _plain(i.value) for i in at.info)
    assert "Gebruikersnaam" in [t.label for t in at.text_input]
    submit_login(at, "beheer", PW)
    assert at.session_state["authentication_status"] is True
    page(at, "pages/gebruikers.py")
    assert at.text_input(key="un_name").value == "Half ingevuld (test)"


def test_logout_ends_the_session_server_side(demo_db_path):
    at = fresh().run()
    submit_login(at, "oov.roermond", PW)
    assert at.session_state["authentication_status"] is True
    next(b for b in at.button if b.label == "Uitloggen").click()
    go(at)
    assert at.session_state["authentication_status"] is not True
    assert any("uitgelogd" in _plain(i.value) for i in at.info)
    assert "Gebruikersnaam" in [t.label for t in at.text_input]
    app = service(demo_db_path)
    # every cookie issued before the logout is refused from now on (a reload can't log back in)
    assert accounts.cookie_refusal(app.db, "oov.roermond", accounts.utc_now() - timedelta(minutes=1),
                                   accounts.utc_now(), timedelta(minutes=30)) == ""


def test_deactivated_user_is_logged_out_on_the_next_click(demo_db_path):
    app = service(demo_db_path)
    beheer = accounts.actor_for(app.db, "beheer")
    app.users.create_user(beheer, {"username": "weg.test", "name": "W. Test", "email": "w@x.nl", "role": "politie",
                             "subregion": "Noord-Limburg", "password": "Weg-test-2026!!"})
    at = login_as("weg.test", "politie")
    at.run()
    assert "actor" in at.session_state
    app.users.set_user_active(beheer, "weg.test", False)
    go(at)
    assert not at.exception and not at.error
    assert "actor" not in at.session_state
    assert "Gebruikersnaam" in [t.label for t in at.text_input]


def test_beheer_page_creates_a_user_and_records_a_mandate(demo_db_path):
    at = login_as("beheer", "beheerder")
    at.run()
    at.switch_page("pages/gebruikers.py")
    at.run()
    assert not at.exception and [t.label for t in at.tabs] == ["Gebruikers", "Mandaten en vervanging", "Certificaten"]
    at.text_input(key="un_username").input("nieuw.apptest")
    at.text_input(key="un_name").input("N. AppTest")
    at.text_input(key="un_email").input("n@x.nl")
    at.selectbox(key="un_role").select(Role.HOVJ)
    at.run()
    at.selectbox(key="un_sub").select("Noord-Limburg")
    at.text_input(key="un_password").input("kort")
    at.button(key="un_save").click()
    at.run()
    assert any("12 tekens" in _plain(e.value) for e in at.error)                # the message beside the field
    assert at.text_input(key="un_name").value == "N. AppTest"          # input kept
    at.text_input(key="un_password").input("Goed-wachtwoord-2026")
    at.button(key="un_save").click()
    at.run()
    assert any("nieuw.apptest is aangemaakt" in _plain(s.value) for s in at.success), texts(at)
    # done: the form is empty again, the next user is not typed over the last one's name (issue 17)
    left = {k: at.text_input(key=k).value for k in ("un_username", "un_name", "un_email", "un_password")
            if at.text_input(key=k).value}
    assert not left and at.selectbox(key="un_role").value is None, left
    # mandate tab: the new HOvJ gets a mandate for Venray
    at.selectbox(key="md_holder").select("nieuw.apptest")
    at.selectbox(key="md_muni").select("GM0984")
    at.text_input(key="md_ref").input("MB-APPTEST-1")
    at.button(key="md_save").click()
    at.run()
    assert any("vastgelegd" in _plain(s.value) for s in at.success), texts(at)
    app = service(demo_db_path)
    m = [x for x in app.users.mandates(accounts.actor_for(app.db, "beheer")) if x["reference"] == "MB-APPTEST-1"]
    assert m and m[0]["holder_username"] == "nieuw.apptest" and m[0]["municipality_code"] == "GM0984"
    # deactivate from the page
    at.selectbox(key="ue_pick").select("nieuw.apptest")
    at.run()
    at.button(key="ue_nieuw.apptest_active").click()
    at.run()
    assert any("gedeactiveerd" in _plain(s.value) for s in at.success), texts(at)
    assert accounts.actor_for(app.db, "nieuw.apptest") is None
    assert not at.exception


def test_beheer_new_user_after_blur_and_refusal_keeps_password_and_open_section(demo_db_path):
    """A new user found: Tab out of the password, then click -> "Vul een wachtwoord in." (the browser's Tab
    lands on the field's own eye button, no blur, so the value never reached the server; the e2e test
    presses Tab). Here: the password fields stage every keystroke without a rerun, a rerun between typing
    and clicking keeps the password, and a refused submit keeps the section and the tab open."""
    at = login_as("beheer", "beheerder")
    at.run()
    at.switch_page("pages/gebruikers.py")
    at.run()
    for key in ("un_password", "ct_pass"):
        proto = at.text_input(key=key).proto
        assert proto.type == proto.PASSWORD and proto.ignore_rerun and proto.live_debounce_ms == 0, key
    # a refused submit: the section stays open (its field messages are visible), the input stays
    at.text_input(key="un_username").input("blur.apptest")
    at.text_input(key="un_password").input("kort")
    at.button(key="un_save").click()
    at.run()
    assert at.session_state["un_box"] is True
    assert any("12 tekens" in _plain(e.value) for e in at.error), texts(at)
    assert at.text_input(key="un_username").value == "blur.apptest"
    # the password first, then a rerun (the blur), then the other fields and the click
    at.text_input(key="un_password").input("Blur-wachtwoord-2026")
    at.run()
    at.text_input(key="un_name").input("B. Blur (test)")
    at.text_input(key="un_email").input("b@x.nl")
    at.selectbox(key="un_role").select(Role.HOVJ)
    at.run()
    at.selectbox(key="un_sub").select("Noord-Limburg")
    at.run()
    assert at.text_input(key="un_password").value == "Blur-wachtwoord-2026"
    at.button(key="un_save").click()
    at.run()
    assert any("blur.apptest is aangemaakt" in _plain(s.value) for s in at.success), texts(at)
    assert not [e for e in at.error if "wachtwoord" in _plain(e.value).lower()]
    # a refused mandate on the second tab: its messages, and no leftover messages of the first form
    at.button(key="md_save").click()
    at.run()
    assert any("Nummer van het besluit" in _plain(e.value) for e in at.error), texts(at)
    assert not any("12 tekens" in _plain(e.value) for e in at.error)
    assert not at.exception


def test_audit_page_filters_and_exports(demo_db_path):
    at = login_as("beheer", "beheerder")
    at.run()
    at.switch_page("pages/audit.py")
    at.run()
    assert not at.exception and not at.error
    assert html_tables(at) and len(html_tables(at)[0]) > 0
    at.selectbox(key="au_action").select("zaak_ingezien") if "zaak_ingezien" in at.selectbox(key="au_action").options \
        else None
    at.text_input(key="au_user").input("hovj.noord")
    at.run()
    df = html_tables(at)[0]
    assert set(df["Gebruiker"]) <= {"hovj.noord"}
    at.button(key="audit_make_csv").click()
    at.run()
    assert not at.exception
    app = service(demo_db_path)
    assert "auditlog_geexporteerd" in {r["action"] for r in app.audit_viewer.audit_log(accounts.actor_for(app.db, "beheer"))}


def test_zz_report_page_cells():
    print(f"\nAppTest page cells tried: {CELLS['pages']} ({len(Role)} roles × {len(Page)} pages)")
    assert CELLS["pages"] in (0, len(Role) * len(Page))
