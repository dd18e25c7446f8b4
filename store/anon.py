"""The anonymous rows of the live cases, kept as a table in the same transaction as every write (issue 12).
Implements no article of the Wth: the statistics read these, never the case tables (AVG).

``case_anon_live`` (migration 008) holds one row per case in ``hv_case`` that is not destroyed: the figures of
``v_case_anon`` without personal data, with the RiHG colours, the household's relation and children and the
breach / appeal flags already aggregated. Before, the view re-aggregated the RiHG signals, household members,
events and appeals of every live case on every statistics query.

Every repository function that writes case data calls :func:`touch` with the case id; :class:`store.db.Database`
calls :func:`flush` just before COMMIT, which recomputes those rows inside the same transaction (so the anonymous
row never disagrees with the committed case), and :func:`discard` on ROLLBACK. The one part that depends on the
clock — an order whose end has passed reads ``verlopen`` — is left to the view (``state`` and ``end_at`` are kept
here for it; the view exposes neither). Durations are rounded to 0.01 hour / day, as in the anonymous history: no
exact moment can be read back from them, and the explorer's exact medians work on value counts.

Only this module holds the SQL that turns a case into its anonymous row. SQL stays in the DuckDB / PostgreSQL
subset.
"""
from __future__ import annotations

import threading
from typing import Any, Iterable

_PENDING = threading.local()          # case ids written in this thread's open transaction

_SIGNALS = tuple([f"A{i}" for i in range(1, 4)] + [f"B{i}" for i in range(1, 12)] + [f"C{i}" for i in range(1, 7)])
_COLOURS = " || ".join(f"coalesce(max(CASE WHEN signal_code = '{s}' THEN upper(substr(colour, 1, 1)) END), '-')"
                       for s in _SIGNALS)
_MASK = ("CAST(sum(CASE WHEN colour = 'rood' THEN CASE signal_code "
         + " ".join(f"WHEN '{s}' THEN {1 << i}" for i, s in enumerate(_SIGNALS))
         + " ELSE 0 END ELSE 0 END) AS INTEGER)")
_AGE = "date_part('year', age(CAST(c.created_at AS DATE), c.person_birth_date))"

#: the columns of case_anon_live in table order
COLUMNS = ("case_id", "is_synthetic", "municipality_code", "melding_month", "state", "end_at", "advice_indicated",
           "decision_huisverbod", "served", "extended", "withdrawn", "annulled", "breach", "appealed",
           "hours_to_decision", "hours_to_signature", "order_days", "relation", "person_age_band", "children_present",
           "rihg_colours", "rihg_red_mask", "days_since_previous_order")


def _select(ids_filter: str) -> str:
    """The anonymous rows of the cases matching ``ids_filter`` (a predicate on a ``case_id`` column)."""
    return f"""
SELECT c.id, c.is_demo, c.municipality_code,
       CAST(date_trunc('month', c.created_at AT TIME ZONE 'Europe/Amsterdam') AS DATE),
       c.state, c.end_at, c.advice_indicated, c.decision_huisverbod,
       (c.served_at IS NOT NULL OR c.oral_order_at IS NOT NULL), c.extended_at IS NOT NULL, c.withdrawn_at IS NOT NULL,
       (c.annulled_at IS NOT NULL OR c.state = 'vernietigd'), coalesce(ev.breach, false), ap.case_id IS NOT NULL,
       round(extract(epoch FROM (c.decision_recorded_at - c.created_at)) / 3600.0, 2),
       round(extract(epoch FROM (c.decided_at - c.created_at)) / 3600.0, 2),
       round(extract(epoch FROM (coalesce(c.withdrawn_at, c.annulled_at, c.end_at) - c.served_at)) / 86400.0, 2),
       coalesce(hm.relation, 'onbekend'),
       CASE WHEN c.person_birth_date IS NULL THEN 'onbekend' WHEN {_AGE} < 25 THEN '18-24' WHEN {_AGE} < 35 THEN '25-34'
            WHEN {_AGE} < 45 THEN '35-44' WHEN {_AGE} < 55 THEN '45-54' WHEN {_AGE} < 65 THEN '55-64' ELSE '65+' END,
       coalesce(hm.children_present, false), s.rihg_colours, s.rihg_red_mask,
       CASE WHEN p.served_at IS NOT NULL AND c.served_at IS NOT NULL
            THEN CAST(floor(extract(epoch FROM (c.served_at - p.served_at)) / 86400.0) AS INTEGER) END
FROM hv_case c
LEFT JOIN hv_case p ON p.id = c.previous_case_id
LEFT JOIN (SELECT case_id, bool_or(kind = 'overtreding') AS breach FROM case_event
           WHERE {ids_filter} GROUP BY case_id) ev ON ev.case_id = c.id
LEFT JOIN (SELECT DISTINCT case_id FROM appeal WHERE {ids_filter}) ap ON ap.case_id = c.id
-- the relation of a threatened household member: a partner first, then any other adult relation, then a child
LEFT JOIN (SELECT case_id,
                  coalesce(min(relation) FILTER (WHERE threatened AND relation = 'partner'),
                           min(relation) FILTER (WHERE threatened AND relation <> 'kind'),
                           min(relation) FILTER (WHERE threatened)) AS relation,
                  bool_or(relation = 'kind') AS children_present
           FROM household_member WHERE {ids_filter} GROUP BY case_id) hm ON hm.case_id = c.id
LEFT JOIN (SELECT case_id, {_COLOURS} AS rihg_colours, {_MASK} AS rihg_red_mask
           FROM rihg_signal WHERE {ids_filter} GROUP BY case_id) s ON s.case_id = c.id
WHERE c.state <> 'vernietigd_archief' AND {ids_filter.replace('case_id', 'c.id')}"""


def touch(cur: Any, case_ids: str | Iterable[str]) -> None:
    """Mark cases written in the current transaction; their anonymous rows are recomputed at COMMIT."""
    pending = getattr(_PENDING, "ids", None)
    if pending is None:
        pending = _PENDING.ids = set()
    pending.update([case_ids] if isinstance(case_ids, str) else case_ids)


def discard() -> None:
    """Forget the marks of a transaction that was rolled back."""
    _PENDING.ids = set()


def flush(cur: Any) -> int:
    """Recompute the anonymous rows of the cases marked in this transaction (called before COMMIT).

    Returns:
        the number of cases refreshed.
    """
    ids = sorted(getattr(_PENDING, "ids", None) or ())
    _PENDING.ids = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ", ".join("?" * len(chunk))
        cur.execute(f"DELETE FROM case_anon_live WHERE case_id IN ({marks})", chunk)
        flt = f"case_id IN ({marks})"
        # the filter appears five times in the SELECT (four subqueries and the outer WHERE)
        cur.execute(f"INSERT INTO case_anon_live ({', '.join(COLUMNS)}) {_select(flt)}", chunk * 5)
    return len(ids)


def rebuild(cur: Any) -> None:
    """Recompute every anonymous live row (migration 008, bulk loads of synthetic cases)."""
    cur.execute("DELETE FROM case_anon_live")
    cur.execute(f"INSERT INTO case_anon_live ({', '.join(COLUMNS)}) {_select('TRUE')}")
