"""The case file: one case as a user reads it — its state now, the deadlines, the next step for this user, and the
timeline of who did what. Implements art. 2 lid 1 and 6, art. 9 Wth (end, contact address, latest extension) and R06.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from procedure.domain.audit import action_label
from procedure.domain.case import CaseView, case_open_questions, fmt_dt, status_label
from procedure.domain.deadlines import AMS, contact_address_deadline, latest_extension_end
from procedure.domain.mandates import SIGNER_ROLES
from procedure.domain.roles import Actor, Role
from procedure.domain.states import CaseState, effective_state
from procedure.services.aftercare import Aftercare
from procedure.services.context import Service, ServiceContext
from procedure.services.signatures import Signatures
from store import repo


class CaseFile(Service):
    """Reading a case (every read of the file is audited)."""

    def __init__(self, ctx: ServiceContext, aftercare: Aftercare, signatures: Signatures):
        super().__init__(ctx)
        self.aftercare = aftercare
        self.signatures = signatures

    def get_case(self, actor: Actor, case_id: str) -> CaseView:
        """A case file with derived state, deadlines and next step; the opening is audited.

        Raises:
            NotFound: no such case, or outside the actor's scope.
            NotAuthorized: the role may not read case files (managers, advisors, beheerder).
        """
        case = self.ctx.case_in_scope(actor, case_id)
        now = self.ctx.now()
        self.ctx.audit_view(actor, case_id, "zaak_ingezien")
        state = effective_state(CaseState(case["state"]), case["end_at"], now)
        view = CaseView(case=case, state=state, members=repo.get_members(self.db, case_id),
                        documents=repo.list_documents(self.db, case_id))
        if case["served_at"] is not None:
            t0 = case["served_at"]
            view.end_at = case["end_at"].astimezone(AMS)
            view.latest_extension_end = latest_extension_end(t0)
            view.contact_address_deadline = contact_address_deadline(t0)
        view.open_questions = case_open_questions(case)
        if case["previous_case_id"]:
            view.previous_cases = [{"id": case["previous_case_id"]}]
        view.status_text, view.next_step = self._status_and_next(actor, view, now)
        view.status_label = status_label(case, state, repo.has_pending_appeal(self.db, case_id))
        if case["draft_submitted_by"]:
            u = repo.get_user(self.db, case["draft_submitted_by"])
            view.draft_submitted_by_name = u["name"] if u else case["draft_submitted_by"]
        return view

    def timeline(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """The case's audit trail (who, role, when, what, old -> new state), oldest first."""
        self.ctx.case_in_scope(actor, case_id)
        rows = repo.case_audit(self.db, case_id)
        names = {u["username"]: u["name"] for u in repo.list_users(self.db)}
        for r in rows:
            r["action_label"] = action_label(r["action"])
            r["name"] = names.get(r["username"], r["username"])
            try:
                r["role_label"] = Role(r["role"]).label
            except ValueError:
                r["role_label"] = r["role"]
        return rows

    def _status_and_next(self, actor: Actor, view: CaseView, now: datetime) -> tuple[str, str]:
        c, s = view.case, view.state
        role = actor.role
        if s == CaseState.RISICOTAXATIE and c["rihg_finalised_at"] is None:
            return ("Melding geregistreerd; de risicotaxatie (RiHG) loopt.",
                    "Vul de RiHG in: alle 20 signalen, per rood of blauw signaal een feit met bron, "
                    "en neem een besluit met motivering." if role == Role.HOVJ else
                    "Wacht op de risicotaxatie door de hulpofficier van justitie.")
        if s == CaseState.RISICOTAXATIE:
            return ("RiHG afgerond, besluit: huisverbod. De beschikking wordt opgesteld.",
                    "Stel de beschikking op (feiten, waarom deze persoon) en bied haar aan ter ondertekening."
                    if role == Role.HOVJ else "Wacht op de conceptbeschikking van de hulpofficier.")
        if s == CaseState.BESLUIT and c["decided_at"] is None:
            if role in SIGNER_ROLES and self.signatures.may_sign(actor, c, now.astimezone(AMS).date()):
                nxt = ("Lees de RiHG en de conceptbeschikking en onderteken (pagina Ondertekenen)."
                       if role != Role.HOVJ else "U hebt een geldig mandaatbesluit: u kunt zelf ondertekenen "
                       "(pagina Ondertekenen), of wachten op de burgemeester.")
            elif role == Role.HOVJ:
                nxt = "Wacht op de handtekening van de burgemeester (u hebt geen mandaat voor deze gemeente)."
            else:
                nxt = "Wacht op ondertekening door de burgemeester."
            return "Conceptbeschikking klaar; wacht op ondertekening.", nxt
        if s == CaseState.BESLUIT:
            return (f"Beschikking ondertekend op {fmt_dt(c['decided_at'])}; nog niet uitgereikt.",
                    "Reik de beschikking uit aan betrokkene, neem de sleutels in en leg de uitreiking vast "
                    "(pagina Uitreiking). Het huisverbod gaat in op het moment van uitreiking."
                    if role == Role.HOVJ else "Wacht op de uitreiking door de hulpofficier van justitie.")
        if s in (CaseState.OPGELEGD, CaseState.VERLENGD):
            txt = f"Huisverbod loopt tot {fmt_dt(view.end_at)}" + (" (verlengd)." if s == CaseState.VERLENGD else ".")
            row = dict(c, effective_state=s)
            mine = sorted(self.aftercare.tasks(actor, [row]) + self.aftercare.contact_address_tasks(actor, [row]),
                          key=lambda t: t["deadline"])
            if mine:
                return txt, "; ".join(f"{t['task']} (uiterlijk {fmt_dt(t['deadline'])})" for t in mine[:3]) + "."
            return txt, "Geen openstaande taak voor u in deze zaak."
        if s == CaseState.VERLOPEN:
            return f"Huisverbod afgelopen op {fmt_dt(c['end_at'])}.", "Geen actie nodig; de zaak gaat naar het archief."
        if s == CaseState.GEEN_HUISVERBOD:
            return ("Geen huisverbod: " + (c["decision_reasons"] or ""),
                    "Geen actie; de RiHG blijft bewaard in het archief.")
        if s == CaseState.INGETROKKEN:
            return (f"Huisverbod ingetrokken op {fmt_dt(c['withdrawn_at'])}.",
                    "Geen actie nodig; bij beroep: zie de pagina Beroep. De zaak gaat daarna naar het archief.")
        if s == CaseState.VERNIETIGD:
            return "De rechter heeft het huisverbod vernietigd.", "Geen actie nodig; de zaak gaat naar het archief."
        if s in (CaseState.GEARCHIVEERD, CaseState.VERNIETIGD_ARCHIEF):
            return s.label + ".", "Geen actie nodig."
        return s.label, "Geen actie nodig."
