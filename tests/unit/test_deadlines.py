"""Deadline arithmetic (art. 2, 9, 13 Wth): calendar days at the same local wall-clock time."""
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from procedure.domain.deadlines import (AMS, add_calendar_days, age_on, contact_address_deadline, is_adult_on,
                                 latest_extension_end, order_end)


def test_r03_duration_is_ten_days_across_dst_start():
    t0 = datetime(2010, 3, 27, 20, 0, tzinfo=AMS)
    end = order_end(t0)
    assert end.replace(tzinfo=None) == datetime(2010, 4, 6, 20, 0)
    elapsed = end.astimezone(timezone.utc) - t0.astimezone(timezone.utc)
    assert elapsed == timedelta(hours=239)  # DST began 2010-03-28: not T0 + 240 h


def test_r03_other_duration_refused():
    with pytest.raises(ValueError, match="10 dagen"):
        order_end(datetime(2010, 3, 27, 20, 0, tzinfo=AMS), days=12)


def test_dst_end_autumn_gives_241_hours():
    t0 = datetime(2026, 10, 20, 9, 15, tzinfo=AMS)
    end = order_end(t0)
    assert end.replace(tzinfo=None) == datetime(2026, 10, 30, 9, 15)
    assert end.astimezone(timezone.utc) - t0.astimezone(timezone.utc) == timedelta(hours=241)


def test_r05_extension_arithmetic():
    t0 = datetime(2015, 8, 9, 16, 39, tzinfo=AMS)
    assert order_end(t0).replace(tzinfo=None) == datetime(2015, 8, 19, 16, 39)
    assert latest_extension_end(t0).replace(tzinfo=None) == datetime(2015, 9, 6, 16, 39)
    # extension of 18 days from the original end is exactly the 28-day maximum
    assert add_calendar_days(order_end(t0), 18) == latest_extension_end(t0)
    assert add_calendar_days(order_end(t0), 19) > latest_extension_end(t0)


def test_weekends_do_not_move_the_end():
    # art. 13 Wth: the Algemene termijnenwet does not apply; an end on a Sunday stays on Sunday
    t0 = datetime(2026, 6, 4, 10, 0, tzinfo=AMS)  # Thursday
    end = order_end(t0)
    assert end.weekday() == 6 and end.hour == 10


def test_ambiguous_autumn_wall_time_resolves_to_first_occurrence():
    t0 = datetime(2026, 10, 15, 2, 30, tzinfo=AMS)
    end = add_calendar_days(t0, 10)  # 2026-10-25 02:30 happens twice
    assert end.replace(tzinfo=None) == datetime(2026, 10, 25, 2, 30)
    assert end.utcoffset() == timedelta(hours=2)


def test_contact_address_deadline_is_24_real_hours():
    t0 = datetime(2026, 3, 28, 22, 0, tzinfo=AMS)
    d = contact_address_deadline(t0)
    assert d.astimezone(timezone.utc) - t0.astimezone(timezone.utc) == timedelta(hours=24)


def test_naive_datetime_refused():
    with pytest.raises(ValueError):
        order_end(datetime(2026, 1, 1, 12, 0))


def test_r17_age_rule_on_the_birthday():
    born = date(2006, 6, 1)
    assert not is_adult_on(born, datetime(2024, 5, 31, 23, 59, tzinfo=AMS))
    assert is_adult_on(born, datetime(2024, 6, 1, 0, 0, tzinfo=AMS))
    # the local calendar date counts, not UTC: 2024-05-31 23:30 UTC is already 1 June in Amsterdam
    assert is_adult_on(born, datetime(2024, 5, 31, 23, 30, tzinfo=timezone.utc))


def test_age_on_leap_day_birthday():
    assert age_on(date(2008, 2, 29), datetime(2026, 2, 28, 12, tzinfo=AMS)) == 17
    assert age_on(date(2008, 2, 29), datetime(2026, 3, 1, 12, tzinfo=AMS)) == 18


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31)))
def test_end_keeps_wall_clock_time_and_calendar_date(naive):
    t0 = naive.replace(tzinfo=AMS, fold=0).astimezone(timezone.utc).astimezone(AMS)
    end = order_end(t0)
    assert end.date() == t0.date() + timedelta(days=10)
    elapsed = end.astimezone(timezone.utc) - t0.astimezone(timezone.utc)
    assert timedelta(hours=239) <= elapsed <= timedelta(hours=241)
    if (end.hour, end.minute) != (t0.hour, t0.minute):   # only in the spring gap: the moment the clock jumps
        assert elapsed < timedelta(hours=240) and (end.hour, end.minute) == (3, 0)
