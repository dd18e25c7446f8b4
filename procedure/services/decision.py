"""The decision: the draft beschikking, the Veilig Thuis consultation, submitting it, and the signature.
Implements art. 2 lid 1, 3 and 4 Wth (the written, complete decision; R04), art. 3 (mandate) and R09, R17.

The draft holds the facts, who is threatened and why this person; it is signed by the burgemeester, the
loco-burgemeester under a vervangingsbesluit, or the HOvJ in mandate (:class:`Signatures`).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from forms.content import AdultRole, BeschikkingContent, ChildrenPart, ProtectedPerson
from forms.documents import render_beschikking_oplegging
from procedure.domain import rules, validation as v
from procedure.domain.case import dwelling, fmt_dt, person_name
from procedure.domain.deadlines import AMS, ORDER_DAYS
from procedure.domain.documents import DOC_BESCHIKKING, LEGAL_BASIS
from procedure.domain.errors import RuleViolation, ValidationError
from procedure.domain.lists import CaseList
from procedure.domain.mandates import role_text
from procedure.domain.roles import Action, Actor, require_action
from procedure.domain.states import CaseState
from procedure.services.context import Service, ServiceContext
from procedure.services.notifications import Notifications
from procedure.services.signatures import Signatures
from store import case_lists, repo


def _minor(m: dict[str, Any], t: datetime) -> bool | None:
    """Whether member ``m`` is a minor at ``t``; None when the birth date is not known."""
    return rules.Member(m["name"], m["birth_date"], m["relation"], rules.Residence(m["residence"]), "",
                        m["threatened"]).is_minor_on(t)


def household_parts(case: dict[str, Any], members: list[dict[str, Any]], now: datetime) -> rules.HouseholdParts:
    """The household parts of a decision on ``case`` (art. 2 lid 4 Wth, issue 14): the other adults who live or stay
    there with their role notes, the minors, and who cares for them / what the order means; ages at T0, else ``now``.
    A member whose birth date is not known is not let through unasked: he or she counts among the other
    housemates whose role the decision states (the melding cannot be edited afterwards to add the date)."""
    t = case.get("served_at") or now
    covered = [m for m in members if m["residence"] in ("woont", "verblijft")]
    return rules.HouseholdParts(
        adult_roles=tuple((m["name"], m.get("role_note") or "") for m in covered if _minor(m, t) is not True),
        minors=tuple(m["name"] for m in covered if _minor(m, t) is True),
        children_care=case.get("children_care") or "", children_meaning=case.get("children_meaning") or "")


def household_content(case: dict[str, Any], members: list[dict[str, Any]],
                      now: datetime) -> tuple[tuple[AdultRole, ...], ChildrenPart | None]:
    """The household parts as the documents print them: (other adults with role, children part or None)."""
    h = household_parts(case, members, now)
    relation = {m["name"]: rules.RELATIONS.get(m["relation"], m["relation"]) for m in members}
    adults = tuple(AdultRole(name, relation.get(name, ""), role) for name, role in h.adult_roles)
    children = ChildrenPart(h.minors, h.children_care, h.children_meaning) if h.minors else None
    return adults, children


def children_texts(c: v.Collector, care: str | None, meaning: str | None) -> dict[str, str | None]:
    """The children's texts a form sent, validated into ``c`` (``None`` = not on the form: left out)."""
    out: dict[str, str | None] = {}
    if care is not None:
        out["children_care"] = c.run(v.text, care, "children_care", "Wie zorgt nu voor de kinderen", required=False,
                                     max_len=v.MAX_MEDIUM)
    if meaning is not None:
        out["children_meaning"] = c.run(v.text, meaning, "children_meaning",
                                        "Wat het huisverbod voor de kinderen betekent", required=False,
                                        max_len=v.MAX_MEDIUM)
    return out


