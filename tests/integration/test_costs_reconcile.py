"""Issue 17, section 3: the manager pages reconcile. The reconciliation's numbers are the numbers Kosten,
Tijdsbesparing and Overzicht/Statistiek report for the same year and scope; costs follow the council decisions
(a NO-GO year is a prognose, also in the report PDF); the split says which population figures it used and which
of the billing year are missing."""
from __future__ import annotations

import io
from datetime import date, datetime, time, timezone

import pytest
from pypdf import PdfReader

from data import generator
from procedure.domain.deadlines import AMS
from procedure.domain.errors import NotAuthorized
from tests.conftest import full_assessment, walk
from tests.integration.test_costs_services import CSV_2025

REASONS = "Geen acuut gevaar: de risicotaxatie toont geen twee rode signalen in één deel."


def _no_order(app, actors, **over) -> str:
    """A case whose RiHG ends in 'geen huisverbod'."""
    h = actors["hovj.noord"]
    case_id = walk(app, actors, until="melding", **over)
    v = app.case_file.get_case(h, case_id).version
    v = app.assessment.save_rihg(h, case_id, v, full_assessment(app.assessment.catalogue()))
    app.assessment.decide(h, case_id, v, False, REASONS)
    return case_id


def _cases(app, actors, db, clock):
    """Venlo: one case registered in 2025 and signed in 2026, and in 2026 two meldingen without a decision, one
    without an order, one served order, one signed order; Venray one served order; two destroyed cases' anonymous
    rows (one served and extended); 300 rows of anonymous history in 2026."""
    clock.at = datetime(2025, 12, 31, 22, 0, tzinfo=AMS).astimezone(timezone.utc)
    h = actors["hovj.noord"]
    old = walk(app, actors, until="submitted", person_surname="Oudjaar", incident_date=date(2025, 12, 31),
               incident_time=time(21, 0))
    clock.at = datetime(2026, 1, 2, 9, 0, tzinfo=AMS).astimezone(timezone.utc)
    app.decision.sign(actors["burgemeester.venlo"], old, app.case_file.get_case(h, old).version)
    clock.at = datetime(2026, 5, 12, 14, 30, tzinfo=AMS).astimezone(timezone.utc)
    walk(app, actors, until="melding", person_surname="Een")
    walk(app, actors, until="melding", person_surname="Twee")
    _no_order(app, actors, person_surname="Drie")
    walk(app, actors, until="served", person_surname="Vier")
    walk(app, actors, until="signed", person_surname="Vijf")
    walk(app, actors, until="served", municipality_code="GM0984", city="Venray", person_surname="Zes",
         signer="burgemeester.venray")
    with db.transaction() as cur:
        cur.execute("INSERT INTO case_stats_archive VALUES ('HV-2026-900', 'GM0983', 'verlopen', DATE '2026-02-01', "
                    "true, true, false, false, false, TIMESTAMPTZ '2026-04-01 10:00:00+00')")
        cur.execute("INSERT INTO case_stats_archive VALUES ('HV-2026-901', 'GM0983', 'geen_huisverbod', "
                    "DATE '2026-03-01', false, false, false, false, false, TIMESTAMPTZ '2026-04-01 10:00:00+00')")
    generator.generate(db, n_cases=300, years=(2026, 2026), batch="test", last_month=date(2026, 4, 1))


def test_reconciliation_adds_up_to_what_each_page_reports(app, actors, db, clock):
    _cases(app, actors, db, clock)
    m = actors["manager.regio"]
    rec = app.costs.cost_reconciliation(m, 2026)
    # the steps, counted independently of the pages' own queries
    assert rec.procedures == 8                         # 6 live meldingen in 2026 (+ the 2025 one is not) + 2 destroyed
    assert rec.assessments == 6 and rec.orders == 4    # decided: 4 orders + 1 no order live + 1 destroyed no order
    assert rec.signed_in_year == 5                     # 3 signed live in 2026 + 1 from 2025 + 1 destroyed served
    assert rec.c["ondertekend_uit_eerder"] == 1 and rec.c["uitgereikt"] == 2
    assert [s.count for s in rec.steps()][-1] == 1    # the destroyed, extended one

    # Kosten: procedures
    ov = app.costs.cost_overview(m, 2026)
    assert rec.procedures == sum(r.procedures.count for r in ov.rows)
    # Tijdsbesparing: orders signed in the year (the savings band counts them)
    _, bands = app.costs.savings_overview(m, 2026)
    assert rec.signed_in_year == sum(r.huisverboden for r in ov.rows) == sum(b.cases for b in bands.values())
    # Overzicht / Statistiek for January–December of the year: assessments and orders, history included
    ex = app.statistics.explore(m, {"month_from": date(2026, 1, 1), "month_to": date(2026, 12, 1), "by": "year"})
    assert ex.total.counts["beoordelingen"].value == rec.statistics_assessments
    assert ex.total.counts["huisverboden"].value == rec.statistics_orders
    assert rec.c["historie_beoordeeld"] > 0          # the history is what makes Overzicht's number larger
    # each bridge names the page's own number
    bridges = {b.used_on + b.label.split(":")[1]: b.count for b in rec.bridges()}
    assert bridges["Kosten procedures 2026"] == rec.procedures
    assert bridges["Tijdsbesparing huisverboden 2026"] == rec.signed_in_year

    # a municipal manager's reconciliation is his municipality's, and equals his Kosten page
    v = actors["manager.venlo"]
    mine = app.costs.cost_reconciliation(v, 2026)
    assert mine.scope == "Gemeente Venlo" and mine.procedures == 7
    assert mine.procedures == app.costs.cost_overview(v, 2026).rows[0].procedures.count
    assert app.costs.cost_reconciliation(m, 2026, ["GM0984"]).signed_in_year == 1
    assert app.costs.cost_reconciliation(m, 2025).procedures == 1


