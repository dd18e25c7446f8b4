"""The statistics pages through AppTest: an advisor answers "how did the number of orders per 10,000 inhabitants
develop in Midden-Limburg, and how often were they extended" without a name on screen; a municipal manager is
locked to his municipality; the SQL box refuses base tables on the page."""
from __future__ import annotations

import re

import pytest

from tests.apptest.conftest import html_tables, login_as


def _texts(at) -> str:
    parts = []
    for coll in (at.markdown, at.caption, at.info, at.warning, at.error, at.success, at.title, at.subheader):
        parts += [str(e.value) for e in coll]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for df in html_tables(at):
        parts.append(df.to_csv())
    return "\n".join(parts).replace("\\", "")


@pytest.fixture
def names(demo_db_path):
    """Every person name in the demo database (the page must show none of them)."""
    import streamlit as st

    from store.db import Database

    st.cache_resource.clear()
    db = Database(demo_db_path)
    try:
        rows = db.query("SELECT person_surname AS n FROM hv_case WHERE person_surname IS NOT NULL "
                        "UNION SELECT name FROM household_member")
    finally:
        db.close()
    st.cache_resource.clear()
    return {r["n"] for r in rows if r["n"] and len(r["n"]) > 3}


def test_advisor_answers_the_midden_limburg_question(names):
    at = login_as("beleid.regio", "beleidsadviseur")
    at.run()
    at.switch_page("pages/verkenner.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="vkw_sub").set_value("Midden-Limburg")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    text = _texts(at)
    assert "Midden-Limburg" in text
    trend = html_tables(at)[0]
    assert "Per 10.000 per jaar" in trend.columns and "% verlengd" in trend.columns
    years = [p for p in trend["Periode"] if re.match(r"^\d{4}", str(p))]
    assert len(years) >= 4                                        # the demo history covers several years
    shown_rates = [r for r in trend["Per 10.000 per jaar"] if re.match(r"^\d+,\d\d$", str(r))]
    assert shown_rates, trend                                     # region-level yearly rates are shown
    assert any(re.match(r"^\d+,\d %$", str(p)) for p in trend["% verlengd"])
    # per municipality: only Midden-Limburg municipalities
    per_gem = html_tables(at)[1]
    assert "Roermond" in set(per_gem["Gebied"]) and "Venlo" not in set(per_gem["Gebied"])
    leaked = [n for n in names if n in text]
    assert leaked == [], leaked


def test_small_counts_never_reach_the_screen():
    """Mook en Middelaar (7,879 inhabitants) per month: almost everything is small and shows '< 5'."""
    at = login_as("beleid.regio", "beleidsadviseur")
    at.run()
    at.switch_page("pages/verkenner.py")
    at.run()
    at.multiselect(key="vkw_munis").set_value(["GM0944"])
    at.segmented_control(key="vkw_by").set_value("month")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    from procedure.domain.statistics import MEASURE_LABELS, PERIOD_MEASURES

    trend = html_tables(at)[0]
    for col in [MEASURE_LABELS[m] for m in PERIOD_MEASURES]:
        for v in trend[col]:
            assert v in ("< 5", "x") or int(str(v).replace(".", "")) >= 5, (col, v)


def test_municipal_manager_sees_only_his_municipality():
    at = login_as("manager.venlo", "manager")
    at.run()
    at.switch_page("pages/verkenner.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    per_gem = html_tables(at)[1]
    assert set(per_gem["Gebied"]) == {"Venlo", "Totaal selectie"}
    assert "SQL (gevorderd)" not in [t.label for t in at.tabs]


def test_sql_box_on_the_page_refuses_base_tables_and_runs_a_view_query():
    at = login_as("beleid.regio", "beleidsadviseur")
    at.run()
    at.switch_page("pages/verkenner.py")
    at.run()
    at.text_area(key="vk_sql").input("SELECT person_surname FROM hv_case")
    next(b for b in at.button if b.label == "Uitvoeren").click()
    at.run()
    assert not at.exception
    assert any("niet toegestaan" in e.value for e in at.error)
    at.text_area(key="vk_sql").input("SELECT subregion, count(*) AS n FROM v_case_anon GROUP BY ALL ORDER BY ALL")
    next(b for b in at.button if b.label == "Uitvoeren").click()
    at.run()
    assert not at.exception
    assert not at.error
    result = html_tables(at)[-1]
    assert list(result.columns) == ["subregion", "n", "_zaken_in_groep"] and set(result["subregion"]) == {
        "Noord-Limburg", "Midden-Limburg"}
    assert (result["_zaken_in_groep"].str.replace(".", "").astype(int) >= 5).all()   # shown as Dutch text
    # a query that would show single cases: rows of fewer than 5 cases are left out, and the page says so
    at.text_area(key="vk_sql").input("SELECT melding_month, hours_to_decision, count(*) AS n FROM v_case_anon "
                                     "GROUP BY ALL")
    next(b for b in at.button if b.label == "Uitvoeren").click()
    at.run()
    assert not at.exception and not at.error
    assert any("niet getoond" in i.value and "minder dan 5 zaken" in i.value for i in at.info)


@pytest.mark.parametrize("user,role", [("manager.venlo", "manager"), ("beleid.regio", "beleidsadviseur")])
def test_overzicht_is_a_short_summary_with_a_link(user, role):
    at = login_as(user, role)
    at.run()
    at.switch_page("pages/overzicht.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert [m.label for m in at.metric][:2] == ["Risicotaxaties", "Huisverboden"]
    table = html_tables(at)[0].drop(columns=["Subregio", "Gemeente"])     # the pivot's index is shown as columns
    for v in table.to_numpy().ravel():
        assert v == "< 5" or int(str(v).replace(".", "")) >= 5


def test_period_the_wrong_way_round_gives_a_dutch_message_and_keeps_the_input():
    from datetime import date

    at = login_as("beleid.regio", "beleidsadviseur")
    at.run()
    at.switch_page("pages/verkenner.py")
    at.run()
    at.selectbox(key="vkw_from").set_value(date(2025, 6, 1))
    at.selectbox(key="vkw_to").set_value(date(2024, 1, 1))
    at.run()
    assert not at.exception
    assert any("beginmaand ligt na de eindmaand" in e.value for e in at.error), [e.value for e in at.error]
    assert at.selectbox(key="vkw_from").value == date(2025, 6, 1)      # the input is kept
