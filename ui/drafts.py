"""Keep a half-filled form as a draft (issue 7: "nothing entered is ever lost").
Implements no article of the Wth.

One call before a form's widgets, :func:`keep`, does both halves:

* when the page opens without any of the form's values in the session (new session after a closed tab
  or an expired login, or coming back from another page — Streamlit forgets a page's widget values when
  it is left), the user's stored draft is put back and a notice "Concept hervat van <tijd>" with a
  button "Concept weggooien" is shown;
* otherwise the values typed so far (the session holds them at the start of every rerun, i.e. after
  each change) are saved when they changed.

After a successful submit the page calls :func:`done`.
"""
from __future__ import annotations

from typing import Iterable

import streamlit as st

from ui import common

TXT = {"resumed": "Concept hervat van {when}: u was dit formulier eerder begonnen. Controleer de gegevens.",
       "discard": "Concept weggooien", "discarded": "Het concept is weggegooid."}


def _values(prefix: str, skip: Iterable[str]) -> dict:
    ss = st.session_state
    return {k: ss[k] for k in list(ss.keys())
            if isinstance(k, str) and k.startswith(prefix) and not any(s in k for s in skip)}


def _discard(form_key: str, prefix: str, skip: tuple[str, ...]) -> None:
    ss = st.session_state
    for k in _values(prefix, skip):
        del ss[k]
    common.call(common.app().form_drafts.discard_form_draft, common.actor(), form_key)
    ss.pop(f"_draft_at_{form_key}", None)
    ss.pop(f"_draft_last_{form_key}", None)
    common.flash("info", TXT["discarded"])


def keep(form_key: str, prefix: str, *, skip: Iterable[str] = (), ignore: Iterable[str] = ()) -> None:
    """Restore or save the draft of one form. Call it before the form's widgets.

    Args:
        form_key: ``name`` or ``name:case-id`` (see :class:`procedure.services.form_drafts.FormDrafts`).
        prefix: the session keys of the form's widgets all start with this.
        skip: substrings of keys that are not values to keep (buttons: their state can't be set).
        ignore: keys whose value alone does not make a draft (defaults such as today's date, row counters); their
            presence alone does not stop the draft from being put back either.
    """
    ss = st.session_state
    skip = tuple(skip)
    ignore = set(ignore)
    app, actor = common.app(), common.actor()
    at_key, last_key = f"_draft_at_{form_key}", f"_draft_last_{form_key}"
    values = _values(prefix, skip)
    # Only the form's widgets count here: Streamlit drops their values when the user goes to another page, but plain
    # session keys of the form (a row counter such as ``mf_n``, listed in ``ignore``) stay. Counting those made a page
    # switch look like "everything emptied by hand": the draft was thrown away instead of put back (issue 17).
    if not any(k not in ignore for k in values):
        draft = common.call(app.form_drafts.form_draft, actor, form_key)
        if draft:
            for k, v in draft["values"].items():
                if k.startswith(prefix) and not any(s in k for s in skip):
                    ss[k] = v
            ss[at_key] = draft["saved_at"]
            ss[last_key] = draft["values"]
    else:
        typed = any(v not in (None, "", False, [], 0) for k, v in values.items() if k not in ignore)
        if typed and values != ss.get(last_key):
            if common.call(app.form_drafts.save_form_draft, actor, form_key, values) is not None:
                ss[last_key] = values
        elif not typed and ss.get(last_key):
            common.call(app.form_drafts.discard_form_draft, actor, form_key)     # everything emptied by hand
            ss.pop(last_key, None)
            ss.pop(at_key, None)
    if ss.get(at_key):
        c1, c2 = st.columns([4, 1], vertical_alignment="center")
        c1.info(TXT["resumed"].format(when=common.dt(ss[at_key])), icon=":material/history:")
        c2.button(TXT["discard"], key=f"_draft_discard_{form_key}", on_click=_discard, args=(form_key, prefix, skip))


def done(form_key: str) -> None:
    """The form was submitted: its draft is no longer needed."""
    ss = st.session_state
    common.call(common.app().form_drafts.discard_form_draft, common.actor(), form_key)
    ss.pop(f"_draft_at_{form_key}", None)
    ss.pop(f"_draft_last_{form_key}", None)
