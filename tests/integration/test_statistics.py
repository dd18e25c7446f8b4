"""Statistics on a real DuckDB file: the anonymous view, the synthetic generator and its calibration
(procedure.md section 8), the explorer's scope rules and figures, exports."""
from __future__ import annotations

import csv
import io
import time
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook

from procedure.domain.errors import NotAuthorized, ValidationError
from tests.conftest import walk

PERSONAL = {"person_given_names", "person_surname", "person_bsn", "person_phone", "person_email", "street",
            "house_number", "postcode", "city", "incident_description", "facts", "threatened_persons",
            "why_this_person", "contact_address", "decision_reasons", "advice_text", "new_facts", "id", "case_id",
            "created_at", "served_at", "end_at", "person_birth_date", "key_description", "withdrawal_reasons"}


def all_time(**over):
    f = {"month_from": date(2000, 1, 1), "month_to": date(2030, 12, 1), "by": "year"}
    f.update(over)
    return f


def test_anonymous_view_has_no_personal_columns_and_includes_live_cases(app, actors, db):
    case_id = walk(app, actors, until="served")
    cols = {r["column_name"] for r in db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'v_case_anon'")}
    assert cols and not (cols & PERSONAL), cols & PERSONAL
    live = db.query("SELECT * FROM v_case_anon WHERE source = 'zaak'")
    assert len(live) == 1
    row = live[0]
    assert row["outcome"] == "huisverbod" and row["served"] and row["children_present"]
    assert row["relation"] == "partner" and row["person_age_band"] == "45-54"
    assert len(row["rihg_colours"]) == 20 and row["rihg_colours"].count("R") == 2
    assert row["rihg_red_mask"] and bin(row["rihg_red_mask"]).count("1") == 2
    assert row["hours_to_signature"] > 0
    text = repr(live)
    for secret in ("Voorbeeld", "Kerkstraat", "5911", case_id):
        assert secret not in text


def test_generator_is_calibrated_and_fast(db):
    from data import generator

    t = time.perf_counter()
    n = generator.generate(db, n_cases=20_000, years=(2023, 2025), batch="test")
    took = time.perf_counter() - t
    assert n == 20_000 and took < 10
    r = db.query("""SELECT count(*) AS n, avg(CASE WHEN NOT decision_huisverbod THEN CAST(1 AS DOUBLE) ELSE 0 END) AS no_order,
        avg(CASE WHEN extended THEN CAST(1 AS DOUBLE) ELSE 0 END) FILTER (WHERE decision_huisverbod) AS ext,
        avg(CASE WHEN withdrawn THEN CAST(1 AS DOUBLE) ELSE 0 END) FILTER (WHERE decision_huisverbod) AS wd,
        avg(CASE WHEN appealed THEN CAST(1 AS DOUBLE) ELSE 0 END) FILTER (WHERE decision_huisverbod) AS app,
        avg(CASE WHEN children_present THEN CAST(1 AS DOUBLE) ELSE 0 END) FILTER (WHERE decision_huisverbod) AS kids,
        bool_and(is_synthetic) AS synthetic, min(melding_month) AS lo, max(melding_month) AS hi
        FROM case_stats_history WHERE batch = 'test'""")[0]
    assert abs(r["no_order"] - 0.22) < 0.02, r            # procedure.md 8: ~22 % of assessments without order
    assert abs(r["ext"] - 0.38) < 0.03, r                 # ~38 % extended
    assert 0.01 < r["wd"] < 0.09, r                       # a few % withdrawn
    assert r["app"] < 0.05, r                             # appeals rare
    assert abs(r["kids"] - 0.70) < 0.03, r                # children in ~70 %
    assert r["synthetic"] and r["lo"] == date(2023, 1, 1) and r["hi"] == date(2025, 12, 1)
    # Venlo (largest) gets more than Mook en Middelaar (smallest), in proportion to inhabitants
    per = {x["municipality_code"]: x["n"] for x in db.query(
        "SELECT municipality_code, count(*) AS n FROM case_stats_history WHERE batch = 'test' GROUP BY 1")}
    assert 10 < per["GM0983"] / per["GM0944"] < 16
    # replacing a batch does not add up
    generator.generate(db, n_cases=1000, years=(2023, 2023), batch="test")
    assert db.scalar("SELECT count(*) FROM case_stats_history WHERE batch = 'test'") == 1000


def test_demo_history_matches_two_orders_per_10000(db):
    """The template's create_demo already ran seed_history: ~2 orders per 10,000 inhabitants per year."""
    rows = db.query("SELECT count(*) FILTER (WHERE decision_huisverbod) AS orders, count(*) AS n, "
                    "count(DISTINCT melding_month) AS months, bool_and(is_synthetic) AS synthetic "
                    "FROM case_stats_history WHERE batch = 'demo'")[0]
    inhabitants = db.scalar("SELECT sum(inhabitants) FROM population")
    per_10k_year = rows["orders"] / inhabitants * 10_000 / (rows["months"] / 12)
    assert 1.6 < per_10k_year < 2.4, per_10k_year
    assert rows["synthetic"]


def test_seed_history_is_fast_and_idempotent(db):
    from data.generator import seed_history

    db.query("DELETE FROM case_stats_history")
    t = time.perf_counter()
    n = seed_history(db, datetime(2026, 5, 1, tzinfo=timezone.utc))
    assert n > 300 and time.perf_counter() - t < 2
    assert seed_history(db, datetime(2026, 5, 1, tzinfo=timezone.utc)) == 0


@pytest.mark.duckdb_only      # the command line on a DuckDB file
def test_generator_command(tmp_path, capsys):
    from data.generator import main

    path = tmp_path / "bench.duckdb"
    assert main(["--db", str(path), "--cases", "1500", "--years", "2024-2025"]) == 0
    assert "1500 synthetische rijen" in capsys.readouterr().out
    assert main(["--db", str(path), "--cases", "10", "--years", "2025-2024"]) == 2


def test_roles_and_scope(app, actors):
    for user in ("hovj.noord", "burgemeester.venlo", "beheer", "oov.venlo"):
        with pytest.raises(NotAuthorized):
            app.statistics.explore(actors[user], all_time())
    venlo = app.statistics.explore(actors["manager.venlo"], all_time())
    assert [r.label for r in venlo.municipalities] == ["Venlo"]
    with pytest.raises(NotAuthorized):
        app.statistics.explore(actors["manager.venlo"], all_time(municipalities=["GM0957"]))
    region = app.statistics.explore(actors["manager.regio"], all_time())
    assert len(region.municipalities) == 15 and len(region.subregions) == 2
    assert app.statistics.stats_options(actors["manager.venlo"])["locked"] is True
    assert app.statistics.stats_options(actors["beleid.regio"])["sql"] is True
    assert app.statistics.stats_options(actors["manager.regio"])["sql"] is False


def test_bad_filters_give_dutch_field_errors(app, actors):
    with pytest.raises(ValidationError) as e:
        app.statistics.explore(actors["beleid.regio"], all_time(month_from=date(2026, 5, 1), month_to=date(2025, 1, 1),
                                                     outcome="raar", signal="Z9", by="week"))
    assert set(e.value.field_errors) == {"period", "outcome", "signal", "by"}
    assert "beginmaand" in e.value.field_errors["period"]


def test_midden_limburg_orders_per_10000_and_extensions(app, actors, db):
    """The issue's question, answered by the service: per year in Midden-Limburg, the rate and % extended."""
    ex = app.statistics.explore(actors["beleid.regio"], all_time(subregion="Midden-Limburg"))
    assert {r.label for r in ex.municipalities} == {"Echt-Susteren", "Leudal", "Maasgouw", "Nederweert", "Roerdalen",
                                                     "Roermond", "Weert"}
    inhabitants = db.scalar("SELECT sum(inhabitants) FROM v_population WHERE subregion = 'Midden-Limburg'")
    full_years = [r for r in ex.periods if r.label.isdigit()]
    assert len(full_years) >= 3
    for r in full_years:
        orders = db.scalar("SELECT count(*) FROM v_case_anon WHERE subregion = 'Midden-Limburg' AND melding_year = ? "
                           "AND decision_huisverbod", [int(r.label)])
        extended = db.scalar("SELECT count(*) FROM v_case_anon WHERE subregion = 'Midden-Limburg' AND melding_year = ? "
                             "AND decision_huisverbod AND extended", [int(r.label)])
        if orders >= 5:
            assert r.counts["huisverboden"].value == orders
            assert r.extra["rate"].value == pytest.approx(orders / inhabitants * 10_000, abs=0.01)
        if orders >= 5 and extended >= 5 and not r.counts["verlengd"].suppressed:
            assert r.extra["pct_verlengd"].value == pytest.approx(100 * extended / orders, abs=0.05)


def test_filters_narrow_the_figures(app, actors):
    a = actors["beleid.regio"]
    everything = app.statistics.explore(a, all_time()).total.counts["beoordelingen"].value
    kids = app.statistics.explore(a, all_time(children=True)).total.counts["beoordelingen"].value
    b3 = app.statistics.explore(a, all_time(signal="B3")).total.counts["beoordelingen"].value
    partner = app.statistics.explore(a, all_time(relation="partner")).total.counts["beoordelingen"].value
    orders = app.statistics.explore(a, all_time(outcome="huisverbod")).total
    assert everything > kids > 0 and everything > b3 > 0 and everything > partner > 0
    assert orders.counts["geen_huisverbod"].shown in ("< 5", "x") or orders.counts["geen_huisverbod"].value == 0


def test_exports_carry_only_protected_figures(app, actors):
    a = actors["beleid.regio"]
    f = all_time(municipalities=["GM0944", "GM0889"], by="month", month_from=date(2024, 1, 1),
                 month_to=date(2025, 12, 1))
    ex = app.statistics.explore(a, f)
    text = app.statistics.export_csv(a, f).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert any("< 5" in r for r in rows)
    wb = load_workbook(io.BytesIO(app.statistics.export_xlsx(a, f)))
    assert {"Per gemeente", "Trend", "RiHG-signalen", "Advies en besluit", "Voor wie", "Toelichting"} <= set(wb.sheetnames)
    # every number in the workbook is >= 5 or a rate/percentage/duration (never a small count)
    ws = wb["Trend"]
    head = [c.value for c in ws[1]]
    from procedure.domain.statistics import MEASURE_LABELS, PERIOD_MEASURES

    count_cols = [head.index(MEASURE_LABELS[m]) for m in PERIOD_MEASURES]
    for row in ws.iter_rows(min_row=2, values_only=True):
        for i in count_cols:
            assert row[i] in ("< 5", "x") or (isinstance(row[i], int) and row[i] >= 5), (head[i], row[i])
    assert len(ex.periods) == 24


def test_landing_statistics_never_hands_out_small_counts(app, actors):
    walk(app, actors, until="melding")
    for user in ("beleid.regio", "manager.regio", "manager.venlo"):
        rows = app.statistics.statistics(actors[user])
        assert rows
        for r in rows:
            assert (r["n"] is None and r["n_shown"] == "< 5") or r["n"] >= 5
    assert {r["municipality"] for r in app.statistics.statistics(actors["manager.venlo"])} == {"Venlo"}
