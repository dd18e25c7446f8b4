"""Drafts of forms left half-way: what a user typed comes back on the same form after a closed tab, an expired
session or another page (issue 7, Reliability: "nothing entered is ever lost"). Implements no article (AVG: 14 days).

A draft belongs to one user and one form key (``melding``, ``gebeurtenis:HV-2026-00012``, …); nobody else reads it.
Drafts hold personal data, so they are kept :data:`DRAFT_DAYS` days at most.
"""
from __future__ import annotations

import json
import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from procedure.domain.errors import ValidationError
from procedure.domain.roles import Actor, require_actor
from procedure.services.context import Service
from store import drafts_repo

DRAFT_DAYS = 14
MAX_DRAFT_CHARS = 400_000          # a beschikking-size text (60,000) several times over
MAX_FIELDS = 400
_FORM_KEY = re.compile(r"^[a-z_]{1,40}(:[A-Za-z0-9_-]{1,60})?$")
_TAGS = {"$date": date.fromisoformat, "$time": time.fromisoformat, "$datetime": datetime.fromisoformat,
         "$decimal": Decimal}


def _clean_text(s: str) -> str:
    # Lone surrogates can't be stored or sent to the browser as UTF-8; keep the rest of the text.
    return s.encode("utf-8", "replace").decode("utf-8")


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > 2 ** 53:
            raise TypeError
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError
        return value
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError
        return {"$decimal": str(value)}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    raise TypeError


def _decode(obj: dict) -> Any:
    if len(obj) == 1:
        (tag, raw), = obj.items()
        if tag in _TAGS and isinstance(raw, str):
            return _TAGS[tag](raw)
    return obj


class FormDrafts(Service):
    """Each user's own drafts of forms."""

    def _draft_args(self, actor: Actor, form_key: Any) -> str:
        require_actor(actor, "U bent niet (meer) ingelogd. Log opnieuw in; uw concept blijft bewaard.")
        if not isinstance(form_key, str) or not _FORM_KEY.match(form_key):
            raise ValidationError("Onbekend formulier voor een concept.", field="form_key")
        return form_key

    def save_form_draft(self, actor: Actor, form_key: str, values: dict[str, Any]) -> datetime:
        """Keep what the user typed in a form, replacing the earlier draft of that form.

        Args:
            form_key: ``name`` or ``name:case-id`` (lower-case name, e.g. ``melding``).
            values: widget key -> value: text, bool, number, date, time, aware datetime, Decimal, None
                or a list of these. Lone surrogates in text become U+FFFD.

        Returns:
            the moment it was saved (aware UTC).

        Raises:
            NotAuthorized: no logged-in actor.
            ValidationError: unknown form key; a value of another type; more than :data:`MAX_FIELDS`
                fields or :data:`MAX_DRAFT_CHARS` characters.
        """
        form_key = self._draft_args(actor, form_key)
        if not isinstance(values, dict) or not all(isinstance(k, str) and 0 < len(k) <= 100 for k in values):
            raise ValidationError("Het concept kan niet worden bewaard: de velden zijn niet goed doorgegeven.")
        if len(values) > MAX_FIELDS:
            raise ValidationError(f"Het concept heeft te veel velden (maximaal {MAX_FIELDS}).")
        try:
            body = json.dumps({_clean_text(k): _encode(v) for k, v in values.items()}, sort_keys=True)
        except (TypeError, ValueError):
            raise ValidationError("Het concept bevat een waarde die niet kan worden bewaard.") from None
        if len(body) > MAX_DRAFT_CHARS:
            raise ValidationError("Het concept is te groot om te bewaren; verkort de tekst of sla het formulier op.")
        now = self.ctx.now()
        drafts_repo.upsert(self.db, actor.username, form_key, body, now)
        return now

    def form_draft(self, actor: Actor, form_key: str) -> dict[str, Any] | None:
        """This user's draft of a form: ``{"values": {...}, "saved_at": aware UTC}``, or None.

        A draft older than :data:`DRAFT_DAYS` days is removed and not returned.

        Raises:
            NotAuthorized, ValidationError: as :meth:`save_form_draft`.
        """
        form_key = self._draft_args(actor, form_key)
        row = drafts_repo.get(self.db, actor.username, form_key)
        if row is None:
            return None
        if row["saved_at"] < self.ctx.now() - timedelta(days=DRAFT_DAYS):
            drafts_repo.delete_older_than(self.db, self.ctx.now() - timedelta(days=DRAFT_DAYS))
            return None
        try:
            values = json.loads(row["body"], object_hook=_decode)
        except ValueError:
            return None
        return {"values": values, "saved_at": row["saved_at"]}

    def discard_form_draft(self, actor: Actor, form_key: str) -> None:
        """Remove this user's draft of a form (after submitting it, or "Concept weggooien")."""
        form_key = self._draft_args(actor, form_key)
        drafts_repo.delete(self.db, actor.username, form_key)

    def my_form_drafts(self, actor: Actor) -> list[dict[str, Any]]:
        """This user's open drafts (``form_key``, ``saved_at``), newest first."""
        require_actor(actor)
        cutoff = self.ctx.now() - timedelta(days=DRAFT_DAYS)
        return [r for r in drafts_repo.list_for_user(self.db, actor.username) if r["saved_at"] >= cutoff]
