"""Every moment a user types, around every DST transition 2000-2040 (issue 14, point 3; art. 2 lid 1, art. 9 Wth).

Exhaustive, not sampled: for each entered-moment field (procedure.domain.local_time.ENTERED_MOMENTS), each of the 82
transitions, each wall-clock time of the transition day and of the days 3, 10 and 28 before it (every 5 minutes
from 01:00 to 03:55, every hour at :30 otherwise), and, for a time that happened twice, each answer to "zomertijd
of wintertijd" (none, zomertijd, wintertijd): the input is refused with a Dutch message, or it is accepted and the ends 3, 10 and 28 days later keep its wall-clock
time — or, when that time does not exist on the end date, end at the moment the clock jumps (never later).
"""
from datetime import date, datetime, time, timedelta, timezone

import pytest

from procedure.domain.deadlines import AMS, add_calendar_days, latest_extension_end, order_end
from procedure.domain.errors import ValidationError
from procedure.domain.local_time import (ENTERED_MOMENTS, AmbiguousMoment, dst_transitions, entered_moment,
                                         is_ambiguous, is_nonexistent)
from procedure.domain.validation import local_moment, moment

TRANSITIONS = dst_transitions(2000, 2040)
TIMES = [time(h, m) for h in range(1, 4) for m in range(0, 60, 5)] + [time(h, 30) for h in (0, *range(4, 24))]


def _wall(x: datetime) -> datetime:
    return x.astimezone(AMS).replace(tzinfo=None)


def _check_end(t0: datetime, days: int, end: datetime) -> None:
    target = _wall(t0) + timedelta(days=days)
    if is_nonexistent(target):
        # the wall-clock time does not exist that day: the end is the jump itself (03:00 zomertijd), earlier than
        # the same instant + n x 24 h would be and an hour earlier than "02:30 read in wintertijd"
        assert _wall(end).time() == time(3, 0) and _wall(end).date() == target.date()
        assert _wall(end.astimezone(timezone.utc) - timedelta(seconds=1)) < target
    else:
        assert _wall(end) == target, (t0, days, end)
        if is_ambiguous(target):   # the first of the two: never an hour longer
            assert end.utcoffset() == timedelta(hours=2)


def test_there_are_82_transitions_all_at_01_00_utc():
    assert len(TRANSITIONS) == 82
    assert all(t.astimezone(timezone.utc).time() == time(1, 0) for t in TRANSITIONS)


@pytest.mark.parametrize("field", list(ENTERED_MOMENTS))
def test_every_entered_moment_around_every_transition(field):
    label = ENTERED_MOMENTS[field]
    checked = refused = 0
    for tr in TRANSITIONS:
        day = tr.astimezone(AMS).date()
        for d in (day, day - timedelta(days=3), day - timedelta(days=10), day - timedelta(days=28)):
            for t in TIMES:
                twice = is_ambiguous(datetime.combine(d, t))
                for which in ((None, "zomertijd", "wintertijd") if twice else (None,)):
                    try:
                        t0 = entered_moment(d, t, which, field=field, label=label)
                    except ValidationError as exc:
                        refused += 1
                        assert exc.field == field and label in exc.message
                        naive = datetime.combine(d, t)
                        assert is_nonexistent(naive) or (is_ambiguous(naive) and which is None)
                        if is_nonexistent(naive):   # names the valid alternative, one hour later
                            assert f"Bedoelt u {(naive + timedelta(hours=1)):%H:%M} (zomertijd)" in exc.message
                        else:
                            assert isinstance(exc, AmbiguousMoment) and "wintertijd" in exc.message
                        continue
                    checked += 1
                    assert _wall(t0) == datetime.combine(d, t)      # what was typed is what is kept
                    _check_end(t0, 10, order_end(t0))
                    _check_end(t0, 28, latest_extension_end(t0))
                    _check_end(t0, 3, add_calendar_days(t0, 3))
    # every transition contributed refusals (12 gap times, and repeated times without an answer) and acceptances
    assert refused == 41 * 12 + 41 * 12 and checked + refused == 82 * 4 * len(TIMES) + 41 * 12 * 2   # the repeated times: three answers each


def test_the_repeated_hour_is_the_one_chosen():
    first = entered_moment(date(2026, 10, 25), time(2, 30), "zomertijd", field="served_at", label="Uitreiking")
    second = entered_moment(date(2026, 10, 25), time(2, 30), "wintertijd", field="served_at", label="Uitreiking")
    utc = lambda x: x.astimezone(timezone.utc)  # noqa: E731 - aware arithmetic in one zone is wall-clock arithmetic
    assert utc(second) - utc(first) == timedelta(hours=1)
    assert first.utcoffset() == timedelta(hours=2) and second.utcoffset() == timedelta(hours=1)
    # the end of each is ten days later at 02:30 (wintertijd by then): 241 and 240 hours
    assert utc(order_end(first)) - utc(first) == timedelta(hours=241)
    assert utc(order_end(second)) - utc(second) == timedelta(hours=240)


def test_services_refuse_a_gap_time_handed_in_directly():
    """A caller that builds ``datetime(..., tzinfo=AMS)`` itself (an API, an older page) gets the same refusal."""
    with pytest.raises(ValidationError, match="Bedoelt u 03:30"):
        moment(datetime(2026, 3, 29, 2, 30, tzinfo=AMS), "served_at", "Moment van uitreiking")
    assert moment(datetime(2026, 3, 29, 3, 30, tzinfo=AMS), "served_at", "Uitreiking").utcoffset() == timedelta(hours=2)
    with pytest.raises(AmbiguousMoment):
        local_moment(date(2026, 10, 25), time(2, 5), "incident_date", "Incident")
    assert local_moment(date(2026, 10, 25), time(2, 5), "incident_date", "Incident", "wintertijd").utcoffset() \
        == timedelta(hours=1)


# --- break-it finding 6: the repeated hour printed with which one; the gap refused whatever the tzinfo -------------

def test_repeated_autumn_hour_prints_which_one():
    from forms.layout import nl_datetime
    from procedure.domain.case import fmt_dt
    from procedure.domain.confirmations import when
    first = datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)      # 02:30 zomertijd
    second = datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc)     # 02:30 wintertijd
    assert fmt_dt(first) == "25-10-2026 02:30 (zomertijd)" and fmt_dt(second) == "25-10-2026 02:30 (wintertijd)"
    assert when(first).endswith("02:30 (zomertijd)") and when(second).endswith("02:30 (wintertijd)")
    assert nl_datetime(first).endswith("02:30 uur (zomertijd)") and nl_datetime(second).endswith("(wintertijd)")
    ordinary = datetime(2026, 10, 25, 3, 30, tzinfo=timezone.utc)
    assert fmt_dt(ordinary) == "25-10-2026 04:30" and "tijd)" not in when(ordinary) + nl_datetime(ordinary)


@pytest.mark.parametrize("tz", ["dateutil", "brussels"])
def test_gap_refused_for_any_tzinfo(tz):
    from dateutil import tz as dtz
    from zoneinfo import ZoneInfo
    zone = dtz.gettz("Europe/Amsterdam") if tz == "dateutil" else ZoneInfo("Europe/Brussels")
    with pytest.raises(ValidationError, match="bestaat niet"):
        moment(datetime(2026, 3, 29, 2, 30, tzinfo=zone), "x", "Moment")
    ok = moment(datetime(2026, 3, 29, 3, 30, tzinfo=zone), "x", "Moment")
    assert ok == datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc) and ok.tzinfo is AMS
