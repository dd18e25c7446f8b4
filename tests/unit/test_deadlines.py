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


# --- the beroep term is an Awb term: the Algemene termijnenwet moves its end (art. 1 and 3 Atw) --------------------

from procedure.domain.appeals import appeal_term_sentence, later_decision_term_sentence  # noqa: E402
from procedure.domain.deadlines import appeal_term_end, atw_holidays, hearing_deadline  # noqa: E402
from procedure.domain.local_time import long_date  # noqa: E402


@pytest.mark.parametrize("made_known, end", [
    (datetime(2026, 5, 16, 11, 0, tzinfo=AMS), date(2026, 6, 29)),    # Saturday + 6 weeks = Saturday -> Monday
    (datetime(2026, 5, 17, 11, 0, tzinfo=AMS), date(2026, 6, 29)),    # Sunday -> Monday
    (datetime(2026, 4, 2, 11, 0, tzinfo=AMS), date(2026, 5, 15)),     # Hemelvaartsdag 14-05-2026 -> Friday
    (datetime(2026, 11, 13, 11, 0, tzinfo=AMS), date(2026, 12, 28)),  # Christmas Friday 25-12, 26 + 27 -> Monday 28
    (datetime(2026, 3, 24, 11, 0, tzinfo=AMS), date(2026, 5, 6)),     # 5 mei 2026 (Tuesday) -> Wednesday
    (datetime(2025, 3, 15, 11, 0, tzinfo=AMS), date(2025, 4, 28)),    # Saturday 26-04-2025 Koningsdag (27 = Sunday)
    (datetime(2026, 5, 13, 11, 0, tzinfo=AMS), date(2026, 6, 24)),    # an ordinary Wednesday stays
    (datetime(2026, 4, 24, 11, 0, tzinfo=AMS), date(2026, 6, 5)),     # Friday stays
])
def test_appeal_term_moves_past_weekend_and_atw_holidays(made_known, end):
    assert appeal_term_end(made_known) == end
    assert f"tot en met {long_date(end)}" in appeal_term_sentence(made_known)
    d = {"decision_kind": "verlenging", "label": "Verlenging", "made_known_at": made_known,
         "term_end": appeal_term_end(made_known)}
    assert f"tot en met {long_date(end)}" in later_decision_term_sentence(d)


def test_atw_holidays_of_2026_and_the_sunday_koningsdag():
    assert atw_holidays(2026) == {date(2026, 1, 1), date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25),
                                  date(2026, 12, 25), date(2026, 12, 26), date(2026, 4, 27), date(2026, 5, 5)}
    assert date(2025, 4, 26) in atw_holidays(2025) and date(2025, 4, 27) not in atw_holidays(2025)
    assert date(2026, 4, 3) not in atw_holidays(2026)     # Goede Vrijdag is not an Atw holiday


def test_wth_own_ends_stay_unmoved_by_weekends_and_holidays():
    t0 = datetime(2026, 12, 15, 14, 0, tzinfo=AMS)     # + 10 days = Christmas Day (Friday)
    assert order_end(t0) == datetime(2026, 12, 25, 14, 0, tzinfo=AMS)
    assert latest_extension_end(datetime(2026, 4, 16, 9, 0, tzinfo=AMS)).date() == date(2026, 5, 14)  # Hemelvaart
    assert hearing_deadline(datetime(2026, 5, 13, 9, 0, tzinfo=AMS)).date() == date(2026, 5, 16)     # a Saturday
