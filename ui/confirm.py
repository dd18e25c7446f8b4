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


_CHANGED = "De gegevens zijn gewijzigd terwijl de vraag openstond. Er is nog niets gedaan: lees de vraag opnieuw."


def _ask(key: str, check: Callable[[], bool] | None, seen: Any, values: Callable[[], Any] | None) -> None:
    st.session_state[key + "_seen"] = seen
    st.session_state[key + "_changed"] = False
    st.session_state[key] = check is None or bool(check())
    if st.session_state[key] and values is not None:
        st.session_state[key + "_values"] = values()


def seen(key: str, default: Any = None) -> Any:
    """The ``seen`` value of :func:`confirm_button` ``key`` as it was when the user first clicked (e.g. the case
    version the form showed): send that, so a change by someone else in the meantime is still refused as
    "intussen gewijzigd" instead of being signed over."""
    value = st.session_state.get(f"_confirm_{key}_seen")
    return default if value is None else value


def named(key: str, default: Any = None) -> Any:
    """The values the question of :func:`confirm_button` ``key`` named (its ``values`` when asked, or re-asked):
    the act uses these, never what the inputs hold at the moment of "Ja" (those are equal, or the box asks again)."""
    value = st.session_state.get(f"_confirm_{key}_values")
    return default if value is None else value


def _cancel(key: str) -> None:
    st.session_state[key] = False


def _confirm(key: str, action: Callable[[], None], values: Callable[[], Any] | None) -> None:
    if values is not None:
        current = values()
        if current != st.session_state.get(key + "_values"):
            # the inputs changed while the box was open (or in the same run as "Ja"): ask again with the new values
            st.session_state[key + "_values"] = current
            st.session_state[key + "_changed"] = True
            return
    st.session_state[key] = False
    st.session_state[key + "_changed"] = False
    action()


def confirm_button(label: str, key: str, confirmation: Callable[..., Confirmation], action: Callable[[], None], *,
                   primary: bool = True, disabled: bool = False, check: Callable[[], bool] | None = None,
                   seen: Any = None, values: Callable[[], Any] | None = None) -> None:
    """A button ``label`` that first asks. ``confirmation`` builds the question (called only while asking); ``action``
    runs only after "Ja, …". ``key`` must be unique on the page (the state of the question lives under it).
    ``check`` (optional) runs on the first click; when it returns False nothing is asked (it has put its message beside
    the field). ``seen`` (e.g. the version of the case on screen) is kept from that first click: read it in ``action``
    with :func:`seen`.

    ``values`` (optional): the inputs the question names (e.g. the number of days). They are kept when asking and the
    question is built from them (``confirmation(values)``); on "Ja" they are compared with the inputs of that moment:
    when different, nothing is done and the box asks again with the new values. ``action`` reads them with
    :func:`named`, so what is signed is what was named."""
    ss = st.session_state
    ask_key = f"_confirm_{key}"
    st.button(label, key=key, type="primary" if primary else "secondary", disabled=disabled, on_click=_ask,
              args=(ask_key, check, seen, values))
    if not ss.get(ask_key):
        return
    q = confirmation(ss.get(ask_key + "_values")) if values is not None else confirmation()
    with st.container(border=True, key=f"confirm_box_{key}"):
        if ss.get(ask_key + "_changed"):
            st.info(_CHANGED, icon=":material/refresh:")
        st.warning(escape_md(q.text), icon=":material/warning:")
        c1, c2 = st.columns(2)
        c1.button(q.confirm, key=f"{key}_yes", type="primary", on_click=_confirm, args=(ask_key, action, values),
                  width="stretch")
        c2.button("Annuleren", key=f"{key}_no", on_click=_cancel, args=(ask_key,), width="stretch")
