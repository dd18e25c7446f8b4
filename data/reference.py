"""Reference data the app ships: the municipalities with sub-region and population (CBS, with source), the tariffs
and the RiHG catalogue. Implements art. 2 Bth and its annex (the catalogue); the rest is the region's own data.

``load_reference(db)`` loads ``data/gemeenten_limburg_noord.csv``, ``data/tarieven.csv`` (from costs.md; unknown prices
marked as examples) and the versioned RiHG catalogue JSON, once (idempotent).
"""
from __future__ import annotations

import csv
import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from procedure.domain import rihg as rihg_rules
from store.db import Database

DATA_DIR = Path(__file__).parent


def load_reference(db: Database, now: datetime | None = None) -> None:
    """Load municipalities, population, tariffs and the RiHG catalogue if not loaded yet (idempotent)."""
    now = now or datetime.now(timezone.utc)
    if db.scalar("SELECT count(*) FROM municipality"):
        return
    with db.transaction() as cur:
        with open(DATA_DIR / "gemeenten_limburg_noord.csv", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                cur.execute("INSERT INTO municipality VALUES (?, ?, ?, ?)",
                            [r["gemeentecode"], r["gemeente"], r["subregio"], f"Gemeente {r['gemeente']}"])
                cur.execute("INSERT INTO population VALUES (?, ?, ?, ?)",
                            [r["gemeentecode"], int(r["peildatum"]), int(r["inwoners"]), r["bron"]])
        with open(DATA_DIR / "tarieven.csv", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                cur.execute("INSERT INTO tariff VALUES (?, ?, ?, ?, ?)",
                            [int(r["jaar"]), r["soort"], Decimal(r["bedrag"]), r["voorbeeld"] == "true",
                             r["toelichting"]])
        path = rihg_rules.DEFAULT_CATALOGUE_PATH
        body = path.read_text(encoding="utf-8")
        meta = json.loads(body)
        cur.execute("INSERT INTO rihg_catalogue VALUES (?, ?, ?, ?)", [meta["version"], meta["title"], body, now])
