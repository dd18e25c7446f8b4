"""The one input for a moment a user types (date + time, Dutch local time) and the DST question it may need.
Implements no article itself: it applies procedure/domain/local_time.py (the rule for the spring gap and the
repeated autumn hour) to every page's date/time pair, so no page combines a date and a time on its own.

Use ``moment_input`` to draw the fields (a zomertijd / wintertijd choice appears only when the time typed happened
twice) and ``moment_value`` in the button's callback to get the aware datetime, or ``None`` with the Dutch message
stored beside the field (``common.field_error(form, field)``). What the user typed stays on screen either way.
"""
from __future__ import annotations

from datetime import date, datetime, time

import streamlit as st

from procedure.domain.errors import ValidationError
from procedure.domain.local_time import WALL_CLOCK_CHOICES, WALL_CLOCK_LABELS, entered_moment, is_ambiguous


def _which_key(key_time: str) -> str:
    return key_time + "__dst"


def moment_input(key_date: str, key_time: str, *, label_date: str = "Datum", label_time: str = "Tijd",
                 default_date: date | None = None, default_time: time | None = None,
                 max_date: date | None = None, columns=None) -> None:
    """Draw a date and a time input (``DD-MM-YYYY``, minutes) side by side; when the pair names a time in the
    repeated autumn hour, ask which one (zomertijd / wintertijd) right below, with no answer preselected."""
    ss = st.session_state
    c1, c2 = columns if columns is not None else st.columns(2)
    kw = {"max_value": max_date} if max_date else {}
    c1.date_input(label_date, value=default_date if key_date not in ss else None, key=key_date,
                  format="DD-MM-YYYY", **kw)
    c2.time_input(label_time, value=default_time if key_time not in ss else None, key=key_time, step=60)
    d, t = ss.get(key_date), ss.get(key_time)
    if isinstance(d, date) and isinstance(t, time) and is_ambiguous(datetime.combine(d, t.replace(second=0))):
        st.radio(f"{t:%H:%M} kwam die nacht twee keer voor (einde zomertijd). Welke keer?",
                 list(WALL_CLOCK_CHOICES), format_func=WALL_CLOCK_LABELS.get, index=None, key=_which_key(key_time),
                 horizontal=True)


def moment_value(key_date: str, key_time: str, *, form: str, field: str, label: str) -> datetime | None:
    """The aware moment of a :func:`moment_input` pair, or ``None`` after storing the Dutch message for
    ``field`` of ``form`` (a time that did not exist, a repeated hour without a choice, a missing value)."""
    ss = st.session_state
    try:
        return entered_moment(ss.get(key_date), ss.get(key_time), ss.get(_which_key(key_time)), field=field,
                              label=label)
    except ValidationError as exc:
        ss.setdefault("errors", {})[form] = dict(exc.field_errors)
        return None
