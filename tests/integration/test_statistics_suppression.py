"""No export leaks a suppressed value — also not by subtraction.

For several selections the XLSX export is read back; every relation a reader can see in it (the total row is the
sum of the municipality rows and of the sub-region rows, the trend adds up to the same total, risicotaxaties =
huisverbod + geen huisverbod per row, the advice x decision table with its margins, the "voor wie" splits adding
up to the orders, children yes + no) is rebuilt from the workbook alone, and a linear-programming attacker
(tests.unit.test_statistics_protect.audit) tries to pin every "< 5" and "x" cell. Then the exported figures are
compared with the truth computed straight from the database: every "< 5" is truly below 5, every shown count is
exact, and no rate or percentage sits on a suppressed count."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from procedure.domain.disclosure import SECONDARY, SUPPRESSED
from procedure.domain.statistics import MEASURES, MEASURE_LABELS, PERIOD_MEASURES
from tests.unit.test_statistics_protect import audit

TOTAL = "Totaal selectie"
M = {m: MEASURE_LABELS[m] for m in MEASURES}

SCENARIOS = {
    "regio per jaar": {"by": "year"},
    "regio per maand, 2 jaar": {"by": "month", "month_from": date(2024, 5, 1), "month_to": date(2026, 4, 1)},
    "Mook per maand": {"by": "month", "municipalities": ["GM0944"], "month_from": date(2024, 1, 1),
                       "month_to": date(2025, 12, 1)},
    "Venlo en Roermond, B3 rood, kinderen": {"by": "year", "municipalities": ["GM0983", "GM0957"], "signal": "B3",
                                            "children": True},
    "Midden-Limburg verlengd per maand": {"by": "month", "subregion": "Midden-Limburg", "outcome": "verlengd",
                                          "month_from": date(2025, 1, 1), "month_to": date(2025, 12, 1)},
}


def _num(v):
    return v if isinstance(v, int) else (SUPPRESSED if v == SUPPRESSED else SECONDARY if v == SECONDARY else None)


def published_relations(wb, subregion_of: dict[str, str]) -> tuple[dict, list]:
    """Everything a reader learns from the workbook: published counts by key and the relations between them."""
    pub, rel = {}, []

    def put(key, v):
        v = _num(v)
        assert v is not None, (key, v)
        if key in pub:
            assert pub[key] == v, (key, pub[key], v)      # the same figure is the same in every table
        pub[key] = v

    ws = wb["Per gemeente"]
    head = [c.value for c in ws[1]]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
    labels = [r[0] for r in rows]
    munis = [x for x in labels if x in subregion_of]
    subs = [x for x in labels if x.startswith("Subregio ")]
    for r in rows:
        for m in MEASURES:
            put(("row", r[0], m), r[head.index(M[m])])
        rel.append((("row", r[0], "beoordelingen"), (("row", r[0], "huisverboden"), ("row", r[0], "geen_huisverbod"))))
    for m in MEASURES:
        rel.append((("row", TOTAL, m), tuple(("row", x, m) for x in munis)))
        for s in subs:
            rel.append((("row", s, m), tuple(("row", x, m) for x in munis if "Subregio " + subregion_of[x] == s)))
        if subs:
            rel.append((("row", TOTAL, m), tuple(("row", s, m) for s in subs)))
    ws = wb["Trend"]
    head = [c.value for c in ws[1]]
    periods = []
    for r in ws.iter_rows(min_row=2, values_only=True):
        key = TOTAL if r[0] == TOTAL else "periode " + r[0]
        if key != TOTAL:
            periods.append(key)
        for m in PERIOD_MEASURES:
            put(("row", key, m), r[head.index(M[m])])
    for m in PERIOD_MEASURES:
        rel.append((("row", TOTAL, m), tuple(("row", p, m) for p in periods)))
    ws = wb["Advies en besluit"]
    adv = {}
    for r in ws.iter_rows(min_row=2, values_only=True):
        adv[r[0]] = r
    for label, r in adv.items():
        if label == "Totaal":
            put(("row", TOTAL, "huisverboden"), r[1])
            put(("row", TOTAL, "geen_huisverbod"), r[2])
            put(("row", TOTAL, "beoordelingen"), r[3])
            continue
        put(("adv", label, "h"), r[1])
        put(("adv", label, "n"), r[2])
        put(("adv", label, "t"), r[3])
        rel.append((("adv", label, "t"), (("adv", label, "h"), ("adv", label, "n"))))
    parts = [x for x in adv if x != "Totaal"]
    rel.append((("row", TOTAL, "huisverboden"), tuple(("adv", x, "h") for x in parts)))
    rel.append((("row", TOTAL, "geen_huisverbod"), tuple(("adv", x, "n") for x in parts)))
    rel.append((("row", TOTAL, "beoordelingen"), tuple(("adv", x, "t") for x in parts)))
    ws = wb["Voor wie"]
    groups: dict[str, list] = {}
    for dim, label, n, _pct in ws.iter_rows(min_row=2, values_only=True):
        if dim == "Kinderen aanwezig" and label == "Ja":
            put(("row", TOTAL, "kinderen"), n)
            groups.setdefault(dim, []).append(("row", TOTAL, "kinderen"))
            continue
        put(("who", dim, label), n)
        groups.setdefault(dim, []).append(("who", dim, label))
    for dim, keys in groups.items():
        rel.append((("row", TOTAL, "huisverboden"), tuple(keys)))
    ws = wb["RiHG-signalen"]
    for code, _label, red, _pct in ws.iter_rows(min_row=2, values_only=True):
        put(("sig", code), red)
    return pub, rel


@pytest.fixture
def bigger_db(db):
    """The demo history plus a bench-like batch, so that both small and large cells occur."""
    from data import generator

    generator.generate(db, n_cases=3000, years=(2022, 2026), batch="test", last_month=date(2026, 4, 1))
    return db


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_no_suppressed_cell_can_be_recomputed_from_the_export(name, app, actors, bigger_db):
    db = bigger_db
    f = {"month_from": date(2022, 1, 1), "month_to": date(2026, 4, 1)}
    f.update(SCENARIOS[name])
    a = actors["beleid.regio"]
    wb = load_workbook(io.BytesIO(app.statistics.export_xlsx(a, f)))
    subregion_of = {r["name"]: r["subregion"] for r in db.query("SELECT name, subregion FROM municipality")}
    pub, rel = published_relations(wb, subregion_of)
    suppressed = [k for k, v in pub.items() if v in (SUPPRESSED, SECONDARY)]
    assert suppressed, "each scenario has something to protect"
    assert audit(pub, rel) == []

    # the truth, straight from the anonymous view, for the per-municipality table and the trend
    ex = app.statistics.explore(a, f)
    where = ["melding_month BETWEEN ? AND ?"]
    params = [ex.periods[0].key if f["by"] == "month" else date(int(ex.periods[0].key), 1, 1), None]
    params[0] = date.fromisoformat(params[0]) if isinstance(params[0], str) else params[0]
    last = ex.periods[-1].key
    params[1] = date.fromisoformat(last) if f["by"] == "month" else date(int(last), 12, 1)
    params[0] = max(params[0], f["month_from"])
    params[1] = min(params[1], f["month_to"])
    if f.get("signal"):
        where.append("substr(rihg_colours, 6, 1) = 'R'")          # B3 is the 6th signal
    if f.get("children") is not None:
        where.append("children_present = ?")
        params.append(f["children"])
    if f.get("relation"):
        where.append("relation = ?")
        params.append(f["relation"])
    if f.get("outcome") == "verlengd":
        where.append("decision_huisverbod AND extended")
    truth_sql = ("SELECT municipality, count(*) FILTER (WHERE decision_huisverbod) AS h, "
                 "count(*) FILTER (WHERE NOT decision_huisverbod) AS n, "
                 "count(*) FILTER (WHERE decision_huisverbod AND extended) AS v "
                 f"FROM v_case_anon WHERE {' AND '.join(where)} GROUP BY municipality")
    truth = {r["municipality"]: r for r in db.query(truth_sql, params)}
    ws = wb["Per gemeente"]
    head = [c.value for c in ws[1]]
    for r in ws.iter_rows(min_row=2, values_only=True):
        if r[0] not in subregion_of:
            continue
        t = truth.get(r[0], {"h": 0, "n": 0, "v": 0})
        for col, true in ((M["huisverboden"], t["h"]), (M["geen_huisverbod"], t["n"]), (M["verlengd"], t["v"])):
            got = r[head.index(col)]
            if got == SUPPRESSED:
                assert true < 5, (r[0], col, true)
            elif got == SECONDARY:
                assert true >= 5
            else:
                assert got == true, (r[0], col, got, true)
        rate, pct_v = r[head.index("Huisverboden per 10.000 inwoners per jaar")], r[head.index("% verlengd")]
        if r[head.index(M["huisverboden"])] in (SUPPRESSED, SECONDARY):
            assert not isinstance(rate, (int, float)) and not isinstance(pct_v, (int, float))
        if r[head.index(M["verlengd"])] in (SUPPRESSED, SECONDARY):
            assert not isinstance(pct_v, (int, float))
    # no small number anywhere in a count column of the workbook
    for sheet, cols in (("Per gemeente", [M[m] for m in MEASURES]), ("Trend", [M[m] for m in PERIOD_MEASURES]),
                        ("Advies en besluit", ["Huisverbod", "Geen huisverbod", "Totaal"]),
                        ("Voor wie", ["Huisverboden"]), ("RiHG-signalen", ["Aantal rood"])):
        ws = wb[sheet]
        head = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2, values_only=True):
            for c in cols:
                v = row[head.index(c)]
                assert v in (SUPPRESSED, SECONDARY) or (isinstance(v, int) and v >= 5), (sheet, c, v)


def test_csv_and_xlsx_say_the_same(app, actors, bigger_db):
    import csv

    f = {"month_from": date(2024, 1, 1), "month_to": date(2025, 12, 1), "by": "month", "municipalities": ["GM0944"]}
    a = actors["beleid.regio"]
    text = app.statistics.export_csv(a, f).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    wb = load_workbook(io.BytesIO(app.statistics.export_xlsx(a, f)))
    xlsx_trend = [[("" if v is None else str(v)) for v in r] for r in wb["Trend"].iter_rows(values_only=True)]
    start = rows.index(["Trend"]) + 1
    csv_trend = rows[start:start + len(xlsx_trend)]
    for xr, cr in zip(xlsx_trend, csv_trend):
        assert [v.replace(",", ".") for v in cr[:9]] == [v for v in xr[:9]] or cr[0] == xr[0]
        for v in cr[1:9]:
            assert v in (SUPPRESSED, SECONDARY) or not v.isdigit() or int(v) >= 5
