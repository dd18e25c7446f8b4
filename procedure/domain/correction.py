"""What a herstelbesluit may correct in a signed beschikking oplegging, and when none is possible any more.
Implements R03 (a correction is a new decision with its own term) and art. 2 lid 1 and art. 9 Wth (T0 and end stay)."""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

from procedure.domain import validation as v
from procedure.domain.states import CaseState


def _text(label: str, max_len: int = v.MAX_SHORT, min_len: int = 0) -> Callable[[Any, str], Any]:
    return lambda value, field: v.text(value, field, label, min_len=min_len, max_len=max_len)


#: the data a herstelbesluit may correct: field -> (Dutch label, validator(value, field)). Begin, end and duration
#: are not among them: they change only by extension or withdrawal (a new decision of its own).
CORRECTABLE: dict[str, tuple[str, Callable[[Any, str], Any]]] = {
    "person_given_names": ("Voornamen", _text("Voornamen")),
    "person_surname": ("Achternaam", _text("Achternaam")),
    "person_birth_date": ("Geboortedatum", lambda value, field: v.a_date(value, field, "Geboortedatum")),
    "street": ("Straat", _text("Straat")),
    "house_number": ("Huisnummer", _text("Huisnummer", max_len=20)),
    "postcode": ("Postcode", lambda value, field: v.postcode(value, field)),
    "city": ("Plaats", _text("Plaats")),
    "facts": ("Feiten en omstandigheden", _text("Feiten en omstandigheden", v.MAX_LONG, min_len=1)),
    "threatened_persons": ("Wie werd bedreigd", _text("Wie werd bedreigd", v.MAX_MEDIUM, min_len=1)),
    "why_this_person": ("Waarom deze persoon", _text("Waarom deze persoon", v.MAX_MEDIUM, min_len=1)),
    # the household parts (art. 2 lid 4 Wth, issue 14); the other adults' roles are per member: ADULT_ROLES
    "children_care": ("Wie zorgt nu voor de kinderen", _text("Wie zorgt nu voor de kinderen", v.MAX_MEDIUM)),
    "children_meaning": ("Wat het huisverbod voor de kinderen betekent",
                         _text("Wat het huisverbod voor de kinderen betekent", v.MAX_MEDIUM)),
}

#: the change key of a herstelbesluit for the other adults' role notes: {member id or unique name: note}
ADULT_ROLES = "adult_roles"

#: states in which no herstelbesluit can be taken, with the reason
NOT_CORRECTABLE = {
    CaseState.VERNIETIGD.value: "De rechter heeft het huisverbod vernietigd; een herstelbesluit is niet meer mogelijk.",
    CaseState.GEARCHIVEERD.value: "De zaak is gearchiveerd; een herstelbesluit is niet meer mogelijk.",
    CaseState.VERNIETIGD_ARCHIEF.value: "Deze zaak is na de bewaartermijn vernietigd.",
}


def shown(value: Any) -> str:
    """A corrected value as the herstelbesluit prints it (dates as dd-mm-jjjj)."""
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return "" if value is None else str(value)
