"""Deadline arithmetic of the Wth, to the hour, in Europe/Amsterdam wall-clock time.
Implements art. 2 lid 1 and 6, art. 5, 6, 9 and 10 Wth, art. 6:7 Awb; art. 13 Wth: no Algemene termijnenwet for
the Wth's own terms; art. 1 and 3 Algemene termijnenwet for the Awb's beroep term.

All arguments and results are timezone-aware datetimes; results are in Europe/Amsterdam.
The Algemene termijnenwet does not apply to the Wth's own terms (art. 13 Wth): weekends and holidays never move the
end of an order, the latest extension end, the contact-address or lawyer term or the hearing. The six-week beroep term
is an Awb term, outside art. 13 Wth: when it ends on a Saturday, Sunday or an Atw holiday it runs on to the next day
that is none of these (art. 1 lid 1 Atw; :func:`appeal_term_end`, docs/termijnen.md).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from dateutil.easter import easter

from procedure.domain.local_time import AMS, first_instant_at_or_after   # AMS: the one Europe/Amsterdam zone

ORDER_DAYS = 10           # art. 2 lid 1 Wth
MAX_TOTAL_DAYS = 28       # art. 9 Wth: "ten hoogste vier weken" after the imposition
CONTACT_ADDRESS_HOURS = 24  # art. 2 lid 6 Wth
MAJORITY_AGE = 18         # art. 2 lid 2 Wth
DEFAULT_RETENTION_YEARS = 5       # art. 10 Wth (setting ``bewaartermijn_jaren``)
DEFAULT_RETENTION_YEARS_RIHG = 5  # RiHGs without an order (setting ``bewaartermijn_rihg_jaren``)
DEFAULT_ZORGADVIES_DAY = 7        # the zorgadvies for the extension is due on this day (setting ``zorgadvies_dag``)


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} moet een tijdzone hebben (aware datetime)")


def add_calendar_days(moment: datetime, days: int) -> datetime:
    """``moment`` + ``days`` calendar days at the same Europe/Amsterdam wall-clock time.

    Not ``moment + days*24h``: across a DST change that is an hour off (R03, R05).
    A wall-clock time that occurs twice (autumn) resolves to the first occurrence; one that
    does not exist on the end date (spring gap) resolves to the moment the clock jumps forward
    (03:00 zomertijd): the first instant the clock reads that time or later, never an hour after it
    (procedure/domain/local_time.py, docs/tijd-en-zomertijd.md).

    Args:
        moment: aware datetime.
        days: whole calendar days (may be 0).

    Raises:
        ValueError: ``moment`` is naive.
    """
    _require_aware(moment, "moment")
    local = moment.astimezone(AMS).replace(tzinfo=None) + timedelta(days=days)
    return first_instant_at_or_after(local)


def order_end(t0: datetime, days: int = ORDER_DAYS) -> datetime:
    """End of a huisverbod imposed at ``t0``: T0 + 10 calendar days, same local time (art. 2 lid 1 Wth).

    Raises:
        ValueError: ``days`` is not 10 (R03: a duration other than ten days is refused) or ``t0`` naive.
    """
    if days != ORDER_DAYS:
        raise ValueError(f"Een huisverbod duurt altijd {ORDER_DAYS} dagen (art. 2 lid 1 Wth), niet {days}.")
    return add_calendar_days(t0, days)


def latest_extension_end(t0: datetime) -> datetime:
    """The latest possible end after extension: T0 + 28 calendar days, same local time (art. 9 Wth)."""
    return add_calendar_days(t0, MAX_TOTAL_DAYS)


def contact_address_deadline(t0: datetime) -> datetime:
    """Deadline for the removed person's contact address: 24 hours after T0 (art. 2 lid 6 Wth)."""
    _require_aware(t0, "t0")
    return (t0.astimezone(timezone.utc) + timedelta(hours=CONTACT_ADDRESS_HOURS)).astimezone(AMS)


