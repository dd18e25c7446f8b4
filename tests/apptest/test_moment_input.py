"""The one date + time input (ui/moment.py) applies the DST rule on screen (issue 14, point 3): the repeated autumn
hour asks zomertijd / wintertijd with nothing preselected, the spring gap is refused naming the valid time, and what
was typed stays."""
from __future__ import annotations

from datetime import date, time

from streamlit.testing.v1 import AppTest


def _script():
    from datetime import date, time

    import streamlit as st

    from ui.moment import moment_input, moment_value

    moment_input("d", "t", default_date=date(2026, 10, 25), default_time=time(1, 30))
    if st.button("Vastleggen"):
        at = moment_value("d", "t", form="f", field="at", label="Moment van uitreiking")
        if at is None:
            st.error(st.session_state["errors"]["f"]["at"])
        else:
            st.success(at.isoformat())


def _go(at: AppTest) -> AppTest:
    at.button[0].click()
    at.run()
    assert not at.exception
    return at


def test_repeated_hour_asks_which_and_uses_the_answer():
    at = AppTest.from_function(_script)
    at.run()
    assert not at.radio                                  # 01:30 happened once: no question
    at.time_input(key="t").set_value(time(2, 30))
    at.run()
    assert len(at.radio) == 1 and at.radio[0].value is None and "twee keer" in at.radio[0].label
    _go(at)
    assert "kwam twee keer voor" in at.error[0].value and at.time_input(key="t").value == time(2, 30)
    at.radio[0].set_value("wintertijd")
    _go(at)
    assert at.success[0].value == "2026-10-25T02:30:00+01:00"
    at.radio[0].set_value("zomertijd")
    _go(at)
    assert at.success[0].value == "2026-10-25T02:30:00+02:00"


def test_spring_gap_is_refused_naming_the_valid_time():
    at = AppTest.from_function(_script)
    at.run()
    at.date_input(key="d").set_value(date(2026, 3, 29))
    at.time_input(key="t").set_value(time(2, 30))
    at.run()
    assert not at.radio
    _go(at)
    assert "bestaat niet" in at.error[0].value and "Bedoelt u 03:30 (zomertijd)?" in at.error[0].value
    assert at.time_input(key="t").value == time(2, 30)
