"""The cost services on a real DuckDB file: role and scope checks, counts from the case data, changes with
history and audit rows, the CBS import round trip, measured lead times, and the demo seed."""
from __future__ import annotations

import time
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from procedure.domain.errors import ConcurrencyConflict, NotAuthorized, ValidationError
from tests.conftest import walk


def _audit(db, action):
    return db.query("SELECT * FROM audit_log WHERE action = ? ORDER BY id", [action])


def test_scope_municipal_and_regional_manager(app, actors):
    venlo = app.costs.cost_scope(actors["manager.venlo"])
    assert venlo.codes == ["GM0983"] and not venlo.regional and venlo.label == "Gemeente Venlo"
    region = app.costs.cost_scope(actors["manager.regio"])
    assert len(region.codes) == 15 and region.regional
    ov = app.costs.cost_overview(actors["manager.venlo"], 2026)
    assert [r.code for r in ov.rows] == ["GM0983"]
    assert list(ov.splits) == ["Noord-Limburg"]              # his sub-region's split only
    assert len(ov.splits["Noord-Limburg"].shares) == 8
    with pytest.raises(NotAuthorized):
        app.costs.cost_overview(actors["manager.venlo"], 2026, ["GM0957"])
    with pytest.raises(NotAuthorized):
        app.costs.lead_times(actors["manager.venlo"], 12, ["GM0957"])
    assert len(app.costs.cost_overview(actors["manager.regio"], 2026).rows) == 15


@pytest.mark.parametrize("username", ["hovj.noord", "burgemeester.venlo", "beleid.regio", "beheer", "oov.venlo"])
def test_only_managers_see_costs(app, actors, username):
    with pytest.raises(NotAuthorized):
        app.costs.cost_overview(actors[username], 2026)
    with pytest.raises(NotAuthorized):
        app.costs.lead_times(actors[username])


def test_only_the_beheerder_changes_settings(app, actors):
    m = actors["manager.regio"]
    with pytest.raises(NotAuthorized):
        app.costs.set_tariff(m, year=2026, kind="tarief_per_procedure", amount="60", is_example=False)
    with pytest.raises(NotAuthorized):
        app.costs.set_accession(m, "GM0946", 1, status="akkoord", decided_on=date(2026, 1, 5), reference="RB-1")
    with pytest.raises(NotAuthorized):
        app.costs.set_budget(m, code="GM0983", year=2026, amount="1000")
    with pytest.raises(NotAuthorized):
        app.costs.preview_population_import(m, b"x")
    with pytest.raises(NotAuthorized):
        app.costs.accession_overview(actors["hovj.noord"])
    assert app.costs.accession_overview(actors["beheer"])[0]     # the beheerder sees the accession page


def test_procedures_and_orders_are_counted_from_the_case_data(app, actors):
    walk(app, actors, until="signed")                        # Venlo, 12 May 2026
    walk(app, actors, until="melding", person_surname="Tweede")
    walk(app, actors, until="melding", municipality_code="GM0984", city="Venray", person_surname="Derde")
    ov = app.costs.cost_overview(actors["manager.regio"], 2026)
    venlo, venray = ov.row("GM0983"), ov.row("GM0984")
    assert (venlo.procedures.count, venlo.huisverboden) == (2, 1)
    assert (venray.procedures.count, venray.huisverboden) == (1, 0)
    assert venlo.ex["procedures"] == 2 * 5182
    assert app.costs.cost_overview(actors["manager.regio"], 2025).row("GM0983").procedures.count == 0
    _, bands = app.costs.savings_overview(actors["manager.venlo"], 2026)
    assert bands["GM0983"].cases == 1 and bands["GM0983"].hours == (Decimal(3), Decimal(6))


