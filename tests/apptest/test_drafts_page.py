"""A half-filled melding is not lost (issue 7, Reliability): a new session of the same user (closed tab,
expired login) finds the values back with "Concept hervat van …"; another user does not see them;
"Concept weggooien" empties the form; a registered melding leaves no draft behind."""
from __future__ import annotations

from datetime import date

import pytest
import streamlit as st

from tests.apptest.conftest import login_as


@pytest.fixture
def fresh_db(_template_db, tmp_path, monkeypatch):
    path = tmp_path / "drafts.duckdb"
    path.write_bytes(_template_db.read_bytes())
    st.cache_resource.clear()
    monkeypatch.setenv("WTH_DB_PATH", str(path))
    return path


def _melding(username: str = "hovj.noord", role: str = "hovj"):
    at = login_as(username, role)
    at.run()
    at.switch_page("pages/melding.py")
    at.run()
    assert not at.exception
    return at


def _info(at) -> str:
    return " ".join(i.value for i in at.info)


def test_half_filled_melding_comes_back_in_a_new_session(fresh_db):
    a = _melding()
    assert "Concept hervat" not in _info(a)
    a.text_input(key="mf_street").input("Concepthof").run()
    a.text_input(key="mf_person_surname").input("Halfweg <b>vet</b>").run()
    a.date_input(key="mf_person_birth_date").set_value(date(1979, 4, 5)).run()
    a.checkbox(key="mf_q_domestic").check().run()
    a.text_area(key="mf_incident_description").input("Half ingevuld, toen ging de telefoon.").run()
    assert not a.exception and not a.error
    # the tab is closed: a new session of the same user
    b = _melding()
    assert "Concept hervat van" in _info(b)
    assert b.text_input(key="mf_street").value == "Concepthof"
    assert b.text_input(key="mf_person_surname").value == "Halfweg <b>vet</b>"
    assert b.date_input(key="mf_person_birth_date").value == date(1979, 4, 5)
    assert b.checkbox(key="mf_q_domestic").value is True
    assert b.text_area(key="mf_incident_description").value == "Half ingevuld, toen ging de telefoon."
    # another user sees nothing of it
    other = _melding("politie.noord", "politie")
    assert "Concept hervat" not in _info(other)
    assert other.text_input(key="mf_street").value == ""
    # throw it away: the form is empty, and a next session starts empty too
    b.button(key="_draft_discard_melding").click().run()
    assert not b.exception
    assert b.text_input(key="mf_street").value == ""
    assert "Concept hervat" not in _info(b)
    c = _melding()
    assert c.text_input(key="mf_street").value == "" and "Concept hervat" not in _info(c)


def test_registered_melding_leaves_no_draft(fresh_db):
    a = _melding()
    a.selectbox(key="mf_municipality_code").set_value("GM0983")
    for k, v in {"mf_street": "Kerkstraat", "mf_house_number": "3", "mf_postcode": "5911 AB", "mf_city": "Venlo",
                 "mf_person_given_names": "Piet", "mf_person_surname": "Concept", "mf_m0_name": "Ans Concept",
                 "mf_m0_basis": "BRP"}.items():
        a.text_input(key=k).input(v)
    a.text_area(key="mf_incident_description").input("Duwen en bedreigen van de partner (synthetisch).")
    a.date_input(key="mf_person_birth_date").set_value(date(1975, 1, 1))
    a.selectbox(key="mf_m0_relation").set_value("partner")
    a.selectbox(key="mf_m0_residence").set_value("woont")
    a.selectbox(key="mf_m0_threatened").set_value("ja")
    for k in ("mf_q_domestic", "mf_q_resident", "mf_q_adult"):
        a.checkbox(key=k).check()
    a.run()
    a.button[[b.label for b in a.button].index("Melding registreren")].click().run()
    assert not a.exception
    assert any("is geregistreerd" in s.value for s in a.success), [e.value for e in a.error]
    b = _melding()
    assert "Concept hervat" not in _info(b) and b.text_input(key="mf_street").value == ""


from tests.apptest.test_lifecycle_pages import served_db  # noqa: E402,F401 - fixture


def test_extension_and_event_forms_keep_their_draft(served_db):
    _, case_id = served_db[0], served_db[1]
    a = login_as("burgemeester.venlo", "burgemeester")
    a.run()
    a.switch_page("pages/verlenging.py")
    a.run()
    a.text_area(key=f"vl_{case_id}_reasons").input("Half geschreven motivering voor de verlenging").run()
    assert not a.exception
    b = login_as("burgemeester.venlo", "burgemeester")
    b.run()
    b.switch_page("pages/verlenging.py")
    b.run()
    assert "Concept hervat van" in _info(b)
    assert b.text_area(key=f"vl_{case_id}_reasons").value == "Half geschreven motivering voor de verlenging"

    h = login_as("hovj.noord", "hovj")
    h.run()
    h.switch_page("pages/gebeurtenissen.py")
    h.run()
    h.text_area(key=f"ev_{case_id}_note").input("Sleutels worden morgen opgehaald").run()
    assert not h.exception
    h2 = login_as("hovj.noord", "hovj")
    h2.run()
    h2.switch_page("pages/gebeurtenissen.py")
    h2.run()
    assert h2.text_area(key=f"ev_{case_id}_note").value == "Sleutels worden morgen opgehaald"
