"""What every service shares: the database, the clock, the signers' certificates, the audit writer and the check
that a case is within the user's area. Implements the scope of art. 2 and 3 Wth (own municipality / sub-region).

Not a service itself (it takes no decisions): each service gets the one context of the app and keeps it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from procedure.domain.deadlines import AMS
from procedure.domain.errors import NotAuthorized, NotFound
from procedure.domain.roles import MUNICIPAL_ROLES, SUBREGIONAL_ROLES, Action, Actor, Role, in_scope, require_action
from store import case_lists, repo
from store.db import Database

Clock = Callable[[], datetime]
#: a read of personal data is audited once per user, case and item per this interval (Streamlit re-runs a page on
#: every click; design.md, Audit)
VIEW_AUDIT_INTERVAL = timedelta(minutes=15)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class SignerConfig:
    """A production signer: PKCS#12 file and passphrase from secrets (README, Configuration)."""

    p12_path: str
    passphrase: str


@dataclass
class ServiceContext:
    """The shared context of all services of one app.

    Attributes:
        db: the opened :class:`store.db.Database`.
        clock: returns the current aware UTC moment (tests inject a fixed clock).
        signers: production signer certificates by username; others use the stored certificate.
        demo_mode: demo certificates may be issued (issue 7); set from the installation's settings.
    """

    db: Database
    clock: Clock = utc_now
    signers: dict[str, SignerConfig] = field(default_factory=dict)
    demo_mode: bool = False

    def now(self) -> datetime:
        """The current moment from the injected clock (aware; a naive clock is a programming error)."""
        n = self.clock()
        if n.tzinfo is None:
            raise ValueError("clock must return an aware datetime")
        return n

    # -- the user's area ---------------------------------------------------------------------------------------------
    def case_in_scope(self, actor: Actor, case_id: str, action: Action = Action.READ_CASE) -> dict[str, Any]:
        """The case row, if the actor's role may take ``action`` and the case lies in the actor's area.

        Raises:
            NotAuthorized: the role may not take ``action``.
            NotFound: no such case, or outside the area (the same message: no hint that the case exists).
        """
        require_action(actor, action)
        # a non-text id (a list, a number from a crafted request) can't name a case: DuckDB would raise
        case = repo.get_case(self.db, case_id) if isinstance(case_id, str) else None
        if case is None or not in_scope(actor, case["municipality_code"], case["subregion"]):
            raise NotFound(f"Zaak {case_id} is niet gevonden of valt buiten uw werkgebied.")
        return case

    def may_read(self, actor: Actor, case_id: str) -> bool:
        """Whether the actor may read this case (no exception, no audit)."""
        try:
            self.case_in_scope(actor, case_id)
        except (NotAuthorized, NotFound):
            return False
        return True

    def scope(self, actor: Actor) -> case_lists.Scope:
        """The actor's area as the list queries filter it; a role without an area gets nothing (never "no filter")."""
        if actor.role in MUNICIPAL_ROLES:
            return case_lists.Scope(municipality_code=actor.municipality_code or "-")
        if actor.role in SUBREGIONAL_ROLES:
            return case_lists.Scope(subregion=actor.subregion or "-")
        return case_lists.Scope()

    def list_signer(self, actor: Actor) -> case_lists.Signer:
        """Who signs today, as the list queries check it (the same records as :meth:`Signatures.basis`)."""
        today = self.now().astimezone(AMS).date()
        kind = {Role.BURGEMEESTER: None, Role.LOCO_BURGEMEESTER: "vervanging"}.get(actor.role, "mandaat")
        return case_lists.Signer(actor.username, kind, today)

    # -- the audit writer --------------------------------------------------------------------------------------------
    def audit(self, cur, actor: Actor, action: str, case_id: str | None = None, old_state: str | None = None,
              new_state: str | None = None, detail: str | None = None, at: datetime | None = None) -> None:
        """One audit row in the caller's transaction (who, role, when, what, case, old -> new state)."""
        repo.audit(cur, at=at or self.now(), username=actor.username, role=actor.role.value, action=action,
                   case_id=case_id, old_state=old_state, new_state=new_state, detail=detail)

    def audit_view(self, actor: Actor, case_id: str, action: str, detail: str | None = None) -> None:
        """Audit a read of personal data: one row per user, case and item per :data:`VIEW_AUDIT_INTERVAL`."""
        now = self.now()
        last = repo.last_view(self.db, case_id, actor.username, action, detail)
        if last is None or now - last > VIEW_AUDIT_INTERVAL:
            with self.db.transaction() as cur:
                self.audit(cur, actor, action, case_id, at=now, detail=detail)

    # -- settings and names ------------------------------------------------------------------------------------------
    def setting_int(self, key: str, default: int) -> int:
        """A whole-number setting from the ``setting`` table; ``default`` when missing or not a number."""
        raw = repo.get_setting(self.db, key)
        try:
            return int(raw) if raw is not None else default
        except ValueError:
            return default

    def setting_text(self, key: str) -> str | None:
        """A text setting from the ``setting`` table (None when missing)."""
        return repo.get_setting(self.db, key)

    def user_name(self, username: str | None) -> str:
        """A user's display name (the user name itself when unknown)."""
        u = repo.get_user(self.db, username) if username else None
        return u["name"] if u else (username or "")


class Service:
    """A capability of the app over its shared context: ``self.ctx`` (clock, audit writer, area check) and
    ``self.db``. Subclasses that use another service take it in their constructor (has-a)."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx
        self.db = ctx.db
