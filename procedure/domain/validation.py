"""Input validation with Dutch messages: text, BSN, postcode, dates, moments, numbers (design.md, Validation).
Implements no article; it keeps out of a decision what can't be on it (art. 2 lid 4 Wth: written, complete).

BSN (elfproef) and postcodes through python-stdnum, never by hand. Every function returns the
normalised value or raises :class:`ValidationError` with ``field`` set.
"""
from __future__ import annotations

import unicodedata
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from procedure.domain.answers import Answer
from procedure.domain.deadlines import AMS
from procedure.domain.errors import ValidationError
from procedure.domain.local_time import check_existing, entered_moment
from procedure.domain.printable import unprintable_characters

#: invisible direction overrides/isolates (text spoofing; "Trojan Source")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = {cp: None for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)}
#: whitespace the documents' font and line breaker do not know, mapped to what it means (attack finding 13):
#: line and paragraph separators become line breaks, tabs and typographic spaces a space, no-break spaces a no-break
#: space; zero-width characters go (they are invisible)
_WHITESPACE = {**_ZERO_WIDTH, 0x2028: "\n", 0x2029: "\n\n", 0x0085: "\n", 0x000B: "\n", 0x000C: "\n", 0x0009: " ",
               0x1680: " ", 0x205F: " ", 0x3000: " ", 0x202F: "\u00a0", 0x2007: "\u00a0",
               **{cp: " " for cp in range(0x2000, 0x200B) if cp != 0x2007}}
_WHITESPACE_ONE_LINE = {**_WHITESPACE, 0x2028: " ", 0x2029: " ", 0x0085: " ", 0x000B: " ", 0x000C: " "}


def normalise_whitespace(value: Any, *, one_line: bool = False) -> Any:
    """``value`` (text) with every kind of whitespace as the documents print it (see ``_WHITESPACE``): nothing vanishes
    or runs together in a PDF. With ``one_line`` line separators become spaces (a cell of one line). Anything that is
    not text comes back unchanged (the validators say what is wrong with it)."""
    if not isinstance(value, str):
        return value
    return value.translate(_WHITESPACE_ONE_LINE if one_line else _WHITESPACE)
#: dates outside this range are typing errors (a date of birth, an incident, a zorgadvies)
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

MAX_SHORT = 200      # names, street, sources
MAX_MEDIUM = 2_000   # incident description, reasons
MAX_LONG = 60_000    # facts and circumstances (a 5,000-word section fits)


