"""What the benchmarks share: the median of repeated runs, the command line, a logged-in AppTest, a counting cursor.
Implements no article of the Wth.

What the benchmarks share: the median of repeated runs, the command line, an AppTest logged in as a demo user,
and a cursor that counts the SQL statements sent through it.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_time(fn, runs: int) -> float:
    """Median seconds of ``runs`` calls of ``fn`` after one warm-up call (imports, caches)."""
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def arguments(argv: list[str] | None, sizes: str, directory: str) -> argparse.Namespace:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default=sizes)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", default=directory)
    return ap.parse_args(argv)


def logged_in(user: str, role: str):
    """A Streamlit AppTest of app.py with the session the app's own login leaves (design.md, pitfalls)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in {"authentication_status": True, "username": user, "name": user, "email": f"{user}@demo.invalid",
                 "roles": [role], "logout": None}.items():
        at.session_state[k] = v
    return at


class CountingCursor:
    """A DuckDB cursor that records every statement sent through it (everything else passes through)."""

    def __init__(self, cur, tally: list[str]):
        self._cur, self._tally = cur, tally

    def execute(self, sql, *args, **kw):
        self._tally.append(" ".join(str(sql).split())[:90])
        return self._cur.execute(sql, *args, **kw)

    def executemany(self, sql, *args, **kw):
        self._tally.append(" ".join(str(sql).split())[:90])
        return self._cur.executemany(sql, *args, **kw)

    def __getattr__(self, name):
        return getattr(self._cur, name)
