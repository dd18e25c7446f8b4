"""Synthetic case history for statistics and benchmarks (issue 6), calibrated to procedure.md section 8."""
from __future__ import annotations

from datetime import datetime

from store.db import Database


def seed_history(db: Database, now: datetime) -> None:
    """Add the demo's anonymous case history (called by :func:`data.seed.create_demo`)."""
