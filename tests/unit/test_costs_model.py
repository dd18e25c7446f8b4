"""Unit tests for the cost module: tariffs per year, accounts, the yearly overview, VAT, budget and forecast,
the savings band and break-even, measured lead times, go / no-go, exports, the CBS import and the report."""
from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from costs import leadtimes as lt
from costs.accession import regional_decision
from costs.accounts import (
    AccountRecord,
    Organisation,
    accounts_for_year,
    validate_record,
)
from costs.export import display_rows, to_csv, to_xlsx
from costs.money import from_cents, pct_of, to_cents
from costs.overview import build_overview
from costs.population import parse_cbs_csv
from costs.procedures import BudgetStatus, elapsed_fraction, forecast_count
from costs.savings import DEFAULTS, Assumptions, break_even, savings
from costs.tariffs import TariffBook, TariffKind
from procedure.domain.errors import NotFound

MUNIS = [{"code": "GM0001", "name": "Alfa", "subregion": "Noord-Limburg"},
         {"code": "GM0002", "name": "Beta", "subregion": "Noord-Limburg"},
         {"code": "GM0003", "name": "Gamma", "subregion": "Midden-Limburg"}]
POP = [{"municipality_code": "GM0001", "year": 2020, "inhabitants": 30000, "source": "test"},
       {"municipality_code": "GM0002", "year": 2020, "inhabitants": 10000, "source": "test"},
       {"municipality_code": "GM0003", "year": 2020, "inhabitants": 5000, "source": "test"}]
TARIFFS = TariffBook([
    {"year": 2017, "kind": "tarief_per_procedure", "amount": Decimal("51.82"), "is_example": False},
    {"year": 2017, "kind": "btw_percentage", "amount": Decimal("21.00"), "is_example": False},
    {"year": 2017, "kind": "abonnement_per_account", "amount": Decimal("150.00"), "is_example": True},
    {"year": 2017, "kind": "aansluiting_per_account", "amount": Decimal("95.00"), "is_example": True},
    {"year": 2026, "kind": "abonnement_per_account", "amount": Decimal("160.00"), "is_example": True},
])


def test_money_rounds_half_up_to_the_cent():
    assert to_cents("51.82") == 5182 and to_cents(Decimal("0.005")) == 1 and from_cents(5182) == Decimal("51.82")
    assert pct_of(5182, Decimal(21)) == 1088      # 1088,22 -> 1088
    assert pct_of(50, Decimal(21)) == 11          # 10,5 -> 11 (half up)
    with pytest.raises(ValueError):
        to_cents("abc")


def test_tariff_holds_until_a_later_year_and_says_which_year():
    t = TARIFFS.get(TariffKind.SUBSCRIPTION, 2023)
    assert t.amount == Decimal("150.00") and t.source_year == 2017 and t.carried_forward and t.is_example
    assert TARIFFS.get(TariffKind.SUBSCRIPTION, 2025).amount == Decimal("150.00")
    assert TARIFFS.get(TariffKind.SUBSCRIPTION, 2026).amount == Decimal("160.00")
    assert TARIFFS.get(TariffKind.PROCEDURE, 2030).cents == 5182
    with pytest.raises(NotFound):
        TARIFFS.get(TariffKind.SUBSCRIPTION, 2016)
    # without rows, the fee and VAT fall back to costs.md
    empty = TariffBook([])
    assert empty.get(TariffKind.PROCEDURE, 2026).amount == Decimal("51.82")
    assert empty.get(TariffKind.VAT, 2026).amount == Decimal("21.00")


def test_accounts_carry_forward_but_connections_only_in_their_year():
    recs = [AccountRecord(2025, Organisation.GEMEENTE, "GM0001", 2, 4, 6),
            AccountRecord(2025, Organisation.POLITIE, "Noord-Limburg", 12, 0, 12),
            AccountRecord(2027, Organisation.POLITIE, "Noord-Limburg", 14, 0, 2)]
    y25, y26, y27 = (accounts_for_year(recs, y) for y in (2025, 2026, 2027))
    assert y25[(Organisation.GEMEENTE, "GM0001")].connections == 6
    assert y26[(Organisation.GEMEENTE, "GM0001")].connections == 0
    assert y26[(Organisation.GEMEENTE, "GM0001")].source_year == 2025
    assert y27[(Organisation.POLITIE, "Noord-Limburg")].accounts_new == 14
    assert (Organisation.GEMEENTE, "GM0001") not in accounts_for_year(recs, 2024)


