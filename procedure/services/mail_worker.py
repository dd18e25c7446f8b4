"""The background worker of the notifications (issue 15): it tells of orders that ended by themselves, writes a mail
for every task that went over its term (for users who want that), and delivers the outbox. Implements no article
itself; it serves art. 2 lid 8 and art. 9 Wth (partners and the burgemeester act in time).

One round is :meth:`MailWorker.run_once`; :meth:`MailWorker.start` runs rounds in a daemon thread of the app process
(DuckDB allows one process per file, so the worker lives in the app; with PostgreSQL it can run apart).
"""
from __future__ import annotations

import logging
import threading

from procedure.domain.roles import Action, may
from procedure.services.accounts import actor_for
from procedure.services.context import Service, ServiceContext
from procedure.services.notices import Notices
from procedure.services.notifications import Notifications
from procedure.services.work_queue import WorkQueue
from store import notify_repo, repo

log = logging.getLogger(__name__)


class MailWorker(Service):
    """Natural ends, overdue-task mails and delivery, in rounds."""

    def __init__(self, ctx: ServiceContext, notifications: Notifications, notices: Notices, work_queue: WorkQueue):
        super().__init__(ctx)
        self.notifications = notifications
        self.notices = notices
        self.work_queue = work_queue
        self._stop = threading.Event()

    def queue_overdue(self) -> int:
        """A mail (topic ``taak_te_laat``) per overdue task of every active user who wants it; once per task and
        deadline (idempotent). Returns the number of mails written now."""
        n = 0
        for u in repo.list_users(self.db):
            if not u["active"] or not u["email"]:
                continue
            actor = actor_for(self.db, u["username"])
            if actor is None or not may(actor, Action.READ_CASE):
                continue
            for t in self.work_queue.work_queue(actor):
                if not t["overdue"]:
                    continue
                case = repo.get_case(self.db, t["case_id"])
                with self.db.transaction() as cur:
                    n += self.notifications.queue(
                        cur, "taak_te_laat", roles=[actor.role.value], case=case, usernames=[actor.username],
                        what=f"Taak over de termijn: {t['task']}",
                        key=f"{t['case_id']}:{t['task']}:{t['deadline'].isoformat()}")
        return n

    def run_once(self) -> dict[str, int]:
        """One round: natural ends, overdue mails, delivery. Returns the counts of each step."""
        ended = self.notices.record_natural_ends()
        overdue = self.queue_overdue()
        delivered = self.notifications.deliver_due()
        return {"ended": ended, "overdue": overdue, **delivered}

    def start(self, interval_seconds: float = 60.0) -> threading.Thread:
        """Run rounds every ``interval_seconds`` in a daemon thread until :meth:`stop`. A failing round is logged
        (the outbox keeps what was not sent) and the next round runs anyway."""
        def loop():
            while not self._stop.wait(interval_seconds):
                if getattr(self.db, "closed", False):          # its database was closed: nothing left to do
                    return
                try:
                    self.run_once()
                except Exception:                           # noqa: BLE001 — a worker round must never end the loop
                    log.exception("mail worker round failed; outbox kept (%s)", notify_repo.__name__)
        t = threading.Thread(target=loop, name="wth-mail-worker", daemon=True)
        self._thread = t
        t.start()
        return t

    def running(self) -> bool:
        """Whether the background thread is still alive (a stopped worker ends after its current round)."""
        t = getattr(self, "_thread", None)
        return t is not None and t.is_alive()

    def stop(self, wait_seconds: float = 0) -> None:
        """Ask the loop to end; with ``wait_seconds`` wait (at most that long) until a round in progress is done."""
        self._stop.set()
        t = getattr(self, "_thread", None)
        if wait_seconds and t is not None and t is not threading.current_thread():
            t.join(wait_seconds)
