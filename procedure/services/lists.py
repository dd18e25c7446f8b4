"""Every list of cases a user acts on, complete by construction: one query over the user's area with the state now,
the legal hold of a pending appeal, the retention date and today's signing authority. Implements art. 3 (who signs
today), art. 10 Wth (retention) and R06, R09; issue 12: no list without its true total.

Each list is one SQL query in ``store/case_lists.py``; a service returns either every matching row or, when the page
asks for one page (``limit``), that page — both as a :class:`~procedure.domain.lists.CaseList` whose ``total`` is the
number of all matching rows, so a page can say "1–50 van 1.667" and never hides a case without saying so.
"""
from __future__ import annotations

from typing import Any

from procedure.domain.case import status_label
from procedure.domain.deadlines import DEFAULT_RETENTION_YEARS, DEFAULT_RETENTION_YEARS_RIHG, retention_until
from procedure.domain.errors import NotAuthorized, ValidationError
from procedure.domain.lists import CaseList, paging
from procedure.domain.roles import Action, Actor, Role, require_action
from procedure.domain.states import CaseState
from procedure.services.context import Service
from store import case_lists


class CaseLists(Service):
    """The lists of cases (each checks the role again; the query keeps to the user's area)."""

    def _case_list(self, actor: Actor, name: str, action: Action, *, states: tuple[str, ...] = (),
                   search: Any = "", sort: Any = None, offset: Any = 0, limit: Any = None,
                   default_sort: str = "termijn") -> CaseList:
        require_action(actor, action)
        text, sort, offset, limit = paging(search, sort, offset, limit, default_sort)
        spec = case_lists.LISTS[name]
        years = (5, 5)
        if spec.needs_retention:
            years = (self.ctx.setting_int("bewaartermijn_jaren", DEFAULT_RETENTION_YEARS),
                     self.ctx.setting_int("bewaartermijn_rihg_jaren", DEFAULT_RETENTION_YEARS_RIHG))
        now = self.ctx.now()
        rows, total = case_lists.query_list(
            self.db, name, self.ctx.scope(actor), now=now, signer=self.ctx.list_signer(actor) if spec.needs_signer else None,
            retention_years=years, states=states, search=text, sort=sort, offset=offset, limit=limit)
        for r in rows:
            state = CaseState(r.pop("effective_state_value"))
            r["effective_state"] = state
            r["legal_hold"] = bool(r["pending_appeal"])
            r["status_label"] = status_label(r, state, r["legal_hold"])
            if spec.needs_retention:
                ended = r["ended_at"]
                r["retention_until"] = (retention_until(ended, years[0] if r["served_at"] is not None else years[1])
                                        if ended is not None else None)
            r.pop("may_sign", None)
        return CaseList(rows, total, offset, limit)

    def list_cases(self, actor: Actor, states: list[str] | None = None, *, search: str = "", sort: str | None = None,
                   offset: int = 0, limit: int | None = None) -> CaseList:
        """Cases in the actor's scope, newest first unless ``sort`` says otherwise, each with
        ``effective_state`` (verlopen derived from the clock) and ``status_label``.

        Args:
            states: states to keep (None: all), as the user sees them: ``verlopen`` is an order whose end has
                passed (derived from the clock). search / sort / offset / limit: see :func:`paging`
                (``limit`` None: every case; the total is always the true total).

        Raises:
            NotAuthorized: the role may not read case files. ValidationError: unknown state, bad paging.
        """
        require_action(actor, Action.READ_CASE)
        if states is not None and (not isinstance(states, list)
                                   or not all(isinstance(s, str) and s in CaseState._value2member_map_ for s in states)):
            raise ValidationError("Onbekende status in het filter.")
        return self._case_list(actor, "all", Action.READ_CASE, states=tuple(states or ()), search=search, sort=sort,
                               offset=offset, limit=limit, default_sort="nieuw")

    def rihg_cases(self, actor: Actor, *, search: str = "", sort: str | None = None, offset: int = 0,
                   limit: int | None = None) -> CaseList:
        """Cases whose RiHG this actor can still fill in (longest waiting first)."""
        return self._case_list(actor, "rihg", Action.EDIT_RIHG, search=search, sort=sort, offset=offset, limit=limit)

    def draft_cases(self, actor: Actor, *, search: str = "", sort: str | None = None, offset: int = 0,
                    limit: int | None = None) -> CaseList:
        """Cases with the decision 'huisverbod' whose beschikking is still being drafted (also after an oral order)."""
        return self._case_list(actor, "draft", Action.DRAFT_BESCHIKKING, search=search, sort=sort, offset=offset,
                               limit=limit)

    def to_sign(self, actor: Actor, *, search: str = "", sort: str | None = None, offset: int = 0,
                limit: int | None = None) -> CaseList:
        """Drafts awaiting signature that this actor may sign today (burgemeester: own municipality; loco / HOvJ:
        where a substitution / mandate record is valid today, joined in the query; art. 3 Wth, R09), longest
        waiting first."""
        return self._case_list(actor, "to_sign", Action.SIGN, search=search, sort=sort, offset=offset, limit=limit)

    def cases_to_serve(self, actor: Actor, *, search: str = "", sort: str | None = None, offset: int = 0,
                       limit: int | None = None) -> CaseList:
        """Signed beschikkingen not yet served (uitreiking pending), longest waiting first."""
        return self._case_list(actor, "to_serve", Action.SERVE, search=search, sort=sort, offset=offset, limit=limit)

    def cases_to_make_known(self, actor: Actor, *, search: str = "", sort: str | None = None, offset: int = 0,
                            limit: int | None = None) -> CaseList:
        """Oral orders whose written beschikking is signed but not yet made known (art. 2 lid 7 Wth)."""
        return self._case_list(actor, "to_make_known", Action.SERVE, search=search, sort=sort, offset=offset,
                               limit=limit)

    def active_orders(self, actor: Actor, *, search: str = "", sort: str | None = None, offset: int = 0,
                      limit: int | None = None) -> CaseList:
        """Running orders (opgelegd / verlengd, end not passed) in the actor's scope, soonest end first."""
        return self._case_list(actor, "active", Action.READ_CASE, search=search, sort=sort, offset=offset, limit=limit)

    def imposed_cases(self, actor: Actor, *, search: str = "", sort: str | None = None, offset: int = 0,
                      limit: int | None = None) -> CaseList:
        """Cases with an imposed order (running or ended): events and appeals attach here. Running orders first
        (soonest end), then the ended ones newest first."""
        return self._case_list(actor, "imposed", Action.READ_CASE, search=search, sort=sort, offset=offset,
                               limit=limit)

    def archive(self, actor: Actor, *, search: str = "", sort: str | None = None, offset: int = 0,
                limit: int | None = None) -> CaseList:
        """Ended cases and ``geen_huisverbod`` RiHGs in scope, each with ``ended_at``, ``retention_until`` (art. 10
        Wth; settings ``bewaartermijn_jaren`` / ``bewaartermijn_rihg_jaren``) and ``legal_hold`` (pending appeal,
        R06); earliest retention date first."""
        return self._case_list(actor, "archive", Action.READ_CASE, search=search, sort=sort, offset=offset,
                               limit=limit)

    def retention_candidates(self, actor: Actor, *, search: str = "", sort: str | None = None, offset: int = 0,
                             limit: int | None = None) -> CaseList:
        """Dry run: cases in the actor's municipality past their retention date (art. 10 Wth), each with
        ``legal_hold`` (pending appeal: never destroyed, R06).

        Raises:
            NotAuthorized: not the gemeente.
        """
        require_action(actor, Action.READ_CASE)
        if actor.role != Role.GEMEENTE:
            raise NotAuthorized("Alleen de gemeente voert de bewaartermijn uit.")
        return self._case_list(actor, "retention", Action.READ_CASE, search=search, sort=sort, offset=offset,
                               limit=limit)

    def correctable_cases(self, actor: Actor, *, search: str = "", sort: str | None = None, offset: int = 0,
                          limit: int | None = None) -> CaseList:
        """Cases whose signed beschikking oplegging the actor may correct today (own municipality; a loco only with
        a substitution record valid today), newest decision first.

        Raises:
            NotAuthorized: the role may not take herstelbesluiten (only burgemeester / loco).
        """
        require_action(actor, Action.CORRECT_DECISION)
        if not actor.municipality_code:      # no municipality: nothing in scope (never "no filter")
            return CaseList()
        return self._case_list(actor, "correctable", Action.CORRECT_DECISION, search=search,
                               sort="nieuw" if sort is None else sort, offset=offset, limit=limit)