def test_account_record_validation():
    codes = {"GM0001"}
    assert validate_record("gemeente", "GM0001", 2, 4, 6, codes) == []
    assert [f for f, _ in validate_record("procesmanagement", "Noord-Limburg", 1, 0, 0, codes)] == ["unit"]
    assert [f for f, _ in validate_record("politie", "Noord-Limburg", 1, 2, 0, codes)] == ["accounts_reused"]
    assert [f for f, _ in validate_record("gemeente", "GM0001", 1, 0, 5, codes)] == ["connections"]
    assert [f for f, _ in validate_record("gemeente", "GM0001", -1, 0, 0, codes)] == ["accounts_new"]
    assert validate_record("x", "GM0001", 1, 0, 0, codes)[0][0] == "organisation"


def _overview(year=2025, today=date(2025, 7, 2), counts=None, budgets=None, codes=None):
    recs = [AccountRecord(2025, Organisation.GEMEENTE, "GM0001", 2, 4, 6),
            AccountRecord(2025, Organisation.GEMEENTE, "GM0002", 2, 0, 2),
            AccountRecord(2025, Organisation.POLITIE, "Noord-Limburg", 10, 0, 10),
            AccountRecord(2025, Organisation.CASEMANAGEMENT, "Noord-Limburg", 3, 0, 3)]
    return build_overview(year=year, today=today, municipalities=MUNIS, population=POP, tariffs=TARIFFS,
                          accounts=recs, counts=counts or {"GM0001": {"procedures": 10, "huisverboden": 8}},
                          budgets=budgets or {"GM0001": 500000}, codes=codes or ["GM0001", "GM0002"])


def test_overview_first_year_by_hand():
    ov = _overview()
    a = ov.row("GM0001")
    # own: 2 subscriptions × 150 + 6 connections × 95 = 300 + 570
    assert a.ex["abonnement"] == 30000 and a.ex["aansluiting"] == 57000
    # police Noord: 10 × (150 + 95) = 2450,00 split 3:1 -> 1837,50 ; casemanagement 3 × 245 = 735 -> 551,25
    assert a.ex["politie"] == 183750 and a.ex["casemanagement"] == 55125 and a.ex["procesmanagement"] == 0
    assert ov.row("GM0002").ex["politie"] == 61250
    # procedures 10 × 51,82 = 518,20 ex, VAT 108,82
    assert a.procedures.ex_cents == 51820 and a.procedures.vat_cents == 10882
    assert a.total_ex == 30000 + 57000 + 183750 + 55125 + 51820
    assert a.total_incl == a.total_ex + sum(pct_of(v, Decimal(21)) for v in a.ex.values())
    tot = ov.totals()
    assert tot["politie"] == 245000 and tot["total_incl"] == tot["total_ex"] + tot["total_vat"]
    assert ov.uses_examples and ov.fee_incl_cents == 5182 + 1088


def test_overview_second_year_has_no_connection_costs_and_uses_the_newer_tariff():
    ov = _overview(year=2026, today=date(2026, 3, 1))
    a = ov.row("GM0001")
    assert a.ex["aansluiting"] == 0
    assert a.ex["abonnement"] == 2 * 16000 and ov.tariffs[TariffKind.SUBSCRIPTION].source_year == 2026
    assert ov.splits["Noord-Limburg"].population.year == 2020 and not ov.splits["Noord-Limburg"].population.exact


def test_budget_forecast_extrapolates_procedures_only():
    b = BudgetStatus(fixed_cents=100000, procedures_cents=20000, elapsed=Fraction(1, 4), budget_cents=150000)
    assert b.actual_cents == 120000 and b.forecast_cents == 180000 and b.forecast_over_budget
    assert b.remaining_cents == 30000 and b.used_pct == Decimal("80.0")
    assert BudgetStatus(100, 0, Fraction(0), None).forecast_cents == 100
    assert elapsed_fraction(2025, date(2026, 1, 1)) == 1 and elapsed_fraction(2027, date(2026, 1, 1)) == 0
    assert elapsed_fraction(2026, date(2026, 12, 31)) == 1
    assert forecast_count(3, Fraction(1, 4)) == Decimal("12.0")
    ov = _overview(today=date(2025, 7, 2))   # day 183 of 365
    a = ov.row("GM0001")
    assert a.budget.elapsed == Fraction(183, 365)
    assert a.budget.forecast_cents > a.budget.actual_cents