def member_roles(c: v.Collector, members: list[dict[str, Any]], adult_roles: dict[Any, str] | None) -> dict[int, str]:
    """The role notes a form sent, validated into ``c``: household member id (or name when unique in the household)
    -> note (art. 2 lid 4 Wth, R04); ``None`` = not on the form (empty dict).

    Raises:
        ValidationError: ``adult_roles`` is not such a mapping (field ``adult_roles``).
    """
    if adult_roles is None:
        return {}
    by_name: dict[str, list[int]] = {}
    for m in members:
        by_name.setdefault(m["name"], []).append(m["id"])
    ids = {m["id"] for m in members}
    if not isinstance(adult_roles, dict):
        raise ValidationError("De rollen van de huisgenoten zijn niet goed doorgegeven.", field="adult_roles")
    keyed: dict[int, Any] = {}
    for key, note in adult_roles.items():
        if isinstance(key, str) and len(by_name.get(key, [])) == 1:
            key = by_name[key][0]
        if not isinstance(key, int) or key not in ids:
            raise ValidationError("De rollen van de huisgenoten zijn niet goed doorgegeven.", field="adult_roles")
        keyed[key] = note
    return {mid: c.run(v.text, note, f"role_{mid}", "Rol van deze volwassene", required=False, max_len=v.MAX_MEDIUM)
            for mid, note in keyed.items()}


def draft_parts(case: dict[str, Any], members: list[dict[str, Any]], now: datetime) -> rules.DraftParts:
    """What the beschikking of ``case`` would contain (art. 2 lid 4 Wth); adults are counted at T0, else ``now``."""
    t = case.get("served_at") or now
    covered = [m for m in members if m["residence"] in ("woont", "verblijft")]
    other_adults = [m["name"] for m in covered if m["birth_date"] is not None
                    and rules.Member(m["name"], m["birth_date"], m["relation"], rules.Residence(m["residence"]),
                                     "", m["threatened"]).is_minor_on(t) is False]
    return rules.DraftParts(
        dwelling_complete=all(case.get(k) for k in ("street", "house_number", "postcode", "city")),
        duration_days=case.get("duration_days"), incident_known=case.get("incident_at") is not None,
        facts=case.get("facts") or "", threatened_persons=case.get("threatened_persons") or "",
        why_this_person=case.get("why_this_person") or "",
        protected_names=[m["name"] for m in covered], other_adults_covered=other_adults,
        rihg_final=case.get("rihg_finalised_at") is not None,
        decision_huisverbod=case.get("decision_huisverbod"), household=household_parts(case, members, now))


def protected_persons(members: list[dict[str, Any]]) -> tuple[ProtectedPerson, ...]:
    """The household members the contact ban protects: who lives there or stays more than incidentally (art. 2 lid 1)."""
    return tuple(ProtectedPerson(name=m["name"], relation=rules.RELATIONS.get(m["relation"], m["relation"]),
                                 residence=rules.Residence(m["residence"]).label, basis=m["residence_basis"] or "")
                 for m in members if m["residence"] in ("woont", "verblijft"))


def beschikking_content(case: dict[str, Any], members: list[dict[str, Any]], *, draft: bool, decider_name: str = "",
                        decider_role: str = "", basis: str = "", decided_at: datetime | None = None, doc_id: str = "",
                        doc_version: int = 1) -> BeschikkingContent:
    """The beschikking oplegging as the document shows it, from the case data (nothing typed twice).

    Start and end are printed when they are known when the decision is written — after an oral order (art. 2
    lid 7 Wth) T0 is the moment of the oral order; otherwise the order starts at the uitreiking and the
    proces-verbaal van uitreiking states both."""
    adults, children = household_content(case, members, decided_at or case["updated_at"])
    start = case.get("served_at")
    return BeschikkingContent(
        document_id=doc_id or f"{case['id']}-OPL", version=doc_version,
        municipality_name=case["municipality_name"], case_id=case["id"],
        person_name=person_name(case), person_birth_date=case["person_birth_date"],
        dwelling_address=dwelling(case), duration_days=case["duration_days"] or ORDER_DAYS,
        start=start, end=case.get("end_at") if start is not None else None,
        incident_at=case["incident_at"], facts=case["facts"] or "", other_adults=adults, children=children,
        threatened_persons=case["threatened_persons"] or "", why_this_person=case["why_this_person"] or "",
        protected_persons=protected_persons(members), rihg_advice=case["advice_text"] or "", legal_basis=LEGAL_BASIS,
        decider_name=decider_name or "(naam volgt bij ondertekening)",
        decider_role=decider_role or f"burgemeester van {case['municipality_name']}",
        decision_basis=basis or "nog te ondertekenen", decided_at=decided_at, is_draft=draft,
        generated_at=decided_at or case["updated_at"])


