"""The lists users act on, each one SQL query with its true total (issue 12: nothing silently missing).
Implements art. 3 (who signs today) and art. 10 Wth (retention date) inside the query.

Every list (all cases, RiHG to fill in, drafts, te ondertekenen, to serve, running orders, imposed orders,
archive, retention candidates, correctable decisions) is a named predicate in :data:`LISTS`, evaluated in SQL
over the user's scope: the effective state (``verlopen`` derived from the clock), a pending appeal (legal hold,
R06), the end of the case and whether its retention term (art. 10 Wth) has passed, and the signing authority of today (mandate /
substitution records, art. 3 Wth) are computed in the query, not per row in Python. There is no hidden
``LIMIT``: without ``limit`` all matching rows come back; with ``limit`` one page comes back together with the
total (``count(*) OVER ()``), and the page on screen says "1–50 van 1.667".

The work queue reads the open cases of the scope, their events and the pending voorlopige voorzieningen in
three queries, whatever the number of cases (:func:`open_cases`, :func:`events_of_running_orders`,
:func:`pending_hearings`).

SQL stays in the subset DuckDB and PostgreSQL share; column names and predicates come from the fixed tables in
this module, never from user input.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from store.db import Database

#: the columns of a list row (no free text beyond names and address: lists show who and where)
_COLUMNS = ("c.id, c.state, c.municipality_code, m.name AS municipality_name, m.subregion, c.person_given_names, "
            "c.person_surname, c.street, c.house_number, c.postcode, c.city, c.created_at, c.incident_at, c.decided_at, "
            "c.served_at, c.end_at, c.rihg_finalised_at, c.decision_huisverbod, c.draft_submitted_at, "
            "c.contact_address, c.child_abuse_ground, c.vt_consulted_at, c.version, c.decision_basis, "
            "c.oral_order_at, c.made_known_at, c.withdrawn_at, c.decision_recorded_at, c.extended_at, "
            "c.original_end_at, c.annulled_at, c.archived_at, c.destroyed_at")
#: the state as of the clock (``?`` = now): a running order whose end has passed is ``verlopen`` (states.py)
_EFFECTIVE = ("CASE WHEN c.state IN ('opgelegd', 'verlengd') AND c.end_at IS NOT NULL AND c.end_at <= ? "
              "THEN 'verlopen' ELSE c.state END")
#: when the case ended (the start of the retention term): a RiHG without an order at its decision, else the
#: withdrawal, the annulment or the (extended) end (procedure/services/lists.py counts the retention from it)
_ENDED = ("CASE WHEN c.served_at IS NULL THEN c.decision_recorded_at "
          "ELSE coalesce(c.withdrawn_at, c.annulled_at, c.end_at) END")
_ARCHIVE_STATES = "('verlopen', 'ingetrokken', 'vernietigd', 'geen_huisverbod', 'gearchiveerd', 'vernietigd_archief')"
#: a valid mandate (HOvJ) or substitution (loco) record of ``?`` = username for the case's municipality on
#: ``?`` = today (both ends inclusive; art. 3 Wth, R09)
_MANDATE = ("EXISTS (SELECT 1 FROM mandate md WHERE md.holder_username = ? AND md.kind = ? "
            "AND md.municipality_code = c.municipality_code AND md.valid_from <= ? "
            "AND (md.valid_to IS NULL OR md.valid_to >= ?))")


@dataclass(frozen=True)
class ListSpec:
    """A named list: its predicate over ``s`` (the scoped rows with ``eff``, ``ended_at``, ``pending_appeal``)
    and what "by deadline" means for it (soonest / longest waiting first)."""

    where: str
    deadline: str
    needs_signer: bool = False
    needs_retention: bool = False


LISTS: dict[str, ListSpec] = {
    # every case in scope; by deadline = running orders by their end, then the rest newest first
    "all": ListSpec("TRUE", "CASE WHEN s.eff IN ('opgelegd', 'verlengd') THEN s.end_at END"),
    "rihg": ListSpec("s.state = 'risicotaxatie' AND s.rihg_finalised_at IS NULL", "s.created_at"),
    "draft": ListSpec("s.rihg_finalised_at IS NOT NULL AND s.decision_huisverbod AND (s.state = 'risicotaxatie' "
                      "OR (s.state = 'opgelegd' AND s.oral_order_at IS NOT NULL AND s.decided_at IS NULL))",
                      "s.decision_recorded_at"),
    "to_sign": ListSpec("s.decided_at IS NULL AND (s.state = 'besluit' OR (s.state = 'opgelegd' AND "
                        "s.oral_order_at IS NOT NULL)) AND s.may_sign", "s.draft_submitted_at", needs_signer=True),
    # submitted, not yet signed (whoever may sign): the HOvJ may still complete the household parts (issue 14)
    "awaiting_signature": ListSpec("s.decided_at IS NULL AND s.state = 'besluit'", "s.draft_submitted_at"),
    "to_serve": ListSpec("s.state = 'besluit' AND s.decided_at IS NOT NULL", "s.decided_at"),
    "to_make_known": ListSpec("s.state = 'opgelegd' AND s.oral_order_at IS NOT NULL AND s.decided_at IS NOT NULL "
                              "AND s.made_known_at IS NULL", "s.oral_order_at"),
    "active": ListSpec("s.eff IN ('opgelegd', 'verlengd')", "s.end_at"),
    "imposed": ListSpec("s.served_at IS NOT NULL", "CASE WHEN s.eff IN ('opgelegd', 'verlengd') THEN s.end_at END"),
    # by deadline = the earliest retention date first; destroyed cases (nothing left to decide) last
    "archive": ListSpec(f"s.eff IN {_ARCHIVE_STATES}",
                        "CASE WHEN s.eff <> 'vernietigd_archief' THEN s.retention_key END", needs_retention=True),
    "retention": ListSpec(f"s.eff IN {_ARCHIVE_STATES} AND s.eff <> 'vernietigd_archief' AND s.past_retention",
                          "s.retention_key", needs_retention=True),
    "correctable": ListSpec("s.decided_at IS NOT NULL AND s.state NOT IN ('vernietigd_archief', 'vernietigd', 'gearchiveerd') "
                            "AND s.may_sign", "s.decided_at", needs_signer=True),
}

#: sort orders a user can choose: key -> ORDER BY (``{deadline}`` = the list's deadline expression)
SORTS = {
    "termijn": "({deadline}) IS NULL, ({deadline}), s.created_at DESC, s.id",
    "nieuw": "s.created_at DESC, s.id DESC",
    "oud": "s.created_at, s.id",
    "zaak": "s.id",
}


@dataclass(frozen=True)
class Scope:
    """Whose cases: one municipality (burgemeester, loco, gemeente) or one sub-region (police, care)."""

    municipality_code: str | None = None
    subregion: str | None = None


@dataclass(frozen=True)
class Signer:
    """Who would sign today: ``kind`` None = the burgemeester himself (his municipality is the scope);
    ``"vervanging"`` (loco) or ``"mandaat"`` (HOvJ) need a record valid on ``on``."""

    username: str
    kind: str | None
    on: date


def query_list(db: Database, name: str, scope: Scope, *, now: datetime, signer: Signer | None = None,
               retention_years: tuple[int, int] = (5, 5), states: tuple[str, ...] = (), search: str = "",
               sort: str = "termijn", offset: int = 0, limit: int | None = None) -> tuple[list[dict[str, Any]], int]:
    """One list in one query.

    Args:
        name: a key of :data:`LISTS`. scope: the user's municipality or sub-region (one of them set).
        now: aware moment (effective state, retention). signer: required for ``to_sign`` / ``correctable``.
        retention_years: (years for an order, years for a RiHG without an order) (art. 10 Wth; settings).
        states: effective states to keep (empty: all; ``verlopen`` = an order whose end has passed).
        search: text matched (case-insensitive) in the case number, the person's names, street, postcode (spaces
            ignored), city and municipality. sort: a key of :data:`SORTS`.
        offset, limit: the page (``limit`` None: every matching row).

    Returns:
        (rows, total): rows with ``effective_state_value``, ``pending_appeal``, ``ended_at`` and ``past_retention``
        (False outside the archive lists); ``total`` counts all matching rows, not the page.
    """
    spec = LISTS[name]
    where, params = [], []
    if scope.municipality_code is not None:
        where.append("c.municipality_code = ?")
        params.append(scope.municipality_code)
    elif scope.subregion is not None:
        where.append("m.subregion = ?")
        params.append(scope.subregion)
    else:
        where.append("FALSE")
    select_params: list[Any] = [now]
    if spec.needs_signer:
        if signer is None:
            raise ValueError(f"list {name} needs a signer")
        if signer.kind is None:
            may_sign = "TRUE"
        else:
            may_sign = _MANDATE
            select_params += [signer.username, signer.kind, signer.on, signer.on]
    else:
        may_sign = "FALSE"
    if spec.needs_retention:
        # past the retention term (art. 10 Wth) = the end + N years at the same local date and time (29 Feb ->
        # 28 Feb; deadlines.retention_until) lies at or before now. N years are between 365N - 1 and 366N + 1 days
        # (leap days, the 29 February rule, an hour of DST), so only ends inside that window need the (slow)
        # local calendar arithmetic; the CASE evaluates it for those rows only.
        retention_parts = []
        for years, served in ((int(retention_years[0]), "IS NOT NULL"), (int(retention_years[1]), "IS NULL")):
            surely, never = now - timedelta(days=366 * years + 1), now - timedelta(days=365 * years - 1)
            retention_parts.append(
                f"(c.served_at {served} AND CASE WHEN ({_ENDED}) <= ? THEN TRUE WHEN ({_ENDED}) > ? THEN FALSE "
                f"ELSE (CAST(({_ENDED}) AT TIME ZONE 'Europe/Amsterdam' AS TIMESTAMP) + CAST(? AS INTERVAL)) "
                "AT TIME ZONE 'Europe/Amsterdam' <= ? END)")
            select_params += [surely, never, f"{years} years", now]
        retention = "(" + " OR ".join(retention_parts) + ")"
        # sort key: the end plus the term in days (the exact date is computed for the rows shown)
        key = (f"({_ENDED}) + CASE WHEN c.served_at IS NULL THEN CAST(? AS INTERVAL) ELSE CAST(? AS INTERVAL) END")
        select_params += [f"{round(365.25 * int(retention_years[1]))} days",
                          f"{round(365.25 * int(retention_years[0]))} days"]
    else:
        retention, key = "FALSE", "CAST(NULL AS TIMESTAMPTZ)"

    def inner() -> str:
        return (f"SELECT {_COLUMNS}, {_EFFECTIVE} AS eff, {may_sign} AS may_sign, {_ENDED} AS ended_at, "
                f"coalesce({retention}, FALSE) AS past_retention, {key} AS retention_key, "
                "pa.case_id IS NOT NULL AS pending_appeal "
                "FROM hv_case c JOIN municipality m ON m.code = c.municipality_code "
                "LEFT JOIN (SELECT DISTINCT case_id FROM appeal WHERE outcome IS NULL) pa ON pa.case_id = c.id "
                f"WHERE {' AND '.join(where)}")
    outer = [spec.where]
    outer_params: list[Any] = []
    if states:
        outer.append(f"s.eff IN ({', '.join('?' * len(states))})")
        outer_params.extend(states)
    if search:
        # The search term is lower-cased by the database, with the same function as the text it is compared with:
        # Python's lower() turns a Turkish 'İ' into 'i' + a combining dot, DuckDB's into 'i' (attack finding 14).
        # A postcode matches with or without its space ("5911 AB" = "5911ab").
        needle = search.strip()
        outer.append("(strpos(lower(s.id), lower(?)) > 0 OR strpos(lower(coalesce(s.person_given_names, '') || ' ' || "
                      "coalesce(s.person_surname, '')), lower(?)) > 0 OR strpos(lower(coalesce(s.street, '') || ' ' || "
                      "coalesce(s.house_number, '')), lower(?)) > 0 OR strpos(lower(coalesce(s.city, '')), lower(?)) > 0 "
                      "OR strpos(lower(s.municipality_name), lower(?)) > 0 "
                      "OR strpos(replace(lower(coalesce(s.postcode, '')), ' ', ''), replace(lower(?), ' ', '')) > 0)")
        outer_params += [needle] * 6
    order = SORTS[sort].format(deadline=spec.deadline)
    cond = " AND ".join(outer)
    base = select_params + params
    if limit is None:                               # the complete list: every matching row
        rows = db.query(f"SELECT s.* FROM ({inner()}) s WHERE {cond} ORDER BY {order}", base + outer_params)
        total = len(rows)
    else:                                           # one page, with the number of all matching rows
        rows = db.query(f"SELECT s.*, count(*) OVER () AS total_rows FROM ({inner()}) s WHERE {cond} "
                        f"ORDER BY {order} LIMIT ? OFFSET ?", base + outer_params + [int(limit), int(offset)])
        if rows:
            total = int(rows[0]["total_rows"])
        else:                                       # a page past the end (or nothing): count without it
            total = int(db.scalar(f"SELECT count(*) FROM ({inner()}) s WHERE {cond}", base + outer_params)) \
                if offset > 0 else 0
    for r in rows:
        r.pop("total_rows", None)
        r.pop("retention_key", None)
        r["effective_state_value"] = r.pop("eff")
    return rows, total


def open_cases(db: Database, scope: Scope, *, now: datetime, signer: Signer | None) -> list[dict[str, Any]]:
    """The cases of the scope that can still hold a task (work queue): before imposition (risicotaxatie,
    besluit), a running order, or a pending voorlopige voorziening; with ``may_sign`` for today's signer."""
    where, params = _scope_sql(scope)
    sel: list[Any] = [now]
    if signer is None:
        may_sign = "FALSE"
    elif signer.kind is None:
        may_sign = "TRUE"
    else:
        may_sign = _MANDATE
        sel += [signer.username, signer.kind, signer.on, signer.on]
    sql = (f"SELECT {_COLUMNS}, {_EFFECTIVE} AS eff, {may_sign} AS may_sign, pa.case_id IS NOT NULL AS pending_appeal "
           "FROM hv_case c JOIN municipality m ON m.code = c.municipality_code "
           "LEFT JOIN (SELECT DISTINCT case_id FROM appeal WHERE outcome IS NULL) pa ON pa.case_id = c.id "
           f"WHERE {where} AND (c.state IN ('risicotaxatie', 'besluit') OR (c.state IN ('opgelegd', 'verlengd') "
           "AND (c.end_at IS NULL OR c.end_at > ?)) OR c.id IN (SELECT case_id FROM appeal WHERE outcome IS NULL "
           "AND kind = 'voorlopige_voorziening')) ORDER BY c.created_at DESC")
    rows = db.query(sql, sel + params + [now])
    for r in rows:
        r["effective_state_value"] = r.pop("eff")
    return rows


