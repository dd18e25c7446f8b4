"""The case vocabulary every layer speaks: the person's name and dwelling, moments and numbers in Dutch, the status
a user reads and :class:`CaseView` (a case file as a page shows it). Implements art. 2 lid 1 Wth (who, which dwelling)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from procedure.domain.answers import Answer, open_questions
from procedure.domain.deadlines import AMS
from procedure.domain.local_time import dst_suffix
from procedure.domain.states import CaseState


@dataclass
class CaseView:
    """A case as a page shows it: the row, derived state, deadlines and the next step."""

    case: dict[str, Any]
    state: CaseState                 # effective (``verlopen`` derived from the clock)
    members: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    end_at: datetime | None = None
    latest_extension_end: datetime | None = None
    contact_address_deadline: datetime | None = None
    next_step: str = ""
    status_text: str = ""
    status_label: str = ""
    draft_submitted_by_name: str = ""
    previous_cases: list[dict[str, Any]] = field(default_factory=list)
    open_questions: list[str] = field(default_factory=list)   # facts a document needs that nobody answered

    @property
    def id(self) -> str:
        return self.case["id"]

    @property
    def version(self) -> int:
        return self.case["version"]

    @property
    def signed(self) -> bool:
        return self.case.get("decided_at") is not None


def person_name(case: dict[str, Any]) -> str:
    """The person the order is about (the uithuisgeplaatste): given names and surname of a case row."""
    return f"{case.get('person_given_names') or ''} {case.get('person_surname') or ''}".strip()


def dwelling(case: dict[str, Any]) -> str:
    """The dwelling the order covers (art. 2 lid 1 Wth): street, number, postcode and place of a case row."""
    return f"{case['street']} {case['house_number']}, {case['postcode']} {case['city']}"


def fmt_dt(moment: datetime | None) -> str:
    """``dd-mm-jjjj hh:mm`` in Europe/Amsterdam, with `` (zomertijd)``/`` (wintertijd)`` in the autumn repeated hour;
    "—" for None."""
    if moment is None:
        return "—"
    return moment.astimezone(AMS).strftime("%d-%m-%Y %H:%M") + dst_suffix(moment)


def fmt_int(n: int) -> str:
    """A whole number with Dutch thousands separators: ``1.667``."""
    return f"{int(n):,}".replace(",", ".")


def local_time_default(now: datetime) -> tuple[date, time]:
    """Today's date and the time to the minute in Europe/Amsterdam: the default of a date and time field."""
    loc = now.astimezone(AMS)
    return loc.date(), loc.time().replace(second=0, microsecond=0)


def status_label(case: dict[str, Any], state: CaseState, pending_appeal: bool = False) -> str:
    """The Dutch status a user sees: a signed but unserved decision is not a draft, and an ended order
    with a pending appeal shows "Afgelopen, beroep loopt" (R06)."""
    if state == CaseState.BESLUIT and case.get("decided_at") is not None:
        label = "Ondertekend, nog niet uitgereikt"
    elif state == CaseState.RISICOTAXATIE and case.get("rihg_finalised_at") is not None:
        label = "Beschikking in voorbereiding"
    else:
        label = state.label
    if pending_appeal:
        if state in (CaseState.VERLOPEN, CaseState.INGETROKKEN, CaseState.GEARCHIVEERD):
            return "Afgelopen, beroep loopt"
        return label + " (beroep loopt)"
    return label


#: the facts of a served order that documents state, by column; asked at the uitreiking (art. 4 lid 2, art. 2 lid 6)
SERVICE_QUESTIONS = {"keys_answer": "Zijn er bij de uitreiking sleutels ingenomen?",
                     "contact_address_answer": "Heeft betrokkene bij de uitreiking een contactadres opgegeven?"}
#: asked at an extension (art. 9 Wth)
EXTENSION_QUESTIONS = {"help_accepted": "Heeft betrokkene de aangeboden hulp aanvaard?"}


def case_open_questions(case: dict[str, Any]) -> list[str]:
    """The questions a case's documents depend on that nobody answered yet (ja / nee / onbekend; issue 14), for the
    completeness check on the case page: the uitreiking's (keys, contact address) once the order is imposed, the
    extension's (help accepted) once it is extended. A stored value that is no valid answer counts as open. Not listed:
    the uitreiking's questions after an oral order, the help question of an extension signed before it was asked."""
    labels: dict[str, str] = {}
    if case.get("served_at") is not None and case.get("oral_order_at") is None:
        # an oral order (art. 2 lid 7 Wth) has no uitreiking whose proces-verbaal asks these: nothing could close them
        labels.update(SERVICE_QUESTIONS)
    if case.get("extended_at") is not None and case.get("help_accepted") is not None:
        # an extension signed before the question existed (migration 015) keeps NULL: nothing can answer it now
        labels.update(EXTENSION_QUESTIONS)
    answers: dict[str, Answer | None] = {}
    for k in labels:
        try:
            answers[k] = Answer.parse(case.get(k))
        except ValueError:
            answers[k] = None
    return open_questions(answers, labels)
