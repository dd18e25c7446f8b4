"""Moments a user types, in Dutch local time (Europe/Amsterdam): the one rule for the two DST hours a year.
Implements art. 2 lid 1 and art. 9 Wth (ends at the same wall-clock time: no end an hour off) for every entered
moment (incident, service/T0, oral order, made known, contact address, appeal received, hearing, events, ...).

The rule (docs/tijd-en-zomertijd.md):

* A wall-clock time in the **spring-forward gap** (last Sunday of March, 02:00-02:59) never happened. It is
  **refused** with a Dutch message that names the valid alternative (the same moment written in zomertijd,
  one hour later: 02:30 -> 03:30). It is not silently moved: the user confirms what the clock showed.
* A wall-clock time in the **autumn repeated hour** (last Sunday of October, 02:00-02:59) happened twice. The
  user must say which: ``"zomertijd"`` (the first time, UTC+2) or ``"wintertijd"`` (the second, UTC+1);
  without that choice it is refused with :class:`AmbiguousMoment`.
* Ends computed from a moment (``deadlines.add_calendar_days``) keep the wall-clock time. When that time does
  not exist on the end date (the end falls in a spring gap) the end is the first instant at which the clock
  reads that time or later: the moment the clock jumps to 03:00. When it exists twice, the first one. An end
  is never later than the same wall-clock time (an order never runs longer than the law allows).

All functions are pure; errors are :class:`ValidationError` with the field name, as the pages show them.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from procedure.domain.errors import ValidationError

AMS = ZoneInfo("Europe/Amsterdam")

#: the user's answer for a time in the repeated autumn hour -> datetime.fold
WALL_CLOCK_CHOICES = {"zomertijd": 0, "wintertijd": 1}
WALL_CLOCK_LABELS = {"zomertijd": "zomertijd (de eerste keer, UTC+2)", "wintertijd": "wintertijd (de tweede keer, UTC+1)"}

#: every moment a user types, by the field name services use -> its Dutch label (the property test covers each)
ENTERED_MOMENTS = {
    "incident_at": "Moment van het incident",
    "served_at": "Moment van uitreiking",
    "ordered_at": "Moment van het mondelinge bevel",
    "made_known_at": "Moment van bekendmaking",
    "vt_consulted_at": "Moment van het consult Veilig Thuis",
    "occurred_at": "Moment van de gebeurtenis (o.a. contactadres doorgegeven)",
    "filed_at": "Moment waarop het beroep is ontvangen",
    "hearing_at": "Moment van de zitting",
}

_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


class AmbiguousMoment(ValidationError):
    """The typed wall-clock time happened twice (autumn): the user must choose zomertijd or wintertijd."""


def long_date(d: date) -> str:
    """``donderdag 3 december 2026`` (Dutch, no locale needed)."""
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


def _utc_of(naive: datetime, fold: int) -> datetime:
    return naive.replace(tzinfo=AMS, fold=fold).astimezone(timezone.utc)


def _wall(instant: datetime) -> datetime:
    return instant.astimezone(AMS).replace(tzinfo=None)


def is_nonexistent(naive: datetime) -> bool:
    """Whether the local wall-clock time ``naive`` (no tzinfo) fell in a spring-forward gap."""
    return _wall(_utc_of(naive, 0)) != naive


def is_ambiguous(naive: datetime) -> bool:
    """Whether the local wall-clock time ``naive`` (no tzinfo) happened twice (autumn)."""
    return not is_nonexistent(naive) and _utc_of(naive, 0) != _utc_of(naive, 1)


def first_instant_at_or_after(naive: datetime) -> datetime:
    """The first instant at which the Amsterdam clock reads ``naive`` or later (aware, in AMS).

    An existing time: that instant (the first of two in autumn). A time in the spring gap: the moment the clock
    jumps forward (e.g. 03:00 zomertijd for 02:30).
    """
    if not is_nonexistent(naive):
        return _utc_of(naive, 0).astimezone(AMS)
    lo, hi = _utc_of(naive, 1), _utc_of(naive, 0)     # the jump lies in (lo, hi]; the clock reads < naive before it
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if _wall(mid) >= naive:
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=0).astimezone(AMS)


def entered_moment(d: date | None, t: time | None, which: str | None = None, *, field: str,
                   label: str) -> datetime:
    """The aware moment (Europe/Amsterdam) a user meant by local date ``d`` and time ``t``.

    Args:
        d, t: the date and time typed (seconds ignored; a tz on ``t`` is ignored: it is local time).
        which: ``"zomertijd"`` or ``"wintertijd"``; only read when the time happened twice.
        field, label: the form field and its Dutch label, for the message.

    Raises:
        ValidationError: date or time missing; the time did not exist (spring gap), naming the alternative.
        AmbiguousMoment: the time happened twice and ``which`` is not one of :data:`WALL_CLOCK_CHOICES`.
    """
    if isinstance(d, datetime):
        d = d.date()
    if not isinstance(d, date) or not isinstance(t, time):
        raise ValidationError(f"{label}: datum en tijd zijn verplicht.", field=field)
    naive = datetime.combine(d, t.replace(tzinfo=None, second=0, microsecond=0))
    if is_nonexistent(naive):
        alt = _wall(_utc_of(naive, 0))
        jump = _wall(first_instant_at_or_after(naive))
        raise ValidationError(
            f"{label}: {t:%H:%M} op {long_date(d)} bestaat niet — die nacht ging de klok om "
            f"{(jump - (alt - naive)):%H:%M} een uur vooruit naar {jump:%H:%M} (begin zomertijd). "
            f"Bedoelt u {alt:%H:%M} (zomertijd)? Vul dan {alt:%H:%M} in.", field=field)
    if is_ambiguous(naive):
        if which not in WALL_CLOCK_CHOICES:
            raise AmbiguousMoment(
                f"{label}: {t:%H:%M} op {long_date(d)} kwam twee keer voor (de klok ging om 03:00 terug naar "
                "02:00, einde zomertijd). Kies of het de eerste keer (zomertijd) of de tweede keer (wintertijd) was.",
                field=field)
        return _utc_of(naive, WALL_CLOCK_CHOICES[which]).astimezone(AMS)
    return _utc_of(naive, 0).astimezone(AMS)


def check_existing(moment: datetime, *, field: str, label: str) -> datetime:
    """Refuse an aware moment whose wall-clock time never existed in its own zone (a naive time in a spring gap given
    that zone as ``tzinfo``), found by a round trip through UTC, whatever the tzinfo (ZoneInfo, dateutil, an
    Amsterdam zone under another name); return it as a real instant in AMS otherwise. Raises ValidationError (for an
    Amsterdam gap naming the valid alternative)."""
    naive = moment.replace(tzinfo=None)
    back = moment.astimezone(timezone.utc).astimezone(moment.tzinfo).replace(tzinfo=None)
    if back != naive:
        if is_nonexistent(naive):
            entered_moment(naive.date(), naive.time(), field=field, label=label)   # raises, naming the alternative
        raise ValidationError(f"{label}: {naive:%d-%m-%Y %H:%M} bestaat niet in de opgegeven tijdzone (de klok "
                              "sprong daar over dit tijdstip heen). Vul een bestaand tijdstip in.", field=field)
    return moment.astimezone(AMS)


def dst_suffix(moment: datetime) -> str:
    """`` (zomertijd)`` or `` (wintertijd)`` when the Europe/Amsterdam clock time of the aware ``moment`` happened twice
    (the autumn repeated hour), so a printed time says which; ``""`` otherwise."""
    loc = moment.astimezone(AMS)
    if not is_ambiguous(loc.replace(tzinfo=None)):
        return ""
    return " (zomertijd)" if loc.dst() else " (wintertijd)"


def dst_transitions(first_year: int, last_year: int) -> list[datetime]:
    """Every instant (aware, UTC) at which the Amsterdam offset changed, ``first_year``..``last_year`` inclusive."""
    out = []
    day = datetime(first_year, 1, 1, tzinfo=timezone.utc)
    end = datetime(last_year + 1, 1, 1, tzinfo=timezone.utc)
    while day < end:
        nxt = day + timedelta(days=1)
        if day.astimezone(AMS).utcoffset() != nxt.astimezone(AMS).utcoffset():
            hour = day
            while hour.astimezone(AMS).utcoffset() == day.astimezone(AMS).utcoffset():
                hour += timedelta(hours=1)
            out.append(hour)
        day = nxt
    return out
