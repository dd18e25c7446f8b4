"""Notifications that leave the app by e-mail (issue 15): each user's choices, the outbox written in the transaction
of the change, and the worker that delivers it over SMTP with retries. Implements no article itself; it serves
art. 2 lid 8 and art. 9 Wth (partners and the burgemeester act in time).

Settings (table ``setting``): ``smtp_host`` (off when empty), ``smtp_port`` (default 25), ``smtp_tls``
(geen | starttls | ssl), ``smtp_afzender`` (the From address), ``app_url`` (the link in a mail). In demo mode
without ``smtp_host`` the mails go to a local sink (files in ``var/demo-mail``). A mail server that is down loses
nothing: the row stays in the outbox with its error and the next attempt, visible to the beheerder.
"""
from __future__ import annotations

import smtplib
import ssl
import threading
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, Callable

from procedure.domain.errors import ValidationError
from procedure.domain.notifications import TLS_MODES, TOPICS, compose, next_attempt
from procedure.domain.roles import Action, Actor, require_action, require_actor
from procedure.services.context import Service
from store import notify_repo
from store.repo import Cursor

#: how long a claimed mail is held by the server sending it (a server that dies mid-send frees it after this)
CLAIM_MINUTES = 10

#: where the demo's mail sink writes (one .eml file per mail)
DEMO_SINK = Path("var/demo-mail")


@dataclass(frozen=True)
class SmtpConfig:
    """The SMTP server: host, port, ``tls`` (one of TLS_MODES), ``sender`` address, connect timeout in seconds."""

    host: str
    port: int
    tls: str
    sender: str
    timeout: float = 10.0


