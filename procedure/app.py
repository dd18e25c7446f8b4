"""The one object the pages get: it composes the services over one shared context (has-a, not mixins) and is the
only place that knows them all. Implements no article itself; each service names its own.

A request: page -> ``app.<service>.<method>(actor, …)`` (checks role, area and the Wth rules; raises a
:class:`~procedure.domain.errors.DomainError` with a Dutch message) -> ``store/`` (parameterised SQL in one
transaction) -> an audit row in the same transaction. Where to add a new capability: a module in
``procedure/services/`` with one class over the :class:`ServiceContext`, built here and listed in :data:`WthApp.SERVICES`
(the authorization matrix test then asks for its rules, tools/roles_matrix.py).
"""
from __future__ import annotations

from datetime import datetime

from procedure.services.aftercare import Aftercare
from procedure.services.appeals import Appeals
from procedure.services.archive import Archive
from procedure.services.assessment import RiskAssessment
from procedure.services.audit_viewer import AuditViewer
from procedure.services.case_file import CaseFile
from procedure.services.context import Clock, ServiceContext, SignerConfig, utc_now
from procedure.services.correction import Correction
from procedure.services.costs import Costs
from procedure.services.decision import Decision
from procedure.services.documents import Documents
from procedure.services.extension_withdrawal import ExtensionWithdrawal
from procedure.services.form_drafts import FormDrafts
from procedure.services.intake import Intake
from procedure.services.lists import CaseLists
from procedure.services.mail_worker import MailWorker
from procedure.services.notices import Notices
from procedure.services.notifications import Notifications
from procedure.services.service_of_order import ServiceOfOrder
from procedure.services.signatures import Signatures
from procedure.services.sql_box import SqlBox
from procedure.services.statistics import Statistics
from procedure.services.users import Users
from procedure.services.work_queue import WorkQueue
from store.db import Database

__all__ = ["SignerConfig", "WthApp"]


class WthApp:
    """All services of one installation. One instance per process (or per session) is fine: it holds no
    per-user state.

    Args:
        db: the opened :class:`store.db.Database`.
        clock: returns the current aware UTC moment (tests inject a fixed clock).
        signers: production signer certificates by username (secrets); others use the stored certificate.
        demo_mode: demo certificates may be issued (issue 7).
    """

    #: the services, by the attribute a page uses, in the order of the procedure
    SERVICES: dict[str, type] = {
        "intake": Intake,
        "case_file": CaseFile,
        "work_queue": WorkQueue,
        "lists": CaseLists,
        "assessment": RiskAssessment,
        "decision": Decision,
        "service_of_order": ServiceOfOrder,
        "aftercare": Aftercare,
        "extension_withdrawal": ExtensionWithdrawal,
        "correction": Correction,
        "appeals": Appeals,
        "archive": Archive,
        "documents": Documents,
        "form_drafts": FormDrafts,
        "costs": Costs,
        "statistics": Statistics,
        "sql_box": SqlBox,
        "users": Users,
        "audit_viewer": AuditViewer,
        "notifications": Notifications,
        "notices": Notices,
        "mail_worker": MailWorker,
    }

    def __init__(self, db: Database, clock: Clock = utc_now, signers: dict[str, SignerConfig] | None = None,
                 demo_mode: bool = False):
        self.context = ctx = ServiceContext(db, clock, dict(signers or {}), demo_mode)
        signatures = Signatures(ctx)
        self.notifications = Notifications(ctx)
        self.notices = Notices(ctx, self.notifications)
        self.intake = Intake(ctx)
        self.lists = CaseLists(ctx)
        self.aftercare = Aftercare(ctx)
        self.case_file = CaseFile(ctx, self.aftercare, signatures)
        self.work_queue = WorkQueue(ctx, self.aftercare, self.notices)
        self.assessment = RiskAssessment(ctx)
        self.decision = Decision(ctx, signatures, self.notifications)
        self.service_of_order = ServiceOfOrder(ctx, signatures, self.notices)
        self.extension_withdrawal = ExtensionWithdrawal(ctx, signatures, self.aftercare, self.notices)
        self.correction = Correction(ctx, signatures)
        self.appeals = Appeals(ctx, self.notices)
        self.archive = Archive(ctx, self.lists)
        self.documents = Documents(ctx, self.decision, self.assessment)
        self.form_drafts = FormDrafts(ctx)
        self.costs = Costs(ctx)
        self.statistics = Statistics(ctx)
        self.sql_box = SqlBox(ctx)
        self.users = Users(ctx)
        self.audit_viewer = AuditViewer(ctx)
        self.mail_worker = MailWorker(ctx, self.notifications, self.notices, self.work_queue)

    def services(self) -> dict[str, object]:
        """Every service of this app by name (for the authorization matrix and the fuzz tests)."""
        return {name: getattr(self, name) for name in self.SERVICES}

    # -- the shared context, for pages (defaults of date fields) and tests (a clock they move) ------------------------
    @property
    def db(self) -> Database:
        return self.context.db

    @property
    def clock(self) -> Clock:
        return self.context.clock

    @property
    def demo_mode(self) -> bool:
        return self.context.demo_mode

    @demo_mode.setter
    def demo_mode(self, value: bool) -> None:
        self.context.demo_mode = bool(value)

    def now(self) -> datetime:
        """The current moment from the app's clock (aware UTC)."""
        return self.context.now()
