"""Imposing the order: the uitreiking (T0; the end at T0 + 10 days, same local time), the oral order, making known.
Implements art. 2 lid 1, 2 and 7 Wth and art. 4 lid 2 (keys taken in; the proces-verbaal); R03, R05.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from forms import signing
from forms.content import UitreikingContent
from forms.documents import render_pv_uitreiking
from forms.senders import sender_for
from procedure.domain import rules, validation as v
from procedure.domain.answers import Answer
from procedure.domain.case import dwelling, fmt_dt, person_name
from procedure.domain.deadlines import AMS, contact_address_deadline, latest_extension_end, order_end
from procedure.domain.documents import DOC_BESCHIKKING, DOC_PV_UITREIKING
from procedure.domain.errors import NotAuthorized, NotFound, RuleViolation, SigningError, ValidationError
from procedure.domain.roles import MAYOR_ROLES, Action, Actor, Role
from procedure.domain.states import CaseState
from procedure.services.context import Service, ServiceContext
from procedure.services.notices import Notices
from procedure.services.signatures import Signatures
from store import repo

log = logging.getLogger(__name__)


class ServiceOfOrder(Service):
    """The moment the order starts (T0) and the proof that the person knows the decision."""

    def __init__(self, ctx: ServiceContext, signatures: Signatures, notices: Notices | None = None):
        super().__init__(ctx)
        self.signatures = signatures
        self.notices = notices

    def serve(self, actor: Actor, case_id: str, version: int, *, served_at: datetime,
              keys_taken_in: Answer | str | bool | None, key_description: str = "", contact_address: str = "",
              contact_address_given: Answer | str | bool | None = None) -> int:
        """Record the uitreiking: ``served_at`` is T0; end = T0 + 10 days at the same local time
        (art. 2 lid 1 Wth; R03, R05). Produces the proces-verbaal van uitreiking, written by the police
        officer on the police letterhead (:mod:`forms.senders`).

        Args:
            served_at: aware moment of service; not before signing, not in the future.
            keys_taken_in: the answer ja / nee / onbekend (an ``Answer``, its text, or an explicit bool);
                ja needs a description of the keys (art. 4 lid 2 Wth receipt). Not answering is refused.
            contact_address_given: ja (the address is in ``contact_address``), nee (the PV states the
                24-hour duty) or onbekend (the duty is put conditionally). ``None`` with an address typed
                counts as ja; ``None`` without one stays unanswered: the PV states no claim and the case
                lists it as an open question.

        Raises:
            RuleViolation: not signed yet, already served, person under 18 at T0 (R17).
            ValidationError: moment before signing or in the future; keys not answered or ja without
                description; contact address ja without the address, or an address with nee.
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.SERVE)
        if case["state"] != CaseState.BESLUIT.value or case["decided_at"] is None:
            raise RuleViolation("De beschikking is nog niet ondertekend of is al uitgereikt.")
        now = self.ctx.now()
        c = v.Collector()
        served_at = c.run(v.moment, served_at, "served_at", "Moment van uitreiking")
        if served_at is None:
            pass
        elif served_at > now + timedelta(minutes=5):
            c.add("served_at", "Het moment van uitreiking kan niet in de toekomst liggen.")
        elif served_at < case["decided_at"] - timedelta(minutes=1):
            c.add("served_at", f"Uitreiking kan niet vóór de ondertekening ({fmt_dt(case['decided_at'])}) liggen.")
        keys_answer = c.run(v.answer, keys_taken_in, "keys_taken_in", "Zijn er sleutels ingenomen")
        keys = c.run(v.text, key_description, "key_description", "Omschrijving ingenomen sleutels",
                     required=keys_answer is Answer.JA)
        if keys and keys_answer is not Answer.JA:
            c.add("key_description", "U koos dat er geen sleutels zijn ingenomen (of dat het niet is vastgesteld), "
                                     "maar er staat wel een omschrijving. Kies 'ja' of maak de omschrijving leeg.")
        contact_answer = c.run(v.answer, contact_address_given, "contact_address_given",
                               "Is er een contactadres opgegeven", required=False)
        contact = c.run(v.text, contact_address, "contact_address", "Contactadres",
                        required=contact_answer is Answer.JA, max_len=v.MAX_SHORT)
        if contact and contact_answer is None:
            contact_answer = Answer.JA       # typing the address is the answer
        elif contact and contact_answer is not Answer.JA:
            c.add("contact_address", "U koos dat er geen contactadres is opgegeven, maar er staat wel een adres. "
                                     "Kies 'ja' of maak het adres leeg.")
        c.raise_if_any()
        rules.check_adult(case["person_birth_date"], served_at)
        t0 = served_at.astimezone(AMS).replace(second=0, microsecond=0)
        end = order_end(t0)
        n = repo.next_document_version(self.db.cursor(), case_id, DOC_PV_UITREIKING)
        doc_id = f"{case_id}-PVU-v{n}"
        beschikking = [d["id"] for d in repo.list_documents(self.db, case_id) if d["kind"] == DOC_BESCHIKKING]
        pdf = render_pv_uitreiking(UitreikingContent(
            document_id=doc_id, version=n, municipality_name=case["municipality_name"], case_id=case_id,
            person_name=person_name(case), dwelling_address=dwelling(case), served_at=t0, end=end,
            latest_extension_end=latest_extension_end(t0), contact_address_deadline=contact_address_deadline(t0),
            served_by=actor.name, keys_taken_in=keys_answer, key_description=keys or "",
            contact_address_given=contact_answer or Answer.ONBEKEND, contact_address=contact or "",
            beschikking_document_id=beschikking[-1] if beschikking else "", generated_at=now))
        # The HOvJ signs his proces-verbaal with his own certificate when he has one.
        signed = False
        try:
            pdf = self.signatures.sign(actor, pdf, role="hulpofficier van justitie",
                                       municipality=case["municipality_name"], at=now,
                                       organisation=sender_for(DOC_PV_UITREIKING, case["municipality_name"])
                                       .stamp_organisation)
            signed = True
        except SigningError:
            log.warning("proces-verbaal %s stored unsigned: no certificate for the HOvJ", doc_id)
        with self.db.transaction() as cur:
            # The version check first: a second HOvJ serving at the same time gets "intussen gewijzigd".
            nv = repo.update_case(cur, case_id, version, {
                "state": CaseState.OPGELEGD.value, "served_at": t0, "served_by": actor.username, "end_at": end,
                "made_known_at": t0, "made_known_how": "uitreiking",
                "keys_taken_in": {Answer.JA: True, Answer.NEE: False}.get(keys_answer),
                "keys_answer": keys_answer.value, "key_description": keys or None,
                "contact_address": contact or None,
                "contact_address_answer": contact_answer.value if contact_answer else None}, actor.username, now)
            repo.insert_document(cur, {"id": doc_id, "case_id": case_id, "kind": DOC_PV_UITREIKING, "version": n,
                                       "created_at": now, "created_by": actor.username, "signed": signed,
                                       "signer_username": actor.username if signed else None,
                                       "signed_at": now if signed else None,
                                       "sha256": signing.sha256_hex(pdf), "content": pdf})
            self.ctx.audit(cur, actor, "uitgereikt", case_id, CaseState.BESLUIT.value, CaseState.OPGELEGD.value,
                           at=now, detail=f"T0 {fmt_dt(t0)}; einde {fmt_dt(end)}")
            if keys_answer is Answer.JA:
                self.ctx.audit(cur, actor, "sleutels_ingenomen", case_id, at=now)
            if self.notices is not None:
                self.notices.record(cur, actor.username, repo.get_case(cur, case_id), "uitreiking", t0)
        return nv

    def may_impose(self, actor: Actor, case_id: str) -> bool:
        """Whether the actor may impose for this case's municipality today (burgemeester, loco with a
        substitution record, or HOvJ with a mandate; art. 3 Wth)."""
        try:
            case = self.ctx.case_in_scope(actor, case_id, Action.SIGN)
            self.signatures.basis(actor, case, self.ctx.now().astimezone(AMS).date())
            return True
        except (NotAuthorized, NotFound):
            return False

    def record_oral_order(self, actor: Actor, case_id: str, version: int, *, ordered_at: datetime) -> int:
        """Record an urgent oral order (art. 2 lid 7 Wth): T0 = ``ordered_at``; the written beschikking must
        follow and be made known promptly (a task until then). A child-abuse ground without Veilig Thuis
        consultation does not block the oral order but raises a red task (R17).

        Raises:
            NotAuthorized: not the burgemeester, a loco with substitution, or an HOvJ with a valid mandate.
            RuleViolation: no decision 'huisverbod' yet, or already imposed; person under 18 at T0.
            ValidationError: moment in the future.
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.SIGN)
        now = self.ctx.now()
        self.signatures.basis(actor, case, now.astimezone(AMS).date())
        if case["state"] not in (CaseState.RISICOTAXATIE.value, CaseState.BESLUIT.value) or not case["decision_huisverbod"] \
                or case["served_at"] is not None:
            raise RuleViolation("Een mondeling huisverbod kan pas na het besluit 'huisverbod' en vóór het opleggen "
                                "worden vastgelegd.")
        ordered_at = v.moment(ordered_at, "ordered_at", "Moment van het mondelinge bevel")
        if ordered_at > now + timedelta(minutes=5):
            raise ValidationError("Het moment van het mondelinge bevel kan niet in de toekomst liggen.",
                                  field="ordered_at")
        if case["decision_recorded_at"] is not None and ordered_at < case["decision_recorded_at"] - timedelta(minutes=1):
            raise ValidationError("Het mondelinge bevel kan niet vóór het besluit 'huisverbod' liggen "
                                  f"({fmt_dt(case['decision_recorded_at'])}).",
                                  field="ordered_at")
        rules.check_adult(case["person_birth_date"], ordered_at)
        t0 = ordered_at.astimezone(AMS).replace(second=0, microsecond=0)
        end = order_end(t0)
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, {
                "state": CaseState.OPGELEGD.value, "served_at": t0, "served_by": actor.username, "end_at": end,
                "oral_order_at": t0, "oral_order_by": actor.username}, actor.username, now)
            self.ctx.audit(cur, actor, "mondeling_opgelegd", case_id, case["state"], CaseState.OPGELEGD.value, at=now,
                           detail=f"T0 {fmt_dt(t0)}; einde {fmt_dt(end)}")
        return nv

    def record_made_known(self, actor: Actor, case_id: str, version: int, *, how: str, at: datetime) -> int:
        """The written beschikking of an oral order is made known: by handing it over ('uitreiking') or,
        when the person can't be found, by deposit at the gemeentesecretarie ('depot', art. 2 lid 7 Wth).

        Raises:
            RuleViolation: no signed written beschikking yet, or not an oral order.
            ValidationError: unknown way or a moment in the future.
        """
        case = self.ctx.case_in_scope(actor, case_id)
        if actor.role not in (Role.HOVJ, Role.GEMEENTE) and actor.role not in MAYOR_ROLES:
            raise NotAuthorized("Uw rol kan de bekendmaking niet vastleggen.")
        if case["oral_order_at"] is None or case["decided_at"] is None:
            raise RuleViolation("Leg eerst de schriftelijke beschikking vast en onderteken die.")
        if case["made_known_at"] is not None:
            raise RuleViolation("De bekendmaking is al vastgelegd; de beroepstermijn loopt vanaf dat moment.")
        v.choice(how, ("uitreiking", "depot"), "how", "Kies hoe de beschikking bekend is gemaakt.")
        now = self.ctx.now()
        at = v.moment(at, "at", "Moment van bekendmaking")
        if at > now + timedelta(minutes=5):
            raise ValidationError("Het moment van bekendmaking kan niet in de toekomst liggen.", field="at")
        if at < case["decided_at"] - timedelta(minutes=1):
            raise ValidationError("De bekendmaking kan niet vóór de ondertekening liggen.", field="at")
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, {"made_known_at": at, "made_known_how": how},
                                  actor.username, now)
            self.ctx.audit(cur, actor, "bekendgemaakt_" + how, case_id, at=now)
        return nv
