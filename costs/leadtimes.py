"""Lead times measured from the system's own audit timestamps ("measured, not assumed"; costs.md).
Implements no article of the Wth: it measures the steps of art. 2 (melding to service) as they happen.

Milestones per case (the first audit row of each action):
melding registered (``melding_geregistreerd``) → RiHG done (``rihg_afgerond``) → beschikking signed
(``beschikking_ondertekend``) → served / T0 (``uitgereikt``) → notifications sent (the later of
``gebeurtenis_huishouden_geinformeerd`` and ``gebeurtenis_naar_veilig_thuis``: household informed
and the beschikking sent to Veilig Thuis, art. 2 lid 8 Wth).

Per month of the melding (Europe/Amsterdam) and stage: number of cases, median, and the spread as the
25th–75th percentile and min–max, in hours.
"""
from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from procedure.domain.statistics import MONTHS_NL

AMS = ZoneInfo("Europe/Amsterdam")
MILESTONES = {
    "melding": ("melding_geregistreerd",),
    "rihg": ("rihg_afgerond",),
    "ondertekend": ("beschikking_ondertekend",),
    "uitgereikt": ("uitgereikt",),
    "notificaties": ("gebeurtenis_huishouden_geinformeerd", "gebeurtenis_naar_veilig_thuis"),
}
#: stage key -> (from milestone, to milestone, Dutch label)
STAGES = {
    "melding_rihg": ("melding", "rihg", "Melding → RiHG afgerond"),
    "rihg_ondertekend": ("rihg", "ondertekend", "RiHG → beschikking ondertekend"),
    "ondertekend_uitgereikt": ("ondertekend", "uitgereikt", "Ondertekend → uitgereikt (T0)"),
    "uitgereikt_notificaties": ("uitgereikt", "notificaties", "Uitgereikt → meldingen verstuurd"),
    "melding_uitgereikt": ("melding", "uitgereikt", "Totaal: melding → uitgereikt"),
}
ACTIONS = tuple(a for acts in MILESTONES.values() for a in acts)


def case_milestones(audit_rows: Iterable[Mapping]) -> dict[str, dict[str, datetime]]:
    """Per case the moment of each milestone reached.

    Args:
        audit_rows: rows with ``case_id, action, occurred_at`` (aware datetimes), any order.

    Returns:
        case id -> milestone -> moment. "notificaties" only when both notifications are recorded.
    """
    first: dict[str, dict[str, datetime]] = {}
    for r in audit_rows:
        cid, action, at = r["case_id"], r["action"], r["occurred_at"]
        if cid is None or action not in ACTIONS:
            continue
        d = first.setdefault(cid, {})
        if action not in d or at < d[action]:
            d[action] = at
    out = {}
    for cid, d in first.items():
        m = {}
        for key, acts in MILESTONES.items():
            if all(a in d for a in acts):
                m[key] = max(d[a] for a in acts)
        out[cid] = m
    return out


@dataclass(frozen=True)
class StageStats:
    month: str          # "2026-03"
    stage: str
    n: int
    median_h: float
    p25_h: float
    p75_h: float
    min_h: float
    max_h: float


def _quartiles(values: list[float]) -> tuple[float, float]:
    if len(values) == 1:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def stage_durations(milestones: Mapping[str, Mapping[str, datetime]]) -> list[dict]:
    """One row per case and stage reached: ``case_id, month, stage, hours`` (negative gaps dropped)."""
    rows = []
    for cid, m in milestones.items():
        if "melding" not in m:
            continue
        month = m["melding"].astimezone(AMS).strftime("%Y-%m")
        for stage, (a, b, _) in STAGES.items():
            if a in m and b in m:
                hours = (m[b] - m[a]).total_seconds() / 3600
                if hours >= 0:
                    rows.append({"case_id": cid, "month": month, "stage": stage, "hours": hours})
    return rows


def monthly_stats(durations: Iterable[Mapping]) -> list[StageStats]:
    """Median and spread per month and stage, oldest month first."""
    groups: dict[tuple[str, str], list[float]] = {}
    for d in durations:
        groups.setdefault((d["month"], d["stage"]), []).append(float(d["hours"]))
    out = []
    for (month, stage), vals in sorted(groups.items()):
        vals.sort()
        p25, p75 = _quartiles(vals)
        out.append(StageStats(month, stage, len(vals), statistics.median(vals), p25, p75, vals[0], vals[-1]))
    return out


def overall_stats(durations: Iterable[Mapping]) -> dict[str, StageStats]:
    """Median and spread per stage over the whole period."""
    groups: dict[str, list[float]] = {}
    for d in durations:
        groups.setdefault(d["stage"], []).append(float(d["hours"]))
    out = {}
    for stage, vals in groups.items():
        vals.sort()
        p25, p75 = _quartiles(vals)
        out[stage] = StageStats("totaal", stage, len(vals), statistics.median(vals), p25, p75, vals[0], vals[-1])
    return out


#: the statistics' small-cell rule (procedure.domain.disclosure.THRESHOLD): fewer cases are shown as "< 5", no figures
SMALL_CELL = 5


def display_row(x: StageStats) -> dict:
    """One table row for screen and export with the small-cell rule of the statistics: a group of fewer than
    :data:`SMALL_CELL` cases shows ``n`` as ``"< 5"`` and no median, percentiles or min/max (None), because a
    median or extreme of one or two cases is that case's own lead time.

    Returns:
        ``{"month", "n" (int, or the text "< 5"), "median", "p25", "p75", "min", "max" (hours rounded to 0.01, or None)}``.
    """
    small = x.n < SMALL_CELL
    out = {"month": period_label(x.month), "n": f"< {SMALL_CELL}" if small else x.n}
    for key, v in (("median", x.median_h), ("p25", x.p25_h), ("p75", x.p75_h), ("min", x.min_h), ("max", x.max_h)):
        out[key] = None if small else round(v, 2)
    return out


def period_label(period: str) -> str:
    """How a period key reads on screen, in Dutch: ``"2026-03"`` -> ``"mrt 2026"``, ``"2026-K1"`` -> ``"K1 2026"``
    (issue 17: month axes read ``jan 2026``, never ``2026-01``); any other key (``"totaal"``) is returned as it is."""
    y, _, rest = period.partition("-")
    if not (len(y) == 4 and y.isdigit()):
        return period
    if rest[:1] == "K" and rest[1:].isdigit():
        return f"{rest} {y}"
    if rest.isdigit() and 1 <= int(rest) <= 12:
        return f"{MONTHS_NL[int(rest) - 1]} {y}"
    return period


def quarter_of(month: str) -> str:
    """``"2026-03"`` -> ``"2026-K1"``: months merged into quarters so that fewer groups fall under the small-cell rule."""
    y, m = month.split("-")
    return f"{y}-K{(int(m) - 1) // 3 + 1}"


def quarterly_stats(durations: Iterable[Mapping]) -> list[StageStats]:
    """As :func:`monthly_stats`, per quarter of the melding (``month`` holds ``"2026-K1"``)."""
    return monthly_stats([dict(d, month=quarter_of(d["month"])) for d in durations])
