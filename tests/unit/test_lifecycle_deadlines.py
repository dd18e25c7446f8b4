"""Deadlines after imposition: extension (art. 9 Wth), appeal terms (Awb), hearing (art. 6 Wth),
lawyer (art. 5 Wth), retention (art. 10 Wth)."""
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from procedure.domain.deadlines import (AMS, appeal_term_end, extension_end, hearing_deadline, latest_extension_end,
                                 lawyer_deadline, max_extension_days, order_end, retention_until)

T0 = datetime(2015, 8, 9, 16, 39, tzinfo=AMS)


def test_r05_extension_18_days_is_the_maximum_19_refused():
    end = order_end(T0)
    assert extension_end(T0, end, 18).replace(tzinfo=None) == datetime(2015, 9, 6, 16, 39)
    with pytest.raises(ValueError, match="vier weken"):
        extension_end(T0, end, 19)
    assert max_extension_days(T0, end) == 18


def test_shorter_extension_allowed_and_a_second_one_up_to_the_maximum():
    first = extension_end(T0, order_end(T0), 7)
    assert max_extension_days(T0, first) == 11
    assert extension_end(T0, first, 11) == latest_extension_end(T0)
    with pytest.raises(ValueError):
        extension_end(T0, first, 12)
    with pytest.raises(ValueError):
        extension_end(T0, first, 0)


def test_extension_across_dst_keeps_wall_clock_time():
    t0 = datetime(2026, 10, 15, 22, 5, tzinfo=AMS)   # DST ends 25 October
    new_end = extension_end(t0, order_end(t0), 18)
    assert (new_end.hour, new_end.minute) == (22, 5) and new_end.utcoffset() == timedelta(hours=1)


def test_appeal_term_six_weeks_from_the_day_after_made_known():
    assert appeal_term_end(datetime(2026, 5, 1, 23, 30, tzinfo=AMS)) == date(2026, 6, 12)
    # the local date counts: 22:30 UTC on 1 May is already 2 May in Amsterdam, so six weeks end on Saturday 13 June,
    # which the Algemene termijnenwet moves to Monday 15 June (counting from the UTC date would give Friday 12 June)
    assert appeal_term_end(datetime(2026, 5, 1, 22, 30, tzinfo=timezone.utc)) == date(2026, 6, 15)


def test_hearing_within_three_days_and_lawyer_within_24_hours():
    filed = datetime(2026, 3, 27, 10, 0, tzinfo=AMS)    # DST starts 29 March
    assert hearing_deadline(filed).replace(tzinfo=None) == datetime(2026, 3, 30, 10, 0)
    asked = datetime(2026, 3, 28, 12, 0, tzinfo=AMS)
    assert lawyer_deadline(asked).astimezone(timezone.utc) - asked.astimezone(timezone.utc) == timedelta(hours=24)


def test_retention_five_years_and_leap_day():
    assert retention_until(datetime(2026, 6, 1, 12, 0, tzinfo=AMS), 5).replace(tzinfo=None) == datetime(2031, 6, 1, 12)
    assert retention_until(datetime(2028, 2, 29, 9, 0, tzinfo=AMS), 5).date() == date(2033, 2, 28)


@given(st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2040, 1, 1)), st.integers(1, 18))
def test_extension_never_passes_t0_plus_28(naive, days):
    t0 = naive.replace(tzinfo=AMS).astimezone(timezone.utc).astimezone(AMS)
    end = order_end(t0)
    new_end = extension_end(t0, end, days)
    assert end < new_end <= latest_extension_end(t0)
