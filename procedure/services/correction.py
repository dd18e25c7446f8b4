"""Herstelbesluit: a mistake in a signed beschikking oplegging is put right by a new, signed decision of the
burgemeester that names the one it replaces; its own appeal term; T0 and the end stay. Implements R03, art. 2 and 3 Wth.

A signed document is never edited (procedure.md section 7): a misspelt name, a wrong house number, a wrong date of
birth or an incomplete statement of facts is corrected by a *new* decision, signed as a new version of the
beschikking. It has its own appeal term of six weeks from the day after it was made known (art. 6:7 and 6:8 Awb).
The order itself does not change (art. 2 lid 1, art. 9 Wth); changing the duration or the end is an extension or a
withdrawal, and a person who turns out to have been a minor is not corrected but the order withdrawn.
What may be corrected: ``procedure/domain/correction.py``.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from forms.content import Correction as CorrectionPart
from forms.documents import render_beschikking_oplegging
from forms.layout import nl_datetime
from procedure.domain import rules, validation as v
from procedure.domain.correction import ADULT_ROLES, CORRECTABLE, NOT_CORRECTABLE, shown
from procedure.domain.deadlines import AMS
from procedure.domain.documents import DOC_BESCHIKKING, DOC_INTREKKING, DOC_VERLENGING
from procedure.domain.errors import ConcurrencyConflict, NotAuthorized, RuleViolation, ValidationError
from procedure.domain.mandates import role_text
from procedure.domain.roles import MAYOR_ROLES, Action, Actor
from procedure.services.context import Service, ServiceContext
from procedure.services.decision import beschikking_content, draft_parts, member_roles
from procedure.services.signatures import Signatures
from store import repo


class Correction(Service):
    """Herstelbesluiten of the burgemeester (or the loco-burgemeester who stands in for him)."""

    def __init__(self, ctx: ServiceContext, signatures: Signatures):
        super().__init__(ctx)
        self.signatures = signatures

    def correction_form(self, actor: Actor, case_id: str) -> dict[str, Any]:
        """The current values of every correctable field and the beschikking it would replace.

        Returns:
            ``{"values": {field: value}, "labels": {field: label}, "replaces": document row,
            "version": case version}``.

        Raises:
            NotFound: case unknown or out of scope. RuleViolation: nothing signed to correct.
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.CORRECT_DECISION)
        prev = self._current_beschikking(case)
        return {"values": {f: case.get(f) for f in CORRECTABLE}, "labels": {f: lab for f, (lab, _) in CORRECTABLE.items()},
                "replaces": prev, "version": case["version"]}

    def correction_preview(self, actor: Actor, case_id: str, changes: dict[str, Any]) -> list[str]:
        """Labels of the fields that ``changes`` would really change, after the same normalisation as
        :meth:`correct_decision` (a postcode typed as ``5911ab`` is the stored ``5911 AB``). Invalid
        values count as changes (the signing step names the error).

        Raises:
            NotFound / NotAuthorized: as :meth:`correction_form`.
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.CORRECT_DECISION)
        out = []
        for field, value in (changes or {}).items():
            if field not in CORRECTABLE:
                continue
            label, check = CORRECTABLE[field]
            try:
                if check(value, field) == case.get(field):
                    continue
            except ValidationError:
                pass
            out.append(label)
        return out

    def correct_decision(self, actor: Actor, case_id: str, version: int, *, changes: dict[str, Any],
                         reasons: str) -> str:
        """Take a herstelbesluit: a new signed version of the beschikking oplegging with the corrected
        data, naming the version it replaces. The earlier signed document stays unchanged.

        Args:
            changes: field -> new value for fields in :data:`CORRECTABLE` (texts as ``str``; dates as
                ``date``, ``jjjj-mm-dd`` or ``dd-mm-jjjj``); unchanged fields may be included and are ignored.
                Key ``adult_roles``: {household member id or unique name: role note} (art. 2 lid 4 Wth).
            reasons: why the earlier decision was wrong (at least 20 characters).

        Returns:
            the id of the stored, signed herstelbesluit (``<case>-OPL-v<n>``).

        Raises:
            NotAuthorized: not the burgemeester, or a loco-burgemeester without a valid substitution
                record (never the HOvJ: a new decision of the burgemeester, art. 2 and 3 Wth).
            NotFound: case unknown or out of scope.
            RuleViolation: nothing signed yet; order annulled, archived or destroyed; nothing changed;
                the corrected decision would lack an art. 2 lid 4 part (R04); the corrected date of
                birth makes the person a minor at T0 (art. 2 lid 1 Wth: then withdraw, don't correct).
            ValidationError: invalid values (messages per field) or reasons too short.
            ConcurrencyConflict: the case changed in the meantime.
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.CORRECT_DECISION)
        if actor.role not in MAYOR_ROLES:
            raise NotAuthorized("Alleen de burgemeester (of de loco-burgemeester die hem vervangt) neemt een "
                                "herstelbesluit.")
        prev = self._current_beschikking(case)
        if version != case["version"]:   # first: a second click must not read as "nothing changed"
            raise ConcurrencyConflict(
                f"Deze zaak is intussen gewijzigd door {case['updated_by']} (versie {case['version']}). Uw invoer "
                "staat nog op het scherm; controleer de gegevens en probeer het opnieuw.")
        now = self.ctx.now()
        basis_key, mandate_id, basis_text = self.signatures.basis(actor, case, now.astimezone(AMS).date())
        if not isinstance(changes, dict):
            raise ValidationError("Geef de gegevens op die u wilt herstellen.")
        changes = dict(changes)
        adult_roles = changes.pop(ADULT_ROLES, None)
        unknown = [k for k in changes if k not in CORRECTABLE]
        if unknown:
            raise ValidationError("Deze gegevens kunnen niet met een herstelbesluit worden gewijzigd: "
                                  + ", ".join(str(k)[:40] for k in unknown)
                                  + ". Begin, einde en duur veranderen alleen door verlenging of intrekking.")
        c = v.Collector()
        new_values: dict[str, Any] = {}
        for field, value in changes.items():
            _, check = CORRECTABLE[field]
            checked = c.run(check, value, field)
            if checked is not None and checked != case.get(field):
                new_values[field] = checked
        members = repo.get_members(self.db, case_id)
        roles = {mid: note or None for mid, note in member_roles(c, members, adult_roles).items()
                 if (note or None) != next(m.get("role_note") for m in members if m["id"] == mid)}
        why = c.run(v.text, reasons, "reasons", "Reden van herstel", min_len=20, max_len=v.MAX_MEDIUM)
        c.raise_if_any()
        if not new_values and not roles:
            raise RuleViolation("Er is niets gewijzigd ten opzichte van de ondertekende beschikking.", field="changes")
        corrected = {**case, **new_values}
        old_members = members
        members = [{**m, "role_note": roles[m["id"]]} if m["id"] in roles else m for m in members]
        rules.assert_complete(draft_parts(corrected, members, self.ctx.now()))
        t0 = case.get("oral_order_at") or case.get("served_at") or case["decided_at"]
        if "person_birth_date" in new_values:
            rules.check_adult(new_values["person_birth_date"], t0)
        change_rows = tuple((CORRECTABLE[f][0], shown(case.get(f)), shown(val)) for f, val in new_values.items()) + \
            tuple((f"Rol van {m['name']}", shown(m.get("role_note")), shown(roles[m["id"]]))
                  for m in old_members if m["id"] in roles)

        n = repo.next_document_version(self.db.cursor(), case_id, DOC_BESCHIKKING)
        doc_id = f"{case_id}-OPL-v{n}"
        role = role_text(basis_key, case["municipality_name"])
        content = beschikking_content(corrected, members, draft=False, decider_name=actor.name, decider_role=role,
                                      basis=basis_text, decided_at=now, doc_id=doc_id, doc_version=n)
        served = case.get("served_at")
        start = served or case.get("oral_order_at")
        first_end = case.get("original_end_at") or case.get("end_at")
        content = replace(content, start=start if first_end else None, end=first_end if start else None,
                           correction=CorrectionPart(replaces_document_id=prev["id"], replaces_decided_at=prev["signed_at"],
                                                     changes=change_rows, reasons=why,
                                                     later_decisions=self._later_decisions(case)))
        signed = self.signatures.sign(actor, render_beschikking_oplegging(content), role=role,
                                      municipality=case["municipality_name"], at=now)
        with self.db.transaction() as cur:
            repo.update_case(cur, case_id, version, new_values, actor.username, now)
            if roles:
                repo.set_member_roles(cur, case_id, roles)
            self.signatures.store(cur, actor, case_id, DOC_BESCHIKKING, doc_id, n, signed, now)
            self.ctx.audit(cur, actor, "herstelbesluit", case_id, at=now,
                           detail=f"{doc_id} vervangt {prev['id']}; hersteld: "
                               + ", ".join([CORRECTABLE[f][0] for f in new_values] + [r[0] for r in change_rows[len(new_values):]])
                               + f"; {basis_text}")
        del mandate_id
        return doc_id

    def _current_beschikking(self, case: dict[str, Any]) -> dict[str, Any]:
        if case.get("decided_at") is None:
            raise RuleViolation("Er is nog geen ondertekende beschikking om te herstellen; pas het concept aan.")
        if case["state"] in NOT_CORRECTABLE:
            raise RuleViolation(NOT_CORRECTABLE[case["state"]])
        docs = [d for d in repo.list_documents(self.db, case["id"]) if d["kind"] == DOC_BESCHIKKING and d["signed"]]
        if not docs:
            raise RuleViolation("De ondertekende beschikking ontbreekt in het dossier; neem contact op met de beheerder.")
        return max(docs, key=lambda d: d["version"])

    def _later_decisions(self, case: dict[str, Any]) -> tuple[str, ...]:
        """Extension and withdrawal decisions taken after the oplegging, in words for the herstelbesluit."""
        docs = repo.list_documents(self.db, case["id"])
        out = []
        for d in docs:
            if d["kind"] == DOC_VERLENGING and case.get("extended_at"):
                out.append(f"het huisverbod is op {nl_datetime(d['signed_at'])} verlengd tot {nl_datetime(case['end_at'])} "
                           f"(beschikking {d['id']}).")
            elif d["kind"] == DOC_INTREKKING and case.get("withdrawn_at"):
                out.append(f"het huisverbod is ingetrokken en geëindigd op {nl_datetime(case['withdrawn_at'])} "
                           f"(beschikking {d['id']}).")
        return tuple(out)