def test_savings_band_from_the_claims():
    a = DEFAULTS
    assert a.police_saved == (Decimal(2), Decimal(3))            # 4 - 3 = 1 h with the system: 3-1 .. 4-1
    assert a.municipality_saved == (Decimal("1.00"), Decimal("3.00"))
    lo, hi = a.euros_per_case()
    assert (lo, hi) == (2 * 6500 + 7000, 3 * 6500 + 3 * 7000)
    band = savings(a, 10)
    assert band.hours == (Decimal(30), Decimal(60)) and band.cents == (10 * lo, 10 * hi)
    with pytest.raises(ValueError):
        Assumptions(police_hours_low=Decimal(5), police_hours_high=Decimal(4)).validated()
    with pytest.raises(ValueError):
        Assumptions(municipality_saved_share=Decimal("1.5")).validated()


def test_break_even():
    assert break_even(100000, 20000, 6270) == 8          # 100000 / 13730 = 7,28 -> 8
    assert break_even(27460, 20000, 6270) == 2           # exactly 2
    assert break_even(0, 1, 2) == 0
    assert break_even(100, 6000, 6270) is None           # each case costs more than it saves


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**7), st.integers(1, 10**6), st.integers(0, 10**5))
def test_break_even_is_the_smallest_number_that_pays(fixed, saved, fee):
    n = break_even(fixed, saved, fee)
    if saved <= fee:
        assert n is None
    else:
        assert n * (saved - fee) >= fixed and (n - 1) * (saved - fee) < fixed


def test_lead_times_from_audit_rows():
    t = datetime(2026, 3, 5, 22, 0, tzinfo=UTC)
    rows = []
    for i, hours in enumerate([1.0, 2.0, 4.0]):
        cid = f"HV-{i}"
        rows += [{"case_id": cid, "action": "melding_geregistreerd", "occurred_at": t},
                 {"case_id": cid, "action": "rihg_afgerond", "occurred_at": t + timedelta(hours=hours / 2)},
                 {"case_id": cid, "action": "rihg_afgerond", "occurred_at": t + timedelta(hours=9)},   # later: ignored
                 {"case_id": cid, "action": "beschikking_ondertekend", "occurred_at": t + timedelta(hours=hours)},
                 {"case_id": cid, "action": "uitgereikt", "occurred_at": t + timedelta(hours=hours + 1)},
                 {"case_id": cid, "action": "gebeurtenis_huishouden_geinformeerd",
                  "occurred_at": t + timedelta(hours=hours + 2)}]
    rows.append({"case_id": "HV-0", "action": "gebeurtenis_naar_veilig_thuis", "occurred_at": t + timedelta(hours=5)})
    ms = lt.case_milestones(rows)
    assert "notificaties" in ms["HV-0"] and "notificaties" not in ms["HV-1"]   # both notifications needed
    d = lt.stage_durations(ms)
    assert {x["month"] for x in d} == {"2026-03"}
    total = [x for x in lt.monthly_stats(d) if x.stage == "melding_uitgereikt"][0]
    assert total.n == 3 and total.median_h == 3.0 and total.min_h == 2.0 and total.max_h == 5.0
    assert (total.p25_h, total.p75_h) == (2.5, 4.0)
    assert lt.overall_stats(d)["uitgereikt_notificaties"].n == 1
    # the month is the local (Amsterdam) month of the melding
    late = [{"case_id": "X", "action": "melding_geregistreerd", "occurred_at": datetime(2026, 3, 31, 23, 30,
                                                                                        tzinfo=UTC)},
            {"case_id": "X", "action": "rihg_afgerond", "occurred_at": datetime(2026, 4, 1, 1, 0, tzinfo=UTC)}]
    assert lt.stage_durations(lt.case_milestones(late))[0]["month"] == "2026-04"