def test_lead_times_are_measured_from_the_audit_trail(app, actors, clock):
    case_id = walk(app, actors, until="served")
    clock.advance(minutes=30)
    app.aftercare.add_event(actors["politie.noord"], case_id, "huishouden_geinformeerd", occurred_at=clock())
    clock.advance(minutes=30)
    app.aftercare.add_event(actors["politie.noord"], case_id, "naar_veilig_thuis", occurred_at=clock(),
                            organisation="Veilig Thuis (test)")
    lt = app.costs.lead_times(actors["manager.venlo"])
    assert lt.cases == 1
    assert lt.overall["melding_uitgereikt"].median_h == pytest.approx(20 / 60)   # sign +10 min, serve +10 min
    assert lt.overall["uitgereikt_notificaties"].median_h == pytest.approx(1.0)
    assert [x.month for x in lt.monthly] and lt.monthly[0].month == "2026-05"
    assert app.costs.lead_times(actors["manager.regio"]).cases == 1


def test_tariff_change_keeps_history_and_audit(app, actors, db):
    b = actors["beheer"]
    app.costs.set_tariff(b, year=2026, kind="abonnement_per_account", amount="175,50", is_example=True, note="nieuw")
    app.costs.set_tariff(b, year=2026, kind="abonnement_per_account", amount="180", is_example=False)
    hist = app.costs.tariff_history(b)
    assert [(h["old_amount"], h["new_amount"]) for h in hist[:2]] == [(Decimal("175.50"), Decimal("180.00")),
                                                                        (None, Decimal("175.50"))]
    assert len(_audit(db, "tarief_gewijzigd")) == 2
    ov = app.costs.cost_overview(actors["manager.regio"], 2026)
    from costs.tariffs import TariffKind
    assert ov.tariffs[TariffKind.SUBSCRIPTION].amount == Decimal("180.00")
    assert not ov.tariffs[TariffKind.SUBSCRIPTION].is_example
    with pytest.raises(ValidationError) as e:
        app.costs.set_tariff(b, year=2026, kind="abonnement_per_account", amount="-5", is_example=True)
    assert "amount" in e.value.field_errors
    with pytest.raises(ValidationError) as e:
        app.costs.set_tariff(b, year=1900, kind="onzin", amount="1,234", is_example=True)
    assert set(e.value.field_errors) == {"year", "kind", "amount"}
    with pytest.raises(ValidationError):
        app.costs.set_tariff(b, year=2026, kind="btw_percentage", amount="121", is_example=False)


def test_accession_go_no_go_with_version_check(app, actors, db):
    b = actors["beheer"]
    rows, decision = app.costs.accession_overview(b)
    assert not decision.go and decision.pending == ["Nederweert"]
    ned = next(r for r in rows if r["code"] == "GM0946")
    with pytest.raises(ValidationError) as e:
        app.costs.set_accession(b, "GM0946", ned["version"], status="akkoord")
    assert {"decided_on", "reference"} <= set(e.value.field_errors)
    with pytest.raises(ValidationError):
        app.costs.set_accession(b, "GM0946", ned["version"], status="akkoord", decided_on=date(2027, 1, 1), reference="R")
    v = app.costs.set_accession(b, "GM0946", ned["version"], status="akkoord", decided_on=date(2026, 4, 2),
                                reference="RB-2026-17")
    assert v == ned["version"] + 1
    assert app.costs.accession_overview(actors["manager.venlo"])[1].go
    with pytest.raises(ConcurrencyConflict):
        app.costs.set_accession(b, "GM0946", ned["version"], status="afgewezen", decided_on=date(2026, 4, 3), reference="X")
    app.costs.set_accession(b, "GM0946", v, status="afgewezen", decided_on=date(2026, 4, 3), reference="RB-2026-18")
    d = app.costs.accession_overview(b)[1]
    assert not d.go and d.rejected == ["Nederweert"]
    assert [h["new_status"] for h in app.costs.accession_history(b, "GM0946")][:2] == ["afgewezen", "akkoord"]
    assert len(_audit(db, "aansluiting_besluit")) == 2


CSV_2025 = ('"Regio\'s";"Perioden";"Bevolking op 1 januari (aantal)"\n'
            + "".join(f'"{name}";"2025";"{n}"\n' for name, n in [
                ("Beesel", 13500), ("Bergen (L.)", 13200), ("Gennep", 17100), ("Horst aan de Maas", 43000),
                ("Mook en Middelaar", 8000), ("Peel en Maas", 44000), ("Venlo", 102000), ("Venray", 44000)]))


