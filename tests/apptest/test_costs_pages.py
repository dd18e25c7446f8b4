"""AppTest for the cost pages: each page for each role that has it; a municipal manager sees his
municipality, the regional manager the region; the beheerder edits tariffs and council decisions."""
from __future__ import annotations

import re

import pytest
import streamlit as st

from tests.apptest.conftest import login_as


def _open(username: str, role: str, page: str):
    at = login_as(username, role)
    at.run()
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error], [e.value for e in at.error]
    return at


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info] \
        + [w.value for w in at.warning] + [s.value for s in at.success] + [t.value for t in at.title]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def _table_text(at) -> str:
    """Every table's text: data grids (st.dataframe) and read-only HTML tables (st.html, issue 17's ui/tables.py)."""
    grids = [df.value.to_csv() for df in at.dataframe]
    html = [str(getattr(e.proto, "body", "")) for e in at.get("html")]
    return "\n".join(grids + html)


def test_kosten_municipal_manager_sees_his_municipality():
    at = _open("manager.venlo", "manager", "kosten")
    assert "Gemeente Venlo" in _text(at)
    assert not [s for s in at.selectbox if s.label == "Weergave"]      # no region picker
    tables = _table_text(at)
    assert "Venlo" in tables
    # his cost table has only Venlo; Roermond (other sub-region) appears nowhere
    assert "Roermond" not in tables
    assert "Voorbeeldtarieven" in _text(at)                            # example tariffs are marked
    assert any(m.label == "Partneraandeel excl. btw" for m in at.metric)
    assert any(m.label == "Aandeel Venlo" for m in at.metric)          # his share of the partners


def test_kosten_regional_manager_sees_the_region():
    at = _open("manager.regio", "manager", "kosten")
    text = _text(at)
    assert "Veiligheidsregio Limburg-Noord" in text
    tables = _table_text(at)
    for name in ("Venlo", "Roermond", "Weert", "Mook en Middelaar"):
        assert name in tables
    assert "Noord-Limburg" in text and "Midden-Limburg" in text
    assert "grootste overschotten" in text                              # the rounding rule is shown
    assert "2020" in text                                               # which population year was used


def test_kosten_regional_manager_narrows_to_one_municipality_and_makes_the_pdf():
    at = _open("manager.regio", "manager", "kosten")
    at.selectbox(key="kosten_view").set_value("GM0957").run()
    assert not at.exception
    tables = _table_text(at)
    assert "Roermond" in tables and "Venlo" not in tables.split("Verdeling")[0]
    at.button(key="kosten_make_pdf").click().run()
    assert not at.exception and not at.error
    assert at.session_state["kosten_pdf"][2][:5] == b"%PDF-"


def test_tijdsbesparing_for_both_managers():
    at = _open("manager.venlo", "manager", "tijdsbesparing")
    text = _text(at)
    assert "Gemeente Venlo" in text and "Gemeten doorlooptijden" in "\n".join(s.value for s in at.subheader)
    at = _open("manager.regio", "manager", "tijdsbesparing")
    assert any("Uren bespaard" in m.label for m in at.metric)
    # months read the Dutch way in the lead-time table and on the chart's axis (issue 17: "jan 2026", never "2026-01")
    shown = _table_text(at) + "\n" + _text(at)
    assert re.search(r"\b(jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) 20\d\d\b", shown), shown[-2000:]
    assert not re.search(r"\b20\d\d-(0[1-9]|1[0-2]|K[1-4])\b", shown), shown[-2000:]
    at.session_state["tijd_per"] = "kwartaal"     # per quarter: enough cases per group for the chart to be drawn
    at.run()
    charts = [e.proto.spec + str(e.proto.datasets) for e in at.get("vega_lite_chart") if '"Maand"' in e.proto.spec]
    assert charts and re.search(r"K[1-4] 20\d\d", charts[0]) and not re.search(r"20\d\d-K[1-4]", charts[0])
    # an edited assumption is applied and used
    at.number_input(key="sv_police_max_saved_hours").set_value(1.0)
    at.button(key="sv_apply").click().run()
    assert not at.exception
    assert at.session_state["savings_assumptions"].police_max_saved_hours == 1