def test_regional_go_only_when_all_agree():
    munis = [{"code": "A", "name": "Alfa"}, {"code": "B", "name": "Beta"}]
    assert regional_decision(munis, {"A": {"status": "akkoord"}, "B": {"status": "akkoord"}}).go
    d = regional_decision(munis, {"A": {"status": "akkoord"}})
    assert not d.go and d.pending == ["Beta"] and "NO-GO" in d.text()
    d = regional_decision(munis, {"A": {"status": "akkoord"}, "B": {"status": "afgewezen"}})
    assert not d.go and d.rejected == ["Beta"]
    assert not regional_decision([], {}).go


def test_csv_export_is_semicolon_with_decimal_comma_and_xlsx_keeps_numbers():
    cols = [("n", "Gemeente", "text"), ("e", "Bedrag", "euro"), ("i", "Aantal", "int")]
    rows = [{"n": "Bergen (L.)", "e": Decimal("1234.5"), "i": 3}, {"n": "Weert", "e": None, "i": 0}]
    data = to_csv(cols, rows)
    assert data.startswith("\ufeff".encode())
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert parsed == [["Gemeente", "Bedrag", "Aantal"], ["Bergen (L.)", "1234,50", "3"], ["Weert", "", "0"]]
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(to_xlsx([("Kosten", cols, rows)], ["VOORBEELD"])))
    assert wb.sheetnames == ["Toelichting", "Kosten"]
    ws = wb["Kosten"]
    assert ws["B2"].value == pytest.approx(1234.5) and "€" in ws["B2"].number_format
    assert {k: v.replace("\xa0", " ") for k, v in display_rows(cols, rows)[0].items()} == {"Gemeente": "Bergen (L.)", "Bedrag": "€ 1.234,50", "Aantal": "3"}


LABELLED_03759 = """\
"Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio"
"Geslacht";"Leeftijd";"Burgerlijke staat";"Regio's";"Perioden";"Bevolking op 1 januari (aantal)";"Gemiddelde bevolking (aantal)"
"Totaal mannen en vrouwen";"Totaal";"Totaal";"Venlo";"2024";"104099";"104500"
"Mannen";"Totaal";"Totaal";"Venlo";"2024";"52000";"52100"
"Totaal mannen en vrouwen";"Totaal";"Totaal";"Bergen (L.)";"2024";"13173";"13200"
"Totaal mannen en vrouwen";"Totaal";"Totaal";"Amsterdam";"2024";"918117";"920000"
"Totaal mannen en vrouwen";"Totaal";"Totaal";"Weert";"2024";".";"."
"Bron: CBS"
"""
TYPED_37230 = """\
ID;RegioS;Perioden;BevolkingAanHetBeginVanDePeriode_1;BevolkingAanHetEindeVanDePeriode_15
0;GM0983  ;2023MM12;103700;103800
1;GM0983  ;2024MM01;103800;103850
2;GM0957  ;2024MM01;59000;59010
3;GM0957  ;2024MM02;59010;59020
"""
REGION = [{"code": "GM0983", "name": "Venlo"}, {"code": "GM0893", "name": "Bergen (L.)"},
          {"code": "GM0988", "name": "Weert"}, {"code": "GM0957", "name": "Roermond"}]


def test_cbs_labelled_03759_export():
    pv = parse_cbs_csv(LABELLED_03759.encode("utf-8"), REGION, {("GM0983", 2024): 100000})
    assert pv.table == "03759ned" and pv.ok
    got = {(r.municipality_code, r.year): r.inhabitants for r in pv.rows}
    assert got == {("GM0983", 2024): 104099, ("GM0893", 2024): 13173}     # the "Mannen" row is skipped
    venlo = next(r for r in pv.rows if r.municipality_code == "GM0983")
    assert venlo.status == "wijziging" and venlo.change == 4099
    assert pv.skipped_regions == 1 and any("Weert" in n for n in pv.notes)
    assert pv.missing(["GM0983", "GM0893", "GM0988"]) == {2024: ["GM0988"]}


