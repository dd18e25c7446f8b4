"""Eligibility and completeness rules of the Wth, pure functions (no I/O): household, age, art. 2 lid 4 parts.
Implements art. 1, 2 (lid 1-4) and 3 Wth; procedure.md sections 3 and 4; rulings R04, R09, R12, R15, R17.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from procedure.domain.deadlines import ORDER_DAYS, is_adult_on
from procedure.domain.errors import RuleViolation, ValidationError


class Residence(StrEnum):
    """How a household member relates to the dwelling (art. 1 sub b and art. 2 lid 1 Wth)."""

    WOONT = "woont"
    VERBLIJFT = "verblijft"          # stays there "anders dan incidenteel"
    INCIDENTEEL = "incidenteel"      # visitor: not covered by the contact ban

    @property
    def label(self) -> str:
        return {
            "woont": "woont in de woning",
            "verblijft": "verblijft er meer dan incidenteel",
            "incidenteel": "verblijft er incidenteel (bezoek)",
        }[self.value]


#: relation of the household member to the person considered for removal
RELATIONS = {
    "partner": "Partner",
    "ex_partner": "Ex-partner (woont/verblijft nog in de woning)",
    "kind": "Kind",
    "ouder": "Ouder (betrokkene is meerderjarig kind)",
    "broer_zus": "Broer of zus",
    "grootouder": "Grootouder",
    "overig_familie": "Ander familielid",
    "huisgenoot": "Huisgenoot (geen familie)",
    "buur": "Buur",
    "bezoeker": "Bezoeker",
}
#: relations outside the Wth: neighbours and visitors are not domestic (procedure.md 3.1)
OUT_OF_SCOPE_RELATIONS = {"buur", "bezoeker"}


@dataclass(frozen=True)
class Member:
    name: str
    birth_date: date | None
    relation: str
    residence: Residence
    residence_basis: str
    threatened: bool

    @property
    def covered(self) -> bool:
        """Covered by the contact ban: lives there or stays more than incidentally (art. 2 lid 1)."""
        return self.residence in (Residence.WOONT, Residence.VERBLIJFT)

    def is_minor_on(self, moment: datetime) -> bool | None:
        return None if self.birth_date is None else not is_adult_on(self.birth_date, moment)


def check_door_questions(domestic: bool, resident: bool, adult: bool) -> None:
    """The three door questions (procedure.md section 6: melding -> risicotaxatie).

    Raises:
        RuleViolation: any answer is no; the message says which and that the Wth does not apply.
    """
    problems = []
    if not domestic:
        problems.append("de dreiging komt niet uit de huiselijke kring (buren, bezoek of overlast vallen "
                        "buiten de Wet tijdelijk huisverbod)")
    if not resident:
        problems.append("de persoon woont niet in de woning en verblijft er niet meer dan incidenteel")
    if not adult:
        problems.append("de persoon is jonger dan 18 jaar (art. 2 lid 2 Wth)")
    if problems:
        raise RuleViolation("Een huisverbod is hier niet mogelijk: " + "; ".join(problems) + ".",
                            field="door_questions", details=problems)


def check_adult(birth_date: date, moment: datetime, field: str = "person_birth_date") -> None:
    """The removed person must be 18 or older at the moment of imposition (art. 2 lid 2 Wth; R17).

    Raises:
        RuleViolation: under 18 at ``moment``.
    """
    if not isinstance(birth_date, date) or not isinstance(moment, datetime) or moment.tzinfo is None:
        raise ValidationError("De geboortedatum van betrokkene of het moment van opleggen ontbreekt.", field=field)
    if not is_adult_on(birth_date, moment):
        raise RuleViolation(
            "Een huisverbod kan alleen worden opgelegd aan iemand van 18 jaar of ouder "
            f"(art. 2 lid 2 Wth). Betrokkene is op {moment.strftime('%d-%m-%Y')} nog geen 18.",
            field=field)


def check_household(members: list[Member]) -> None:
    """At least one threatened person who lives or stays more than incidentally in the dwelling;
    neighbours and visitors are out of scope (procedure.md 3.1; R15).

    Raises:
        RuleViolation: with ``field="household"``.
    """
    if any(m.relation in OUT_OF_SCOPE_RELATIONS and m.threatened for m in members) and not any(
            m.threatened and m.covered and m.relation not in OUT_OF_SCOPE_RELATIONS for m in members):
        raise RuleViolation(
            "Dreiging tegen buren of bezoekers valt buiten de Wet tijdelijk huisverbod. "
            "Gebruik daarvoor andere bevoegdheden.", field="household")
    if not any(m.threatened and m.covered and m.relation not in OUT_OF_SCOPE_RELATIONS for m in members):
        raise RuleViolation(
            "Er is geen bedreigde huisgenoot die in de woning woont of er meer dan incidenteel "
            "verblijft. Zonder zo iemand is een huisverbod niet mogelijk (art. 2 lid 1 Wth).",
            field="household")
    for m in members:
        if m.residence == Residence.VERBLIJFT and not m.residence_basis.strip():
            raise RuleViolation(
                f"Geef voor {m.name} kort aan waaruit blijkt dat hij/zij meer dan incidenteel in de "
                "woning verblijft (R05).", field="household")


_TOKEN_FACTS = re.compile(r"^\s*(zie\s+(pv|proces-verbaal|bijlage|rihg)|n\.?v\.?t\.?|onbekend|-+|\.+|x+)\b",
                          re.IGNORECASE)
MIN_FACTS_WORDS = 15
MIN_WHY_WORDS = 6


MIN_ROLE_WORDS = 3
MIN_CARE_WORDS = 3
MIN_MEANING_WORDS = 6


@dataclass(frozen=True)
class HouseholdParts:
    """The parts a decision needs in a household with another adult or with minors (art. 2 lid 4 Wth; R04).

    Attributes:
        adult_roles: per other adult living there or staying more than incidentally, ``(name, role text)``:
            the role in what happened and why the order is not addressed to him or her.
        minors: names of the minors living there or staying more than incidentally.
        children_care: who cares for the minors now.
        children_meaning: what the order means for them.
    """

    adult_roles: tuple[tuple[str, str], ...] = ()
    minors: tuple[str, ...] = ()
    children_care: str = ""
    children_meaning: str = ""


def missing_household_parts(h: HouseholdParts) -> list[str]:
    """The household parts the decision lacks, in Dutch; empty when complete — and always empty in a household
    without another adult and without minors (R12: nothing is asked that the case does not need). Used for the
    imposition and for an extension alike."""
    missing = []
    for name, role in h.adult_roles:
        if len((role or "").split()) < MIN_ROLE_WORDS:
            missing.append(f"Andere volwassene {name}: beschrijf zijn of haar rol en waarom het huisverbod niet aan "
                           "hem of haar wordt opgelegd.")
    if h.minors:
        kids = ", ".join(h.minors)
        if len(h.children_care.split()) < MIN_CARE_WORDS:
            missing.append(f"Kinderen ({kids}): vermeld wie nu voor hen zorgt.")
        if len(h.children_meaning.split()) < MIN_MEANING_WORDS:
            missing.append(f"Kinderen ({kids}): beschrijf wat het huisverbod voor hen betekent.")
    return missing


@dataclass(frozen=True)
class DraftParts:
    """What the beschikking will contain (art. 2 lid 4 Wth)."""

    dwelling_complete: bool
    duration_days: int | None
    incident_known: bool
    facts: str
    threatened_persons: str
    why_this_person: str
    protected_names: list[str]
    other_adults_covered: list[str]   # other adults living there (R04: why this one, not the other)
    rihg_final: bool
    decision_huisverbod: bool | None
    household: HouseholdParts | None = None   # per other adult the role; for minors care and meaning (issue 14)


def missing_art_2_4_parts(p: DraftParts) -> list[str]:
    """Every art. 2 lid 4 Wth element the beschikking would lack, in Dutch; empty when complete.

    Legal basis, decider and the appeal clause are fixed parts of the document; the decider is
    recorded at signing. R04: empty or token facts, or no reasoning why this person while
    another adult lives there, make a beschikking incomplete; so does, in exactly those households,
    a missing role of another adult or (with minors) who cares for them and what the order means
    for them (:func:`missing_household_parts`).
    """
    missing = []
    if not p.rihg_final:
        missing.append("De risicotaxatie (RiHG) is nog niet afgerond.")
    if p.decision_huisverbod is not True:
        missing.append("Er is (nog) geen beslissing om een huisverbod op te leggen.")
    if not p.dwelling_complete:
        missing.append("Plaats: het adres van de woning is niet volledig.")
    if p.duration_days != ORDER_DAYS:
        missing.append(f"Duur: een huisverbod duurt {ORDER_DAYS} dagen (art. 2 lid 1 Wth).")
    if not p.incident_known:
        missing.append("Feiten: datum en tijd van het incident ontbreken.")
    words = len(p.facts.split())
    if words < MIN_FACTS_WORDS or _TOKEN_FACTS.match(p.facts or ""):
        missing.append("Feiten en omstandigheden: beschrijf wat er is gebeurd (minimaal "
                       f"{MIN_FACTS_WORDS} woorden, geen verwijzing als 'zie PV').")
    if not p.threatened_persons.strip():
        missing.append("Feiten: vermeld wie er is bedreigd.")
    if len(p.why_this_person.split()) < MIN_WHY_WORDS:
        if p.other_adults_covered:
            missing.append("Waarom deze persoon: er woont nog een volwassene ("
                           + ", ".join(p.other_adults_covered)
                           + "); motiveer waarom juist deze persoon de bron van het gevaar is.")
        else:
            missing.append("Waarom deze persoon: motiveer waarom van deze persoon het gevaar uitgaat.")
    if not p.protected_names:
        missing.append("Contactverbod: er is geen persoon die in de woning woont of er meer dan "
                       "incidenteel verblijft.")
    if p.household is not None:
        missing.extend(missing_household_parts(p.household))
    return missing


def assert_complete(p: DraftParts) -> None:
    """Raise :class:`RuleViolation` listing every missing art. 2 lid 4 part (R04)."""
    missing = missing_art_2_4_parts(p)
    if missing:
        raise RuleViolation("De beschikking is niet compleet (art. 2 lid 4 Wth).", field="beschikking",
                            details=missing)


def check_child_abuse_consultation(child_abuse_ground: bool | None, vt_consulted: bool) -> None:
    """(Suspected) child abuse as ground: Veilig Thuis must be consulted before imposing (art. 2 lid 3 Wth; R17).

    Args:
        child_abuse_ground: the melding's answer: True (ja), False (nee), None (onbekend or not answered). Only an
            explicit *nee* lets the decision go without a consultation: unknown is never read as "no" (issue 14).

    Raises:
        RuleViolation: ground ja or not established, and no consultation logged (field ``vt_consulted``).
    """
    if vt_consulted or child_abuse_ground is False:
        return
    if child_abuse_ground is None:
        raise RuleViolation(
            "Of er sprake is van (vermoeden van) kindermishandeling is niet vastgesteld. Raadpleeg Veilig Thuis "
            "vóór het opleggen (art. 2 lid 3 Wth) en leg het consult vast, of leg in de melding vast dat die grond "
            "er niet is ('nee').", field="vt_consulted")
    raise RuleViolation(
        "Bij (vermoeden van) kindermishandeling moet Veilig Thuis vóór het opleggen worden "
        "geraadpleegd (art. 2 lid 3 Wth). Leg eerst het consult vast (wie, wanneer, uitkomst).",
        field="vt_consulted")


def check_single_dwelling(addresses: list[str]) -> None:
    """The ban covers exactly one dwelling: the shared home (procedure.md 3.7; R15).

    Raises:
        RuleViolation: more than one address or a zone is given.
    """
    if not isinstance(addresses, (list, tuple)) or not all(isinstance(a, str) for a in addresses):
        raise ValidationError("Het adres van de woning is niet goed doorgegeven.", field="dwelling")
    if len([a for a in addresses if a.strip()]) != 1:
        raise RuleViolation("Een huisverbod geldt voor precies één woning: de gezamenlijke woning. "
                            "Een tweede adres of een zone is niet toegestaan (R15).", field="dwelling")
