"""Synthetic *live* cases in bulk, for benchmarks and volume tests (issue 12).
Implements no article of the Wth: cases in every state of the procedure, made without the services.

``data/generator.py`` fills the anonymous history; this module fills the case tables themselves (``hv_case``,
household, RiHG colours and facts, events, appeals and the anonymous rows of destroyed cases) with tens of
thousands of synthetic cases in a handful of SQL statements, so the lists, the work queue and the pages can be
measured and tested at 10,000 or 100,000 cases. Every case is marked ``is_demo``; names come from Faker
``nl_NL``; no real people. The cases are shaped like the ones the services make (same columns, states and
deadlines: T0 + 10 days at the same local time, extensions to T0 + 28 days), but carry no documents or audit
trail: they exist to be listed, counted and opened, not to be re-signed.

    python -m data.live_generator --db var/live.duckdb --cases 100000      # not while the app holds the file

``plan`` sets how many cases of each kind (see :data:`KINDS`), optionally in one municipality; without a plan,
:func:`realistic_plan` gives the mix of a system in use for years: a few dozen open cases per municipality,
most cases ended or archived, some past their retention term, some already destroyed.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from typing import Iterable

from store import anon
from store.db import Database

#: kind -> (stored state, Dutch description)
KINDS = {
    "risicotaxatie": ("risicotaxatie", "melding, RiHG nog niet afgerond"),
    "rihg_klaar": ("risicotaxatie", "RiHG afgerond, besluit huisverbod, beschikking in voorbereiding"),
    "ter_ondertekening": ("besluit", "conceptbeschikking wacht op ondertekening"),
    "ondertekend": ("besluit", "ondertekend, nog niet uitgereikt"),
    "lopend": ("opgelegd", "lopend huisverbod (dag 1-10)"),
    "verlengd": ("verlengd", "lopend, verlengd huisverbod"),
    "verlopen": ("opgelegd", "afgelopen huisverbod (einde verstreken), binnen de bewaartermijn"),
    "ingetrokken": ("ingetrokken", "ingetrokken huisverbod"),
    "geen_huisverbod": ("geen_huisverbod", "risicotaxatie zonder huisverbod"),
    "gearchiveerd": ("gearchiveerd", "gearchiveerde zaak binnen de bewaartermijn"),
    "na_bewaartermijn": ("gearchiveerd", "gearchiveerd, bewaartermijn (5 jaar) verstreken, nog niet vernietigd"),
    "vernietigd": ("vernietigd_archief", "na de bewaartermijn vernietigd (alleen de anonieme rij)"),
}
OPEN_KINDS = ("risicotaxatie", "rihg_klaar", "ter_ondertekening", "ondertekend", "lopend", "verlengd")

#: hours before ``now`` the case was created: (offset, spread) -> created = now - offset - u * spread
_AGE_HOURS = {
    "risicotaxatie": (0.5, 30), "rihg_klaar": (2, 24), "ter_ondertekening": (3, 30), "ondertekend": (4, 20),
    "lopend": (2.5, 9 * 24), "verlengd": (10.5 * 24, 16 * 24), "verlopen": (30 * 24, 4 * 365 * 24),
    "ingetrokken": (30 * 24, 4 * 365 * 24), "geen_huisverbod": (30 * 24, 4 * 365 * 24),
    "gearchiveerd": (60 * 24, 4 * 365 * 24), "na_bewaartermijn": ((5 * 365 + 40) * 24, 2 * 365 * 24),
    "vernietigd": ((5 * 365 + 40) * 24, 3 * 365 * 24),
}


def realistic_plan(n_cases: int, n_municipalities: int = 15) -> list[tuple[str, int, str | None]]:
    """The mix of a system in use for years: about 30 open cases per municipality (a few dozen), the rest
    ended: 22 % RiHGs without an order, 8 % past the retention term, 10 % destroyed, the others ended or archived."""
    per_muni = {"risicotaxatie": 6, "rihg_klaar": 3, "ter_ondertekening": 3, "ondertekend": 2, "lopend": 12,
                "verlengd": 4}
    open_total = sum(per_muni.values()) * n_municipalities
    rest = max(0, n_cases - open_total)
    closed = {"geen_huisverbod": 0.22, "na_bewaartermijn": 0.08, "vernietigd": 0.10, "ingetrokken": 0.06,
              "verlopen": 0.24}
    plan = [(k, v * n_municipalities, None) for k, v in per_muni.items()]
    used = 0
    for k, share in closed.items():
        n = int(rest * share)
        plan.append((k, n, None))
        used += n
    plan.append(("gearchiveerd", rest - used, None))
    return [p for p in plan if p[1] > 0]


def _names(n: int, seed: int) -> tuple[list[str], list[str], list[str]]:
    from faker import Faker

    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    return ([fake.first_name() for _ in range(n)], [fake.last_name() for _ in range(n)],
            [fake.street_name() for _ in range(n)])


def generate_live(db: Database, plan: Iterable[tuple[str, int, str | None]], *, now: datetime | None = None,
                  seed: int = 12) -> int:
    """Insert synthetic live cases in bulk and rebuild their anonymous rows.

    Args:
        plan: (kind from :data:`KINDS`, number, municipality code or None = spread by population).
        now: the moment the cases are relative to (aware; default: now).

    Returns:
        the number of cases inserted.
    """
    now = now or datetime.now(timezone.utc)
    rows = [(k, n, m) for k, n, m in plan if n > 0]
    for k, _, _ in rows:
        if k not in KINDS:
            raise ValueError(f"unknown kind {k!r}")
    munis = db.query("SELECT m.code, m.name, m.subregion, coalesce(max(p.inhabitants), 10000) AS inh FROM municipality m "
                     "LEFT JOIN population p ON p.municipality_code = m.code GROUP BY ALL ORDER BY m.code")
    weighted = [m["code"] for m in munis for _ in range(max(1, round(m["inh"] / 2000)))]
    given, surnames, streets = _names(400, seed)
    total = sum(n for _, n, _ in rows)
    with db.transaction() as cur:
        cur.execute("CREATE OR REPLACE TEMP TABLE _plan (kind VARCHAR, n INTEGER, muni VARCHAR, offs BIGINT)")
        offs = 0
        for k, n, m in rows:
            cur.execute("INSERT INTO _plan VALUES (?, ?, ?, ?)", [k, n, m, offs])
            offs += n
        first = cur.execute("SELECT nextval('case_seq')").fetchone()[0]
        # reserve the case numbers: the services go on numbering after the bulk
        cur.execute(f"SELECT count(*) FROM (SELECT nextval('case_seq') FROM range({max(0, total - 1)}))").fetchone()

        def u(k: int) -> str:
            return f"((hash(g.rid, {seed}, {k}) % 1000003) / 1000003.0)"

        age = "CASE g.kind " + " ".join(f"WHEN '{k}' THEN {a} + {u(1)} * {s}" for k, (a, s) in _AGE_HOURS.items()) + " END"
        state = "CASE g.kind " + " ".join(f"WHEN '{k}' THEN '{v[0]}'" for k, v in KINDS.items()) + " END"
        cur.execute(f"""
