"""Every page renders for every role allowed, without exception; other roles don't get the page,
and the service refuses the action anyway."""
from __future__ import annotations

import pytest

from procedure.domain.errors import NotAuthorized
from procedure.domain.roles import PAGES, Page, Role, pages_for
from tests.apptest.conftest import ROOT, login_as

USERS = {
    Role.POLITIE: "politie.noord", Role.HOVJ: "hovj.noord", Role.BURGEMEESTER: "burgemeester.venlo",
    Role.LOCO_BURGEMEESTER: "loco.venlo", Role.GEMEENTE: "oov.venlo", Role.CASEMANAGER: "casemanager.noord",
    Role.PROCESMANAGER: "procesmanager.midden", Role.VEILIG_THUIS: "veiligthuis.noord",
    Role.MANAGER: "manager.regio", Role.BELEIDSADVISEUR: "beleid.regio", Role.BEHEERDER: "beheer",
}
ALLOWED = [(role, page) for role in Role for page in pages_for(role)]
DENIED = [(role, page) for role in Role for page in Page if role not in PAGES[page]]


def page_path(page: Page) -> str:
    return f"pages/{page.value}.py"


def test_every_role_has_a_demo_user():
    assert set(USERS) == set(Role)


@pytest.mark.parametrize("role,page", ALLOWED, ids=lambda x: str(x))
def test_allowed_page_renders(role, page):
    at = login_as(USERS[role], role.value)
    at.run()
    at.switch_page(page_path(page))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value   # the page drew its heading
    assert not [e.value for e in at.error], [e.value for e in at.error]


@pytest.mark.parametrize("role,page", DENIED, ids=lambda x: str(x))
def test_denied_page_not_registered(role, page):
    at = login_as(USERS[role], role.value)
    at.run()
    with pytest.raises(ValueError):
        at.switch_page(page_path(page))


def test_login_form_shown_without_session():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    labels = [t.label for t in at.text_input]
    assert "Gebruikersnaam" in labels and "Wachtwoord" in labels
    assert any("synthetisch" in i.value for i in at.info)   # demo mode says the data is synthetic


def test_deactivated_user_session_goes_back_to_login(demo_db_path):
    at = login_as("ghost.user", "hovj")
    at.run()
    assert not at.exception
    assert "actor" not in at.session_state


def test_service_refuses_actions_of_roles_without_the_page(demo_db_path):
    """Hiding a page protects nothing by itself: the service checks the role again."""
    from data.seed import actor_for
    from procedure.app import WthApp
    from store.db import Database
    import streamlit as st

    st.cache_resource.clear()
    db = Database(demo_db_path)
    try:
        app = WthApp(db)
        case = next(r for r in db.query("SELECT id, version FROM hv_case WHERE state = 'besluit' "
                                        "AND decided_at IS NULL"))
        for username in ("politie.noord", "oov.venlo", "casemanager.noord"):
            with pytest.raises(NotAuthorized):
                app.decision.sign(actor_for(db, username), case["id"], case["version"])
        with pytest.raises(NotAuthorized):
            app.intake.create_melding(actor_for(db, "oov.venlo"), {})
        with pytest.raises(NotAuthorized):
            app.statistics.statistics(actor_for(db, "hovj.noord"))
        with pytest.raises(NotAuthorized):
            app.users.users(actor_for(db, "burgemeester.venlo"))
        with pytest.raises(NotAuthorized):
            app.lists.list_cases(actor_for(db, "beleid.regio"))
    finally:
        db.close()