def _scope_sql(scope: Scope) -> tuple[str, list[Any]]:
    if scope.municipality_code is not None:
        return "c.municipality_code = ?", [scope.municipality_code]
    if scope.subregion is not None:
        return "m.subregion = ?", [scope.subregion]
    return "FALSE", []


def events_of_running_orders(db: Database, scope: Scope, *, now: datetime) -> list[dict[str, Any]]:
    """All events of the running orders in the scope (one query), oldest first."""
    where, params = _scope_sql(scope)
    return db.query(
        "SELECT e.* FROM case_event e JOIN hv_case c ON c.id = e.case_id JOIN municipality m ON m.code = c.municipality_code "
        f"WHERE {where} AND c.state IN ('opgelegd', 'verlengd') AND (c.end_at IS NULL OR c.end_at > ?) "
        "ORDER BY e.occurred_at, e.id", params + [now])


def open_annulled_withdrawals(db: Database, scope: Scope) -> list[dict[str, Any]]:
    """Withdrawals the court annulled that the burgemeester has not decided on again (one query): the annulment event
    with the case's municipality and person, without a later correction or a reassessment resolving it."""
    where, params = _scope_sql(scope)
    return db.query(
        "SELECT e.*, m.name AS municipality_name, c.person_given_names, c.person_surname FROM case_event e "
        "JOIN hv_case c ON c.id = e.case_id JOIN municipality m ON m.code = c.municipality_code "
        f"WHERE {where} AND e.kind = 'intrekking_vernietigd' "
        "AND NOT EXISTS (SELECT 1 FROM case_event r WHERE r.case_id = e.case_id AND (r.resolves_event_id = e.id "
        "OR (r.kind = 'intrekking_vernietigd_gecorrigeerd' AND r.id > e.id))) ORDER BY e.recorded_at", params)


