"""The rules that turn what partners record during an order into tasks with deadlines, and extension readiness.
Implements art. 2 lid 9 (withdrawal when the danger is gone), art. 9 (extension only on the current situation, a
recent zorgadvies, before the end) and art. 11 Wth (breach), and the reassessment within 24 hours (procedure.md 6).

Issue 15. Pure: no I/O; the services feed it the case, its household list and its events (with parsed ``details``)
and put the tasks in the work queue of the named roles. Every task names its rule (:data:`RULES`) so a user can see why it is there.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from procedure.domain.answers import Answer, HelpStatus
from procedure.domain.deadlines import AMS, add_calendar_days, max_extension_days
from procedure.domain.events import REMOVED_PARTY, Advice, RiskJudgement, household_now, party_label
from procedure.domain.roles import CARE_ROLES, MAYOR_ROLES, POLICE_ROLES, Role

#: default of setting ``zorgadvies_max_leeftijd_dagen``: a care advice older than this many days can't carry an
#: extension decision (art. 9 Wth: the situation at the moment of deciding)
DEFAULT_ADVICE_MAX_AGE_DAYS = 4

#: kinds of care advice (the zorgadvies event carries the systeemgesprek and zorgoverleg too, in details.form)
ADVICE_KIND = "zorgadvies"


@dataclass(frozen=True)
class Rule:
    """A rule: its code (shown on the task), a Dutch statement and the roles whose work queue gets its task."""

    code: str
    text: str
    roles: frozenset[Role]


_MUNI = frozenset({Role.GEMEENTE})
RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("V1", "Zorgadvies tot intrekken of risico afgenomen: de burgemeester beslist binnen 24 uur over intrekking "
               "(art. 2 lid 9 Wth)", MAYOR_ROLES),
    Rule("V2", "Na een wijziging in het huishouden woont geen beschermde persoon meer in de woning: de burgemeester "
               "herbeoordeelt binnen 24 uur", MAYOR_ROLES),
    Rule("V3", "Besluit over verlenging vóór het einde van het huisverbod (art. 9 Wth)", MAYOR_ROLES | _MUNI),
    Rule("V4", "Geen zorgadvies op de ingestelde dag: de casemanager levert het aan (art. 9 Wth)", CARE_ROLES),
    Rule("V5", "Overtreding: politie en OOV-coördinator volgen binnen 24 uur op (art. 11 Wth)", POLICE_ROLES | _MUNI),
)}


#: the decision a mayor's task of a rule leads to (its dossier: procedure/domain/dossier.py)
DECISION_OF_RULE = {"V1": "intrekking", "V2": "intrekking", "V3": "verlenging"}


@dataclass(frozen=True)
class FollowUp:
    """One task a rule gives: ``rule`` code, the ``roles`` that see it, Dutch ``task``, aware ``deadline``, the
    event it follows from (``event_id``, None for the extension rule) and an optional ``note`` (what is missing)."""

    rule: str
    roles: frozenset[Role]
    task: str
    deadline: datetime
    event_id: int | None = None
    note: str = ""


def advices(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The care advices with data (``details`` with a risk judgement), oldest first."""
    return [e for e in events if e["kind"] == ADVICE_KIND and e.get("details", {}).get("risk")]


