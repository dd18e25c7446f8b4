"""The AppTest suite fails on deprecations (issue 12): the guard in conftest.py sees a Streamlit
deprecation notice and a Python DeprecationWarning raised while a script runs, even though pytest.ini
ignores DeprecationWarning elsewhere — and the app itself uses no deprecated Streamlit API."""
from __future__ import annotations

import warnings

from streamlit.testing.v1 import AppTest

from tests.apptest.conftest import login_as

_OLD_API = """
import warnings
import streamlit as st
import streamlit.components.v1 as components

components.html("<p>oud</p>", height=20)
warnings.warn("een verouderde functie", DeprecationWarning)
st.write("klaar")
"""


def test_the_guard_sees_streamlit_deprecations_and_python_warnings_from_a_script(no_deprecations):
    at = AppTest.from_string(_OLD_API, default_timeout=30)
    at.run()
    assert not at.exception and at.markdown[0].value == "klaar"
    assert any("st.components.v1.html" in m and "will be removed" in m for m in no_deprecations.messages())
    assert any(m.startswith("DeprecationWarning") and "een verouderde functie" in m for m in no_deprecations.messages())
    no_deprecations.clear()      # provoked on purpose: the guard itself must not fail this test


def test_the_guard_sees_a_warning_pytest_ini_would_ignore(no_deprecations):
    warnings.warn("buiten een script", DeprecationWarning)
    assert any("buiten een script" in m for m in no_deprecations.messages())
    no_deprecations.clear()


def test_a_logged_in_page_run_reports_no_deprecation(no_deprecations):
    """The app's own frame (login, navigation, the phone sidebar script) on a page with a table."""
    at = login_as("hovj.noord", "hovj")
    at.run()
    assert not at.exception
    assert no_deprecations.messages() == []
