"""Appeals: beroep and voorlopige voorziening against each decision, each with its own term, and the court's outcome.
Implements art. 6 Wth (hearing within 3 days), art. 6:7 and 6:8 Awb (six weeks from making known) and R03, R06.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from procedure.domain import validation as v
from procedure.domain.appeals import APPEAL_KINDS, APPEAL_OUTCOMES, decision_label, is_decision_kind
from procedure.domain.case import fmt_dt
from procedure.domain.deadlines import appeal_term_end, hearing_deadline
from procedure.domain.documents import DOC_INTREKKING, DOC_VERLENGING, correction_kind, is_correction
from procedure.domain.errors import NotAuthorized, RuleViolation, ValidationError
from procedure.domain.roles import MAYOR_ROLES, Actor, Role
from procedure.domain.states import CaseState, require_writable
from procedure.services.context import Service
from store import repo


class Appeals(Service):
    """Appeals handled by the gemeente (and the burgemeester)."""

    def decisions_made_known(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """Each decision with its own appeal term (art. 6:7 Awb): kind, document, made known at, term end."""
        case = self.ctx.case_in_scope(actor, case_id)
        out = []
        made_known = case["made_known_at"] or (case["served_at"] if case["oral_order_at"] is None else None)
        if made_known is not None:
            out.append({"decision_kind": "oplegging", "made_known_at": made_known,
                        "term_end": appeal_term_end(made_known)})
        for d in repo.list_documents(self.db, case_id):
            if is_correction(d):   # a herstelbesluit has its own term (R03, art. 6:7 Awb) ...
                if made_known is None:   # ... from when it reaches the person: not before the oplegging did
                    continue
                at = max(d["signed_at"], made_known)
                out.append({"decision_kind": correction_kind(d["version"]), "made_known_at": at,
                            "term_end": appeal_term_end(at)})
            elif d["kind"] == DOC_VERLENGING:
                out.append({"decision_kind": "verlenging", "made_known_at": d["signed_at"],
                            "term_end": appeal_term_end(d["signed_at"])})
            elif d["kind"] == DOC_INTREKKING:
                out.append({"decision_kind": "intrekking", "made_known_at": d["signed_at"],
                            "term_end": appeal_term_end(d["signed_at"])})
        for d in out:
            d["label"] = decision_label(d["decision_kind"])
        return out

    def register_appeal(self, actor: Actor, case_id: str, *, decision_kind: str, kind: str,
                        filed_at: datetime) -> int:
        """Register beroep or a voorlopige voorziening against one decision (gemeente handles appeals).

        Raises:
            NotAuthorized: not the gemeente / burgemeester of the municipality.
            RuleViolation: that decision doesn't exist (yet).
            ValidationError: unknown kinds, moment in the future.
        """
        case = self.ctx.case_in_scope(actor, case_id)
        if actor.role != Role.GEMEENTE and actor.role not in MAYOR_ROLES:
            raise NotAuthorized("Beroepen worden door de gemeente geregistreerd.")
        require_writable(case["state"])
        v.choice(kind, APPEAL_KINDS, "kind", "Kies beroep of voorlopige voorziening.")
        decisions = {d["decision_kind"]: d for d in self.decisions_made_known(actor, case_id)}
        if not is_decision_kind(decision_kind):
            raise ValidationError("Kies het besluit waartegen het beroep is gericht.", field="decision_kind")
        if decision_kind not in decisions:
            raise RuleViolation("Tegen dit besluit kan (nog) geen beroep worden ingesteld: het is niet genomen of "
                                "niet bekendgemaakt.", field="decision_kind")
        now = self.ctx.now()
        filed_at = v.moment(filed_at, "filed_at", "Moment van indienen")
        if filed_at > now + timedelta(minutes=5):
            raise ValidationError("Het moment van indienen kan niet in de toekomst liggen.", field="filed_at")
        if filed_at < decisions[decision_kind]["made_known_at"] - timedelta(minutes=1):
            raise ValidationError("Het beroep kan niet zijn ingediend vóór het besluit bekend werd gemaakt "
                                  f"({fmt_dt(decisions[decision_kind]['made_known_at'])}).",
                                  field="filed_at")
        with self.db.transaction() as cur:
            aid = repo.insert_appeal(cur, {"case_id": case_id, "decision_kind": decision_kind, "kind": kind,
                                           "filed_at": filed_at, "recorded_by": actor.username})
            self.ctx.audit(cur, actor, f"{kind}_geregistreerd", case_id, at=now, detail=decision_kind)
        del case
        return aid

    def appeals(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """Appeals of a case with ``hearing_deadline`` (voorlopige voorziening: filed + 3 days) and ``pending``."""
        self.ctx.case_in_scope(actor, case_id)
        rows = repo.list_appeals(self.db, case_id)
        for r in rows:
            r["hearing_deadline"] = hearing_deadline(r["filed_at"]) if r["kind"] == "voorlopige_voorziening" else None
            r["pending"] = r["outcome"] is None
        return rows

    def record_appeal_outcome(self, actor: Actor, appeal_id: int, version: int, *, outcome: str,
                              outcome_at: datetime, damages_amount: str | Decimal | None = None,
                              note: str = "", hearing_at: datetime | None = None) -> int:
        """Record the court's outcome (editable later: R06). 'vernietigd' of the imposition ends the
        case as ``vernietigd``; damages need an amount in euros (Decimal, two decimals).

        Raises:
            ValidationError: unknown outcome, missing/invalid amount.
            NotAuthorized: not the gemeente / burgemeester of the municipality.
        """
        a = repo.get_appeal(self.db, appeal_id) if isinstance(appeal_id, int) and not isinstance(appeal_id, bool) \
            else None
        if a is None:
            raise ValidationError("Dit beroep bestaat niet.")
        case = self.ctx.case_in_scope(actor, a["case_id"])
        if actor.role != Role.GEMEENTE and actor.role not in MAYOR_ROLES:
            raise NotAuthorized("Uitspraken worden door de gemeente geregistreerd.")
        require_writable(case["state"])
        v.choice(outcome, APPEAL_OUTCOMES, "outcome", "Kies de uitkomst.")
        outcome_at = v.moment(outcome_at, "outcome_at", "Datum uitspraak")
        amount = None
        if outcome == "schadevergoeding":
            bad = ValidationError("Vul het bedrag van de schadevergoeding in euro's in (bijv. 1250,00).",
                                  field="damages_amount")
            try:
                amount = Decimal(str(damages_amount).strip().replace(".", "").replace(",", ".")
                                 if "," in str(damages_amount) else str(damages_amount).strip())
            except (InvalidOperation, ValueError):
                raise bad
            if not amount.is_finite() or abs(amount) >= Decimal("10000000000"):
                raise bad
            try:
                amount = amount.quantize(Decimal("0.01"))
            except InvalidOperation:
                raise bad
            if amount <= 0:
                raise ValidationError("Het bedrag moet groter zijn dan € 0,00.", field="damages_amount")
        now = self.ctx.now()
        with self.db.transaction() as cur:
            nv = repo.update_appeal(cur, appeal_id, version, {
                "outcome": outcome, "outcome_at": outcome_at, "damages_amount": amount,
                "outcome_note": (note or "").strip()[:v.MAX_MEDIUM] or None, "hearing_at": hearing_at,
                "recorded_by": actor.username})
            if a["decision_kind"] == "oplegging":
                cur_case = repo.get_case(cur, case["id"])
                if outcome == "vernietigd" and case["state"] != CaseState.VERNIETIGD.value:
                    repo.update_case(cur, case["id"], cur_case["version"], {"state": CaseState.VERNIETIGD.value,
                                     "annulled_at": outcome_at}, actor.username, now)
                    self.ctx.audit(cur, actor, "vernietigd_door_rechter", case["id"], case["state"],
                                   CaseState.VERNIETIGD.value, at=now)
                elif outcome != "vernietigd" and case["state"] == CaseState.VERNIETIGD.value:
                    # a corrected outcome: the state follows the registered outcome again (R06)
                    restored = self._state_without_annulment(cur_case)
                    repo.update_case(cur, case["id"], cur_case["version"], {"state": restored.value,
                                     "annulled_at": None}, actor.username, now)
                    self.ctx.audit(cur, actor, "vernietiging_gecorrigeerd", case["id"], case["state"],
                                   restored.value, at=now)
            self.ctx.audit(cur, actor, "uitspraak_geregistreerd", case["id"], at=now, detail=outcome)
        return nv

    @staticmethod
    def _state_without_annulment(case: dict[str, Any]) -> CaseState:
        if case["archived_at"] is not None:
            return CaseState.GEARCHIVEERD
        if case["withdrawn_at"] is not None:
            return CaseState.INGETROKKEN
        if case["extended_at"] is not None:
            return CaseState.VERLENGD
        return CaseState.OPGELEGD