def latest_advice(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    a = advices(events)
    return max(a, key=lambda e: (e["occurred_at"], e["id"])) if a else None


def _resolved(events: list[dict[str, Any]]) -> set[int]:
    return {e["resolves_event_id"] for e in events if e["kind"] == "herbeoordeling" and e.get("resolves_event_id")}


def no_protected_person_left(members: list[dict[str, Any]], events: list[dict[str, Any]], on: date) -> bool:
    """Whether, on ``on``, nobody who lives in the home is (or may be: protection *onbekend*) a protected person."""
    return not any(p["protected"] is not False for p in household_now(members, events, on))


def followups(case: dict[str, Any], members: list[dict[str, Any]], events: list[dict[str, Any]], *,
              zorgadvies_day: int, advice_max_age_days: int) -> list[FollowUp]:
    """The open tasks of rules V1–V5 for one running order.

    Args:
        case: the case row (``state``, ``served_at``, ``end_at``). members: its household list. events: its events
            with parsed ``details``, any order.

    A task closes when what it asks for is recorded: V1/V2 by a reassessment (``herbeoordeling`` resolving the
    event) or a withdrawal (the order is no longer running, so no task is asked for), V3 by the extension, V4 by a
    care advice, V5 per group by a follow-up of that group (``overtreding_opgevolgd``).
    """
    out: list[FollowUp] = []
    t0, end = case["served_at"], case["end_at"]
    resolved = _resolved(events)
    adv = latest_advice(events)
    if adv is not None and adv["id"] not in resolved and (
            adv["details"]["advice"] == Advice.INTREKKEN.value or adv["details"]["risk"] == RiskJudgement.AFGENOMEN.value):
        why = ("advies: intrekken" if adv["details"]["advice"] == Advice.INTREKKEN.value else "risico afgenomen")
        out.append(FollowUp("V1", RULES["V1"].roles, f"Beslissen over intrekking ({why})",
                            adv["recorded_at"] + timedelta(hours=24), adv["id"]))
    for e in events:
        if e["kind"] == "huishoudwijziging" and e.get("details") and e["id"] not in resolved:
            on = date.fromisoformat(e["details"]["from_date"])
            if no_protected_person_left(members, [x for x in events if x["recorded_at"] <= e["recorded_at"]], on):
                out.append(FollowUp("V2", RULES["V2"].roles,
                                    "Herbeoordelen: geen beschermde persoon meer in de woning (intrekken?)",
                                    e["recorded_at"] + timedelta(hours=24), e["id"]))
    if case["state"] == "opgelegd" and max_extension_days(t0, end) > 0:
        note = "" if adv is not None else "zorgadvies ontbreekt nog"
        out.append(FollowUp("V3", RULES["V3"].roles, "Besluit over verlenging (vóór het einde)", end.astimezone(AMS),
                            note=note))
    if case["state"] == "opgelegd" and not any(e["kind"] == ADVICE_KIND for e in events):
        out.append(FollowUp("V4", RULES["V4"].roles, "Zorgadvies voor het verlengingsbesluit aanleveren",
                            add_calendar_days(t0, zorgadvies_day - 1)))
    for e in events:
        if e["kind"] != "overtreding":
            continue
        done_by = {x["role"] for x in events if x["kind"] == "overtreding_opgevolgd"
                   and x.get("details", {}).get("breach_event_id") == e["id"]}
        due = e["recorded_at"] + timedelta(hours=24)
        ref = f" ({e['reference']})" if e.get("reference") else ""
        if not done_by & {r.value for r in POLICE_ROLES}:
            out.append(FollowUp("V5", POLICE_ROLES, f"Overtreding opvolgen{ref}", due, e["id"]))
        if Role.GEMEENTE.value not in done_by:
            out.append(FollowUp("V5", _MUNI, f"Overtreding opvolgen (OOV){ref}", due, e["id"]))
    return out


def banners(members: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[str]:
    """What the case shows on top until the burgemeester decided (rule V2)."""
    resolved = _resolved(events)
    out = []
    for e in events:
        if e["kind"] == "huishoudwijziging" and e.get("details") and e["id"] not in resolved:
            on = date.fromisoformat(e["details"]["from_date"])
            if no_protected_person_left(members, [x for x in events if x["recorded_at"] <= e["recorded_at"]], on):
                out.append(f"Sinds {on.strftime('%d-%m-%Y')} woont er geen beschermde persoon meer in de woning. "
                           "De burgemeester moet het huisverbod herbeoordelen (regel V2).")
    return out


# -- extension readiness (art. 9 Wth) -----------------------------------------------------------------------------------
#: words that show the reasons address a risk judgement / help status (lower case, substrings)
RISK_WORDS = {
    RiskJudgement.TOEGENOMEN.value: ("toegenomen", "toename", "groter", "verhoogd", "gestegen"),
    RiskJudgement.GELIJK.value: ("gelijk", "onveranderd", "blijft", "duurt voort", "niet afgenomen",
                                 "niet verminderd"),
    RiskJudgement.AFGENOMEN.value: ("afgenomen", "afname", "kleiner", "verminderd", "minder"),
}
HELP_WORDS = {
    "aanvaard": ("aanvaard", "geaccepteerd", "accepteert", "hulp aangenomen", "neemt hulp"),
    "geweigerd": ("geweigerd", "weiger"),
    "aangeboden": ("aangeboden", "aanbod"),
    "nog niet aangeboden": ("niet aangeboden", "nog geen hulp", "nog niet gestart"),
}


def extension_problems(members: list[dict[str, Any]], events: list[dict[str, Any]], *, today: date,
                       advice_max_age_days: int, reasons: str | None) -> list[str]:
    """Why an extension decision is not ready yet (empty: ready). Dutch, one sentence each.

    Ready means: a care advice (with a risk judgement) dated at most ``advice_max_age_days`` before ``today``, and
    ``reasons`` (the motivering; None = not written yet, then only the advice is checked) that name the latest risk
    judgement and every help status of that advice.
    """
    adv = latest_advice(events)
    problems = []
    if adv is None:
        return [f"Er is geen zorgadvies met een risico-oordeel vastgelegd. Een verlenging rust op een zorgadvies van "
                f"hoogstens {advice_max_age_days} dagen oud (art. 9 Wth)."]
    adate = adv["event_date"] or adv["occurred_at"].astimezone(AMS).date()
    age = (today - adate).days
    if age > advice_max_age_days:
        problems.append(f"Het laatste zorgadvies is van {adate.strftime('%d-%m-%Y')} ({age} dagen oud). Voor een "
                        f"verlenging is een advies van hoogstens {advice_max_age_days} dagen oud nodig: vraag een "
                        "nieuw zorgadvies.")
    if reasons is None:
        return problems
    low = reasons.lower()
    risk = adv["details"]["risk"]
    if not any(w in low for w in RISK_WORDS[risk]):
        problems.append(f"De motivering noemt het risico-oordeel van het laatste zorgadvies niet (risico "
                        f"{RiskJudgement(risk).label.lower()}).")
    for party, status in adv["details"].get("help", {}).items():
        if not any(w in low for w in HELP_WORDS.get(status, (status,))):
            who = "de uithuisgeplaatste" if party == REMOVED_PARTY else party_label(party, members)
            problems.append(f"De motivering gaat niet in op de hulp aan {who} (hulp {status}).")
    return problems


def help_answer_conflict(events: list[dict[str, Any]], answer: Answer | None) -> str | None:
    """The Dutch reason why ``answer`` to "heeft betrokkene de aangeboden hulp aanvaard" contradicts the help
    status the latest care advice recorded for the removed person (aanvaard → ja, geweigerd → nee), or None.

    The extension states the help answer under the mayor's signature (art. 9 Wth); it may not say the opposite of
    the care advice it rests on (issue 14 point 1, issue 15 point 2). ``onbekend`` never conflicts.
    """
    adv = latest_advice(events)
    status = ((adv or {}).get("details") or {}).get("help", {}).get(REMOVED_PARTY)
    if answer is None or answer is Answer.ONBEKEND or status is None:
        return None
    derived = HelpStatus(status).help_accepted()
    if derived is Answer.ONBEKEND or derived is answer:
        return None
    day = adv["event_date"] or adv["occurred_at"].astimezone(AMS).date()
    return (f"Het zorgadvies van {day.strftime('%d-%m-%Y')} zegt dat de uithuisgeplaatste de hulp heeft {status}; "
            f"uw antwoord '{answer.label}' spreekt dat tegen. Pas het antwoord aan of leg eerst een nieuw zorgadvies "
            "vast.")