def test_population_import_round_trip_changes_the_split_year(app, actors, db):
    b = actors["beheer"]
    pv = app.costs.preview_population_import(b, CSV_2025.encode())
    assert pv.ok and len(pv.rows) == 8 and all(r.status == "nieuw" for r in pv.rows)
    assert db.scalar("SELECT count(*) FROM population WHERE year = 2025") == 0     # preview saves nothing
    assert app.costs.import_population(b, pv, "CBS StatLine 03759ned (test)") == 8
    assert len(app.costs.population_history(b)) == 8 and len(_audit(db, "inwoners_geimporteerd")) == 1
    ov = app.costs.cost_overview(actors["manager.regio"], 2026)
    assert ov.splits["Noord-Limburg"].population.year == 2025
    assert "laatste eerdere jaar" in ov.splits["Noord-Limburg"].population.note()
    assert ov.splits["Midden-Limburg"].population.year == 2020      # Midden-Limburg has no 2025 figures
    again = app.costs.preview_population_import(b, CSV_2025.encode())
    assert all(r.status == "gelijk" for r in again.rows)
    with pytest.raises(ValidationError):
        app.costs.preview_population_import(b, b"")
    bad = app.costs.preview_population_import(b, b'"Regio\'s";"Perioden";"Bevolking op 1 januari"\n"Venlo";"2025";"x"\n')
    with pytest.raises(ValidationError):
        app.costs.import_population(b, bad, "bron")


def test_accounts_and_budget_by_the_beheerder(app, actors, db):
    b = actors["beheer"]
    app.costs.set_accounts(b, year=2026, organisation="procesmanagement", unit="Midden-Limburg", accounts_new=5,
                           connections=2)
    ov = app.costs.cost_overview(actors["manager.regio"], 2026)
    assert ov.splits["Midden-Limburg"].totals["procesmanagement"] == 5 * 15000 + 2 * 9500
    with pytest.raises(ValidationError) as e:
        app.costs.set_accounts(b, year=2026, organisation="procesmanagement", unit="Noord-Limburg", accounts_new=1)
    assert "unit" in e.value.field_errors
    app.costs.set_budget(b, code="GM0983", year=2026, amount="1.000,00")
    assert app.costs.cost_overview(actors["manager.venlo"], 2026).row("GM0983").budget.budget_cents == 100000
    assert len(_audit(db, "accounts_gewijzigd")) == 1 and len(_audit(db, "budget_gewijzigd")) == 1
    with pytest.raises(ValidationError):
        app.costs.set_budget(b, code="GM0983", year=2026, amount="12,345")


def test_reference_comparison_and_report(app, actors, db):
    comp = app.costs.cost_reference(actors["manager.venlo"], "GM0983")
    assert comp.first_year == 2025 and comp.computed_first > comp.computed_following
    assert comp.reference_first == 150317 and comp.reference_following == 76933
    assert any("VOORBEELDEN" in line for line in comp.explanation())
    pdf = app.costs.cost_report_pdf(actors["manager.venlo"], 2026)
    assert pdf[:5] == b"%PDF-" and len(_audit(db, "kostenrapport_gemaakt")) == 1


@pytest.mark.duckdb_only      # makes its own DuckDB file
def test_demo_seed_is_fast_and_idempotent(tmp_path):
    from data.costs_seed import seed_costs
    from data.reference import load_reference
    from store.db import Database

    db = Database(tmp_path / "x.duckdb")
    now = datetime(2026, 5, 1, 9, tzinfo=UTC)
    load_reference(db, now)
    t = time.perf_counter()
    seed_costs(db, now)
    assert time.perf_counter() - t < 1.0
    seed_costs(db, now)
    assert db.scalar("SELECT count(*) FROM cost_account") == 15 + 5
    assert db.scalar("SELECT count(*) FROM accession WHERE is_demo") == 15
    assert db.scalar("SELECT count(*) FROM budget") == 30
    db.close()