def pending_hearings(db: Database, scope: Scope) -> list[dict[str, Any]]:
    """Pending voorlopige voorzieningen of the scope's cases with the case's municipality and person (one query)."""
    where, params = _scope_sql(scope)
    return db.query(
        "SELECT a.*, m.name AS municipality_name, c.person_given_names, c.person_surname FROM appeal a "
        "JOIN hv_case c ON c.id = a.case_id JOIN municipality m ON m.code = c.municipality_code "
        f"WHERE {where} AND a.outcome IS NULL AND a.kind = 'voorlopige_voorziening' ORDER BY a.filed_at", params)


def open_notices(db: Database, scope: Scope) -> list[dict[str, Any]]:
    """Unread notice tasks (case_notice, issue 15) of every case in the scope — also of cases whose order has ended
    (a withdrawal must still reach the partners) — with the case's municipality and person (one query)."""
    where, params = _scope_sql(scope)
    return db.query(
        "SELECT n.*, m.name AS municipality_name, c.person_given_names, c.person_surname FROM case_notice n "
        "JOIN hv_case c ON c.id = n.case_id JOIN municipality m ON m.code = c.municipality_code "
        f"WHERE {where} AND n.channel = 'taak' AND n.acknowledged_at IS NULL ORDER BY n.id", params)