CREATE OR REPLACE TEMP TABLE _gen AS
SELECT g.rid, g.kind, g.muni, {state} AS state, {first} + g.rid AS n,
       CAST(? AS TIMESTAMPTZ) - to_milliseconds(CAST(({age}) * 3600000 AS BIGINT)) AS created_at,
       {u(2)} AS u2, {u(3)} AS u3, {u(4)} AS u4, {u(5)} AS u5, {u(6)} AS u6, {u(7)} AS u7
FROM (SELECT p.offs + r.k AS rid, p.kind,
             coalesce(p.muni, list_extract(?, CAST(1 + hash(p.offs + r.k, {seed}, 0) % ? AS INTEGER))) AS muni
      FROM _plan p, LATERAL (SELECT unnest(range(p.n)) AS k) r) g""", [now, weighted, len(weighted)])
        loc = "Europe/Amsterdam"
        # T0: an hour or so after creation; the end T0 + 10 (or 28 when extended) days at the same local time
        cur.execute(f"""
CREATE OR REPLACE TEMP TABLE _case AS
SELECT g.*, 'HV-' || CAST(extract(year FROM g.created_at AT TIME ZONE '{loc}') AS INTEGER) || '-'
            || CASE WHEN g.n < 100000 THEN lpad(CAST(g.n AS VARCHAR), 5, '0') ELSE CAST(g.n AS VARCHAR) END AS id,
       g.created_at + INTERVAL 40 MINUTE AS rihg_at,
       g.kind NOT IN ('risicotaxatie') AS rihg_done,
       g.kind <> 'geen_huisverbod' AS huisverbod,
       g.kind IN ('ondertekend', 'lopend', 'verlengd', 'verlopen', 'ingetrokken', 'gearchiveerd',
                  'na_bewaartermijn', 'vernietigd') AS signed,
       g.kind IN ('lopend', 'verlengd', 'verlopen', 'ingetrokken', 'gearchiveerd', 'na_bewaartermijn',
                  'vernietigd') AS served,
       g.created_at + INTERVAL 2 HOUR AS t0,
       g.kind = 'verlengd' OR (g.kind IN ('verlopen', 'gearchiveerd', 'na_bewaartermijn', 'vernietigd')
                               AND g.u5 < 0.38) AS extended
