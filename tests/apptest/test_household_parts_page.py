"""Issue 14: a beschikking submitted before the household parts were asked (migration 015) is completed by the HOvJ
on 'Beschikking opstellen' — only the household parts, facts stay as submitted — and the burgemeester sees on
'Ondertekenen' what is still open."""
from __future__ import annotations

import streamlit as st

from tests.apptest.conftest import case_database, login_as
from tests.conftest import HOUSEHOLD


def _strip_household(db_path, case_id):
    from store.db import Database

    db = Database(db_path)
    try:
        with db.transaction() as cur:
            cur.execute("UPDATE household_member SET role_note = NULL WHERE case_id = ?", [case_id])
            cur.execute("UPDATE hv_case SET children_care = NULL, children_meaning = NULL WHERE id = ?", [case_id])
    finally:
        db.close()


def _read(path, case_id):
    from store import repo
    from store.db import Database

    st.cache_resource.clear()
    db = Database(path)
    try:
        return repo.get_case(db, case_id), repo.get_members(db, case_id)
    finally:
        db.close()


def test_hovj_completes_the_household_of_a_case_awaiting_signature(_template_db, tmp_path, monkeypatch):
    path, case_id, _ = case_database(_template_db, tmp_path, monkeypatch, until="submitted")
    _strip_household(path, case_id)
    st.cache_resource.clear()
    mayor = login_as("burgemeester.venlo", "burgemeester")
    mayor.run()
    mayor.switch_page("pages/ondertekenen.py")
    mayor.run()
    assert not mayor.exception
    warn = " ".join(w.value for w in mayor.warning)
    assert "nog niet compleet" in warn and "Ans Voorbeeld" in warn and "Beschikking opstellen" in warn

    at = login_as("hovj.noord", "hovj")
    at.run()
    at.switch_page("pages/beschikking.py")
    at.run()
    assert not at.exception
    assert any("huisgenoten ontbreken nog (1)" in m.value for m in at.markdown)
    q = f"hh_{case_id}_"
    before, members = _read(path, case_id)
    ans = next(m for m in members if m["name"] == "Ans Voorbeeld")
    at.text_area(key=q + f"role_{ans['id']}").input(HOUSEHOLD["adult_roles"]["Ans Voorbeeld"])
    at.text_area(key=q + "kcare").input(HOUSEHOLD["children_care"])
    at.text_area(key=q + "kmeaning").input(HOUSEHOLD["children_meaning"])
    next(b for b in at.button if b.label == f"Huisgenoten opslaan ({case_id})").click()
    at.run()
    assert not at.exception
    after, members = _read(path, case_id)
    assert after["children_care"] == HOUSEHOLD["children_care"]
    assert next(m for m in members if m["name"] == "Ans Voorbeeld")["role_note"] == \
        HOUSEHOLD["adult_roles"]["Ans Voorbeeld"]
    assert after["facts"] == before["facts"] and after["state"] == "besluit"
    assert not any("huisgenoten ontbreken nog" in m.value for m in at.markdown)
