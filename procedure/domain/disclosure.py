"""Small-cell protection of published statistics: which counts are shown, which are "< 5" and which "x", so that no
small number can be recovered from the totals (AVG; issue 6). Implements no article of the Wth: a privacy rule.

Small-cell protection (the rule, also in README):

1. *Primary*: every published count below 5 — at any level, so certainly at municipality level — is shown as
   ``< 5``, in tables, charts (the point is not drawn; a "< 5" label is) and exports. A rate or percentage built
   on a suppressed count is not shown either.
2. *Complementary*: every published table comes with its sums (a total row, sub-region rows, the trend that adds
   up to the same total, the outcome split beoordelingen = huisverbod + geen huisverbod, the advice x decision
   table with its margins, "voor wie" splits adding up to the orders). For each such relation the suppressed
   cells may not be recoverable: a relation with exactly one suppressed cell, or whose suppressed cells are
   pinned to one value by their bounds (a suppressed count lies in 0..4, a complementary one is >= 5), gets
   one more suppression — the smallest shown part (else the total), shown as ``x``. Then every suppressed cell
   is checked against *all* relations together (linear algebra: a cell is recoverable iff its unit vector lies
   in the row space of the relations restricted to the suppressed cells) and protected further until none is.
   Repeat until nothing changes. The integration test re-derives every suppressed cell from everything an
   export contains with a linear program (exact value or a bound pinning it) and finds none.
3. Medians are shown only when based on at least 5 cases.

Known limit: two *different* selections (e.g. Jan-Dec and Jan-Nov) can be subtracted from each other; the
explorer protects each selection and export on its own (the SQL box, for the beleidsadviseur only, gives
anonymous rows without protection at all — see README).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Hashable

import numpy as np

from procedure.domain.case import fmt_int

THRESHOLD = 5
SUPPRESSED = "< 5"
SECONDARY = "x"
LEGEND = (f"'{SUPPRESSED}' = minder dan 5 (klein aantal afgeschermd); '{SECONDARY}' = afgeschermd zodat een klein "
          "aantal niet uit een totaal kan worden teruggerekend. Percentages en aantallen per 10.000 inwoners op een "
          "afgeschermd aantal worden niet getoond.")

Key = Hashable
Relation = tuple[Key, tuple[Key, ...]]      # (total, parts): total = sum(parts)


def _bounds(status: str) -> tuple[float, float]:
    """What a reader knows of a suppressed cell: a primary one is 0..4, a complementary one at least 5."""
    return (0.0, THRESHOLD - 1.0) if status == "primary" else (float(THRESHOLD), math.inf)


def _relation_unsafe(rel: Relation, values: dict[Key, int], status: dict[Key, str]) -> bool:
    """True when the suppressed cells of this one relation can be recovered from it: exactly one suppressed, or
    one of them pinned to a single integer by the relation and the bounds of the others (interval arithmetic)."""
    total, parts = rel
    coef = {total: 1.0}
    for p in parts:
        coef[p] = coef.get(p, 0.0) - 1.0
    sup = [k for k in coef if status.get(k, "shown") != "shown" and coef[k] != 0]
    if not sup:
        return False
    if len(sup) == 1:
        return True
    known = -sum(c * values[k] for k, c in coef.items() if k not in sup)     # sum(c_i x_i) over suppressed = known
    for j in sup:
        lo_rest = hi_rest = 0.0
        for i in sup:
            if i == j:
                continue
            lo, hi = _bounds(status[i])
            c = coef[i]
            lo_rest += c * (lo if c > 0 else hi)
            hi_rest += c * (hi if c > 0 else lo)
        cj = coef[j]
        a, b = (known - hi_rest) / cj, (known - lo_rest) / cj
        lo_j, hi_j = min(a, b), max(a, b)
        blo, bhi = _bounds(status[j])
        lo_j, hi_j = max(lo_j, blo), min(hi_j, bhi)
        if math.isfinite(lo_j) and math.isfinite(hi_j) and math.floor(hi_j + 1e-9) <= math.ceil(lo_j - 1e-9):
            return True
    return False


def _determined(keys: list[Key], relations: list[Relation], status: dict[Key, str]) -> list[Key]:
    """Suppressed cells whose value follows from all relations together (linear algebra on the shown values)."""
    sup = [k for k in keys if status[k] != "shown"]
    if not sup:
        return []
    index = {k: i for i, k in enumerate(sup)}
    rows = []
    for total, parts in relations:
        row = np.zeros(len(sup))
        for k, c in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if k in index:
                row[index[k]] += c
        if row.any():
            rows.append(row)
    if not rows:
        return []
    a = np.array(rows)
    # e_j lies in the row space of A  <=>  column j of every null-space basis vector is zero
    _, s, vt = np.linalg.svd(a, full_matrices=True)
    rank = int((s > 1e-9 * max(1.0, s.max())).sum())
    null = vt[rank:]
    if null.shape[0] == 0:
        return list(sup)
    return [k for k, i in index.items() if np.abs(null[:, i]).max() < 1e-9]


def _pinned(values: dict[Key, int], status: dict[Key, str], relations: list[Relation]) -> list[Key]:
    """Suppressed cells a reader can pin to one integer from *all* relations together and the bounds (a "< 5"
    cell is 0..4, an "x" cell at least 5): per connected group of relations, a linear program (HiGHS) gives each
    cell's minimum and maximum. Groups of one relation are left to :func:`_relation_unsafe` (exact there)."""
    from scipy.optimize import linprog

    sup = [k for k in values if status[k] != "shown"]
    if not sup:
        return []
    idx = {k: i for i, k in enumerate(sup)}
    rels: list[tuple[dict[int, float], float]] = []
    for total, parts in relations:
        coef: dict[int, float] = {}
        const = 0.0
        for k, c in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if k in idx:
                coef[idx[k]] = coef.get(idx[k], 0.0) + c
            else:
                const += c * values[k]
        coef = {i: c for i, c in coef.items() if c}
        if coef:
            rels.append((coef, -const))
    parent = list(range(len(sup)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for coef, _ in rels:
        first, *rest = coef
        for i in rest:
            parent[find(i)] = find(first)
    comp_rels: dict[int, list[tuple[dict[int, float], float]]] = {}
    for coef, b in rels:
        comp_rels.setdefault(find(next(iter(coef))), []).append((coef, b))
    comps = [c for c in comp_rels.values() if len(c) >= 2]
    if not comps:
        return []

    def program(crels: list) -> tuple[list[int], np.ndarray, np.ndarray, list]:
        members = sorted({i for coef, _ in crels for i in coef})
        local = {i: j for j, i in enumerate(members)}
        a = np.zeros((len(crels), len(members)))
        b = np.zeros(len(crels))
        for r, (coef, rhs) in enumerate(crels):
            for i, c in coef.items():
                a[r, local[i]] = c
            b[r] = rhs
        bounds = [_bounds(status[sup[i]]) for i in members]
        return members, a, b, [(lo, None if math.isinf(hi) else hi) for lo, hi in bounds]

    # Cheap certificates first, for all groups in one program: vertices for a few objectives are feasible points; a
    # cell whose values over them already span two integers can't be pinned. Only the rest get their own min / max.
    members, a, b, bounds = program([r for c in comps for r in c])
    rng = np.random.default_rng(0)
    seen = []
    objectives = [rng.normal(size=len(members)) for _ in range(4)]
    for c in objectives:
        for sign in (1.0, -1.0):
            res = linprog(sign * c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
            if res.status == 0:
                seen.append(res.x)
    if not seen:
        return []

    def certify() -> np.ndarray:
        pts = np.array(seen)
        return np.floor(pts.max(axis=0) + 1e-7) > np.ceil(pts.min(axis=0) - 1e-7)

    free = certify()
    for _ in range(12):                          # push all uncertified cells up, then down, at once
        if free.all():
            break
        before = int(free.sum())
        for sign in (-1.0, 1.0):
            res = linprog(sign * (~free).astype(float), A_eq=a, b_eq=b, bounds=bounds, method="highs")
            if res.status == 0:
                seen.append(res.x)
        free = certify()
        if int(free.sum()) == before:
            break
    todo = {members[j] for j in range(len(members)) if not free[j]}
    out = []
    for crels in comps:
        cm, ca, cb, cbounds = program(crels)
        for j, i in enumerate(cm):
            if i not in todo:
                continue
            c = np.zeros(len(cm))
            c[j] = 1.0
            lo = linprog(c, A_eq=ca, b_eq=cb, bounds=cbounds, method="highs")
            hi = linprog(-c, A_eq=ca, b_eq=cb, bounds=cbounds, method="highs")
            if lo.status != 0:
                continue
            hi_v = math.inf if hi.status == 3 else -hi.fun
            # unbounded above ("x" cells only have a lower bound): never pinned (math.floor(inf) would raise)
            if math.isfinite(hi_v) and math.floor(hi_v + 1e-7) <= math.ceil(lo.fun - 1e-7):
                out.append(sup[i])
    return out


def protect(values: dict[Key, int], relations: list[Relation]) -> dict[Key, str]:
    """Decide which counts to publish (see the module docstring for the rule).

    Args:
        values: every count that will be published, by key.
        relations: (total key, part keys) with values[total] == sum(values[parts]); all keys in ``values``.

    Returns:
        status per key: ``"shown"``, ``"primary"`` (below 5) or ``"secondary"`` (complementary suppression).
    """
    status = {k: ("primary" if v < THRESHOLD else "shown") for k, v in values.items()}
    keys = list(values)
    by_key: dict[Key, list[Relation]] = {}
    for rel in relations:
        for k in (rel[0], *rel[1]):
            by_key.setdefault(k, []).append(rel)
    roomy = 2 * THRESHOLD - 1      # a complementary cell of 9+ leaves a "< 5" cell beside it its full range 0..4

    def add_for(rel: Relation) -> bool:
        total, parts = rel
        shown = [p for p in set(parts) if status[p] == "shown"]
        cands = (sorted((p for p in shown if values[p] >= roomy), key=lambda k: (values[k], str(k)))
                 + sorted((p for p in shown if values[p] < roomy), key=lambda k: (-values[k], str(k))))
        if status[total] == "shown":
            cands.append(total)
        if not cands:
            return False
        for c in cands:                       # the first cell that makes this relation safe on its own
            status[c] = "secondary"
            if not _relation_unsafe(rel, values, status):
                return True
            status[c] = "shown"
        status[cands[0]] = "secondary"          # none alone suffices: take one and look again
        return True

    for _ in range(10 * len(keys) + 10):
        changed = False
        for rel in relations:
            if _relation_unsafe(rel, values, status) and add_for(rel):
                changed = True
        if changed:
            continue
        for k in _determined(keys, relations, status):
            for rel in by_key.get(k, []):
                if add_for(rel):
                    changed = True
                    break
        if changed:
            continue
        for k in _pinned(values, status, relations):
            for rel in by_key.get(k, []):
                if add_for(rel):
                    changed = True
                    break
            if changed:
                break                            # re-check cheaply before the next linear programs
        if not changed:
            break
    return status


# -- published figures ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One published number. ``value`` is None whenever it is suppressed: the exact small value never leaves the
    service. ``shown`` is the Dutch text to print."""

    value: float | int | None
    shown: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


def count_figure(value: int, state: str) -> Figure:
    if state == "primary":
        return Figure(None, SUPPRESSED)
    if state == "secondary":
        return Figure(None, SECONDARY)
    return Figure(int(value), fmt_int(value))


def no_figure(reason: str = "–") -> Figure:
    return Figure(None, reason)


def fmt_dec(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def share(num: Figure, den: Figure) -> Figure:
    if num.suppressed or den.suppressed or not den.value:
        return no_figure()
    v = 100.0 * num.value / den.value
    return Figure(round(v, 1), fmt_dec(v) + " %")


def rate(num: Figure, inhabitants: float, years: float) -> Figure:
    """Per 10,000 inhabitants per year."""
    if num.suppressed or not inhabitants or years <= 0:
        return no_figure()
    v = num.value / inhabitants * 10_000 / years
    return Figure(round(v, 2), fmt_dec(v, 2))


