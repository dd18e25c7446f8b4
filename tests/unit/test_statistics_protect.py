"""Small-cell protection (procedure.domain.disclosure.protect): an attacker who knows the rule (a "< 5" cell is 0..4, an
"x" cell is at least 5) and every published relation (totals = sum of parts) must not be able to pin any suppressed
cell to one value. The attacker is a linear program (scipy HiGHS) that computes each suppressed cell's minimum and
maximum over everything published."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from scipy.optimize import linprog

from procedure.domain.disclosure import SECONDARY, SUPPRESSED, THRESHOLD, _relation_unsafe, protect


def audit(published: dict, relations: list) -> list[tuple]:
    """Suppressed cells an attacker can pin to a single integer.

    Args:
        published: key -> int (shown) or "< 5" / "x" (suppressed), exactly what an export contains.
        relations: (total key, part keys) that the reader knows hold (total = sum of parts).

    Returns:
        [(key, min, max)] for every suppressed key whose integer range has one value (empty = safe).
    """
    keys = list(published)
    idx = {k: i for i, k in enumerate(keys)}
    bounds = []
    for k in keys:
        v = published[k]
        if v == SUPPRESSED:
            bounds.append((0, THRESHOLD - 1))
        elif v == SECONDARY:
            bounds.append((THRESHOLD, None))
        else:
            bounds.append((v, v))
    a_eq = []
    for total, parts in relations:
        row = np.zeros(len(keys))
        row[idx[total]] += 1
        for p in parts:
            row[idx[p]] -= 1
        a_eq.append(row)
    a_eq = np.array(a_eq) if a_eq else None
    b_eq = np.zeros(len(a_eq)) if a_eq is not None else None
    pinned = []
    for k in keys:
        if published[k] not in (SUPPRESSED, SECONDARY):
            continue
        c = np.zeros(len(keys))
        c[idx[k]] = 1
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert lo.status == 0, (k, lo.message)                 # the published figures are consistent
        lo_v = lo.fun
        hi_v = math.inf if hi.status == 3 else -hi.fun         # 3 = unbounded
        if math.isfinite(hi_v) and math.floor(hi_v + 1e-7) <= math.ceil(lo_v - 1e-7):   # unbounded: not pinned
            pinned.append((k, lo_v, hi_v))
    return pinned


def publish(values: dict, status: dict) -> dict:
    return {k: (values[k] if status[k] == "shown" else SUPPRESSED if status[k] == "primary" else SECONDARY)
            for k in values}


def table(cells: list[list[int]]) -> tuple[dict, list]:
    """A rows x columns table with row totals, column totals and the grand total."""
    values, relations = {}, []
    n_r, n_c = len(cells), len(cells[0])
    for i in range(n_r):
        for j in range(n_c):
            values[(i, j)] = cells[i][j]
        values[(i, "T")] = sum(cells[i])
        relations.append(((i, "T"), tuple((i, j) for j in range(n_c))))
    for j in range(n_c):
        values[("T", j)] = sum(cells[i][j] for i in range(n_r))
        relations.append((("T", j), tuple((i, j) for i in range(n_r))))
    values[("T", "T")] = sum(values[(i, "T")] for i in range(n_r))
    relations.append((("T", "T"), tuple((i, "T") for i in range(n_r))))
    relations.append((("T", "T"), tuple(("T", j) for j in range(n_c))))
    return values, relations


def test_primary_only_would_leak_and_protect_does_not():
    values, relations = table([[3, 12, 20], [9, 15, 7], [11, 6, 30]])
    naive = {k: ("primary" if v < THRESHOLD else "shown") for k, v in values.items()}
    assert audit(publish(values, naive), relations)               # 3 = row total - 12 - 20: recoverable
    status = protect(values, relations)
    assert status[(0, 0)] == "primary"
    assert audit(publish(values, status), relations) == []
    assert sum(s == "secondary" for s in status.values()) >= 3    # a cycle: row, column and the opposite corner


def test_all_zero_line_is_not_pinned():
    """Two suppressed zeros in a row with the row total 0 would be pinned (both 0): protect adds a cell."""
    values, relations = table([[0, 0, 9], [6, 7, 8]])
    status = protect(values, relations)
    assert audit(publish(values, status), relations) == []


def test_large_values_are_shown_exactly():
    values, relations = table([[50, 60], [70, 80]])
    assert set(protect(values, relations).values()) == {"shown"}


def test_relation_check_uses_the_bounds():
    # total 5 = x (secondary, >= 5) + p (primary 0..4): p must be 0 -> unsafe
    values = {"t": 5, "x": 5, "p": 0}
    status = {"t": "shown", "x": "secondary", "p": "primary"}
    assert _relation_unsafe(("t", ("x", "p")), values, status)
    values = {"t": 9, "x": 6, "p": 3}
    assert not _relation_unsafe(("t", ("x", "p")), values, status)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 5), st.integers(2, 5), st.integers(0, 10_000))
@example(n_rows=2, n_cols=2, seed=1467)       # an "x" cell unbounded above once made protect() raise OverflowError
def test_random_tables_never_leak(n_rows, n_cols, seed):
    rng = random.Random(seed)
    cells = [[rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 40]) for _ in range(n_cols)] for _ in range(n_rows)]
    values, relations = table(cells)
    status = protect(values, relations)
    for k, v in values.items():
        assert (status[k] == "primary") == (v < THRESHOLD)
    assert audit(publish(values, status), relations) == []


@pytest.mark.parametrize("seed", range(5))
def test_two_tables_sharing_a_total_never_leak(seed):
    """Like the explorer: a per-municipality column and a per-period column that add up to the same total."""
    rng = random.Random(seed)
    munis = [rng.choice([0, 2, 3, 7, 11, 25]) for _ in range(6)]
    total = sum(munis)
    periods = [0] * 8
    for _ in range(total):
        periods[rng.randrange(8)] += 1
    values = {("tot",): total, **{("gem", i): v for i, v in enumerate(munis)},
              **{("per", i): v for i, v in enumerate(periods)}}
    relations = [(("tot",), tuple(("gem", i) for i in range(6))), (("tot",), tuple(("per", i) for i in range(8)))]
    status = protect(values, relations)
    assert audit(publish(values, status), relations) == []
