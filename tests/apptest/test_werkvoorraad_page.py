"""'Openen' on a task goes to the page where that task is done, with that case selected."""
from __future__ import annotations

from tests.apptest.conftest import login_as


def test_open_a_signing_task_goes_to_ondertekenen_with_that_case():
    at = login_as("burgemeester.venlo", "burgemeester")
    at.run()
    assert not at.exception
    labels = [m.value for m in at.markdown]
    tasks = [m for m in labels if m.startswith("**Beschikking ondertekenen**")]
    if not tasks:   # the demo has a Venlo case awaiting signature; make the failure say so
        raise AssertionError(f"no signing task in the demo werkvoorraad: {labels[:5]}")
    case_id = tasks[-1].split(" · ")[1]
    index = [m for m in labels if " · HV-" in m].index(tasks[-1])
    at.button(key=f"open_{index}_{case_id}").click()
    at.run()
    assert not at.exception
    assert at.session_state["sign_pick"] == case_id
    assert at.title[0].value == "Ondertekenen"
