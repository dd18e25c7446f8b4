"""What an irreversible act does, in plain Dutch, before it is done: the one place the confirmation texts are built.
Implements art. 2 lid 1 (service, T0), art. 2 lid 9 (withdrawal), art. 9 (extension), art. 10 Wth (retention) and the
court's annulment and the herstelbesluit (art. 6:19 Awb): each names the case, the person and the consequence.

Pages show the :class:`Confirmation` with ``ui/confirm.py`` and run the act only after "Ja, …". Pure functions of the
values on screen; times in Europe/Amsterdam ("donderdag 3 december 2026 14:32").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping

from procedure.domain.deadlines import AMS
from procedure.domain.local_time import dst_suffix, long_date

IRREVERSIBLE = "Dit kan niet ongedaan worden gemaakt."


@dataclass(frozen=True)
class Confirmation:
    """A question before an irreversible act.

    Attributes:
        text: the Dutch sentences naming case, person and consequence (ends with :data:`IRREVERSIBLE` or says what
            can still be done).
        confirm: the label of the button that does it ("Ja, …").
    """

    text: str
    confirm: str


def when(moment: datetime) -> str:
    """``donderdag 3 december 2026 14:32`` (Europe/Amsterdam); in the autumn repeated hour with `` (zomertijd)`` or
    `` (wintertijd)``."""
    loc = moment.astimezone(AMS)
    return f"{long_date(loc.date())} {loc:%H:%M}{dst_suffix(moment)}"


def short_name(case: Mapping[str, Any]) -> str:
    """Initials and surname of the removed person: ``P. Jansen`` (``P.J. de Vries`` for two given names)."""
    given = (case.get("person_given_names") or "").split()
    initials = "".join(f"{g[0].upper()}." for g in given if g)
    surname = (case.get("person_surname") or "").strip() or "(naam onbekend)"
    return f"{initials} {surname}".strip()


def _who(case: Mapping[str, Any]) -> str:
    return f"{short_name(case)} ({case['id']})"


def extension(case: Mapping[str, Any], current_end: datetime, new_end: datetime, days: int) -> Confirmation:
    """Signing an extension (art. 9 Wth): the order runs ``days`` days longer, to ``new_end``."""
    return Confirmation(
        f"Het huisverbod van {_who(case)} wordt met {days} dagen verlengd: het eindigt dan niet op "
        f"{when(current_end)} maar op {when(new_end)}. U ondertekent de beschikking verlenging nu digitaal. "
        f"{IRREVERSIBLE}",
        "Ja, verlenging ondertekenen")


def withdrawal(case: Mapping[str, Any], now: datetime) -> Confirmation:
    """Signing a withdrawal (art. 2 lid 9 Wth): the order ends at once."""
    return Confirmation(
        f"Het huisverbod van {_who(case)} eindigt nu, {when(now)}. Betrokkene mag dan terug naar de woning en "
        f"contact opnemen met de achterblijvers. U ondertekent de beschikking intrekking nu digitaal. {IRREVERSIBLE}",
        "Ja, intrekking ondertekenen")


def service(case: Mapping[str, Any], t0: datetime, end: datetime) -> Confirmation:
    """Recording service (T0, art. 2 lid 1 Wth): the order starts at ``t0`` and ends at ``end``."""
    return Confirmation(
        f"Het huisverbod van {_who(case)} gaat in op {when(t0)} (T0) en eindigt op {when(end)}. De ingang kan "
        f"daarna niet meer worden gewijzigd; een fout kan alleen met een herstelbesluit. {IRREVERSIBLE}",
        "Ja, uitreiking vastleggen")


def annulment(case: Mapping[str, Any], decision_label: str, outcome_at: datetime) -> Confirmation:
    """Registering that the court annulled the imposition: the case ends as 'vernietigd'."""
    return Confirmation(
        f"U legt vast dat de rechter de {decision_label.lower()} van het huisverbod van {_who(case)} op "
        f"{long_date(outcome_at.astimezone(AMS).date())} heeft vernietigd. De zaak krijgt de status 'Vernietigd door "
        "de rechter' en het huisverbod geldt niet meer. Een vergissing kan alleen worden hersteld door de uitspraak "
        "opnieuw vast te leggen.",
        "Ja, vernietiging vastleggen")


def annulled_extension(case: Mapping[str, Any], original_end: datetime, new_end: datetime,
                       outcome_at: datetime) -> Confirmation:
    """Registering that the court annulled the extension (art. 9 Wth): the order ends at ``new_end`` (the end before the
    extension, or the ruling moment when that end had already passed)."""
    later = new_end > original_end
    return Confirmation(
        f"U legt vast dat de rechter de verlenging van het huisverbod van {_who(case)} op "
        f"{long_date(outcome_at.astimezone(AMS).date())} heeft vernietigd. Het huisverbod eindigt dan op "
        f"{when(new_end)}"
        + (f" (het oorspronkelijke einde, {when(original_end)}, lag al vóór de uitspraak: het huisverbod eindigt op "
           "het moment van de uitspraak)" if later else " (het einde van vóór de verlenging)")
        + ". Een vergissing kan alleen worden hersteld door de uitspraak opnieuw vast te leggen.",
        "Ja, vernietiging vastleggen")


def annulled_withdrawal(case: Mapping[str, Any], outcome_at: datetime) -> Confirmation:
    """Registering that the court annulled the withdrawal (art. 2 lid 9 Wth): the order does not come back by itself;
    the burgemeester gets a task to decide again."""
    return Confirmation(
        f"U legt vast dat de rechter de intrekking van het huisverbod van {_who(case)} op "
        f"{long_date(outcome_at.astimezone(AMS).date())} heeft vernietigd. Het huisverbod herleeft daardoor niet "
        "vanzelf: de burgemeester krijgt de taak opnieuw te beslissen. Een vergissing kan alleen worden hersteld door "
        "de uitspraak opnieuw vast te leggen.",
        "Ja, vernietiging vastleggen")


def retention(case_ids: list[str], held: int) -> Confirmation:
    """Running retention (art. 10 Wth): personal data and documents of ``case_ids`` are destroyed."""
    n = len(case_ids)
    listed = ", ".join(case_ids[:5]) + (f" en {n - 5} andere" if n > 5 else "")
    return Confirmation(
        f"Van {n} {'zaak' if n == 1 else 'zaken'} ({listed}) worden nu de persoonsgegevens, beschikkingen, "
        "documenten, beroepsbrieven en gebeurtenissen vernietigd; alleen een anonieme statistiekregel per zaak blijft."
        + (f" {held} {'zaak' if held == 1 else 'zaken'} met een lopend beroep {'wordt' if held == 1 else 'worden'} "
           "overgeslagen." if held else "") + f" {IRREVERSIBLE}",
        f"Ja, {n} {'zaak' if n == 1 else 'zaken'} vernietigen")


def correction(case: Mapping[str, Any], replaces: str, changed: list[str]) -> Confirmation:
    """Signing a herstelbesluit: a new signed decision replaces ``replaces`` and gets its own appeal term."""
    what = ", ".join(changed) if changed else "(nog niets gewijzigd)"
    return Confirmation(
        f"U ondertekent een herstelbesluit voor het huisverbod van {_who(case)}. Het vervangt beschikking "
        f"{replaces} en herstelt: {what}. Begin en einde van het huisverbod blijven gelijk; het herstelbesluit "
        f"heeft een eigen beroepstermijn. {IRREVERSIBLE}",
        "Ja, herstelbesluit ondertekenen")
