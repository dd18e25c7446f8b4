"""One reusable "ask first" step for irreversible acts (issue 14, point 2): a box naming case, person and consequence.
Implements no article itself; shows the texts of procedure/domain/confirmations.py (art. 2 lid 1 and 9, art. 9, 10 Wth).

The act's button only opens the box, with two buttons, "Ja, …" and "Annuleren". It works the same on a desktop and
a 390 px phone (it is inline, right below the button, no pop-up to scroll past).
"""
from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from procedure.domain.confirmations import Confirmation
from ui.common import escape_md


def _ask(key: str, check: Callable[[], bool] | None, seen: Any) -> None:
    st.session_state[key + "_seen"] = seen
    st.session_state[key] = check is None or bool(check())


def seen(key: str, default: Any = None) -> Any:
    """The ``seen`` value of :func:`confirm_button` ``key`` as it was when the user first clicked (e.g. the case
    version the form showed): send that, so a change by someone else in the meantime is still refused as
    "intussen gewijzigd" instead of being signed over."""
    value = st.session_state.get(f"_confirm_{key}_seen")
    return default if value is None else value


def _cancel(key: str) -> None:
    st.session_state[key] = False


def _confirm(key: str, action: Callable[[], None]) -> None:
    st.session_state[key] = False
    action()


def confirm_button(label: str, key: str, confirmation: Callable[[], Confirmation], action: Callable[[], None], *,
                   primary: bool = True, disabled: bool = False, check: Callable[[], bool] | None = None,
                   seen: Any = None) -> None:
    """A button ``label`` that first asks. ``confirmation`` builds the question from what is on screen now (called
    only while asking, so it shows the values that will be used); ``action`` runs only after "Ja, …".
    ``key`` must be unique on the page (the state of the question lives under it). ``check`` (optional) runs on the
    first click; when it returns False nothing is asked (it has put its message beside the field). ``seen`` (e.g.
    the version of the case on screen) is kept from that first click: read it in ``action`` with :func:`seen`."""
    ss = st.session_state
    ask_key = f"_confirm_{key}"
    st.button(label, key=key, type="primary" if primary else "secondary", disabled=disabled, on_click=_ask,
              args=(ask_key, check, seen))
    if not ss.get(ask_key):
        return
    q = confirmation()
    with st.container(border=True, key=f"confirm_box_{key}"):
        st.warning(escape_md(q.text), icon=":material/warning:")
        c1, c2 = st.columns(2)
        c1.button(q.confirm, key=f"{key}_yes", type="primary", on_click=_confirm, args=(ask_key, action),
                  width="stretch")
        c2.button("Annuleren", key=f"{key}_no", on_click=_cancel, args=(ask_key,), width="stretch")
