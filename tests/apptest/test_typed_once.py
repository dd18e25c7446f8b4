"""Forms never make a user type a value the case already holds (issue 12, point 8: values typed twice in the whole
lifecycle — the goal is 0; tools.inventory counts them). Each test is a form that used to ask again."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import streamlit as st

from tests.apptest.conftest import case_database, login_as


def _page(user: str, role: str, page: str):
    at = login_as(user, role)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_new_household_row_starts_with_the_previous_basis_of_residence():
    at = _page("hovj.noord", "hovj", "pages/melding.py")
    at.text_input(key="mf_m0_basis").input("BRP")
    at.run()
    at.button[[b.label for b in at.button].index("Huisgenoot toevoegen")].click().run()
    assert not at.exception
    assert at.text_input(key="mf_m1_basis").value == "BRP"


@pytest.fixture
def melding_db(_template_db, tmp_path, monkeypatch):
    return case_database(_template_db, tmp_path, monkeypatch, until="melding")


def test_one_source_typed_once_backs_every_fact_without_its_own(melding_db):
    path, case_id, _ = melding_db
    p = f"rh_{case_id}_"
    at = _page("hovj.noord", "hovj", "pages/rihg.py")
    at.text_input(key=p + "src_all").input("PV 2026-0042")
    for code in ("B1", "B3"):
        at.radio(key=p + "col_" + code).set_value("rood")
    at.run()
    at.text_input(key=f"{p}fd_B1_0").input("Hij schold haar uit")
    at.text_input(key=f"{p}fd_B3_0").input("Hij duwde haar tegen de muur")
    at.text_input(key=f"{p}fs_B3_0").input("Verklaring buurvrouw")      # a fact from another source names it
    at.run()
    at.button[[b.label for b in at.button].index("Concept opslaan")].click().run()
    assert not at.exception
    from store.db import Database

    st.cache_resource.clear()
    db = Database(path)
    try:
        facts = {r["signal_code"]: r["source"] for r in db.query("SELECT signal_code, source FROM rihg_fact "
                                                                 "WHERE case_id = ?", [case_id])}
    finally:
        db.close()
    assert facts == {"B1": "PV 2026-0042", "B3": "Verklaring buurvrouw"}


@pytest.fixture
def served_db(_template_db, tmp_path, monkeypatch):
    def vt_event(db):
        from data.seed import actor_for
        from procedure.app import WthApp

        app = WthApp(db)
        case_id = db.scalar("SELECT id FROM hv_case")
        app.aftercare.add_event(actor_for(db, "politie.noord"), case_id, "naar_veilig_thuis",
                                occurred_at=datetime.now(timezone.utc) - timedelta(days=7),
                                organisation="Veilig Thuis Limburg-Noord")
    return case_database(_template_db, tmp_path, monkeypatch, until="served",
                         at=datetime.now(timezone.utc) - timedelta(days=8), extra=vt_event)


def test_the_zorgadvies_form_names_the_care_agency_the_case_already_has(served_db):
    _, case_id, _ = served_db
    p = f"ev_{case_id}_"
    at = _page("casemanager.noord", "casemanager", "pages/gebeurtenissen.py")
    at.selectbox(key=p + "kind").set_value("zorgadvies").run()
    assert not at.exception
    assert at.text_input(key=p + "org").value == "Veilig Thuis Limburg-Noord"