def test_cbs_typed_37230_export_takes_1_january():
    pv = parse_cbs_csv(TYPED_37230.encode("cp1252"), REGION)
    assert pv.table == "37230ned" and pv.ok
    got = {(r.municipality_code, r.year): r.inhabitants for r in pv.rows}
    # January's "begin" wins over December's "end" of the year before
    assert got == {("GM0983", 2024): 103800, ("GM0957", 2024): 59000}


@pytest.mark.parametrize("body,expect", [
    ("a;b\n1;2\n", "Perioden"),
    ('"Regio\'s";"Perioden";"Iets anders"\n"Venlo";"2024";"1"\n', "03759ned"),
    ('"Regio\'s";"Perioden";"Bevolking op 1 januari (aantal)"\n"Venlo";"2024";"veel"\n', "geen aantal"),
    ('"Regio\'s";"Perioden";"Bevolking op 1 januari (aantal)"\n"Venlo";"kwartaal 3";"1"\n', "niet herkend"),
    ('"Regio\'s";"Perioden";"Bevolking op 1 januari (aantal)"\n"Venlo";"2024";"1"\n"Venlo";"2024";"2"\n', "twee"),
])
def test_cbs_bad_files_give_dutch_messages(body, expect):
    try:
        pv = parse_cbs_csv(body.encode(), REGION)
    except ValueError as exc:
        assert expect in str(exc)
        return
    assert not pv.ok and any(expect in e for e in pv.errors), pv.errors


def test_report_pdf_marks_examples_and_shows_the_split():
    from pypdf import PdfReader

    from costs.accession import regional_decision as rd
    from costs.report import ReportInput, render_cost_report

    ov = _overview()
    bands = {r.code: savings(DEFAULTS, r.huisverboden) for r in ov.rows}
    pdf = render_cost_report(ReportInput(ov, "Testregio", datetime(2025, 7, 2, 10, tzinfo=UTC), DEFAULTS,
                                         bands, rd(MUNIS, {}), None, True))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\xa0", " ").split())
    assert "VOORBEELDBEDRAGEN" in text and "grootste overschotten" in text
    assert "€ 1.837,50" in text and "Inwoners van 2020" not in text and "2020" in text
    assert "NO-GO" in text
    assert pdf == render_cost_report(ReportInput(ov, "Testregio", datetime(2025, 7, 2, 10, tzinfo=UTC),
                                                 DEFAULTS, bands, rd(MUNIS, {}), None, True))   # deterministic


def test_lead_time_rows_follow_the_small_cell_rule():
    """Fewer than 5 cases in a month: n shown as '< 5' and no median or extremes (they would be one case's time)."""
    small = lt.StageStats("2026-03", "melding_uitgereikt", 4, 3.0, 2.0, 4.0, 1.0, 5.0)
    big = lt.StageStats("2026-04", "melding_uitgereikt", lt.SMALL_CELL, 3.0, 2.0, 4.0, 1.0, 5.0)
    r = lt.display_row(small)
    assert r["n"] == "< 5" and {r[k] for k in ("median", "p25", "p75", "min", "max")} == {None}
    r = lt.display_row(big)
    assert r["n"] == 5 and (r["median"], r["min"], r["max"]) == (3.0, 1.0, 5.0)


def test_periods_read_dutch_on_screen():
    """Month and quarter keys read the Dutch way on the axis and in the table (issue 17: ``jan 2026``)."""
    assert [lt.period_label(k) for k in ("2026-01", "2026-03", "2025-12", "2026-K1", "totaal")] == \
        ["jan 2026", "mrt 2026", "dec 2025", "K1 2026", "totaal"]
    row = lt.display_row(lt.StageStats("2026-05", "melding_uitgereikt", 7, 3.0, 2.0, 4.0, 1.0, 5.0))
    assert row["month"] == "mei 2026"


def test_lead_times_per_quarter_merge_the_months():
    d = [{"case_id": f"C{i}", "month": m, "stage": "melding_uitgereikt", "hours": float(i)}
         for i, m in enumerate(["2026-01", "2026-02", "2026-03", "2026-03", "2026-04"])]
    q = {x.month: x for x in lt.quarterly_stats(d)}
    assert set(q) == {"2026-K1", "2026-K2"} and q["2026-K1"].n == 4 and q["2026-K2"].n == 1
    assert lt.quarter_of("2026-12") == "2026-K4"
