"""After every decision on an order, everyone who must know is told, and the case shows who was informed, how, when.
Implements art. 2 lid 8 (partners get the decision), art. 9 (extension) and art. 2 lid 9 Wth (withdrawal).

Issue 15: a task for the police, the care partners and Veilig Thuis of the case, and a letter (PDF) for the removed
person and one for the protected persons stating the new actual end — written in the transaction of the decision.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from forms.letters import DecisionLetterContent, render_decision_letter
from procedure.domain.case import person_name
from procedure.domain.documents import DOC_BRIEF
from procedure.domain.errors import NotAuthorized, NotFound
from procedure.domain.notices import CHANNEL_LABELS, DECISION_LABELS, RECIPIENT_LABELS, actual_end, recipients_for
from procedure.domain.roles import Action, Actor, require_action
from procedure.services.context import Service, ServiceContext
from procedure.services.notifications import Notifications
from store import case_lists, notify_repo, repo
from store.repo import Cursor

#: who the system records as author of a notice nobody's action caused (the natural end)
SYSTEM_USER = "systeem"


class Notices(Service):
    """Who was informed of which decision, and the tasks that tell the partners."""

    def __init__(self, ctx: ServiceContext, notifications: Notifications):
        super().__init__(ctx)
        self.notifications = notifications

    def record(self, cur: Cursor, username: str, case: dict[str, Any], decision_kind: str,
               decision_at: datetime) -> list[int]:
        """Helper for the deciding service, inside its transaction: one notice per recipient of ``decision_kind``;
        the letters are rendered and stored as documents; partners who want it get a mail (no personal data).

        Args:
            case: the case row *after* the decision (``end_at``, ``withdrawn_at``, ``annulled_at`` as decided), with
                ``municipality_name`` and ``subregion``.

        Returns:
            the notice ids. A second call for the same case, kind and moment writes nothing (idempotent).
        """
        if notify_repo.has_notice(cur, case["id"], decision_kind, decision_at):
            return []
        end = actual_end(case)
        members = [m for m in repo.get_members(self.db, case["id"]) if m["threatened"]]
        ids = []
        for r in recipients_for(decision_kind):
            doc_id = None
            if r.channel == "brief":
                doc_id = self._letter(cur, username, case, decision_kind, decision_at, r.kind, members, end)
            ids.append(notify_repo.insert_notice(cur, {
                "case_id": case["id"], "decision_kind": decision_kind, "decision_at": decision_at,
                "recipient_kind": r.kind, "recipient_role": ",".join(sorted(x.value for x in r.roles)) or None,
                "channel": r.channel, "document_id": doc_id, "actual_end_at": end, "created_at": self.ctx.now(),
                "created_by": username}))
            if r.channel == "taak":
                self.notifications.queue(cur, "taak_partner", roles=[x.value for x in r.roles], case=case,
                                         what=f"Kennisnemen: {DECISION_LABELS[decision_kind].lower()}",
                                         key=f"{case['id']}:{decision_kind}:{decision_at.isoformat()}")
        return ids

    def _letter(self, cur, username, case, decision_kind, decision_at, recipient, members, end) -> str:
        n = repo.next_document_version(cur, case["id"], DOC_BRIEF)
        doc_id = f"{case['id']}-BRF-v{n}"
        addressees = ((person_name(case),) if recipient == "uithuisgeplaatste"
                      else tuple(m["name"] for m in members) or ("De bewoners van de woning",))
        pdf = render_decision_letter(DecisionLetterContent(
            document_id=doc_id, version=n, municipality_name=case["municipality_name"], case_id=case["id"],
            recipient=recipient, addressees=addressees, person_name=person_name(case), decision_kind=decision_kind,
            decision_label=DECISION_LABELS[decision_kind], decided_at=decision_at, t0=case["served_at"],
            planned_end=case["end_at"], actual_end=end, generated_at=decision_at))
        repo.insert_document(cur, {"id": doc_id, "case_id": case["id"], "kind": DOC_BRIEF, "version": n,
                                   "created_at": self.ctx.now(), "created_by": username, "signed": False,
                                   "signer_username": None, "signed_at": None,
                                   "sha256": hashlib.sha256(pdf).hexdigest(), "content": pdf})
        return doc_id

    def notices(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """Who was informed of which decision, how and when: one row per recipient, oldest first, each with
        ``decision_label``, ``recipient_label``, ``channel_label``, ``document_id``, ``actual_end_at``,
        ``created_at`` and ``acknowledged_at`` / ``acknowledged_by`` (a task read by the partner).

        Raises:
            NotFound: case unknown or out of scope.
        """
        self.ctx.case_in_scope(actor, case_id)
        rows = notify_repo.list_notices(self.db, case_id)
        for r in rows:
            r["decision_label"] = DECISION_LABELS.get(r["decision_kind"], r["decision_kind"])
            r["recipient_label"] = RECIPIENT_LABELS.get(r["recipient_kind"], r["recipient_kind"])
            r["channel_label"] = CHANNEL_LABELS.get(r["channel"], r["channel"])
        return rows

    def acknowledge(self, actor: Actor, case_id: str, notice_id: int) -> bool:
        """A partner read a notice task: it leaves the work queue. False when it was read already.

        Raises:
            NotFound: case or notice unknown / out of scope. NotAuthorized: the notice is for another party.
        """
        self.ctx.case_in_scope(actor, case_id)
        n = notify_repo.get_notice(self.db, notice_id) if isinstance(notice_id, int) else None
        if n is None or n["case_id"] != case_id or n["channel"] != "taak":
            raise NotFound("Deze melding hoort niet bij deze zaak.")
        if actor.role.value not in (n["recipient_role"] or "").split(","):
            raise NotAuthorized("Deze melding is voor een andere partij.")
        now = self.ctx.now()
        with self.db.transaction() as cur:
            done = notify_repo.acknowledge_notice(cur, notice_id, actor.username, now)
            self.ctx.audit(cur, actor, "kennisgenomen", case_id, at=now, detail=n["decision_kind"])
        return done

    def notice_tasks(self, actor: Actor) -> list[dict[str, Any]]:
        """Helper for the work queue: the unread notices of every case in the actor's area for this role (also of
        orders that ended: a withdrawal must still reach the partners)."""
        require_action(actor, Action.READ_CASE)
        out = []
        for n in case_lists.open_notices(self.db, self.ctx.scope(actor)):
            if actor.role.value in (n["recipient_role"] or "").split(","):
                out.append({"case_id": n["case_id"], "municipality": n["municipality_name"], "person": person_name(n),
                            "task": f"Kennisnemen: {DECISION_LABELS[n['decision_kind']].lower()}",
                            "deadline": n["created_at"] + timedelta(hours=24),
                            "rule": "art. 2 lid 8 Wth: partners krijgen het besluit", "event_id": None,
                            "notice_id": n["id"]})
        return out

    def record_natural_ends(self) -> int:
        """System sweep (the worker calls it): a notice round for every order whose planned end has passed.
        Returns the number of orders handled; idempotent."""
        done = 0
        for case in notify_repo.ended_orders_without_notice(self.db, self.ctx.now()):
            with self.db.transaction() as cur:
                if self.record(cur, SYSTEM_USER, case, "einde", case["end_at"]):
                    repo.audit(cur, at=self.ctx.now(), username=SYSTEM_USER, role="systeem", action="einde_gemeld",
                               case_id=case["id"])
                    done += 1
        return done

