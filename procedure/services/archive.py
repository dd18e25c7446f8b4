"""Archive and retention: an ended case is archived, and after the retention period its personal data and documents
are destroyed, leaving one anonymous row. Implements art. 10 Wth (five years; a pending appeal keeps the case, R06).
"""
from __future__ import annotations

from procedure.domain.errors import NotAuthorized, RuleViolation, ValidationError
from procedure.domain.roles import Actor, Role
from procedure.domain.states import CaseState, effective_state
from procedure.services.context import Service, ServiceContext
from procedure.services.lists import CaseLists
from store import analytics, repo, sqlbox


class Archive(Service):
    """The gemeente's archive: archiving ended cases and the retention run."""

    def __init__(self, ctx: ServiceContext, lists: CaseLists):
        super().__init__(ctx)
        self.lists = lists

    def archive_case(self, actor: Actor, case_id: str, version: int) -> int:
        """end state -> gearchiveerd (gemeente, art. 10 Wth). Documents stay until the retention run.

        Raises:
            NotAuthorized: not the gemeente of this municipality.
            RuleViolation: the case has not ended.
        """
        case = self.ctx.case_in_scope(actor, case_id)
        if actor.role != Role.GEMEENTE:
            raise NotAuthorized("Alleen de gemeente archiveert zaken.")
        now = self.ctx.now()
        s = effective_state(CaseState(case["state"]), case["end_at"], now)
        if s not in (CaseState.VERLOPEN, CaseState.INGETROKKEN, CaseState.VERNIETIGD, CaseState.GEEN_HUISVERBOD):
            raise RuleViolation("Alleen afgelopen zaken kunnen worden gearchiveerd.")
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, {"state": CaseState.GEARCHIVEERD.value, "archived_at": now,
                                                          "archived_by": actor.username}, actor.username, now)
            self.ctx.audit(cur, actor, "gearchiveerd", case_id, s.value, CaseState.GEARCHIVEERD.value, at=now)
        return nv

    def run_retention(self, actor: Actor, case_ids: list[str]) -> dict[str, list[str]]:
        """Destroy the listed candidates: remove personal data and documents, keep an anonymous
        statistics row, one audit row per case (art. 10 Wth). Cases under legal hold (R06), and ids that are
        not candidates now, are skipped. All chosen cases go in one transaction, a fixed number of statements
        however many there are; the SQL box's anonymous copy and the explorer's analytics copy (PostgreSQL,
        store/analytics.py) are rebuilt right after.

        Returns:
            ``{"destroyed": [...], "skipped": [...]}``.

        Raises:
            NotAuthorized: not the gemeente. ValidationError: ``case_ids`` is not a list of case numbers.
        """
        candidates = {r["id"]: r for r in self.lists.retention_candidates(actor)}
        if not isinstance(case_ids, (list, tuple)) or not all(isinstance(c, str) for c in case_ids):
            raise ValidationError("Kies de zaken die vernietigd moeten worden.", field="case_ids")
        now = self.ctx.now()
        done, skipped = [], []
        for cid in dict.fromkeys(case_ids):
            r = candidates.get(cid)
            if r is None or r["legal_hold"]:
                skipped.append(cid)
            else:
                done.append(cid)
        if done:
            with self.db.transaction() as cur:
                repo.destroy_cases(cur, {cid: candidates[cid]["effective_state"].value for cid in done}, now=now,
                                   username=actor.username, role=actor.role.value)
            sqlbox.refresh_if_present(self.db)     # the SQL box's anonymous copy follows at once
            analytics.refresh_now(self.db)         # and so does the explorer's analytics copy (PostgreSQL)
        return {"destroyed": done, "skipped": skipped}