@pytest.mark.parametrize("username", ["beleid.regio", "hovj.noord", "oov.venlo", "beheer"])
def test_reconciliation_is_for_managers_within_their_scope(app, actors, username):
    with pytest.raises(NotAuthorized):
        app.costs.cost_reconciliation(actors[username], 2026)
    with pytest.raises(NotAuthorized):
        app.costs.cost_reconciliation(actors["manager.venlo"], 2026, ["GM0957"])


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\xa0", " ").split())


def test_costs_follow_the_accession_state(app, actors, clock):
    m, b = actors["manager.regio"], actors["beheer"]
    # the demo: every council agreed in 2024 except Nederweert (pending) -> NO-GO: a prognose, nothing billed
    ov = app.costs.cost_overview(m, 2026)
    assert ov.forecast and ov.billed_incl() == 0 and ov.totals()["total_incl"] > 0
    assert not ov.billing.billed("GM0946") and ov.billing.label("GM0946") == "prognose — raad: nog niet besloten"
    assert "PROGNOSE" in ov.billing.text() and "Nederweert" in ov.billing.text()
    pdf = _pdf_text(app.costs.cost_report_pdf(m, 2026))
    assert "Kostenrapport 2026 — PROGNOSE" in pdf and "PROGNOSE — niet gefactureerd" in pdf
    assert "prognose — raad: nog niet besloten" in pdf

    # Nederweert agrees in 2026: 2026 is billed (GO), 2025 stays a prognose (it had not joined by 31-12-2025)
    version = next(r for r in app.costs.accession_overview(b)[0] if r["code"] == "GM0946")["version"]
    app.costs.set_accession(b, "GM0946", version, status="akkoord", decided_on=date(2026, 3, 2), reference="RB-7")
    ov = app.costs.cost_overview(m, 2026)
    assert not ov.forecast and ov.billed_incl() == ov.totals()["total_incl"]
    assert ov.billing.label("GM0946") == "gefactureerd"
    assert "PROGNOSE" not in _pdf_text(app.costs.cost_report_pdf(m, 2026))
    old = app.costs.cost_overview(m, 2025)
    assert old.forecast and old.billed_incl() == 0 and not old.billing.billed("GM0983")

    # a municipality that rejects is not billed and the region is NO-GO again
    version = next(r for r in app.costs.accession_overview(b)[0] if r["code"] == "GM0889")["version"]
    app.costs.set_accession(b, "GM0889", version, status="afgewezen", decided_on=date(2026, 4, 1), reference="RB-8")
    ov = app.costs.cost_overview(actors["manager.venlo"], 2026)
    assert ov.forecast and ov.billed_incl() == 0 and "afgewezen: Beesel" in ov.billing.text()


def test_split_names_the_population_it_used_and_what_is_missing(app, actors):
    m = actors["manager.regio"]
    ov = app.costs.cost_overview(m, 2026)
    gaps = {s: (used, names) for s, used, names in ov.population_gaps()}
    noord_used, noord_missing = gaps["Noord-Limburg"]
    assert noord_used == 2020 and len(noord_missing) == 8 and "Venlo" in noord_missing
    assert len(gaps["Midden-Limburg"][1]) == 7
    text = ov.splits["Noord-Limburg"].population.used_text()
    assert text.startswith("Inwoners: CBS StatLine 37230ned") and "peiljaar 2020" in text
    assert " via " not in text and ".csv" not in text               # no dataset path
    # the beheerder imports 2026 figures for Noord-Limburg: that gap closes, Midden-Limburg's stays
    b = actors["beheer"]
    pv = app.costs.preview_population_import(b, CSV_2025.replace('"2025"', '"2026"').encode())
    app.costs.import_population(b, pv, "CBS StatLine 03759ned, 1 januari 2026 (test)")
    ov = app.costs.cost_overview(m, 2026)
    assert [s for s, _, _ in ov.population_gaps()] == ["Midden-Limburg"]
    assert ov.splits["Noord-Limburg"].population.used_text() == \
        "Inwoners: CBS StatLine 03759ned, 1 januari 2026 (test), peiljaar 2026"
    pdf = _pdf_text(app.costs.cost_report_pdf(m, 2026))
    assert "Inwonertallen 2026 ontbreken (Midden-Limburg)" in pdf and "03759ned" in pdf