def text(value: Any, field: str, label: str, *, required: bool = True, min_len: int = 0,
         max_len: int = MAX_SHORT) -> str:
    """Stripped text within ``min_len``..``max_len`` characters; "" when optional and empty."""
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"{label} moet tekst zijn.", field=field)
    # Zero-width characters pasted from word processors are invisible and unprintable: drop them.
    # Odd whitespace (U+2028, tabs, NBSP variants) is stored as the documents will print it (normalise_whitespace).
    s = "" if value is None else unicodedata.normalize("NFC", normalise_whitespace(value)).strip()
    if not s:
        if required:
            raise ValidationError(f"{label} is verplicht.", field=field)
        return ""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(f"{label} bevat een ongeldig teken.", field=field)
    bad = [ch for ch in s if (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r") or ch in _BIDI_CONTROLS]
    if bad:
        raise ValidationError(f"{label} bevat een onzichtbaar stuurteken (U+{ord(bad[0]):04X}); typ de tekst opnieuw "
                              "of plak hem zonder opmaak.", field=field)
    if max_len <= MAX_SHORT and ("\n" in s or "\r" in s):   # names, numbers, one-line fields
        raise ValidationError(f"{label} moet op één regel staan (zonder regeleinde).", field=field)
    missing = unprintable_characters(s)
    if missing:
        shown = " ".join(missing[:5])
        raise ValidationError(f"{label} bevat tekens die niet op de documenten kunnen worden afgedrukt ({shown}). "
                              "Gebruik de Latijnse schrijfwijze, zoals in de BRP.", field=field)
    if len(s) < min_len:
        raise ValidationError(f"{label} is te kort (minimaal {min_len} tekens).", field=field)
    if len(s) > max_len:
        raise ValidationError(f"{label} is te lang (maximaal {max_len} tekens, nu {len(s)}).", field=field)
    return s


def answer(value: Any, field: str, label: str, *, required: bool = True) -> Answer | None:
    """An explicit ja / nee / onbekend answer (:meth:`Answer.parse`: an ``Answer``, its text or an explicit bool);
    ``None`` when not answered and not ``required``. Unanswered is never read as "nee" (issue 14).

    Raises:
        ValidationError: not one of the three answers, or not answered while ``required``.
    """
    try:
        a = Answer.parse(value)
    except ValueError:
        raise ValidationError(f"{label}: kies ja, nee of onbekend.", field=field)
    if a is None and required:
        raise ValidationError(f"{label}: kies ja, nee of onbekend (niets kiezen is geen 'nee').", field=field)
    return a


def bsn(value: Any, field: str = "person_bsn") -> str:
    """Optional BSN: "" when empty, else the 9 digits after the elfproef (python-stdnum)."""
    s = "" if value is None else str(value).strip()
    if not s:
        return ""
    try:
        return stdnum_bsn.validate(s)
    except StdnumError:
        raise ValidationError("Dit is geen geldig BSN (9 cijfers die de elfproef doorstaan).", field=field)


def postcode(value: Any, field: str = "postcode") -> str:
    """Dutch postcode normalised as "1234 AB" (python-stdnum)."""
    s = "" if value is None else str(value).strip()
    if not s:
        raise ValidationError("Postcode is verplicht.", field=field)
    try:
        return stdnum_postcode.validate(s)
    except StdnumError:
        raise ValidationError("Dit is geen geldige Nederlandse postcode (bijv. 5911 AB).", field=field)


def a_date(value: Any, field: str, label: str, *, required: bool = True) -> date | None:
    """A calendar date from a ``date``, a ``datetime`` (its Europe/Amsterdam date) or an ISO string."""
    if value is None or value == "":
        if required:
            raise ValidationError(f"{label} is verplicht.", field=field)
        return None
    if isinstance(value, datetime):
        d = value.astimezone(AMS).date() if value.tzinfo else value.date()
    elif isinstance(value, date):
        d = value
    elif isinstance(value, str):
        d = None
        for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d-%m-%Y").date()):
            try:
                d = parse(value.strip())
                break
            except ValueError:
                continue
        if d is None:
            raise ValidationError(f"{label}: geen geldige datum (dd-mm-jjjj).", field=field)
    else:
        raise ValidationError(f"{label}: geen geldige datum (dd-mm-jjjj).", field=field)
    if not EARLIEST_DATE <= d <= LATEST_DATE:
        raise ValidationError(f"{label}: {d.strftime('%d-%m-%Y') if d.year >= 1000 else d.isoformat()} kan niet "
                              f"kloppen (kies een datum tussen {EARLIEST_DATE.year} en {LATEST_DATE.year}).",
                              field=field)
    return d


def moment(value: Any, field: str, label: str) -> datetime:
    """A timezone-aware moment; anything else (None, naive, text) is a :class:`ValidationError`, and so is an
    Amsterdam wall-clock time that never existed (spring gap; local_time.check_existing names the alternative)."""
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(f"{label}: datum en tijd zijn verplicht.", field=field)
    return check_existing(value, field=field, label=label)


def a_time(value: Any, field: str, label: str) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(f"{label}: geen geldige tijd (uu:mm).", field=field)


def integer(value: Any, field: str, label: str, lo: int, hi: int) -> int:
    """A whole number within ``lo``..``hi``."""
    if isinstance(value, bool):
        raise ValidationError(f"{label}: vul een heel getal in.", field=field)
    try:
        n = int(value)
        if isinstance(value, (float, Decimal)) and n != value:
            raise ValueError
    except (TypeError, ValueError, OverflowError, ArithmeticError):
        raise ValidationError(f"{label}: vul een heel getal in.", field=field)
    if not lo <= n <= hi:
        raise ValidationError(f"{label}: kies een getal van {lo} tot en met {hi}.", field=field)
    return n


def choice(value: Any, allowed, field: str, message: str) -> str:
    """One of the ``allowed`` string keys."""
    if not isinstance(value, str) or value not in allowed:
        raise ValidationError(message, field=field)
    return value


def local_moment(d: date | None, t: time | None, field: str, label: str, which: str | None = None) -> datetime:
    """Combine a local (Europe/Amsterdam) date and time into an aware datetime by the one DST rule
    (:func:`procedure.domain.local_time.entered_moment`: a spring-gap time is refused, a repeated autumn time needs
    ``which`` = zomertijd / wintertijd)."""
    return entered_moment(d, t, which, field=field, label=label)


class Collector:
    """Collects per-field errors so a form reports all of them at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def run(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            self.errors.update(exc.field_errors or {exc.field or "_": exc.message})
            return None

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def raise_if_any(self, message: str = "Niet alle velden zijn goed ingevuld.") -> None:
        if len(self.errors) == 1:
            raise ValidationError(next(iter(self.errors.values())), field_errors=self.errors)
        if self.errors:
            raise ValidationError(f"{message} Zie de {len(self.errors)} meldingen bij de velden.",
                                  field_errors=self.errors)