FROM _gen g""")
        cur.execute(f"""
INSERT INTO hv_case (id, municipality_code, state, is_demo, version, created_at, created_by, updated_at, updated_by,
    street, house_number, postcode, city, incident_at, incident_description, q_domestic, q_resident, q_adult,
    person_given_names, person_surname, person_birth_date, person_bsn, person_phone, person_brp_differs,
    person_residence_basis, aangifte_done, arrested, child_abuse_ground, rihg_version, rihg_author_a, rihg_author_b,
    rihg_author_c, rihg_finalised_at, rihg_finalised_by, advice_indicated, advice_text, decision_huisverbod,
    decision_reasons, decision_recorded_at, decision_recorded_by, facts, threatened_persons, why_this_person,
    duration_days, draft_submitted_at, draft_submitted_by, decided_at, decided_by, decided_by_name, decision_basis,
    served_at, served_by, end_at, keys_taken_in, key_description, contact_address, original_end_at, extended_at,
    extended_by, withdrawn_at, withdrawn_by, withdrawal_reasons, archived_at, archived_by, destroyed_at)
SELECT c.id, c.muni, CASE WHEN c.kind = 'verlopen' AND c.extended THEN 'verlengd' ELSE c.state END, true, 3, c.created_at, 'hovj.bulk', c.created_at, 'hovj.bulk',
    CASE WHEN c.kind = 'vernietigd' THEN NULL ELSE list_extract(?, CAST(1 + hash(c.rid, 11) % 400 AS INTEGER)) END,
    CASE WHEN c.kind = 'vernietigd' THEN NULL ELSE CAST(1 + hash(c.rid, 12) % 180 AS VARCHAR) END,
    CASE WHEN c.kind = 'vernietigd' THEN NULL ELSE CAST(5900 + hash(c.rid, 13) % 100 AS VARCHAR) || ' AB' END,
    m.name, c.created_at - INTERVAL 30 MINUTE,
    CASE WHEN c.kind = 'vernietigd' THEN NULL ELSE 'Bedreiging van de partner in de woning (synthetisch bulkgeval).' END,
    true, true, true,
    CASE WHEN c.kind = 'vernietigd' THEN NULL ELSE list_extract(?, CAST(1 + hash(c.rid, 14) % 400 AS INTEGER)) END,
    CASE WHEN c.kind = 'vernietigd' THEN NULL ELSE list_extract(?, CAST(1 + hash(c.rid, 15) % 400 AS INTEGER)) END,
    CASE WHEN c.kind = 'vernietigd' THEN NULL
         ELSE CAST(c.created_at AS DATE) - CAST(365.25 * (20 + c.u4 * 45) AS INTEGER) END,
    NULL, NULL, false, NULL, false, false, false, '2009-1',
    'HOvJ (bulk)', 'HOvJ (bulk)', 'HOvJ (bulk)',
    CASE WHEN c.rihg_done THEN c.rihg_at END, CASE WHEN c.rihg_done THEN 'hovj.bulk' END,
    CASE WHEN c.rihg_done THEN c.huisverbod END,
    CASE WHEN c.rihg_done THEN 'Huisverbod geïndiceerd: 2 of meer rode signalen in één deel.' END,
    CASE WHEN c.rihg_done THEN c.huisverbod END,
    CASE WHEN c.rihg_done AND c.kind <> 'vernietigd' THEN 'Besluit na de risicotaxatie (synthetisch bulkgeval).' END,
    CASE WHEN c.rihg_done THEN c.rihg_at END, CASE WHEN c.rihg_done THEN 'hovj.bulk' END,
    CASE WHEN c.huisverbod AND c.rihg_done AND c.kind <> 'vernietigd'
         THEN 'Betrokkene bedreigde zijn partner in de woning; de kinderen waren aanwezig (synthetisch).' END,
    CASE WHEN c.huisverbod AND c.rihg_done AND c.kind <> 'vernietigd' THEN 'de partner' END,
    CASE WHEN c.huisverbod AND c.rihg_done AND c.kind <> 'vernietigd'
         THEN 'Het geweld gaat alleen van betrokkene uit (synthetisch).' END,
    10,
    CASE WHEN c.kind NOT IN ('risicotaxatie', 'rihg_klaar', 'geen_huisverbod') THEN c.rihg_at + INTERVAL 20 MINUTE END,
    CASE WHEN c.kind NOT IN ('risicotaxatie', 'rihg_klaar', 'geen_huisverbod') THEN 'hovj.bulk' END,
    CASE WHEN c.signed THEN c.rihg_at + INTERVAL 50 MINUTE END,
    CASE WHEN c.signed THEN 'burgemeester.' || lower(replace(replace(m.name, ' ', ''), '-', '')) END,
    CASE WHEN c.signed AND c.kind <> 'vernietigd' THEN 'Burgemeester (bulk)' END,
    CASE WHEN c.signed THEN 'burgemeester' END,
    CASE WHEN c.served THEN c.t0 END, CASE WHEN c.served THEN 'hovj.bulk' END,
    CASE WHEN c.served THEN (((c.t0 AT TIME ZONE '{loc}') + CASE WHEN c.extended THEN INTERVAL 28 DAY ELSE INTERVAL 10 DAY END)
         AT TIME ZONE '{loc}') END,
    c.served, CASE WHEN c.served AND c.kind <> 'vernietigd' THEN '2 huissleutels' END,
    CASE WHEN c.served AND c.kind <> 'vernietigd' AND c.u6 < 0.8 THEN 'Stationsstraat 1, ' || m.name END,
    CASE WHEN c.extended THEN ((c.t0 AT TIME ZONE '{loc}') + INTERVAL 10 DAY) AT TIME ZONE '{loc}' END,
    CASE WHEN c.extended THEN c.t0 + INTERVAL 9 DAY END,
    CASE WHEN c.extended THEN 'burgemeester' END,
    CASE WHEN c.kind = 'ingetrokken' THEN c.t0 + INTERVAL 5 DAY END,
    CASE WHEN c.kind = 'ingetrokken' THEN 'burgemeester' END,
    CASE WHEN c.kind = 'ingetrokken' THEN 'Hulp aanvaard en bevestigd (synthetisch).' END,
    CASE WHEN c.kind IN ('gearchiveerd', 'na_bewaartermijn', 'vernietigd') THEN c.t0 + INTERVAL 60 DAY END,
    CASE WHEN c.kind IN ('gearchiveerd', 'na_bewaartermijn', 'vernietigd') THEN 'oov.bulk' END,
    CASE WHEN c.kind = 'vernietigd' THEN c.t0 + INTERVAL 1900 DAY END
