"""Demo cost data (issue 5): accounts per organisation, accession records, budgets — synthetic, marked demo.
Implements no article of the Wth.

Everything here is invented for the demo (``is_demo``; notes say "demo"): the number of accounts per
organisation, the council decisions (14 agreed, Nederweert still pending, so the regional go / no-go shows
"no-go") and the budgets. The tariffs themselves come from ``data/tarieven.csv`` (known figures from the
proposal, unknown ones marked as examples).
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from costs.procedures import BUDGET_LINE
from procedure.domain.deadlines import AMS
from store.db import Database

#: partner accounts per sub-region in the demo (synthetic)
DEMO_PARTNER_ACCOUNTS = {
    ("politie", "Noord-Limburg"): 12, ("casemanagement", "Noord-Limburg"): 6,
    ("politie", "Midden-Limburg"): 10, ("casemanagement", "Midden-Limburg"): 5,
    ("procesmanagement", "Midden-Limburg"): 3,
}
PENDING_DEMO = "Nederweert"


def seed_costs(db: Database, now: datetime) -> None:
    """Create the demo cost data once (called by :func:`data.seed.create_demo`); a no-op when present.

    The municipalities connected in the year before ``now`` (local time) with 2–4 new accounts and 4
    accounts reused from the sister system; the partners' accounts per sub-region; budgets for that year
    and this one.
    """
    if db.scalar("SELECT count(*) FROM cost_account"):
        return
    this_year = now.astimezone(AMS).year
    first = this_year - 1
    munis = db.query("SELECT m.code, m.name, m.subregion, p.inhabitants FROM municipality m "
                     "JOIN population p ON p.municipality_code = m.code "
                     "WHERE p.year = (SELECT max(year) FROM population) ORDER BY m.name")
    accounts, accession, budgets = [], [], []
    for i, m in enumerate(munis):
        new = 2 + m["inhabitants"] // 40_000
        accounts.append([first, "gemeente", m["code"], new, 4, new + 4, True,
                         "demo: 4 accounts hergebruikt uit het zustersysteem", now, "demo"])
        if m["name"] == PENDING_DEMO:
            accession.append([m["code"], "in_behandeling", None, None, "demo: raadsvoorstel geagendeerd", True, 1,
                              now, "demo"])
        else:
            decided = date(first - 1, 9 + i % 4, 3 + (i * 5) % 24)
            accession.append([m["code"], "akkoord", decided, f"RB-{first - 1}-{101 + i} (demo)", None, True, 1, now,
                              "demo"])
        # budget incl. VAT: a synthetic round figure growing with size; a few are deliberately tight
        factor = Decimal("0.018") if i % 5 == 2 else Decimal("0.03")
        base = Decimal(900) + Decimal(m["inhabitants"]) * factor
        amount = (base / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 100
        for y in (first, this_year):
            budgets.append([m["code"], y, amount, BUDGET_LINE, True, now, "demo"])
    for (org, sub), n in DEMO_PARTNER_ACCOUNTS.items():
        accounts.append([first, org, sub, n, 0, n, True, "demo: aantal accounts verzonnen", now, "demo"])
    with db.transaction() as cur:
        cur.executemany("INSERT INTO cost_account VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", accounts)
        cur.executemany("INSERT INTO accession VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", accession)
        cur.executemany("INSERT INTO accession_history VALUES (nextval('accession_history_seq'), ?, NULL, ?, ?, ?, ?, "
                        "'demo')", [[a[0], a[1], a[2], a[3], now] for a in accession])
        cur.executemany("INSERT INTO budget VALUES (?, ?, ?, ?, ?, ?, ?)", budgets)