def test_tijdsbesparing_inconsistent_assumption_gives_a_dutch_message():
    at = _open("manager.regio", "manager", "tijdsbesparing")
    at.number_input(key="sv_police_hours_low").set_value(9.0)
    at.button(key="sv_apply").click().run()
    assert not at.exception
    assert any("Politie" in e.value for e in at.error)


def test_aansluiting_manager_views_beheerder_edits():
    at = _open("manager.venlo", "manager", "aansluiting")
    assert any("NO-GO" in w.value for w in at.warning)   # the regional status banner
    text = _text(at)
    assert "Nederweert" in text and "(uw gemeente)" in text
    assert not [b for b in at.button if b.key == "acc_save"]     # managers only view
    at = login_as("beheer", "beheerder")
    at.run()
    at.switch_page("pages/aansluiting.py")
    at.run()
    assert not at.exception
    at.selectbox(key="acc_code").set_value("GM0946").run()
    prefix = [k for k in at.session_state if str(k).startswith("acc_GM0946_") and str(k).endswith("status")][0][:-6]
    at.radio(key=prefix + "status").set_value("akkoord").run()
    at.button(key="acc_save").click().run()      # no date and no reference: messages at the fields
    assert not at.exception
    assert any("Datum raadsbesluit" in e.value or "Kenmerk" in e.value for e in at.error)
    assert at.radio(key=prefix + "status").value == "akkoord"    # input kept


@pytest.mark.parametrize("tab_check", ["Tarieven", "Accounts", "Inwoners", "Budgetten"])
def test_tarieven_page_for_beheerder(tab_check):
    at = _open("beheer", "beheerder", "tarieven")
    assert tab_check in [t.label for t in at.tabs]


def test_tarieven_bad_amount_message_next_to_field():
    at = _open("beheer", "beheerder", "tarieven")
    at.text_input(key="tf_amount").set_value("veertig")
    at.button(key="FormSubmitter:tarief_form-Opslaan").click().run()
    assert not at.exception
    assert any("Bedrag" in e.value for e in at.error)
    assert at.text_input(key="tf_amount").value == "veertig"


def test_tarieven_save_shows_success_and_history():
    at = _open("beheer", "beheerder", "tarieven")
    at.selectbox(key="tf_kind").set_value("tarief_per_procedure")
    at.number_input(key="tf_year").set_value(2099)       # a far future year: no other test's figures change
    at.text_input(key="tf_amount").set_value("53,10")
    at.checkbox(key="tf_example").uncheck()
    at.button(key="FormSubmitter:tarief_form-Opslaan").click().run()
    assert not at.exception and not at.error
    assert any("Tarief opgeslagen" in s.value for s in at.success)
    assert "53,10" in _table_text(at) or "53.1" in _table_text(at)
    assert any(e.label == "Geschiedenis van de tarieven" for e in at.expander)


# -- issue 17, section 3: a manager's page that reconciles ---------------------------------------------------------
def _flat(node) -> list:
    """The page's elements in the order they are drawn (blocks such as tabs and columns opened)."""
    kids = getattr(node, "children", None)
    if isinstance(kids, dict):
        return [e for k in sorted(kids) for e in _flat(kids[k])]
    return [node]


def _words(el) -> str:
    return f"{getattr(el, 'label', '') or ''} {getattr(el, 'value', '') or ''}"


