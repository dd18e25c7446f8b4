"""The work queue: what this user must do next, over every open case of the user's area, soonest deadline first.
Implements the terms of art. 2 lid 6-8, art. 3 lid 2, art. 5, 6 and 9 Wth as tasks (with aftercare), urgent steps first.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from procedure.domain.case import person_name
from procedure.domain.roles import MAYOR_ROLES, Action, Actor, Role, may, require_action
from procedure.domain.states import CaseState
from procedure.services.aftercare import Aftercare
from procedure.services.context import Service, ServiceContext
from procedure.services.notices import Notices
from store import case_lists


class WorkQueue(Service):
    """One user's tasks (before imposition here; after imposition from :class:`Aftercare`)."""

    def __init__(self, ctx: ServiceContext, aftercare: Aftercare, notices: Notices | None = None):
        super().__init__(ctx)
        self.aftercare = aftercare
        self.notices = notices

    def work_queue(self, actor: Actor) -> list[dict[str, Any]]:
        """What this user must do next: first the urgent steps before imposition (the person is at risk
        now; no legal term, "zo snel mogelijk"), then everything else by deadline, soonest first.

        One pass: the open cases of the scope (with today's signing authority joined in SQL), the events of
        the running orders and the pending voorlopige voorzieningen — three queries and a setting, whatever
        the number of cases (issue 12). Every task is returned; the page pages them on screen.

        Each task: ``case_id, task, deadline (aware or None), urgent, overdue, due_24h, municipality, person``.
        """
        require_action(actor, Action.READ_CASE)
        now = self.ctx.now()
        scope = self.ctx.scope(actor)
        signer = self.ctx.list_signer(actor) if may(actor, Action.SIGN) else None
        rows = case_lists.open_cases(self.db, scope, now=now, signer=signer)
        for r in rows:
            r["effective_state"] = CaseState(r.pop("effective_state_value"))
        tasks = []
        for r in rows:
            s = r["effective_state"]
            base = {"case_id": r["id"], "municipality": r["municipality_name"], "person": person_name(r), "deadline": None,
                    "rule": "", "event_id": None}
            if s == CaseState.RISICOTAXATIE and actor.role == Role.HOVJ:
                if r["rihg_finalised_at"] is None:
                    tasks.append(dict(base, task="RiHG invullen en besluiten"))
                elif r["decision_huisverbod"]:
                    tasks.append(dict(base, task="Conceptbeschikking opstellen"))
            elif s == CaseState.BESLUIT and r["decided_at"] is None and r["may_sign"]:
                tasks.append(dict(base, task="Beschikking ondertekenen"))
            elif s == CaseState.BESLUIT and r["decided_at"] is not None and actor.role == Role.HOVJ:
                tasks.append(dict(base, task="Beschikking uitreiken"))
            elif s in (CaseState.OPGELEGD, CaseState.VERLENGD):
                tasks.extend(self.aftercare.contact_address_tasks(actor, [r]))
        events = case_lists.events_of_running_orders(self.db, scope, now=now)
        hearings = (case_lists.pending_hearings(self.db, scope)
                    if actor.role == Role.GEMEENTE or actor.role in MAYOR_ROLES else [])
        tasks.extend(self.aftercare.tasks(actor, rows, events=events, hearings=hearings))
        if actor.role in MAYOR_ROLES:
            for e in case_lists.open_annulled_withdrawals(self.db, scope):
                # the order does not revive by itself: the burgemeester decides again (art. 2 lid 9 Wth, art. 8:72 Awb)
                tasks.append({"case_id": e["case_id"], "municipality": e["municipality_name"],
                              "person": person_name(e), "deadline": e["recorded_at"] + timedelta(hours=24),
                              "task": "Intrekking vernietigd door de rechter: opnieuw beslissen"})
        if self.notices is not None:
            tasks.extend(self.notices.notice_tasks(actor))
        far = datetime.max.replace(tzinfo=timezone.utc)
        for t in tasks:
            d = t["deadline"]
            t["urgent"] = d is None
            t["overdue"] = d is not None and d < now
            t["due_24h"] = d is not None and now <= d < now + timedelta(hours=24)
        tasks.sort(key=lambda t: (not t["urgent"], t["deadline"] or far))
        return tasks
