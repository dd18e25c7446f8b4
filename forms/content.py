"""Input of every Wth document: frozen dataclasses filled by the procedure layer.
Implements the contents art. 2 lid 4 Wth prescribes (and art. 9, art. 2 lid 9 for extension and withdrawal).

Every fact a document states about what happened (keys handed in, contact address given, help accepted, a
household member a minor, …) is an :class:`~procedure.domain.answers.Answer` — ja / nee / onbekend — never a
bool that an unticked box turned into "nee"; *onbekend* prints no claim or a neutral sentence.

Rendering reads *only* these objects (never the case, the store or the clock), so the same content
gives byte-identical PDFs (design.md, "Documents and signatures"). All datetimes are timezone-aware;
the renderer converts them to Europe/Amsterdam for display.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from procedure.domain.answers import Answer


@dataclass(frozen=True)
class ProtectedPerson:
    """A person covered by the contact ban (art. 1 sub b and art. 2 lid 1 Wth).

    Attributes:
        name: full name as it must appear in the beschikking (art. 2 lid 4 Wth).
        relation: relation to the uithuisgeplaatste, e.g. "partner", "zoon (8 jaar)".
        residence: "woont in de woning" or "verblijft er meer dan incidenteel".
        basis: how the residence is known, e.g. "BRP" or "verklaring buurvrouw, PV 2026-123".
    """

    name: str
    relation: str
    residence: str
    basis: str


@dataclass(frozen=True)
class AdultRole:
    """Another adult of the household and why the order is not addressed to him or her (art. 2 lid 4 Wth; R04).

    Attributes:
        name: full name.
        relation: relation to the uithuisgeplaatste, e.g. "partner".
        role: what this adult's role was in what happened and why *this* person is not removed, e.g.
            "slachtoffer; verklaring en letsel, geen aanwijzing dat zij geweld gebruikte".
    """

    name: str
    relation: str
    role: str


@dataclass(frozen=True)
class ChildrenPart:
    """What the order means for the minors in the household (art. 2 lid 4 Wth, procedure.md section 4).

    Attributes:
        names: the minors living there or staying more than incidentally, e.g. "Zoë de Vries (8 jaar)".
        care: who cares for them now.
        meaning: what the order means for them (contact with the removed parent, school, help).
    """

    names: tuple[str, ...]
    care: str
    meaning: str


@dataclass(frozen=True)
class Correction:
    """What a herstelbesluit corrects in an earlier signed beschikking (procedure.md section 7:
    a signed document is never edited; a correction is a new version with its own decision and term).

    ``changes`` holds (label, old text, new text) triples; ``replaces_decided_at`` is aware.
    """

    replaces_document_id: str
    replaces_decided_at: datetime
    changes: tuple[tuple[str, str, str], ...]
    reasons: str
    later_decisions: tuple[str, ...] = ()   # e.g. "verlengd op … tot … (beschikking …)"; they stay as they are


@dataclass(frozen=True)
class BeschikkingContent:
    """Everything a beschikking oplegging shows (art. 2 lid 4 Wth, procedure.md section 4).

    Datetimes are aware. ``start``/``end`` are ``None`` when the order starts at the moment of
    uitreiking; the proces-verbaal van uitreiking then records both. ``generated_at`` becomes the PDF
    creation date, so it must come from the case (not ``now()``) for deterministic output.
    """

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    person_name: str
    person_birth_date: date
    dwelling_address: str
    duration_days: int
    start: datetime | None
    end: datetime | None
    incident_at: datetime
    facts: str
    threatened_persons: str
    why_this_person: str
    protected_persons: tuple[ProtectedPerson, ...]
    rihg_advice: str
    legal_basis: str
    decider_name: str
    decider_role: str
    decision_basis: str
    decided_at: datetime | None
    is_draft: bool
    generated_at: datetime
    court_name: str = "rechtbank Limburg"  # court of the appeal clause (the municipality's district)
    correction: Correction | None = None   # set for a herstelbesluit
    other_adults: tuple[AdultRole, ...] = ()   # the other adults of the household, each with role and why not him/her
    children: ChildrenPart | None = None       # set when minors live there or stay more than incidentally


@dataclass(frozen=True)
class UitreikingContent:
    """Everything a proces-verbaal van uitreiking shows, including the key receipt (art. 4 lid 2 Wth).

    ``served_at`` is T0; ``end`` = T0 + 10 days at the same wall-clock time; ``latest_extension_end``
    = T0 + 28 days (art. 9 Wth); ``contact_address_deadline`` = T0 + 24 h (art. 2 lid 6 Wth).
    ``keys_taken_in`` and ``contact_address_given`` are explicit answers: *ja* prints the receipt / the
    address, *nee* states that none were taken in / none was given (and the 24-hour duty), *onbekend*
    states neither (the duty is then put conditionally). The document is the police officer's: its
    letterhead is the police's (``police_unit``), ``served_by`` signs in ``served_by_capacity``.
    """

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    person_name: str
    dwelling_address: str
    served_at: datetime
    end: datetime
    latest_extension_end: datetime
    contact_address_deadline: datetime
    served_by: str
    keys_taken_in: Answer
    key_description: str
    contact_address_given: Answer
    contact_address: str
    beschikking_document_id: str
    generated_at: datetime
    served_by_capacity: str = "hulpofficier van justitie"


@dataclass(frozen=True)
class VerlengingContent:
    """Everything a beschikking verlenging shows (art. 9 Wth, procedure.md sections 5 and 6).

    Only the burgemeester (or the loco-burgemeester acting for him) extends; an extension is never
    mandated to the HOvJ (art. 3 Wth, cases.md R09). ``t0`` is the original imposition,
    ``original_end`` = T0 + 10 days, ``new_end`` the end after this extension and
    ``latest_possible_end`` = T0 + 28 days at the same wall-clock time ("ten hoogste vier weken",
    art. 9 Wth); ``extension_days`` is the number of calendar days added (usually 18, cases.md R05).
    The procedure layer checks that the extension is decided before ``original_end`` and that
    ``new_end <= latest_possible_end``; the renderer only shows. The extension is a decision of its
    own with its own appeal term (procedure.md section 5).

    Attributes:
        zorgadvies_organisation: who gave the care advice, e.g. "Veilig Thuis Limburg-Noord".
        zorgadvies_date: date of that advice (current facts: dated in the last days).
        zorgadvies_summary: what the advice says, in a few sentences.
        help_accepted: the answer to "has the uithuisgeplaatste accepted the help offered" (ja / nee /
            onbekend); *onbekend* states no claim (procedure.md section 6, transition opgelegd → verlengd).
        reasons: why the burgemeester extends; may be long (several paragraphs).
        current_facts: the facts and circumstances now, showing why the danger remains.
        protected_persons: the contact ban (art. 2 lid 1 Wth), unchanged from the imposition.
        decider_name, decider_role, decision_basis: who decided and on what basis
            (burgemeester himself, or loco-burgemeester with the substitution record).
        decided_at: ``None`` for a draft.
        generated_at: the PDF creation date; from the case, not ``now()``.
    """

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    person_name: str
    person_birth_date: date
    dwelling_address: str
    t0: datetime
    original_end: datetime
    new_end: datetime
    latest_possible_end: datetime
    extension_days: int
    zorgadvies_organisation: str
    zorgadvies_date: date
    zorgadvies_summary: str
    help_accepted: Answer
    reasons: str
    current_facts: str
    protected_persons: tuple[ProtectedPerson, ...]
    decider_name: str
    decider_role: str
    decision_basis: str
    decided_at: datetime | None
    is_draft: bool
    generated_at: datetime
    court_name: str = "rechtbank Limburg"  # court of the appeal clause (the municipality's district)
    other_adults: tuple[AdultRole, ...] = ()
    children: ChildrenPart | None = None


@dataclass(frozen=True)
class IntrekkingContent:
    """Everything a beschikking intrekking shows (art. 2 lid 9 Wth, procedure.md section 6).

    Only the burgemeester (or the loco-burgemeester acting for him) withdraws; never mandated to
    the HOvJ (cases.md R09). ``t0`` is the original imposition, ``planned_end`` the end the order
    would have had (after any extension), ``withdrawn_at`` the moment the withdrawal takes effect:
    the actual end of the order. The withdrawal is a decision of its own with its own appeal term
    (procedure.md section 5); an appeal against the order itself can go on (cases.md R06).

    Attributes:
        reasons: why the burgemeester withdraws (e.g. help accepted and confirmed, danger gone,
            household changed); may be long.
        decider_name, decider_role, decision_basis: who decided and on what basis.
        decided_at: ``None`` for a draft.
        generated_at: the PDF creation date; from the case, not ``now()``.
    """

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    person_name: str
    person_birth_date: date
    dwelling_address: str
    t0: datetime
    planned_end: datetime
    withdrawn_at: datetime
    reasons: str
    decider_name: str
    decider_role: str
    decision_basis: str
    decided_at: datetime | None
    is_draft: bool
    generated_at: datetime
    court_name: str = "rechtbank Limburg"  # court of the appeal clause (the municipality's district)
    keys_taken_in: Answer = Answer.ONBEKEND   # at the uitreiking: ja prints where to get them back


@dataclass(frozen=True)
class RihgSignalRow:
    """One signal of a RiHG as the report shows it (Bth art. 2 en bijlage; rihg.md).

    Attributes:
        code: signal code from the catalogue, e.g. ``"B3"``.
        label: signal label, e.g. ``"Lichamelijk geweld"``.
        part: code of the part the signal belongs to (``"A"``, ``"B"`` or ``"C"``).
        colour: the assessor's judgement: ``"rood"``, ``"blauw"``, ``"geel"`` or ``""`` (not given).
        yes_items: labels of the items answered yes, in catalogue order.
        facts: the evidence as ``(description, source, disputed)``; a red or blue signal needs at
            least one undisputed fact with a source (rihg.md); ``disputed`` prints "betwist".
    """

    code: str
    label: str
    part: str
    colour: str
    yes_items: tuple[str, ...]
    facts: tuple[tuple[str, str, bool], ...]


@dataclass(frozen=True)
class RihgReportContent:
    """Everything the RiHG report shows (Bth art. 2 en bijlage; procedure.md section 7; rihg.md).

    Attributes:
        catalogue_version: version of the RiHG catalogue used, e.g. ``"2009-1"``.
        parts: the parts in catalogue order as ``(code, label)``.
        signals: all signals in catalogue order; each row names its ``part``.
        authors: who filled in which part as ``(part code, author name)``; part C may have another
            author (the casemanager) than parts A and B (rihg.md).
        advice_text: the computed advice, e.g. "Huisverbod geïndiceerd: 3 rode signalen in deel B".
        red_per_part: number of red signals per part as ``(part code, count)``; two or more in one
            part means a huisverbod is in principle indicated.
        decision_huisverbod: ``True`` (order), ``False`` (no order) or ``None`` (not decided yet).
        decision_reasons: the written reasons of the decision (required in both directions).
        decided_by: name and role of whoever decided (HOvJ under mandate or burgemeester).
        finalised_at: moment the RiHG was finalised; ``None`` renders the report as a CONCEPT.
        generated_at: the PDF creation date; from the case, not ``now()``.
    """

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    person_name: str
    person_birth_date: date
    dwelling_address: str
    incident_at: datetime
    catalogue_version: str
    parts: tuple[tuple[str, str], ...]
    signals: tuple[RihgSignalRow, ...]
    authors: tuple[tuple[str, str], ...]
    advice_text: str
    red_per_part: tuple[tuple[str, int], ...]
    decision_huisverbod: bool | None
    decision_reasons: str
    decided_by: str
    finalised_at: datetime | None
    generated_at: datetime


@dataclass(frozen=True)
class InfoUithuisgeplaatsteContent:
    """The information letter for the uithuisgeplaatste (procedure.md section 7), plain Dutch (B1).

    ``start``/``end`` are T0 and the *actual* end of the order (date and time): after an extension the new
    end, after a withdrawal the moment of withdrawal; ``end_note`` says which (``""`` for the first end);
    ``contact_address_deadline``
    = T0 + 24 h (art. 2 lid 6 Wth); ``appeal_term_end`` is the last day of the six-week beroep term
    (Awb, counted from the day after the decision was made known; procedure.md section 5);
    ``protected_names`` are everyone covered by the contact ban (art. 2 lid 1 Wth).
    """

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    person_name: str
    dwelling_address: str
    start: datetime
    end: datetime
    protected_names: tuple[str, ...]
    contact_address_deadline: datetime
    appeal_term_end: date | None
    help_organisation: str
    help_phone: str
    generated_at: datetime
    #: one sentence per later decision (verlenging, intrekking, herstelbesluit) with its own appeal term
    #: (procedure.domain.appeals.later_decision_term_sentence); empty when there is none
    later_terms: tuple[str, ...] = ()
    end_note: str = ""
    #: where the order stands when the letter is made: ``"loopt"`` (running, may still be extended),
    #: ``"maximum"`` (extended to T0 + 28 days, art. 9 Wth: no further extension) or ``"ingetrokken"``
    #: (withdrawn, art. 2 lid 9 Wth: ``end`` is the moment of withdrawal; nothing is asked of the person any more)
    status: str = "loopt"


@dataclass(frozen=True)
class InfoAchterblijversContent:
    """The information letter for those who stay in the dwelling (procedure.md section 7), B1 Dutch.

    ``recipients`` are the (adult) achterblijvers the letter is addressed to; ``start``/``end`` the
    order's start (T0) and actual end (after an extension or withdrawal), date and time; ``end_note`` as
    in :class:`InfoUithuisgeplaatsteContent`.
    """

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    recipients: tuple[str, ...]
    person_name: str
    dwelling_address: str
    start: datetime
    end: datetime
    help_organisation: str
    help_phone: str
    generated_at: datetime
    end_note: str = ""


@dataclass(frozen=True)
class VeiligThuisNoticeContent:
    """The notice of an imposed order to Veilig Thuis / the care agency (art. 2 lid 8 Wth).

    Attributes:
        organisation: the receiving agency, e.g. "Veilig Thuis Limburg-Noord".
        household: everyone in the household as ``(name, relation, birth date text, minor)``;
            ``minor`` is an answer: ja (a child: extra attention from Veilig Thuis), nee, or onbekend
            when the birth date is not known (then no claim either way).
        incident_summary: short account of the incident (may be several paragraphs).
        rihg_advice: the RiHG outcome, e.g. "Huisverbod geïndiceerd: 3 rode signalen in deel B".
        decider: who imposed the order and on what basis.
        contact_address: where the uithuisgeplaatste can be reached; ``""`` when not given yet.
        sent_by: who sends the notice (name and role).
        generated_at: the PDF creation date; from the case, not ``now()``.
    """

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    organisation: str
    person_name: str
    person_birth_date: date
    dwelling_address: str
    start: datetime
    end: datetime
    household: tuple[tuple[str, str, str, Answer], ...]
    incident_at: datetime
    incident_summary: str
    rihg_advice: str
    decider: str
    contact_address: str
    sent_by: str
    generated_at: datetime


@dataclass(frozen=True)
class DossierContent:
    """The cover of a merged case dossier, e.g. "het dossier voor de burgemeester".

    ``parts`` lists the merged documents in order as ``(part title, document id)``; the PDFs given
    to :func:`forms.documents.render_dossier` must be in the same order.
    """

    document_id: str
    version: int
    municipality_name: str
    case_id: str
    title: str
    parts: tuple[tuple[str, str], ...]
    generated_at: datetime