def age_on(birth_date: date, moment: datetime) -> int:
    """Age in whole years on the Europe/Amsterdam calendar date of ``moment``."""
    _require_aware(moment, "moment")
    d = moment.astimezone(AMS).date()
    years = d.year - birth_date.year
    if (d.month, d.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def is_adult_on(birth_date: date, moment: datetime) -> bool:
    """Whether someone born on ``birth_date`` is 18 or older at ``moment`` (art. 2 lid 2 Wth; R17)."""
    return age_on(birth_date, moment) >= MAJORITY_AGE


APPEAL_WEEKS = 6              # art. 6:7 Awb
HEARING_DAYS = 3              # art. 6 Wth: voorlopige voorziening heard within 3 days
LAWYER_HOURS = 24             # art. 5 Wth
TYPICAL_EXTENSION_DAYS = 18   # practice: 10 + 18 = 28 days


def extension_end(t0: datetime, current_end: datetime, days: int) -> datetime:
    """The new end after extending by ``days`` calendar days from ``current_end`` (same local time).

    Raises:
        ValueError: ``days`` < 1, or the new end would lie after T0 + 28 days (art. 9 Wth: "ten hoogste
            vier weken" after the imposition; R05: 18 days from a 10-day end is the maximum, 19 is refused).
    """
    if days < 1:
        raise ValueError("Een verlenging is minstens 1 dag.")
    # Count calendar days from T0, so the end keeps T0's wall-clock time even when the current end
    # was shifted by a spring DST gap.
    total = (current_end.astimezone(AMS).date() - t0.astimezone(AMS).date()).days + days
    new_end = add_calendar_days(t0, total)
    latest = latest_extension_end(t0)
    if new_end > latest:
        raise ValueError(
            f"Verlengen kan tot ten hoogste vier weken na het opleggen (art. 9 Wth): uiterlijk "
            f"{latest.strftime('%d-%m-%Y %H:%M')}. {days} dagen komt daar overheen.")
    return new_end


def max_extension_days(t0: datetime, current_end: datetime) -> int:
    """The largest whole number of days the order can still be extended by (0 when none)."""
    latest = latest_extension_end(t0).astimezone(AMS)
    return max(0, (latest.date() - current_end.astimezone(AMS).date()).days)


def atw_holidays(year: int) -> frozenset[date]:
    """The general recognised holidays of art. 3 lid 1 Algemene termijnenwet in ``year``: Nieuwjaarsdag, tweede
    Paasdag, Hemelvaartsdag, tweede Pinksterdag, eerste en tweede Kerstdag, Koningsdag (27 April; 26 April when
    27 April is a Sunday, art. 3 lid 1 and Wet van 2013 on Koningsdag) and 5 mei (Bevrijdingsdag). Goede Vrijdag is
    not one of them."""
    e = easter(year)     # Western (Gregorian) Easter Sunday
    kings = date(year, 4, 27)
    if kings.weekday() == 6:
        kings = date(year, 4, 26)
    return frozenset({date(year, 1, 1), e + timedelta(days=1), e + timedelta(days=39), e + timedelta(days=50),
                      date(year, 12, 25), date(year, 12, 26), kings, date(year, 5, 5)})


def atw_next_working_day(d: date) -> date:
    """``d`` itself, or when it is a Saturday, Sunday or an Atw holiday (:func:`atw_holidays`) the first day after it
    that is none of these (art. 1 lid 1 Algemene termijnenwet)."""
    while d.weekday() >= 5 or d in atw_holidays(d.year):
        d += timedelta(days=1)
    return d


def appeal_term_end(made_known_at: datetime) -> date:
    """Last day of the beroep term: six weeks from the day after the decision was made known
    (art. 6:7 and 6:8 Awb). Each decision has its own term. Returned as a local calendar date
    (the term runs to the end of that day). The term is an Awb term, not one of the Wth (art. 13 Wth excludes the
    Algemene termijnenwet only for those): ending on a Saturday, Sunday or Atw holiday, it runs on to the next day
    that is none of these (art. 1 lid 1 Atw). Made known Saturday 16-05-2026 -> Monday 29-06-2026.
    """
    _require_aware(made_known_at, "made_known_at")
    return atw_next_working_day(made_known_at.astimezone(AMS).date() + timedelta(weeks=APPEAL_WEEKS))


def hearing_deadline(filed_at: datetime) -> datetime:
    """The voorzieningenrechter hears a request within 3 days (art. 6 lid 1 Wth)."""
    return add_calendar_days(filed_at, HEARING_DAYS)


def lawyer_deadline(requested_at: datetime) -> datetime:
    """A lawyer is assigned within 24 hours of the request (art. 5 Wth)."""
    _require_aware(requested_at, "requested_at")
    return (requested_at.astimezone(timezone.utc) + timedelta(hours=LAWYER_HOURS)).astimezone(AMS)


def retention_until(ended_at: datetime, years: int) -> datetime:
    """Moment from which decisions and documents may be destroyed: ``years`` after the end
    (art. 10 Wth: five years), same local date and time; 29 February falls back to 28 February."""
    _require_aware(ended_at, "ended_at")
    loc = ended_at.astimezone(AMS)
    try:
        target = loc.replace(year=loc.year + years, tzinfo=None)
    except ValueError:
        target = loc.replace(year=loc.year + years, day=28, tzinfo=None)
    return first_instant_at_or_after(target)
