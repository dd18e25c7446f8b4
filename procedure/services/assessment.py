"""The risk assessment: the RiHG as the HOvJ fills it in, its advice, and the decision huisverbod or not.
Implements art. 2 lid 1 Wth with art. 2 Bth and its annex (the instrument); R01 (red or blue: a sourced fact).
"""
from __future__ import annotations

from typing import Any

from procedure.domain import rihg as rihg_rules, validation as v
from procedure.domain.errors import RuleViolation, ValidationError
from procedure.domain.rihg import load_catalogue
from procedure.domain.roles import Action, Actor
from procedure.domain.states import CaseState
from procedure.services.context import Service
from store import repo


class RiskAssessment(Service):
    """The RiHG of a case and the decision on it (HOvJ; "no huisverbod" also the burgemeester)."""

    def catalogue(self) -> rihg_rules.Catalogue:
        """The RiHG catalogue shipped with the app (parts, signals, items; no personal data)."""
        return load_catalogue()

    def get_rihg(self, actor: Actor, case_id: str) -> tuple[rihg_rules.Assessment, rihg_rules.Advice]:
        """The stored assessment of a case and its current advice (rule: >= 2 red in one part)."""
        self.ctx.case_in_scope(actor, case_id)
        answers, colours, facts = repo.get_rihg(self.db, case_id)
        a = rihg_rules.Assessment(
            answers=answers, colours={k: rihg_rules.Colour(c) for k, c in colours.items()},
            facts=[rihg_rules.Fact(f["signal_code"], f["description"], f["source"], f["disputed"]) for f in facts])
        return a, rihg_rules.compute_advice(a.colours, load_catalogue())

    def advice(self, colours: dict[str, rihg_rules.Colour]) -> rihg_rules.Advice:
        """The advice for a (partial) colouring: >= 2 red signals in one part (rihg.md, Bth annex)."""
        if not isinstance(colours, dict):
            raise ValidationError("De kleuren van de RiHG-signalen zijn niet goed doorgegeven.")
        try:
            return rihg_rules.compute_advice(colours, load_catalogue())
        except (ValueError, TypeError) as exc:     # unknown signal code or colour
            raise ValidationError("Onbekend RiHG-signaal of onbekende kleur.") from exc

    def rihg_problems(self, actor: Actor, case_id: str, assessment: rihg_rules.Assessment) -> list[str]:
        """Everything that keeps this (unsaved) assessment from being finalised (Bth annex; R01)."""
        self.ctx.case_in_scope(actor, case_id, Action.EDIT_RIHG)
        _check_assessment_shape(assessment)
        return rihg_rules.completeness_problems(assessment, load_catalogue())

    def save_rihg(self, actor: Actor, case_id: str, version: int, assessment: rihg_rules.Assessment,
                  authors: dict[str, str] | None = None) -> int:
        """Save the RiHG as entered (a draft may be incomplete). Returns the new case version.

        Raises:
            RuleViolation: the RiHG is already final or the case is past risicotaxatie.
            ValidationError: unknown item/signal codes or over-long facts.
            ConcurrencyConflict: the case changed since ``version``.
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.EDIT_RIHG)
        if case["state"] != CaseState.RISICOTAXATIE.value or case["rihg_finalised_at"] is not None:
            raise RuleViolation("De RiHG is afgerond en kan niet meer worden gewijzigd.")
        _check_assessment_shape(assessment)
        cat = load_catalogue()
        for code in assessment.answers:
            if not cat.has_item(code):
                raise ValidationError(f"Onbekend RiHG-item {code}.")
        for code in assessment.colours:
            if not cat.has_signal(code):
                raise ValidationError(f"Onbekend RiHG-signaal {code}.")
        facts = []
        for i, f in enumerate(assessment.facts):
            if not cat.has_signal(f.signal_code):
                raise ValidationError(f"Feit {i + 1}: onbekend signaal {f.signal_code}.")
            facts.append({"signal_code": f.signal_code,
                          "description": v.text(f.description, f"fact_{i}", f"Feit {i + 1}", required=False,
                                                max_len=v.MAX_MEDIUM),
                          "source": v.text(f.source, f"fact_{i}_source", f"Bron van feit {i + 1}", required=False),
                          "disputed": f.disputed})
        authors = authors or {}
        now = self.ctx.now()
        with self.db.transaction() as cur:
            new_version = repo.update_case(cur, case_id, version, {
                "rihg_author_a": authors.get("A") or actor.name, "rihg_author_b": authors.get("B") or actor.name,
                "rihg_author_c": authors.get("C") or actor.name}, actor.username, now)
            repo.save_rihg(cur, case_id, dict(assessment.answers),
                           {k: str(c) for k, c in assessment.colours.items()}, facts)
            self.ctx.audit(cur, actor, "rihg_opgeslagen", case_id, at=now)
        return new_version

    def decide(self, actor: Actor, case_id: str, version: int, huisverbod: bool, reasons: str) -> int:
        """Finalise the RiHG and record the decision with reasons (required both ways).

        "No huisverbod" ends the case as ``geen_huisverbod`` with the RiHG kept.

        Raises:
            RuleViolation: RiHG incomplete, including a red/blue signal without a sourced fact (R01).
            ValidationError: reasons missing (field ``reasons``).
            NotAuthorized: only the HOvJ decides here (burgemeester may decide "geen huisverbod").
        """
        action = Action.EDIT_RIHG if huisverbod else Action.DECIDE_NO_ORDER
        case = self.ctx.case_in_scope(actor, case_id, action)
        if case["state"] != CaseState.RISICOTAXATIE.value or case["rihg_finalised_at"] is not None:
            raise RuleViolation("Over deze risicotaxatie is al besloten.")
        assessment, _ = self.get_rihg(actor, case_id)
        advice = rihg_rules.assert_finalisable(assessment, load_catalogue())
        rihg_rules.check_decision(advice, huisverbod, reasons)
        now = self.ctx.now()
        fields = {"rihg_finalised_at": now, "rihg_finalised_by": actor.username,
                  "advice_indicated": advice.indicated, "advice_text": advice.text,
                  "decision_huisverbod": huisverbod, "decision_reasons": reasons.strip(),
                  "decision_recorded_at": now, "decision_recorded_by": actor.username}
        new_state = CaseState.RISICOTAXATIE if huisverbod else CaseState.GEEN_HUISVERBOD
        fields["state"] = new_state.value
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, fields, actor.username, now)
            self.ctx.audit(cur, actor, "rihg_afgerond", case_id, at=now, detail=advice.text)
            self.ctx.audit(cur, actor, "besluit_huisverbod" if huisverbod else "besluit_geen_huisverbod", case_id,
                           case["state"], new_state.value, detail=reasons.strip()[:500], at=now)
        return nv


def _check_assessment_shape(a: Any) -> None:
    """An :class:`~procedure.domain.rihg.Assessment` as the RiHG page builds it: text codes, yes/no/None answers,
    known colours, facts with a text signal code and a yes/no "disputed" (issue 7, fuzzing).

    Raises:
        ValidationError: anything else (nothing would be stored otherwise but garbage).
    """
    ok = (isinstance(a, rihg_rules.Assessment) and isinstance(a.answers, dict) and isinstance(a.colours, dict)
          and isinstance(a.facts, (list, tuple))
          and all(isinstance(k, str) and (v is None or isinstance(v, bool)) for k, v in a.answers.items())
          and all(isinstance(k, str) and isinstance(c, str) and c in rihg_rules.Colour._value2member_map_
                  for k, c in a.colours.items())
          and all(isinstance(f, rihg_rules.Fact) and isinstance(f.signal_code, str) and isinstance(f.disputed, bool)
                  for f in a.facts))
    if not ok:
        raise ValidationError("De RiHG is niet goed doorgegeven; laad de pagina opnieuw.")
