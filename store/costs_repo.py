"""Repositories for the cost module (migration 004 and the 001 tables ``tariff`` and ``population``).
Implements no article of the Wth.

Writes take the caller's transaction cursor (the change, its history row and the audit row commit
together); reads take the :class:`Database`.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from procedure.domain.errors import ConcurrencyConflict
from store.db import Database
from store.repo import Cursor


# -- tariffs -------------------------------------------------------------------------------------
def tariffs(db: Database) -> list[dict[str, Any]]:
    return db.query("SELECT year, kind, amount, is_example, note FROM tariff ORDER BY kind, year")


def tariff_history(db: Database) -> list[dict[str, Any]]:
    """Every tariff change, newest first (the whole history: a beheerder's edits, never cut)."""
    return db.query("SELECT * FROM tariff_history ORDER BY id DESC")


def upsert_tariff(cur: Cursor, *, year: int, kind: str, amount: Decimal, is_example: bool, note: str,
                  at: datetime, by: str) -> dict[str, Any] | None:
    """Set a tariff and write its history row; returns the previous row (None when new)."""
    old = cur.execute("SELECT amount, is_example FROM tariff WHERE year = ? AND kind = ?", [year, kind]).fetchone()
    cur.execute("DELETE FROM tariff WHERE year = ? AND kind = ?", [year, kind])
    cur.execute("INSERT INTO tariff VALUES (?, ?, ?, ?, ?)", [year, kind, amount, is_example, note])
    cur.execute("INSERT INTO tariff_history VALUES (nextval('tariff_history_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [year, kind, old[0] if old else None, amount, old[1] if old else None, is_example, note, at, by])
    return {"amount": old[0], "is_example": old[1]} if old else None


# -- population ----------------------------------------------------------------------------------
def population(db: Database) -> list[dict[str, Any]]:
    return db.query("SELECT p.municipality_code, m.name, m.subregion, p.year, p.inhabitants, p.source "
                    "FROM population p JOIN municipality m ON m.code = p.municipality_code "
                    "ORDER BY p.year DESC, m.name")


def population_history(db: Database) -> list[dict[str, Any]]:
    """Every population change, newest first (the whole history, never cut: a CBS import is 15 rows a year)."""
    return db.query("SELECT h.*, m.name FROM population_history h JOIN municipality m ON m.code = h.municipality_code "
                    "ORDER BY h.id DESC")


def upsert_population(cur: Cursor, *, code: str, year: int, inhabitants: int, source: str, at: datetime,
                      by: str) -> int | None:
    """Set one figure (with history); returns the previous figure or None."""
    old = cur.execute("SELECT inhabitants FROM population WHERE municipality_code = ? AND year = ?",
                      [code, year]).fetchone()
    cur.execute("DELETE FROM population WHERE municipality_code = ? AND year = ?", [code, year])
    cur.execute("INSERT INTO population VALUES (?, ?, ?, ?)", [code, year, inhabitants, source])
    cur.execute("INSERT INTO population_history VALUES (nextval('population_history_seq'), ?, ?, ?, ?, ?, ?, ?)",
                [code, year, old[0] if old else None, inhabitants, source, at, by])
    return old[0] if old else None


# -- accounts --------------------------------------------------------------------------------------
def accounts(db: Database) -> list[dict[str, Any]]:
    return db.query("SELECT * FROM cost_account ORDER BY year, organisation, unit")


def upsert_account(cur: Cursor, r: dict[str, Any]) -> bool:
    """Insert or replace one record ``(year, organisation, unit)``; True when it replaced one."""
    existed = cur.execute("SELECT count(*) FROM cost_account WHERE year = ? AND organisation = ? AND unit = ?",
                          [r["year"], r["organisation"], r["unit"]]).fetchone()[0]
    cur.execute("DELETE FROM cost_account WHERE year = ? AND organisation = ? AND unit = ?",
                [r["year"], r["organisation"], r["unit"]])
    cur.execute("INSERT INTO cost_account VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [r["year"], r["organisation"], r["unit"], r["accounts_new"], r["accounts_reused"], r["connections"],
                 r.get("is_demo", False), r.get("note"), r["updated_at"], r["updated_by"]])
    return bool(existed)


# -- accession -----------------------------------------------------------------------------------
def accessions(db: Database) -> list[dict[str, Any]]:
    return db.query("SELECT m.code, m.name, m.subregion, a.status, a.decided_on, a.reference, a.note, a.is_demo, "
                    "a.version, a.updated_at, a.updated_by FROM municipality m "
                    "LEFT JOIN accession a ON a.municipality_code = m.code ORDER BY m.subregion DESC, m.name")


def accession_history(db: Database, code: str | None = None) -> list[dict[str, Any]]:
    """Every change of the accession state (of one municipality with ``code``), newest first — all of them, never
    a silently cut list (a few rows per municipality per year)."""
    where, params = ("WHERE h.municipality_code = ? ", [code]) if code else ("", [])
    return db.query("SELECT h.*, m.name FROM accession_history h JOIN municipality m ON m.code = h.municipality_code "
                    + where + "ORDER BY h.id DESC", params)


def set_accession(cur: Cursor, *, code: str, status: str, decided_on: date | None, reference: str | None,
                  note: str | None, expected_version: int | None, is_demo: bool, at: datetime, by: str) -> int:
    """Record a council decision (insert or update with version check) plus history; returns the new version.

    Raises:
        ConcurrencyConflict: the record changed since ``expected_version`` (None = expected not to exist).
    """
    row = cur.execute("SELECT status, version, updated_by FROM accession WHERE municipality_code = ?",
                      [code]).fetchone()
    current_version = row[1] if row else None
    if current_version != expected_version:
        raise ConcurrencyConflict(f"Het besluit van deze gemeente is intussen gewijzigd door {row[2] if row else '?'}. "
                                  "Laad de pagina opnieuw en controleer uw wijziging.")
    new_version = (current_version or 0) + 1
    cur.execute("DELETE FROM accession WHERE municipality_code = ?", [code])
    cur.execute("INSERT INTO accession VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [code, status, decided_on, reference, note, is_demo, new_version, at, by])
    cur.execute("INSERT INTO accession_history VALUES (nextval('accession_history_seq'), ?, ?, ?, ?, ?, ?, ?)",
                [code, row[0] if row else None, status, decided_on, reference, at, by])
    return new_version


# -- budgets -------------------------------------------------------------------------------------
def budgets(db: Database, year: int | None = None) -> list[dict[str, Any]]:
    where, params = ("WHERE year = ? ", [year]) if year is not None else ("", [])
    return db.query("SELECT * FROM budget " + where + "ORDER BY year, municipality_code", params)


def upsert_budget(cur: Cursor, *, code: str, year: int, amount: Decimal, budget_line: str, is_demo: bool,
                  at: datetime, by: str) -> Decimal | None:
    old = cur.execute("SELECT amount FROM budget WHERE municipality_code = ? AND year = ?", [code, year]).fetchone()
    cur.execute("DELETE FROM budget WHERE municipality_code = ? AND year = ?", [code, year])
    cur.execute("INSERT INTO budget VALUES (?, ?, ?, ?, ?, ?, ?)", [code, year, amount, budget_line, is_demo, at, by])
    return old[0] if old else None


# -- case data (counts and audit timestamps; no personal data) ------------------------------------
def procedure_counts(db: Database, year: int, tz: str = "Europe/Amsterdam") -> list[dict[str, Any]]:
    """Per municipality: cases registered in ``year`` (local time; destroyed cases included through the
    anonymous archive) and orders signed in ``year``."""
    return db.query(
        "SELECT code, sum(procedures) AS procedures, sum(huisverboden) AS huisverboden FROM ("
        " SELECT municipality_code AS code, count(*) AS procedures, 0 AS huisverboden FROM hv_case"
        "  WHERE extract(year FROM timezone(?, created_at)) = ? GROUP BY municipality_code"
        " UNION ALL"
        " SELECT municipality_code, 0, count(*) FROM hv_case"
        "  WHERE decided_at IS NOT NULL AND extract(year FROM timezone(?, decided_at)) = ? GROUP BY municipality_code"
        " UNION ALL"
        " SELECT municipality_code, count(*), sum(CASE WHEN served THEN 1 ELSE 0 END) FROM case_stats_archive"
        "  WHERE extract(year FROM created_month) = ? GROUP BY municipality_code"
        ") t GROUP BY code", [tz, year, tz, year, year])


def case_years(db: Database, tz: str = "Europe/Amsterdam") -> list[int]:
    return [r["y"] for r in db.query("SELECT DISTINCT extract(year FROM timezone(?, created_at)) AS y FROM hv_case ORDER BY y",
                                     [tz])]


def milestone_audit(db: Database, actions: tuple[str, ...], codes: list[str] | None, since: datetime) -> list[dict]:
    """Audit rows of the given actions for cases of ``codes`` (None = all) created since ``since``:
    ``case_id, municipality_code, action, occurred_at`` only."""
    where = ["c.created_at >= ?", f"a.action IN ({', '.join('?' * len(actions))})"]
    params: list[Any] = [since, *actions]
    if codes is not None:
        where.append(f"c.municipality_code IN ({', '.join('?' * len(codes)) or 'NULL'})")
        params.extend(codes)
    return db.query("SELECT a.case_id, c.municipality_code, a.action, a.occurred_at FROM audit_log a "
                    "JOIN hv_case c ON c.id = a.case_id WHERE " + " AND ".join(where), params)


def reconciliation_counts(db: Database, year: int, codes: list[str], tz: str = "Europe/Amsterdam") -> dict[str, int]:
    """The counts the reconciliation view adds up, for cases of ``codes`` (exact, no personal data):

    - live cases registered in ``year`` (local time): ``meldingen``, ``beoordeeld`` (a decision on the RiHG:
      huisverbod or not), ``huisverbod``, ``geen_huisverbod``, ``ondertekend`` (beschikking signed, any year),
      ``ondertekend_in_jaar`` / ``ondertekend_later`` (signed in ``year`` / after it), ``uitgereikt`` (served or
      oral order), ``verlengd``;
    - live cases signed in ``year`` but registered earlier: ``ondertekend_uit_eerder``;
    - destroyed cases' anonymous rows (``case_stats_archive``) registered in ``year``: ``archief_meldingen``,
      ``archief_huisverbod`` (served), ``archief_geen``, ``archief_verlengd``;
    - the anonymous history (``case_stats_history``, not in the case system) with a melding in ``year``:
      ``historie_beoordeeld``, ``historie_huisverbod``.
    """
    marks = ", ".join("?" * len(codes)) or "NULL"
    row = db.query(
        "SELECT"
        " sum(CASE WHEN cy = ? THEN 1 ELSE 0 END) AS meldingen,"
        " sum(CASE WHEN cy = ? AND decision_huisverbod IS NOT NULL THEN 1 ELSE 0 END) AS beoordeeld,"
        " sum(CASE WHEN cy = ? AND decision_huisverbod THEN 1 ELSE 0 END) AS huisverbod,"
        " sum(CASE WHEN cy = ? AND NOT decision_huisverbod THEN 1 ELSE 0 END) AS geen_huisverbod,"
        " sum(CASE WHEN cy = ? AND decided_at IS NOT NULL THEN 1 ELSE 0 END) AS ondertekend,"
        " sum(CASE WHEN cy = ? AND dy = ? THEN 1 ELSE 0 END) AS ondertekend_in_jaar,"
        " sum(CASE WHEN cy = ? AND dy > ? THEN 1 ELSE 0 END) AS ondertekend_later,"
        " sum(CASE WHEN cy < ? AND dy = ? THEN 1 ELSE 0 END) AS ondertekend_uit_eerder,"
        " sum(CASE WHEN cy = ? AND (served_at IS NOT NULL OR oral_order_at IS NOT NULL) THEN 1 ELSE 0 END)"
        "  AS uitgereikt,"
        " sum(CASE WHEN cy = ? AND extended_at IS NOT NULL THEN 1 ELSE 0 END) AS verlengd"
        " FROM (SELECT extract(year FROM timezone(?, created_at)) AS cy,"
        "  CASE WHEN decided_at IS NOT NULL THEN extract(year FROM timezone(?, decided_at)) END AS dy,"
        "  decision_huisverbod, decided_at, served_at, oral_order_at, extended_at"
        f"  FROM hv_case WHERE municipality_code IN ({marks})) c",
        [year] * 7 + [year, year, year, year, year, year] + [tz, tz, *codes])[0]
    arch = db.query(
        "SELECT count(*) AS archief_meldingen,"
        " sum(CASE WHEN served THEN 1 ELSE 0 END) AS archief_huisverbod,"
        " sum(CASE WHEN NOT served AND final_state = 'geen_huisverbod' THEN 1 ELSE 0 END) AS archief_geen,"
        " sum(CASE WHEN extended THEN 1 ELSE 0 END) AS archief_verlengd"
        f" FROM case_stats_archive WHERE extract(year FROM created_month) = ? AND municipality_code IN ({marks})",
        [year, *codes])[0]
    hist = db.query(
        "SELECT count(decision_huisverbod) AS historie_beoordeeld,"
        " sum(CASE WHEN decision_huisverbod THEN 1 ELSE 0 END) AS historie_huisverbod"
        f" FROM case_stats_history WHERE extract(year FROM melding_month) = ? AND municipality_code IN ({marks})",
        [year, *codes])[0]
    return {k: int(v or 0) for k, v in {**row, **arch, **hist}.items()}