FROM _case c JOIN municipality m ON m.code = c.muni""", [streets, given, surnames])
        # the household: the threatened partner and, in 70 %, a child (relation to the removed person)
        cur.execute("""
INSERT INTO household_member (id, case_id, name, birth_date, relation, residence, residence_basis, threatened, phone)
SELECT nextval('member_seq'), c.id, list_extract(?, CAST(1 + hash(c.rid, 21) % 400 AS INTEGER)) || ' '
       || list_extract(?, CAST(1 + hash(c.rid, 15) % 400 AS INTEGER)),
       CAST(c.created_at AS DATE) - CAST(365.25 * (19 + c.u4 * 40) AS INTEGER), 'partner', 'woont', 'BRP', true, ''
FROM _case c WHERE c.kind <> 'vernietigd'
UNION ALL
SELECT nextval('member_seq'), c.id, list_extract(?, CAST(1 + hash(c.rid, 22) % 400 AS INTEGER)) || ' '
       || list_extract(?, CAST(1 + hash(c.rid, 15) % 400 AS INTEGER)),
       CAST(c.created_at AS DATE) - CAST(365.25 * (2 + c.u6 * 14) AS INTEGER), 'kind', 'woont', 'BRP', false, ''
FROM _case c WHERE c.kind <> 'vernietigd' AND c.u6 < 0.7""", [given, surnames, given, surnames])
        # RiHG: 20 colours; two red in part B (with a sourced fact each) when an order was decided
        cur.execute("""
INSERT INTO rihg_signal
SELECT c.id, s.code, CASE WHEN c.huisverbod AND s.code IN ('B1', 'B3') THEN 'rood'
                          WHEN hash(c.rid, s.code) % 5 = 0 THEN 'blauw' ELSE 'geel' END