def test_kosten_starts_with_what_a_manager_must_know_then_tiles_then_tabs():
    at = _open("manager.regio", "manager", "kosten")
    year = at.selectbox(key="kosten_year").value
    assert [t.label for t in at.tabs] == ["Per gemeente", "Per kostensoort", "Partnerverdeling", "Budget", "Tarieven",
                                          "Raadsvoorstel", "Cijfers naast elkaar"]
    flat = _flat(at.main)
    kinds = [type(e).__name__ for e in flat]
    first_metric, first_tab_content = kinds.index("Metric"), kinds.index("Subheader")
    top = " ".join(_words(e) for e in flat[:first_metric])
    # NO-GO (the demo's Nederweert has not decided): every amount is a prognose, said before any figure
    assert "PROGNOSE — niet gefactureerd" in top and "Nederweert" in top
    # the billing year's CBS figures are missing: said at the top, with the one action that fixes it
    assert f"Inwonertallen {year} ontbreken" in top and "03759ned" in top and "Tarieven en inwoners" in top
    assert first_metric < first_tab_content                      # tiles first, then the tabs' sections
    assert any(m.label == f"Kosten {year}" and "prognose" in str(m.delta) for m in at.metric)
    text = _text(at)
    assert "mzelst" not in text and ".csv" not in text            # no dataset path in small print
    assert "Inwoners: CBS StatLine 37230ned" in text and "peiljaar 2020" in text
    assert "prognose — raad: nog niet besloten" in _table_text(at)      # Nederweert's row
    # the reconciliation tab: its procedures are the tile's procedures
    tile = next(m for m in at.metric if m.label == f"Procedures {year} (aantal)").value
    rec = [m for m in at.metric if m.label == "Meldingen" and m.delta == "= Kosten: procedures"]
    assert rec and str(rec[0].value) == str(tile)


def test_kosten_is_billed_when_every_council_has_agreed(demo_db_path, tmp_path, monkeypatch):
    import shutil
    from datetime import date

    from data.seed import actor_for
    from procedure.app import WthApp
    from store.db import Database

    path = tmp_path / "go.duckdb"
    shutil.copy(demo_db_path, path)
    db = Database(path)
    app = WthApp(db)
    beheer = actor_for(db, "beheer")
    row = next(r for r in app.costs.accession_overview(beheer)[0] if r["code"] == "GM0946")
    app.costs.set_accession(beheer, "GM0946", row["version"], status="akkoord", decided_on=date(2024, 12, 1),
                            reference="RB-2024-9 (test)")
    db.close()
    st.cache_resource.clear()
    monkeypatch.setenv("WTH_DB_PATH", str(path))
    at = _open("manager.venlo", "manager", "kosten")
    year = at.selectbox(key="kosten_year").value
    assert not any("PROGNOSE" in w.value for w in at.warning)
    assert any(m.label == f"Kosten {year}" and m.delta == "incl. btw" for m in at.metric)
    assert "gefactureerd" in _table_text(at) and "prognose —" not in _table_text(at)
    assert any(f"Inwonertallen {year} ontbreken" in w.value for w in at.warning)   # population is a separate matter


def test_overzicht_shows_how_the_figures_add_up_for_managers_only():
    at = _open("manager.regio", "manager", "overzicht")
    assert any(m.label == "Meldingen" and m.delta == "= Kosten: procedures" for m in at.metric)
    assert "Tijdsbesparing: huisverboden" in _text(at)
    at.selectbox(key="ov_rec_view").set_value("GM0983").run()
    assert not at.exception and "Gemeente Venlo" in _text(at)
    at = _open("beleid.regio", "beleidsadviseur", "overzicht")
    assert not any(m.label == "Meldingen" for m in at.metric)


def test_a_no_go_year_is_a_prognose_on_tijdsbesparing_and_aansluiting_says_why():
    at = _open("manager.venlo", "manager", "tijdsbesparing")
    year = at.selectbox(key="tijd_year").value
    assert any(m.label == f"Kosten {year} incl. btw (prognose)" for m in at.metric)
    at = _open("manager.venlo", "manager", "aansluiting")
    assert any("NO-GO" in w.value and "wordt niets gefactureerd" in w.value for w in at.warning)
