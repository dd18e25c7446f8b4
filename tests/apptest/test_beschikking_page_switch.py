"""The beschikking's texts after another page (issue 17, "Typed text disappears"): Streamlit forgets a page's widget
values when the user leaves it, but the page remembered that it had loaded the case; it came back with empty fields
and its completeness check read them as missing, one "Concept opslaan" away from overwriting the saved texts.
The Veilig Thuis consult fields, saved only by their own button, are kept as a draft."""
from __future__ import annotations

import pytest

from tests.apptest.conftest import case_database, login_as

FACTS = "Op 12 mei 2026 om 13:40 uur duwde betrokkene zijn partner tegen de muur (synthetisch)."


@pytest.fixture
def draft_db(_template_db, tmp_path, monkeypatch):
    path, case_id, _ = case_database(_template_db, tmp_path, monkeypatch, until="rihg",
                                  child_abuse_ground="onbekend")          # the Veilig Thuis consult is asked
    return path, case_id


def _beschikking():
    """A new session of the HOvJ on *Beschikking opstellen*."""
    at = login_as("hovj.noord", "hovj")
    at.run()
    at.switch_page("pages/beschikking.py")
    at.run()
    assert not at.exception
    return at


def test_texts_come_back_after_another_page(draft_db):
    _, case_id = draft_db
    p = f"bs_{case_id}_"
    at = _beschikking()
    at.text_area(key=p + "facts").input(FACTS).run()
    vt = ["vt_with", "vt_outcome"]
    for k in vt:
        at.text_input(key=p + k).input(f"{k} (synthetisch)").run()
    at.switch_page("pages/zaken.py")
    at.run()
    at.switch_page("pages/beschikking.py")
    at.run()
    assert not at.exception
    assert at.text_area(key=p + "facts").value == FACTS
    for k in vt:
        assert at.text_input(key=p + k).value == f"{k} (synthetisch)", k
    # a new session (closed tab, new login): the facts from the case, the consult fields from the draft
    again = _beschikking()
    assert again.text_area(key=p + "facts").value == FACTS
    assert any("Concept hervat" in i.value for i in again.info), [i.value for i in again.info]
    for k in vt:
        assert again.text_input(key=p + k).value == f"{k} (synthetisch)", k