FROM _case c, (SELECT unnest(?) AS code) s WHERE c.kind NOT IN ('risicotaxatie', 'vernietigd')""",
                    [list(anon._SIGNALS)])
        cur.execute("""
INSERT INTO rihg_fact
SELECT nextval('fact_seq'), c.id, s.code, 'Verklaring partner bij ' || s.code || ' (synthetisch)', 'PV 2026-0001', false
FROM _case c, (SELECT unnest(['B1', 'B3']) AS code) s
WHERE c.huisverbod AND c.kind NOT IN ('risicotaxatie', 'vernietigd')""")
        cur.execute("""
INSERT INTO rihg_fact
SELECT nextval('fact_seq'), c.id, s.code, 'Melding politie bij ' || s.code || ' (synthetisch)', 'Registratie BVH', false
FROM _case c, (SELECT unnest(['A1','A2','A3','B2','B4','B5','B6','B7','B8','B9','B10','B11','C1','C2','C3','C4',
                              'C5','C6']) AS code) s, rihg_signal r
WHERE r.case_id = c.id AND r.signal_code = s.code AND r.colour = 'blauw'""")
        # events on served orders: household and Veilig Thuis informed (most), contact, a breach in 4 %
        cur.execute("""
INSERT INTO case_event (id, case_id, kind, occurred_at, recorded_at, recorded_by, role, organisation, reference, outcome,
                        note, event_date, resolves_event_id)
SELECT nextval('event_seq'), c.id, e.kind, c.t0 + INTERVAL 3 HOUR, c.t0 + INTERVAL 3 HOUR, 'hovj.bulk', e.role,
       CASE WHEN e.kind = 'naar_veilig_thuis' THEN 'Veilig Thuis Limburg-Noord' END,
       CASE WHEN e.kind = 'overtreding' THEN 'PV 2026-9999' END,
       CASE WHEN e.kind = 'hulpverleningscontact' THEN 'Contact gelegd (synthetisch)' END, NULL, NULL, NULL
FROM _case c, (SELECT * FROM (VALUES ('huishouden_geinformeerd', 'hovj', 0.85), ('naar_veilig_thuis', 'hovj', 0.8),
                                     ('hulpverleningscontact', 'casemanager', 0.7), ('overtreding', 'politie', 0.04))
               v(kind, role, p)) e
WHERE c.served AND c.kind <> 'vernietigd' AND (hash(c.rid, e.kind) % 1000) / 1000.0 < e.p""")
        # appeals on 2 % of served orders; a quarter of them still pending (a legal hold, R06)
        cur.execute("""
INSERT INTO appeal (id, case_id, decision_kind, kind, filed_at, hearing_at, outcome, damages_amount, outcome_at,
                    outcome_note, recorded_by, version)
SELECT nextval('appeal_seq'), c.id, 'oplegging', 'beroep', c.t0 + INTERVAL 3 DAY, NULL,
       CASE WHEN c.u7 < 0.005 THEN NULL ELSE 'ongegrond' END, NULL,
       CASE WHEN c.u7 < 0.005 THEN NULL ELSE c.t0 + INTERVAL 60 DAY END, NULL, 'oov.bulk', 1
FROM _case c WHERE c.served AND c.kind NOT IN ('vernietigd', 'lopend', 'verlengd') AND c.u7 < 0.02""")
        # what a destroyed case leaves: the anonymous row (art. 10 Wth)
        cur.execute(f"""
INSERT INTO case_stats_archive
SELECT c.id, c.muni, 'verlopen', CAST(date_trunc('month', c.created_at AT TIME ZONE '{loc}') AS DATE), true,
       c.extended, false, false, c.u6 < 0.7, c.t0 + INTERVAL 1900 DAY
FROM _case c WHERE c.kind = 'vernietigd'""")
        anon.rebuild(cur)
        for t in ("_plan", "_gen", "_case"):
            cur.execute(f"DROP TABLE {t}")
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Synthetische lopende zaken in bulk (benchmarks, volumetests).")
    ap.add_argument("--db", required=True)
    ap.add_argument("--cases", type=int, default=10_000)
    args = ap.parse_args(argv)
    from data.seed import create_demo

    db = Database(args.db)
    if not db.scalar("SELECT count(*) FROM app_user"):
        create_demo(db, n_cases=0, password_rounds=4)
    n = generate_live(db, realistic_plan(args.cases))
    print(f"{n} synthetische zaken toegevoegd aan {args.db}")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