class Notifications(Service):
    """E-mail notifications: choices, outbox and delivery."""

    _send_lock = threading.Lock()     # one delivery round at a time per process: a mail is never sent twice at once

    # -- each user's choices -----------------------------------------------------------------------------------------
    def preferences(self, actor: Actor) -> dict[str, bool]:
        """This user's choice per topic (topic -> on/off; every topic is on until turned off)."""
        require_actor(actor)
        chosen = notify_repo.prefs(self.db, actor.username)
        return {t: chosen.get(t, True) for t in TOPICS}

    def set_preference(self, actor: Actor, topic: str, enabled: bool) -> None:
        """Turn one topic on or off for this user.

        Raises:
            ValidationError: unknown topic or a value that is not ja/nee.
        """
        require_actor(actor)
        if not isinstance(topic, str) or topic not in TOPICS:
            raise ValidationError("Onbekend soort melding.", field="topic")
        if not isinstance(enabled, bool):
            raise ValidationError("Kies aan of uit.", field="enabled")
        with self.db.transaction() as cur:
            notify_repo.set_pref(cur, actor.username, topic, enabled)
            self.ctx.audit(cur, actor, "meldingen_gekozen", detail=f"{topic}={'aan' if enabled else 'uit'}")

    # -- the outbox ---------------------------------------------------------------------------------------------------
    def queue(self, cur: Cursor, topic: str, *, roles: list[str], case: dict[str, Any], what: str, key: str,
              usernames: list[str] | None = None) -> int:
        """Write a mail per user of ``roles`` in the case's area (or the named ``usernames``) who wants ``topic``,
        in the caller's transaction. ``key`` makes it idempotent: the same key for the same user is written once.

        Returns:
            the number of mails written now.
        """
        users = notify_repo.users_for(cur, roles, case["municipality_code"], case.get("subregion") or "")
        if usernames is not None:
            users = [u for u in users if u["username"] in usernames]
        link = f"{(self._setting('app_url') or 'http://localhost:8501').rstrip('/')}/zaak?zaak={case['id']}"
        subject, body = compose(topic, case_id=case["id"], municipality=case["municipality_name"], what=what,
                                link=link)
        n = 0
        now = self.ctx.now()
        for u in users:
            if notify_repo.pref(cur, u["username"], topic) is False or not u["email"]:
                continue
            n += notify_repo.enqueue(cur, {
                "dedup_key": f"{topic}:{key}:{u['username']}", "recipient_username": u["username"],
                "recipient_email": u["email"], "topic": topic, "case_id": case["id"], "subject": subject,
                "body": body, "created_at": now, "message_id": make_msgid(domain="wth.local")})
        return n

    def outbox(self, actor: Actor, *, pending_only: bool = False) -> dict[str, Any]:
        """For the beheerder: the outbox rows (all of them; the page pages them) and the true counts
        (``total``, ``sent``, ``pending``, ``failing``).

        Raises:
            NotAuthorized: not the beheerder.
        """
        require_action(actor, Action.MANAGE_USERS)
        return {"rows": notify_repo.outbox_rows(self.db, pending_only=pending_only),
                "counts": notify_repo.outbox_counts(self.db)}

    # -- delivery -------------------------------------------------------------------------------------------------------
    def smtp_config(self) -> SmtpConfig | None:
        """The configured SMTP server, or None when mail is off (no ``smtp_host``)."""
        host = (self._setting("smtp_host") or "").strip()
        if not host:
            return None
        tls = self._setting("smtp_tls") or "geen"
        return SmtpConfig(host=host, port=self.ctx.setting_int("smtp_port", 25),
                          tls=tls if tls in TLS_MODES else "geen",
                          sender=self._setting("smtp_afzender") or "huisverbod@localhost")

    def deliver_due(self, send: Callable[[EmailMessage], None] | None = None) -> dict[str, int]:
        """One worker round: try every due mail once. A success marks the row sent; a failure stores the error and
        the next attempt (RETRY_MINUTES, then hourly — never dropped).

        Args:
            send: the transport (tests and the demo sink); default: SMTP from :meth:`smtp_config`, or the demo
                sink in demo mode, or nothing (mail off: rows wait).

        Returns:
            ``{"sent": n, "failed": n, "waiting": n}`` for this round.
        """
        if send is None:
            cfg = self.smtp_config()
            if cfg is not None:
                send = lambda msg: smtp_send(cfg, msg)          # noqa: E731
            elif self.ctx.demo_mode:
                send = sink_send
            else:
                return {"sent": 0, "failed": 0, "waiting": notify_repo.outbox_counts(self.db)["pending"]}
        sender = (self._setting("smtp_afzender") or "huisverbod@localhost")
        sent = failed = 0
        with self._send_lock:
            for m in notify_repo.due_mails(self.db, self.ctx.now()):
                # several app servers share the outbox (issue 16): only the one that claims a mail sends it
                with self.db.transaction() as cur:
                    if not notify_repo.claim(cur, m["id"], m["next_attempt_at"],
                                             self.ctx.now() + timedelta(minutes=CLAIM_MINUTES)):
                        continue
                msg = EmailMessage()
                msg["From"], msg["To"], msg["Subject"] = sender, m["recipient_email"], m["subject"]
                msg["Message-ID"] = m["message_id"]        # the same on a retry: a receiver can drop a duplicate
                msg["Date"] = format_datetime(m["created_at"])
                msg.set_content(m["body"])
                try:
                    send(msg)
                except (OSError, smtplib.SMTPException) as exc:
                    failed += 1
                    with self.db.transaction() as cur:
                        notify_repo.mark_failed(cur, m["id"], _error_text(exc),
                                                next_attempt(self.ctx.now(), m["attempts"] + 1))
                    continue
                sent += 1
                with self.db.transaction() as cur:
                    notify_repo.mark_sent(cur, m["id"], self.ctx.now())
        return {"sent": sent, "failed": failed, "waiting": notify_repo.outbox_counts(self.db)["pending"]}

    def _setting(self, key: str) -> str | None:
        """A text setting (helper)."""
        return self.ctx.setting_text(key)


def _error_text(exc: BaseException) -> str:
    """What the beheerder sees of a failed attempt: the kind of failure and the server's answer, no stack."""
    if isinstance(exc, smtplib.SMTPResponseException):
        msg = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"server weigert ({exc.smtp_code}): {msg}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = ", ".join(str(c) for c, _ in exc.recipients.values())
        return f"server weigert de ontvanger ({codes})"
    if isinstance(exc, (ConnectionRefusedError, TimeoutError, smtplib.SMTPServerDisconnected)):
        return f"mailserver niet bereikbaar ({type(exc).__name__})"
    return f"{type(exc).__name__}: {exc}"[:300]


def smtp_send(cfg: SmtpConfig, msg: EmailMessage) -> None:
    """Send one message over SMTP (plain, STARTTLS or TLS). Raises OSError / smtplib.SMTPException on failure."""
    if cfg.tls == "ssl":
        with smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=ssl.create_default_context()) as s:
            s.send_message(msg)
        return
    with smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout) as s:
        if cfg.tls == "starttls":
            s.starttls(context=ssl.create_default_context())
        s.send_message(msg)


def sink_send(msg: EmailMessage, folder: Path = DEMO_SINK) -> None:
    """The demo's local mail sink: one .eml file per message, named after its Message-ID (a resend overwrites it)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = "".join(ch for ch in msg["Message-ID"] if ch.isalnum() or ch in "-_.") + ".eml"
    (folder / name).write_bytes(bytes(msg))