class Decision(Service):
    """The beschikking oplegging from draft to signature."""

    def __init__(self, ctx: ServiceContext, signatures: Signatures, notifications: Notifications | None = None):
        super().__init__(ctx)
        self.notifications = notifications
        self.signatures = signatures

    def draft_problems(self, actor: Actor, case_id: str, screen: dict[str, str] | None = None) -> list[str]:
        """Missing art. 2 lid 4 Wth parts of the draft (empty when complete), plus the art. 2 lid 3 check.

        Args:
            screen: texts on the screen not saved yet (``facts``, ``threatened_persons``,
                ``why_this_person``, ``children_care``, ``children_meaning``); checked instead of the stored
                ones, nothing is written.

        Raises:
            ValidationError: ``screen`` is not a mapping of those keys to text.
        """
        case = self.ctx.case_in_scope(actor, case_id)
        if screen is not None:
            keys = {"facts", "threatened_persons", "why_this_person", "children_care", "children_meaning"}
            if not isinstance(screen, dict) or not set(screen) <= keys or \
                    not all(isinstance(v_, str) for v_ in screen.values()):
                raise ValidationError("De teksten van het scherm zijn niet goed doorgegeven.")
            case = {**case, **screen}
        problems = rules.missing_art_2_4_parts(draft_parts(case, repo.get_members(self.db, case_id), self.ctx.now()))
        try:
            rules.check_child_abuse_consultation(case["child_abuse_ground"], case["vt_consulted_at"] is not None)
        except RuleViolation as exc:
            problems.append(exc.message)
        return problems

    def draft_prefill(self, actor: Actor, case_id: str) -> dict[str, str]:
        """The draft beschikking's texts as the form opens: what is saved, else what the case already says — the
        incident (moment and description from the melding) as the start of the facts, and the threatened household
        members by name — so nothing entered at the melding is typed again (procedure.md section 7).

        Returns:
            ``{"facts": ..., "threatened_persons": ..., "why_this_person": ...}``.

        Raises:
            NotFound: case unknown or out of scope.
        """
        case = self.ctx.case_in_scope(actor, case_id)
        threatened = ", ".join(m["name"] for m in repo.get_members(self.db, case_id) if m["threatened"])
        return {"facts": case["facts"] or f"Incident op {fmt_dt(case['incident_at'])}: "
                                          f"{case['incident_description'] or ''}",
                "threatened_persons": case["threatened_persons"] or threatened,
                "why_this_person": case["why_this_person"] or ""}

    def save_draft(self, actor: Actor, case_id: str, version: int, *, facts: str, threatened_persons: str,
                   why_this_person: str, duration_days: int = ORDER_DAYS, adult_roles: dict[int, str] | None = None,
                   children_care: str | None = None, children_meaning: str | None = None) -> int:
        """Save the facts and reasoning of the draft beschikking (may still be incomplete).

        Args:
            adult_roles: household member (id, or name when unique in the household) -> role of that other adult
                and why the order is not addressed to him or her (R04); ``None`` leaves the stored notes as they are.
            children_care, children_meaning: who cares for the minors now, what the order means for them;
                ``None`` leaves the stored text.

        Raises:
            RuleViolation: a duration other than 10 days (R03), or the case is not awaiting a draft.
            ValidationError: texts too long.
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.DRAFT_BESCHIKKING)
        oral_pending = case["oral_order_at"] is not None and case["decided_at"] is None
        if (case["state"] != CaseState.RISICOTAXATIE.value and not oral_pending) or not case["decision_huisverbod"]:
            raise RuleViolation("Een conceptbeschikking kan pas na het besluit 'huisverbod' en vóór "
                                "ondertekening worden bewerkt.")
        if v.integer(duration_days, "duration_days", "Duur in dagen", 1, 365) != ORDER_DAYS:
            raise RuleViolation(f"Een huisverbod duurt {ORDER_DAYS} dagen (art. 2 lid 1 Wth); een andere duur is "
                                "niet toegestaan (R03).", field="duration_days")
        c = v.Collector()
        facts = c.run(v.text, facts, "facts", "Feiten en omstandigheden", required=False, max_len=v.MAX_LONG)
        threatened = c.run(v.text, threatened_persons, "threatened_persons", "Wie is bedreigd", required=False,
                           max_len=v.MAX_MEDIUM)
        why = c.run(v.text, why_this_person, "why_this_person", "Waarom deze persoon", required=False,
                    max_len=v.MAX_MEDIUM)
        fields = {"facts": facts, "threatened_persons": threatened, "why_this_person": why, "duration_days": ORDER_DAYS,
                  **children_texts(c, children_care, children_meaning)}
        roles = member_roles(c, repo.get_members(self.db, case_id), adult_roles)
        c.raise_if_any()
        return self._store_draft(actor, case_id, version, fields, roles, "concept_beschikking_opgeslagen")


    def save_household_parts(self, actor: Actor, case_id: str, version: int, *,
                             adult_roles: dict[Any, str] | None = None, children_care: str | None = None,
                             children_meaning: str | None = None) -> int:
        """Complete only the household parts (art. 2 lid 4 Wth: the other adults' roles, the children's care and
        what the order means for them) of a beschikking that was already submitted and awaits signature — e.g. a
        case submitted before these parts were asked (migration 015). Facts and reasoning stay as submitted.

        Args:
            adult_roles, children_care, children_meaning: as :meth:`save_draft`; ``None`` leaves the stored value.

        Returns:
            the new case version.

        Raises:
            RuleViolation: the beschikking is already signed, or no huisverbod was decided.
            ValidationError: texts too long; ``adult_roles`` malformed.
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.DRAFT_BESCHIKKING)
        oral_pending = case["oral_order_at"] is not None and case["decided_at"] is None
        awaiting = case["state"] in (CaseState.RISICOTAXATIE.value, CaseState.BESLUIT.value) and \
            case["decided_at"] is None
        if not (awaiting or oral_pending) or not case["decision_huisverbod"]:
            raise RuleViolation("De huisgenoten in de beschikking kunnen alleen vóór ondertekening worden aangevuld; "
                                "na ondertekening gaat dat met een herstelbesluit.")
        c = v.Collector()
        fields = children_texts(c, children_care, children_meaning)
        roles = member_roles(c, repo.get_members(self.db, case_id), adult_roles)
        c.raise_if_any()
        return self._store_draft(actor, case_id, version, fields, roles, "huisgenoten_beschikking_aangevuld")

    def awaiting_household_parts(self, actor: Actor) -> CaseList:
        """Beschikkingen that were submitted and await signature but lack household parts (art. 2 lid 4 Wth,
        issue 14: e.g. submitted before these parts were asked), in the actor's area, longest waiting first. The
        burgemeester cannot sign them until the HOvJ completes them with :meth:`save_household_parts`.

        Returns:
            every such case (no page: ``total`` is the true number), each row with ``open_parts`` (Dutch sentences).

        Raises:
            NotAuthorized: the role may not draft beschikkingen.
        """
        require_action(actor, Action.DRAFT_BESCHIKKING)
        now = self.ctx.now()
        rows, _ = case_lists.query_list(self.db, "awaiting_signature", self.ctx.scope(actor), now=now,
                                        sort="termijn")
        out = []
        for case, members in repo.get_cases_with_members(self.db, [r["id"] for r in rows]):
            gaps = rules.missing_household_parts(household_parts(case, members, now))
            if gaps:
                out.append({"id": case["id"], "person_name": person_name(case), "municipality_name":
                            case["municipality_name"], "draft_submitted_at": case["draft_submitted_at"],
                            "open_parts": gaps})
        return CaseList(out)

    def _store_draft(self, actor: Actor, case_id: str, version: int, fields: dict[str, Any], roles: dict[int, str],
                     action: str) -> int:
        """Write draft texts and role notes in one transaction with an audit row ``action``; the new version."""
        now = self.ctx.now()
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, fields, actor.username, now)
            if roles:
                repo.set_member_roles(cur, case_id, {k: (r or None) for k, r in roles.items()})
            self.ctx.audit(cur, actor, action, case_id, at=now)
        return nv

    def record_vt_consultation(self, actor: Actor, case_id: str, version: int, *, consulted_with: str,
                               outcome: str, consulted_at: datetime) -> int:
        """Log the Veilig Thuis consultation required for child abuse (art. 2 lid 3 Wth).

        Raises:
            ValidationError: missing who/outcome, or a moment in the future.
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.DRAFT_BESCHIKKING)
        if case["decided_at"] is not None:
            raise RuleViolation("De beschikking is al ondertekend.")
        c = v.Collector()
        who = c.run(v.text, consulted_with, "vt_consulted_with", "Met wie bij Veilig Thuis")
        out = c.run(v.text, outcome, "vt_consult_outcome", "Uitkomst van het consult", max_len=v.MAX_MEDIUM)
        now = self.ctx.now()
        consulted_at = c.run(v.moment, consulted_at, "vt_consulted_at", "Moment van het consult")
        if consulted_at is not None and consulted_at > now + timedelta(minutes=5):
            c.add("vt_consulted_at", "Het moment van het consult kan niet in de toekomst liggen.")
        c.raise_if_any()
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, {"vt_consulted_at": consulted_at, "vt_consulted_with": who,
                                                          "vt_consult_outcome": out}, actor.username, now)
            self.ctx.audit(cur, actor, "veilig_thuis_geraadpleegd", case_id, at=now, detail=who)
        return nv

    def draft_pdf(self, actor: Actor, case_id: str) -> bytes:
        """The draft beschikking as PDF (not stored).

        Raises:
            RuleViolation: any art. 2 lid 4 part missing (R04) — a draft that lacks them is not generated.
        """
        case = self.ctx.case_in_scope(actor, case_id)
        members = repo.get_members(self.db, case_id)
        rules.assert_complete(draft_parts(case, members, self.ctx.now()))
        return render_beschikking_oplegging(beschikking_content(case, members, draft=True))

    def submit_for_signature(self, actor: Actor, case_id: str, version: int) -> int:
        """risicotaxatie -> besluit: the complete draft goes to the "te ondertekenen" list.

        Raises:
            RuleViolation: art. 2 lid 4 parts missing (R04) or Veilig Thuis not consulted (art. 2 lid 3).
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.DRAFT_BESCHIKKING)
        oral_pending = case["oral_order_at"] is not None and case["decided_at"] is None
        if case["state"] != CaseState.RISICOTAXATIE.value and not oral_pending:
            raise RuleViolation("Deze zaak wacht niet op een conceptbeschikking.")
        members = repo.get_members(self.db, case_id)
        rules.assert_complete(draft_parts(case, members, self.ctx.now()))
        rules.check_child_abuse_consultation(case["child_abuse_ground"], case["vt_consulted_at"] is not None)
        now = self.ctx.now()
        if oral_pending:   # already imposed orally: the written version goes to signing, the state stays
            with self.db.transaction() as cur:
                nv = repo.update_case(cur, case_id, version, {"draft_submitted_at": now,
                                                              "draft_submitted_by": actor.username},
                                      actor.username, now)
                self.ctx.audit(cur, actor, "ter_ondertekening_aangeboden", case_id, at=now,
                               detail="schriftelijke beschikking na mondeling huisverbod")
                self._mail_signers(cur, case, now)
            return nv
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, {"state": CaseState.BESLUIT.value, "draft_submitted_at": now,
                                                          "draft_submitted_by": actor.username}, actor.username, now)
            self.ctx.audit(cur, actor, "ter_ondertekening_aangeboden", case_id, CaseState.RISICOTAXATIE.value,
                           CaseState.BESLUIT.value, at=now)
            self._mail_signers(cur, case, now)
        return nv

    def _mail_signers(self, cur, case: dict[str, Any], now) -> None:
        """A decision awaits the signature: a mail (no personal data) to the burgemeester and the loco of the
        municipality who want it, also at night (issue 15), in the transaction of the submission."""
        if self.notifications is not None:
            self.notifications.queue(cur, "ondertekenen", roles=["burgemeester", "loco_burgemeester"], case=case,
                                     what="Beschikking wacht op uw handtekening",
                                     key=f"{case['id']}:ondertekenen:{now.isoformat()}")

    def sign(self, actor: Actor, case_id: str, version: int) -> str:
        """Sign the beschikking oplegging: a PAdES signature with the signer's certificate.

        The decision records who decided and on what basis (burgemeester / loco / HOvJ under mandate).

        Returns:
            the id of the stored signed document.

        Raises:
            NotAuthorized: see :meth:`Signatures.basis`.
            RuleViolation: not awaiting signature; art. 2 lid 4 parts missing (R04); Veilig Thuis not
                consulted on a child-abuse ground (art. 2 lid 3, R17); person under 18 now (R17).
            SigningError: certificate missing or unreadable.
        """
        case = self.ctx.case_in_scope(actor, case_id, Action.SIGN)
        oral_pending = case["oral_order_at"] is not None and case["decided_at"] is None
        if (case["state"] != CaseState.BESLUIT.value and not oral_pending) or case["decided_at"] is not None:
            raise RuleViolation("Deze beschikking wacht niet (meer) op ondertekening.")
        now = self.ctx.now()
        basis_key, mandate_id, basis_text = self.signatures.basis(actor, case, now.astimezone(AMS).date())
        members = repo.get_members(self.db, case_id)
        rules.assert_complete(draft_parts(case, members, self.ctx.now()))
        rules.check_child_abuse_consultation(case["child_abuse_ground"], case["vt_consulted_at"] is not None)
        rules.check_adult(case["person_birth_date"], case["oral_order_at"] or now)
        # Render and sign outside the write lock; the version check below refuses a second signer.
        n = repo.next_document_version(self.db.cursor(), case_id, DOC_BESCHIKKING)
        doc_id = f"{case_id}-OPL-v{n}"
        role = role_text(basis_key, case["municipality_name"])
        content = beschikking_content(case, members, draft=False, decider_name=actor.name, decider_role=role,
                                      basis=basis_text, decided_at=now, doc_id=doc_id, doc_version=n)
        signed = self.signatures.sign(actor, render_beschikking_oplegging(content), role=role,
                                      municipality=case["municipality_name"], at=now)
        with self.db.transaction() as cur:
            repo.update_case(cur, case_id, version, {"decided_at": now, "decided_by": actor.username,
                                                     "decided_by_name": actor.name, "decision_basis": basis_key,
                                                     "mandate_id": mandate_id}, actor.username, now)
            self.signatures.store(cur, actor, case_id, DOC_BESCHIKKING, doc_id, n, signed, now)
            self.ctx.audit(cur, actor, "beschikking_ondertekend", case_id, at=now,
                           detail=f"{doc_id}; {basis_text}")
        return doc_id
