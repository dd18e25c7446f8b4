"""Two sessions editing the same case (issue 7, Reliability): the second save is refused with who
changed it, its input stays on screen, and the first save is not overwritten (no lost update).

Two AppTests in one process share the cached database, exactly like two browser tabs on one server."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.apptest.conftest import case_database, login_as

A_FACTS = ("Sessie A: op 12 mei 2026 omstreeks 13:40 uur heeft betrokkene zijn partner in de woonkamer bedreigd "
           "en tegen de muur geduwd; de dochter was aanwezig en belde de politie.")
B_FACTS = ("Sessie B: andere tekst over hetzelfde incident, die niet stilzwijgend over de tekst van sessie A "
           "heen mag worden geschreven, ook al is hij later opgeslagen.")


@pytest.fixture
def draft_db(_template_db, tmp_path, monkeypatch):
    """A case awaiting its beschikking in Venlo, and a second HOvJ of Noord-Limburg."""
    from store import repo

    def second_hovj(db):
        with db.transaction() as cur:
            repo.insert_user(cur, {"username": "hovj.noord2", "name": "Inspecteur B. Tweede (demo)",
                                   "email": "hovj.noord2@demo.invalid", "password_hash": "x", "role": "hovj",
                                   "subregion": "Noord-Limburg", "is_demo": True,
                                   "created_at": datetime.now(timezone.utc)})
    path, case_id, _ = case_database(_template_db, tmp_path, monkeypatch, until="rihg", extra=second_hovj)
    return path, case_id


def _open(username: str):
    at = login_as(username, "hovj")
    at.run()
    at.switch_page("pages/beschikking.py")
    at.run()
    assert not at.exception
    return at


def _stored_facts(path, case_id):
    import ui.common
    from store import repo

    db = ui.common._open(str(path), True)      # the process's cached store, as the app uses it
    return repo.get_case(db, case_id)["facts"], repo.get_case(db, case_id)["version"]


def test_second_save_is_refused_and_keeps_its_input(draft_db):
    path, case_id = draft_db
    key = f"bs_{case_id}_facts"
    a = _open("hovj.noord")
    b = _open("hovj.noord2")           # both loaded the same version of the case
    a.text_area(key=key).input(A_FACTS).run()
    assert not a.exception and not a.error
    facts, version = _stored_facts(path, case_id)
    assert facts == A_FACTS

    b.text_area(key=key).input(B_FACTS).run()
    assert not b.exception
    errors = [e.value.replace("\\", "") for e in b.error]      # messages are Markdown-escaped
    assert any("intussen gewijzigd door hovj.noord" in e for e in errors), errors
    assert b.text_area(key=key).value == B_FACTS          # B's input is still on the screen
    assert _stored_facts(path, case_id) == (A_FACTS, version)   # and A's save is not overwritten

    # B's other buttons are refused in the same way, never silently applied
    b.button[[x.label for x in b.button].index("Concept opslaan")].click().run()
    assert any("intussen gewijzigd" in e.value.replace("\\", "") for e in b.error)
    assert b.text_area(key=key).value == B_FACTS
    assert _stored_facts(path, case_id) == (A_FACTS, version)

    # B sees who changed it and resolves the conflict without retyping: his text goes over A's on purpose
    assert any("intussen gewijzigd" in w.value.replace("\\", "") for w in b.warning)
    b.button[[x.label for x in b.button].index("Mijn tekst opslaan over de nieuwe versie")].click().run()
    assert not b.exception
    facts, version2 = _stored_facts(path, case_id)
    assert facts == B_FACTS and version2 == version + 1
    # and A, now behind, gets the same choice; taking the new version shows B's text
    a.text_area(key=key).input(A_FACTS + " (nog een keer)").run()
    assert any("intussen gewijzigd door hovj.noord2" in e.value.replace("\\", "") for e in a.error)
    a.button[[x.label for x in a.button].index("De nieuwe versie laden (mijn tekst vervalt)")].click().run()
    assert not a.exception and a.text_area(key=key).value == B_FACTS

