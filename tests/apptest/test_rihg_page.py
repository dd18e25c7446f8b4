"""The RiHG page says what is missing where the user is: at the signal and at the button he clicked
(the summary at the top of this long page is out of sight), and the message goes once it is fixed (R01)."""
from __future__ import annotations

import pytest

from tests.apptest.conftest import case_database, login_as


@pytest.fixture
def melding_db(_template_db, tmp_path, monkeypatch):
    return case_database(_template_db, tmp_path, monkeypatch, until="melding")[1]


def test_missing_source_is_shown_at_the_signal_and_at_the_button(melding_db):
    case_id = melding_db
    p = f"rh_{case_id}_"
    at = login_as("hovj.noord", "hovj")
    at.run()
    at.switch_page("pages/rihg.py")
    at.run()
    assert not at.exception
    at.radio(key=p + "col_B3").set_value("rood")
    at.run()
    at.text_input(key=f"{p}fd_B3_0").input("Hij dreigde haar iets aan te doen")   # a fact, but no source
    at.radio(key=p + "decision").set_value("ja")
    at.run()
    at.button[[b.label for b in at.button].index("RiHG afronden en besluiten")].click()
    at.run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]
    at_signal = [e for e in errors if e.startswith("Signaal B3") and "bron" in e]
    at_button = [e for e in errors if e.startswith("Nog niet compleet") and "Signaal B3" in e]
    assert at_signal and at_button, errors
    # fixing it removes the message at the signal
    at.text_input(key=f"{p}fs_B3_0").input("PV 2026-0042")
    at.run()
    assert not [e for e in at.error if e.value.replace("\\", "").startswith("Signaal B3") and "bron" in e.value]
