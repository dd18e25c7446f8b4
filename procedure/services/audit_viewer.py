"""The beheerder's view of the audit log: filter, read and export who did what when, without what cases are about.
Implements art. 10 Wth's accountability and the AVG's purpose limit (design.md, Audit: viewing is itself audited).
"""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from procedure.domain import validation as v
from procedure.domain.audit import action_label
from procedure.domain.deadlines import AMS
from procedure.domain.errors import ValidationError
from procedure.domain.lists import CaseList
from procedure.domain.roles import Action, Actor, require_action
from procedure.services.context import Service
from store import admin_repo

#: viewing the log is audited once per this interval
AUDIT_VIEW_INTERVAL = timedelta(minutes=15)
#: the most rows one export holds; a filter that matches more is refused (never a silently shortened file)
EXPORT_MAX_ROWS = 20000
EXPORT_COLUMNS = [("id", "Nr"), ("occurred_at_local", "Tijdstip (Nederlandse tijd)"), ("occurred_at", "Tijdstip (UTC)"),
                  ("username", "Gebruiker"), ("role", "Rol"),
                  ("action", "Handeling"), ("action_label", "Omschrijving"), ("case_id", "Zaak"),
                  ("old_state", "Oude status"), ("new_state", "Nieuwe status"), ("detail", "Toelichting")]


class AuditViewer(Service):
    """Reading and exporting the audit log (Action.VIEW_AUDIT)."""

    def audit_actions(self, actor: Actor) -> dict[str, str]:
        """The actions present in the log, value -> Dutch label (for the filter)."""
        require_action(actor, Action.VIEW_AUDIT)
        return {a: action_label(a) for a in admin_repo.audit_actions(self.db)}

    def audit_log(self, actor: Actor, *, username: str = "", action: str = "", case_id: str = "", role: str = "",
                  date_from: date | None = None, date_to: date | None = None, limit: int = 2000) -> CaseList:
        """Audit rows, newest first, filtered (dates are Europe/Amsterdam days, inclusive), at most ``limit``, as a
        :class:`CaseList` whose ``total`` is the true number of matching rows (no list without its total).

        Free text in ``detail`` of rows about a case is left out: the beheerder sees who did what to
        which case, not what the case is about. Viewing is itself audited (once per 15 minutes).

        Raises:
            ValidationError: the end date lies before the start date.
        """
        require_action(actor, Action.VIEW_AUDIT)
        if not all(isinstance(x, str) or x is None for x in (username, action, case_id, role)) or not all(
                x is None or isinstance(x, date) for x in (date_from, date_to)):
            raise ValidationError("Een filter is niet goed ingevuld.")
        limit = v.integer(limit, "limit", "Aantal regels", -10 ** 9, 10 ** 9)
        if date_from and date_to and date_to < date_from:
            raise ValidationError("De einddatum ligt vóór de begindatum.", field="date_to")
        since = datetime.combine(date_from, time(0, 0), AMS) if date_from else None
        until = datetime.combine(date_to + timedelta(days=1), time(0, 0), AMS) if date_to else None
        rows, total = admin_repo.audit_rows(self.db, username=(username or "").strip().lower() or None,
                                            action=action or None,
                                            case_id=(case_id or "").strip().upper() or None, role=role or None,
                                            since=since, until=until, limit=max(1, min(int(limit), 20000)))
        for r in rows:
            r["action_label"] = action_label(r["action"])
            if r["case_id"]:
                r["detail"] = None
        now = self.ctx.now()
        last = admin_repo.last_audit_at(self.db, actor.username, "auditlog_ingezien")
        if last is None or now - last > AUDIT_VIEW_INTERVAL:
            with self.db.transaction() as cur:
                self.ctx.audit(cur, actor, "auditlog_ingezien")
        return CaseList(rows, total=total, limit=int(limit))

    def audit_export(self, actor: Actor, fmt: str, **filters) -> tuple[str, bytes, str]:
        """The filtered audit log as CSV (UTF-8 with BOM, ``;``-separated for Dutch Excel) or XLSX.

        Returns:
            (file name, bytes, MIME type). The export is audited with its filters and row count.

        Raises:
            ValidationError: unknown format.
        """
        require_action(actor, Action.VIEW_AUDIT)
        if fmt not in ("csv", "xlsx"):
            raise ValidationError("Kies CSV of Excel.", field="format")
        filters.pop("limit", None)
        rows = self.audit_log(actor, limit=EXPORT_MAX_ROWS, **filters)
        if rows.total > len(rows):
            raise ValidationError(f"Dit filter geeft {rows.total} regels; een export bevat er hoogstens "
                                  f"{EXPORT_MAX_ROWS}. Kies een kortere periode of een smaller filter.")
        for r in rows:     # the screen shows Dutch time: so does the export, beside UTC (summer and winter time)
            r["occurred_at_local"] = r["occurred_at"].astimezone(AMS).replace(tzinfo=None)
        now = self.ctx.now()
        stamp = now.astimezone(AMS).strftime("%Y%m%d-%H%M")
        header = [label for _, label in EXPORT_COLUMNS]
        table = [[_cell(r.get(k)) for k, _ in EXPORT_COLUMNS] for r in rows]
        if fmt == "csv":
            buf = io.StringIO()
            w = csv.writer(buf, delimiter=";")
            w.writerow(header)
            w.writerows(table)
            data = ("\ufeff" + buf.getvalue()).encode("utf-8")
            name, mime = f"auditlog-{stamp}.csv", "text/csv"
        else:
            from openpyxl import Workbook

            wb = Workbook()
            ws = wb.active
            ws.title = "Auditlog"
            ws.append(header)
            for row in table:
                ws.append(row)
            ws.freeze_panes = "A2"
            out = io.BytesIO()
            wb.save(out)
            data = out.getvalue()
            name, mime = f"auditlog-{stamp}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        used = ", ".join(f"{k}={v}" for k, v in sorted(filters.items()) if v)
        with self.db.transaction() as cur:
            self.ctx.audit(cur, actor, "auditlog_geexporteerd",
                           detail=f"{fmt}, {len(rows)} regels" + (f"; {used}" if used else ""))
        return name, data, mime


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: text starting with = + - @ is prefixed (no formula injection)."""
    if isinstance(value, datetime):     # aware: shown in UTC; naive: already local (the Dutch-time column)
        return (value.astimezone(timezone.utc) if value.tzinfo else value).strftime("%Y-%m-%d %H:%M:%S")
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
