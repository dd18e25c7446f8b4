"""Costs follow the accession state (issue 17): a year is billed only when every council had agreed by its end (or by
today in the current year); otherwise every amount is a prognose and a municipality that has not joined is never
billed (costs/accession.py)."""
from __future__ import annotations

from datetime import date

from costs.accession import billing_for_year

MUNIS = [{"code": "GM1", "name": "Alfa"}, {"code": "GM2", "name": "Beta"}]


def _rows(**status):
    return {code: {"status": s, "decided_on": d} for code, (s, d) in status.items()}


def test_billed_only_when_all_agreed_by_the_end_of_the_year():
    rows = _rows(GM1=("akkoord", date(2024, 3, 1)), GM2=("akkoord", date(2025, 6, 1)))
    b2024 = billing_for_year(MUNIS, rows, 2024, today=date(2026, 5, 1))
    assert b2024.forecast and not b2024.billed("GM1") and b2024.decision.pending == ["Beta"]
    assert b2024.label("GM1") == "prognose — raad: akkoord" and b2024.label("GM2") == "prognose — raad: nog niet besloten"
    assert "PROGNOSE" in b2024.text() and "Beta" in b2024.text() and "31-12-2024" in b2024.text()
    b2025 = billing_for_year(MUNIS, rows, 2025, today=date(2026, 5, 1))
    assert not b2025.forecast and b2025.billed("GM1") and b2025.billed("GM2") and b2025.label("GM2") == "gefactureerd"


def test_the_current_year_is_judged_on_today_and_a_rejection_blocks_everyone():
    rows = _rows(GM1=("akkoord", date(2026, 1, 5)), GM2=("akkoord", date(2026, 9, 1)))
    assert billing_for_year(MUNIS, rows, 2026, today=date(2026, 5, 1)).forecast        # Beta's date lies after today
    assert not billing_for_year(MUNIS, rows, 2026, today=date(2026, 9, 1)).forecast
    rejected = billing_for_year(MUNIS, _rows(GM1=("akkoord", date(2024, 1, 1)), GM2=("afgewezen", date(2024, 2, 1))),
                                2025, today=date(2026, 1, 1))
    assert rejected.forecast and not rejected.billed("GM1") and rejected.label("GM2") == "prognose — raad: afgewezen"


def test_no_record_is_pending_and_an_undated_agreement_counts_from_the_start():
    assert billing_for_year(MUNIS, {}, 2025, today=date(2026, 1, 1)).decision.pending == ["Alfa", "Beta"]
    undated = _rows(GM1=("akkoord", None), GM2=("akkoord", None))
    assert not billing_for_year(MUNIS, undated, 2017, today=date(2026, 1, 1)).forecast
