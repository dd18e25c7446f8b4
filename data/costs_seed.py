"""Demo cost data (issue 5): accounts per organisation, accession records, budgets; synthetic, marked demo."""
from __future__ import annotations

from datetime import datetime

from store.db import Database


def seed_costs(db: Database, now: datetime) -> None:
    """Create the demo cost data once (called by :func:`data.seed.create_demo`)."""
