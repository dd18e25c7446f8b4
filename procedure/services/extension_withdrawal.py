"""Extension and withdrawal of a running order, and the burgemeester's reassessment after a household change.
Implements art. 9 Wth (extension to at most 28 days, on a zorgadvies, before the end) and art. 2 lid 9 (withdrawal);
both are decisions of the burgemeester (or the loco), never in mandate (art. 3 lid 1; R09).
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from forms.content import IntrekkingContent, VerlengingContent
from forms.documents import render_beschikking_intrekking, render_beschikking_verlenging
from procedure.domain import rules, validation as v
from procedure.domain.answers import Answer
from procedure.domain.case import dwelling, fmt_dt, person_name
from procedure.domain.deadlines import (AMS, DEFAULT_ZORGADVIES_DAY, TYPICAL_EXTENSION_DAYS, add_calendar_days,
                                        extension_end, latest_extension_end, max_extension_days)
from procedure.domain.documents import DOC_INTREKKING, DOC_VERLENGING
from procedure.domain.errors import RuleViolation, ValidationError
from procedure.domain.events import CURRENT_FACT_KINDS
from procedure.domain.followup import (DEFAULT_ADVICE_MAX_AGE_DAYS, extension_problems, followups,
                                      help_answer_conflict)
from procedure.domain.mandates import role_text
from procedure.domain.roles import Action, Actor
from procedure.domain.states import ACTIVE_ORDER_STATES, CaseState, effective_state
from procedure.services.aftercare import Aftercare
from procedure.services.context import Service, ServiceContext
from procedure.services.decision import (children_texts, household_content, household_parts, member_roles,
                                         protected_persons)
from procedure.services.notices import Notices
from procedure.services.signatures import Signatures
from store import repo


def _stored_answer(value) -> Answer:
    """A stored answer column as an ``Answer``; unanswered or unreadable prints as onbekend (no claim)."""
    try:
        return Answer.parse(value) or Answer.ONBEKEND
    except ValueError:
        return Answer.ONBEKEND


class ExtensionWithdrawal(Service):
    """The burgemeester's decisions on a running order."""

    def __init__(self, ctx: ServiceContext, signatures: Signatures, aftercare: Aftercare,
                 notices: Notices | None = None):
        super().__init__(ctx)
        self.signatures = signatures
        self.aftercare = aftercare
        self.notices = notices

    def extension_options(self, actor: Actor, case_id: str) -> dict[str, Any]:
        """What the extension form offers: current end, latest end (T0 + 28 d), the typical +18 days
        (or the maximum left), the latest zorgadvies and warnings. Read-only."""
        case = self.ctx.case_in_scope(actor, case_id)
        now = self.ctx.now()
        t0 = case["served_at"]
        if t0 is None:
            raise RuleViolation("Deze zaak heeft geen opgelegd huisverbod.")
        max_days = max_extension_days(t0, case["end_at"])
        events = repo.list_events(self.db, case_id)
        advies = [e for e in events if e["kind"] == "zorgadvies"]
        warnings = []
        newer = [e for e in events if e["occurred_at"] > t0 and e["kind"] in CURRENT_FACT_KINDS]
        if not newer:
            warnings.append("Er is geen feit vastgelegd dat nieuwer is dan het opleggen. Een verlenging moet "
                            "rusten op de actuele situatie (zorgadvies, contacten, overtredingen).")
        return {"t0": t0.astimezone(AMS), "current_end": case["end_at"].astimezone(AMS),
                "latest_end": latest_extension_end(t0), "max_days": max_days,
                "suggested_days": min(TYPICAL_EXTENSION_DAYS, max_days), "zorgadvies": advies[-1] if advies else None,
                "warnings": warnings, "not_ready": self._problems(case_id, now, None),
                "active": effective_state(CaseState(case["state"]), case["end_at"], now)
                in ACTIVE_ORDER_STATES}

    def extend(self, actor: Actor, case_id: str, version: int, *, days: int, zorgadvies_organisation: str,
               zorgadvies_date: date | None, zorgadvies_summary: str, help_accepted: Answer | str | bool | None,
               reasons: str, current_facts: str, children_care: str | None = None,
               children_meaning: str | None = None, adult_roles: dict[Any, str] | None = None) -> str:
        """Extend the order (art. 9 Wth) and store the signed beschikking verlenging.

        Args:
            days: calendar days added to the current end (typically 18; the new end is at the same
                local time and at most T0 + 28 days).
            zorgadvies_date: date of the care agency's advice; it must come from the last days of the
                order (on or after day ``zorgadvies_dag`` setting, default 7) and not lie in the future.
            help_accepted: the answer ja / nee / onbekend to "has the person accepted the help offered"
                (an ``Answer``, its text or an explicit bool); the decision states exactly that, onbekend
                states no claim. Not answering is refused.
            children_care, children_meaning: with minors in the household, who cares for them now and
                what the extension means for them; ``None`` keeps the text of the last decision. Required
                (with the other adults' roles) in exactly those households (art. 2 lid 4 Wth; R12).
            adult_roles: household member id (or unique name) -> role of that other adult and why the order is
                not addressed to him or her, as in ``Decision.save_draft``; ``None`` keeps the last decision's.
                The extension's household texts are stored apart from the imposition's (``ext_*`` columns), so
                a herstelbesluit of the imposition keeps printing the imposition's own texts.

        Returns:
            the id of the signed document.

        Raises:
            NotAuthorized: not the burgemeester of the case's municipality, or a loco without a valid
                substitution record on this date (R09); the HOvJ never (art. 3 Wth).
            RuleViolation: the order is not running or its end has passed; new end beyond T0 + 28 days (R05).
            ValidationError: missing zorgadvies, reasons, current facts; help not answered, or accepted but
                not addressed; a household part missing (field ``household``).
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.SIGN)
        now = self.ctx.now()
        basis_key, mandate_id, basis_text = self.signatures.mayor_basis(actor, case, now.astimezone(AMS).date())
        self._require_active(case, now)
        t0 = case["served_at"]
        days = v.integer(days, "days", "Aantal dagen", -10_000, 10_000)   # the range is art. 9's, below
        try:
            new_end = extension_end(t0, case["end_at"], days)
        except ValueError as exc:
            raise RuleViolation(str(exc), field="days") from exc
        c = v.Collector()
        zorgadvies_date = c.run(v.a_date, zorgadvies_date, "zorgadvies_date", "Datum zorgadvies")
        org = c.run(v.text, zorgadvies_organisation, "zorgadvies_organisation", "Organisatie van het zorgadvies")
        summary = c.run(v.text, zorgadvies_summary, "zorgadvies_summary", "Samenvatting zorgadvies", min_len=20,
                        max_len=v.MAX_MEDIUM)
        min_day = self.ctx.setting_int("zorgadvies_dag", DEFAULT_ZORGADVIES_DAY)
        earliest = add_calendar_days(t0, min_day - 1).date()
        if zorgadvies_date is None:
            pass
        elif zorgadvies_date > now.astimezone(AMS).date():
            c.add("zorgadvies_date", "Het zorgadvies kan niet in de toekomst liggen.")
        elif zorgadvies_date < earliest:
            c.add("zorgadvies_date", f"Het zorgadvies moet uit de laatste dagen van het huisverbod komen (vanaf dag "
                                     f"{min_day}, {earliest.strftime('%d-%m-%Y')}); dit advies is van eerder.")
        why = c.run(v.text, reasons, "reasons", "Motivering", min_len=40, max_len=v.MAX_MEDIUM)
        facts = c.run(v.text, current_facts, "current_facts", "Actuele feiten", min_len=20, max_len=v.MAX_MEDIUM)
        help_answer = c.run(v.answer, help_accepted, "help_accepted", "Heeft betrokkene de aangeboden hulp aanvaard")
        conflict = help_answer_conflict(self.aftercare.events_of(case_id), help_answer)
        if conflict:
            c.add("help_accepted", conflict)
        kids = children_texts(c, children_care, children_meaning)
        stored_members = repo.get_members(self.db, case_id)
        roles = member_roles(c, stored_members, adult_roles)
        # the household as the last decision stated it (the extension's own texts, else the imposition's) ...
        case_now = {**case, "children_care": case.get("ext_children_care") or case.get("children_care"),
                    "children_meaning": case.get("ext_children_meaning") or case.get("children_meaning")}
        members = [{**m, "role_note": m.get("ext_role_note") or m.get("role_note")} for m in stored_members]
        # ... with what this form states
        case_now.update({k: x for k, x in kids.items() if x is not None})
        members = [{**m, "role_note": roles[m["id"]] or ""} if m["id"] in roles else m for m in members]
        missing = rules.missing_household_parts(household_parts(case_now, members, now))
        if missing:
            c.add("household", "De verlenging is niet compleet (art. 2 lid 4 Wth): " + " ".join(missing))
        if help_answer is Answer.JA and why and not any(w in why.lower() for w in ("hulp", "begeleiding", "behandeling")):
            c.add("reasons", "Betrokkenen hebben hulp aanvaard: leg in de motivering uit waarom verlenging toch "
                             "nodig is (noem de hulp).")
        c.raise_if_any()
        self._require_ready(case_id, now, why)
        adults, children = household_content(case_now, members, now)
        n = repo.next_document_version(self.db.cursor(), case_id, DOC_VERLENGING)
        doc_id = f"{case_id}-VERL-v{n}"
        role = role_text(basis_key, case["municipality_name"])
        pdf = render_beschikking_verlenging(VerlengingContent(
            document_id=doc_id, version=n, municipality_name=case["municipality_name"], case_id=case_id,
            person_name=person_name(case), person_birth_date=case["person_birth_date"], dwelling_address=dwelling(case),
            t0=t0, original_end=case["original_end_at"] or case["end_at"], new_end=new_end,
            latest_possible_end=latest_extension_end(t0), extension_days=int(days), zorgadvies_organisation=org,
            zorgadvies_date=zorgadvies_date, zorgadvies_summary=summary, help_accepted=help_answer,
            reasons=why, current_facts=facts, protected_persons=protected_persons(members),
            other_adults=adults, children=children,
            decider_name=actor.name, decider_role=role, decision_basis=basis_text, decided_at=now, is_draft=False, generated_at=now))
        signed = self.signatures.sign(actor, pdf, role=role,
                                      municipality=case["municipality_name"], at=now)
        with self.db.transaction() as cur:
            repo.update_case(cur, case_id, version, {
                "state": CaseState.VERLENGD.value, "end_at": new_end,
                "original_end_at": case["original_end_at"] or case["end_at"], "extended_at": now,
                "extended_by": actor.username, "help_accepted": help_answer.value,
                "ext_children_care": case_now.get("children_care") or None,
                "ext_children_meaning": case_now.get("children_meaning") or None}, actor.username, now)
            repo.set_member_roles(cur, case_id, {m["id"]: m.get("role_note") or None for m in members}, extension=True)
            repo.insert_event(cur, {"case_id": case_id, "kind": "zorgadvies_gebruikt", "occurred_at": now,
                                    "recorded_at": now, "recorded_by": actor.username, "role": actor.role.value,
                                    "organisation": org, "event_date": zorgadvies_date, "note": summary})
            self.signatures.store(cur, actor, case_id, DOC_VERLENGING, doc_id, n, signed, now,
                                  extends_end_at=case["end_at"])
            if self.notices is not None:
                self.notices.record(cur, actor.username, repo.get_case(cur, case_id), "verlenging", now)
            self.ctx.audit(cur, actor, "verlengd", case_id, case["state"], CaseState.VERLENGD.value, at=now,
                           detail=f"{doc_id}; nieuw einde {fmt_dt(new_end)}; {basis_text}")
        return doc_id

    def extension_readiness(self, actor: Actor, case_id: str, reasons: str | None = None) -> list[str]:
        """Why an extension decision (draft or signature) is not ready yet; empty when ready (issue 15, rule V3).

        Ready: a care advice with a risk judgement not older than setting ``zorgadvies_max_leeftijd_dagen``
        (default :data:`~procedure.domain.followup.DEFAULT_ADVICE_MAX_AGE_DAYS`) days, and ``reasons`` that address
        its risk judgement and the help status of every party (None: reasons not written yet).

        Raises:
            NotFound: case unknown or out of scope.
        """
        self.ctx.case_in_scope(actor, case_id)
        if reasons is not None and not isinstance(reasons, str):
            raise ValidationError("De motivering moet tekst zijn.", field="reasons")
        return self._problems(case_id, self.ctx.now(), reasons)

    def _problems(self, case_id: str, now: datetime, reasons: str | None) -> list[str]:
        events = self.aftercare.events_of(case_id)
        return extension_problems(repo.get_members(self.db, case_id), events, today=now.astimezone(AMS).date(),
                                  advice_max_age_days=self.ctx.setting_int("zorgadvies_max_leeftijd_dagen",
                                                                           DEFAULT_ADVICE_MAX_AGE_DAYS),
                                  reasons=reasons)

    def _require_ready(self, case_id: str, now: datetime, reasons: str) -> None:
        problems = self._problems(case_id, now, reasons)
        if problems:
            raise RuleViolation("De verlenging is nog niet klaar om te tekenen: " + " ".join(problems), field="reasons")

    def withdraw(self, actor: Actor, case_id: str, version: int, *, reasons: str,
                 resolves_event_id: int | None = None) -> str:
        """Withdraw the order now (art. 2 lid 9 Wth): the actual end becomes this moment, the planned
        end stays recorded; stores the signed beschikking intrekking.

        Raises:
            NotAuthorized: not the burgemeester / a loco with a valid substitution record (never the HOvJ).
            RuleViolation: no running order.
            ValidationError: reasons missing or too short.
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.SIGN)
        now = self.ctx.now()
        basis_key, _, basis_text = self.signatures.mayor_basis(actor, case, now.astimezone(AMS).date())
        self._require_active(case, now)
        why = v.text(reasons, "reasons", "Motivering van de intrekking", min_len=20, max_len=v.MAX_MEDIUM)
        # keys taken in after the uitreiking (event "sleutels_ingenomen", art. 4 lid 2 Wth) are keys to give back
        keys = Answer.JA if any(e["kind"] == "sleutels_ingenomen" for e in repo.list_events(self.db, case_id)) \
            else _stored_answer(case.get("keys_answer"))
        n = repo.next_document_version(self.db.cursor(), case_id, DOC_INTREKKING)
        doc_id = f"{case_id}-INTR-v{n}"
        role = role_text(basis_key, case["municipality_name"])
        withdrawn_at = now.astimezone(AMS).replace(second=0, microsecond=0)
        pdf = render_beschikking_intrekking(IntrekkingContent(
            document_id=doc_id, version=n, municipality_name=case["municipality_name"], case_id=case_id,
            person_name=person_name(case), person_birth_date=case["person_birth_date"], dwelling_address=dwelling(case),
            t0=case["served_at"], planned_end=case["end_at"], withdrawn_at=withdrawn_at, reasons=why,
            keys_taken_in=keys,
            decider_name=actor.name, decider_role=role, decision_basis=basis_text, decided_at=now,
            is_draft=False, generated_at=now))
        signed = self.signatures.sign(actor, pdf, role=role,
                                      municipality=case["municipality_name"], at=now)
        with self.db.transaction() as cur:
            repo.update_case(cur, case_id, version, {"state": CaseState.INGETROKKEN.value, "withdrawn_at": withdrawn_at,
                                                     "withdrawn_by": actor.username, "withdrawal_reasons": why},
                             actor.username, now)
            if resolves_event_id is not None:
                repo.insert_event(cur, {"case_id": case_id, "kind": "herbeoordeling", "occurred_at": now,
                                        "recorded_at": now, "recorded_by": actor.username, "role": actor.role.value,
                                        "outcome": "ingetrokken", "note": why, "resolves_event_id": resolves_event_id})
            self.signatures.store(cur, actor, case_id, DOC_INTREKKING, doc_id, n, signed, now)
            if self.notices is not None:
                self.notices.record(cur, actor.username, repo.get_case(cur, case_id), "intrekking", withdrawn_at)
            self.ctx.audit(cur, actor, "ingetrokken", case_id, case["state"], CaseState.INGETROKKEN.value, at=now,
                           detail=f"{doc_id}; {basis_text}")
        return doc_id

    def open_reassessments(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """Events that ask the burgemeester for a decision and have none yet: the open tasks of rules V1 (care
        advice to withdraw / risk afgenomen) and V2 (no protected person left in the home), each event with
        ``rule``."""
        case = self.ctx.case_in_scope(actor, case_id)
        rows = self.aftercare.events(actor, case_id)
        if case["state"] not in ("opgelegd", "verlengd"):
            return []
        open_ids = {f.event_id: f.rule for f in followups(case, repo.get_members(self.db, case_id), rows,
                                                          zorgadvies_day=self.ctx.setting_int("zorgadvies_dag", DEFAULT_ZORGADVIES_DAY),
                                                          advice_max_age_days=0)
                    if f.rule in ("V1", "V2")}
        return [dict(r, rule=open_ids[r["id"]]) for r in rows if r["id"] in open_ids]

    def keep_after_reassessment(self, actor: Actor, case_id: str, event_id: int, *, reasons: str) -> int:
        """The burgemeester reassessed a household change and keeps the order; logged with reasons.

        Raises:
            NotAuthorized: not the burgemeester / loco of this municipality.
            ValidationError: reasons missing.
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.SIGN)
        now = self.ctx.now()
        self.signatures.mayor_basis(actor, case, now.astimezone(AMS).date())
        why = v.text(reasons, "reasons", "Motivering van de herbeoordeling", min_len=20, max_len=v.MAX_MEDIUM)
        if not any(e["id"] == event_id and e["kind"] in ("huishoudwijziging", "zorgadvies", "intrekking_vernietigd")
                   for e in repo.list_events(self.db, case_id)):
            raise RuleViolation("Deze wijziging in het huishouden, dit zorgadvies of deze vernietiging hoort niet bij "
                                "deze zaak.")
        with self.db.transaction() as cur:
            eid = repo.insert_event(cur, {"case_id": case_id, "kind": "herbeoordeling", "occurred_at": now,
                                          "recorded_at": now, "recorded_by": actor.username, "role": actor.role.value,
                                          "outcome": "gehandhaafd", "note": why, "resolves_event_id": event_id})
            self.ctx.audit(cur, actor, "herbeoordeling_gehandhaafd", case_id, at=now, detail=why[:500])
        return eid

    def _require_active(self, case: dict[str, Any], now: datetime) -> None:
        state = effective_state(CaseState(case["state"]), case["end_at"], now)
        if state not in ACTIVE_ORDER_STATES:
            if state == CaseState.VERLOPEN:
                raise RuleViolation("Het huisverbod is al afgelopen: er valt niets meer te verlengen of in te "
                                    "trekken (art. 9 Wth: vóór het einde).")
            raise RuleViolation(f"Deze zaak heeft geen lopend huisverbod (status: {state.label}).")
