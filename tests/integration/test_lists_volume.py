"""Complete lists at volume (issue 12, point 1): more than 2,000 decisions awaiting signature in one
municipality, more than 2,000 cases past the retention term, more than 2,000 running orders across a
sub-region; every list a user acts on is checked against an independent count (plain SQL over the case table,
or the Wth rule applied in Python to every row), both as a complete list and page by page."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from procedure.domain.deadlines import retention_until
from procedure.domain.states import CaseState, effective_state
from tests.conftest import FixedClock

NOW = datetime(2026, 5, 12, 12, 0, tzinfo=timezone.utc)
VENLO, VENRAY, HORST = "GM0983", "GM0984", "GM1507"
# data/live_generator.py builds its thousands of cases in DuckDB SQL (hash, range, list_extract): not on PostgreSQL
pytestmark = pytest.mark.duckdb_only


@pytest.fixture(scope="module")
def world(_template_db, tmp_path_factory):
    from data.live_generator import generate_live, realistic_plan
    from data.seed import actor_for
    from procedure.app import WthApp
    from store.db import Database

    from tests.engines import fresh_copy

    db = Database(fresh_copy(_template_db, tmp_path_factory.mktemp("volume") / "wth.duckdb"))
    plan = [("ter_ondertekening", 2050, VENLO), ("ter_ondertekening", 30, VENRAY),
            ("na_bewaartermijn", 2040, VENLO), ("lopend", 1300, VENLO), ("verlengd", 800, HORST),
            ("lopend", 150, "GM0957")] + realistic_plan(3000)
    generate_live(db, plan, now=NOW)
    app = WthApp(db, clock=FixedClock(NOW))
    actors = {u: actor_for(db, u) for u in ("burgemeester.venlo", "oov.venlo", "hovj.noord", "politie.noord",
                                            "casemanager.noord", "burgemeester.venray")}
    yield db, app, actors
    db.close()


def _count(db, sql, params=()):
    return db.scalar(sql, list(params))


def _all_pages(fn, actor, size=500):
    out, offset = [], 0
    while True:
        page = fn(actor, offset=offset, limit=size)
        out += page
        offset += size
        if offset >= page.total:
            return out, page.total


def test_more_than_2000_awaiting_signature_in_one_municipality(world):
    db, app, a = world
    want = _count(db, "SELECT count(*) FROM hv_case WHERE municipality_code = ? AND decided_at IS NULL "
                      "AND (state = 'besluit' OR (state = 'opgelegd' AND oral_order_at IS NOT NULL))", [VENLO])
    assert want > 2000
    rows = app.lists.to_sign(a["burgemeester.venlo"])
    assert len(rows) == rows.total == want
    assert {r["municipality_code"] for r in rows} == {VENLO}
    paged, total = _all_pages(app.lists.to_sign, a["burgemeester.venlo"])
    assert total == want and len({r["id"] for r in paged}) == want
    # the work queue shows every one of them (nothing cut at 200 or 500)
    tasks = [t for t in app.work_queue.work_queue(a["burgemeester.venlo"]) if t["task"] == "Beschikking ondertekenen"]
    assert len(tasks) == want
    # the HOvJ of Noord-Limburg has a mandate for Venray only (demo): exactly Venray's drafts, joined in SQL
    venray = _count(db, "SELECT count(*) FROM hv_case WHERE municipality_code = ? AND state = 'besluit' "
                        "AND decided_at IS NULL", [VENRAY])
    assert {r["id"] for r in app.lists.to_sign(a["hovj.noord"])} == {
        r["id"] for r in db.query("SELECT id FROM hv_case WHERE municipality_code = ? AND state = 'besluit' "
                                  "AND decided_at IS NULL", [VENRAY])}
    assert venray >= 30
    # search narrows with a true total; sort by deadline = longest waiting first
    one = rows[0]["id"]
    hit = app.lists.to_sign(a["burgemeester.venlo"], search=one, limit=50)
    assert [r["id"] for r in hit] == [one] and hit.total == 1
    first = app.lists.to_sign(a["burgemeester.venlo"], limit=50)
    assert first.range_text() == f"1–50 van {want:,}".replace(",", ".")
    waits = [r["draft_submitted_at"] for r in first]
    assert waits == sorted(waits)


def test_more_than_2000_past_the_retention_term(world):
    db, app, a = world
    g = a["oov.venlo"]
    now = app.now()
    # independent: the art. 10 rule (deadlines.retention_until) applied in Python to every Venlo case row
    want = set()
    archived = set()
    for r in db.query("SELECT * FROM hv_case WHERE municipality_code = ?", [VENLO]):
        state = effective_state(CaseState(r["state"]), r["end_at"], now)
        if state not in (CaseState.VERLOPEN, CaseState.INGETROKKEN, CaseState.VERNIETIGD, CaseState.GEEN_HUISVERBOD,
                         CaseState.GEARCHIVEERD, CaseState.VERNIETIGD_ARCHIEF):
            continue
        archived.add(r["id"])
        ended = r["decision_recorded_at"] if r["served_at"] is None else (
            r["withdrawn_at"] or r["annulled_at"] or r["end_at"])
        if state != CaseState.VERNIETIGD_ARCHIEF and ended is not None and retention_until(ended, 5) <= now:
            want.add(r["id"])
    assert len(want) > 2000
    cands = app.lists.retention_candidates(g)
    assert {r["id"] for r in cands} == want and cands.total == len(want)
    arch = app.lists.archive(g)
    assert {r["id"] for r in arch} == archived and arch.total == len(archived)
    paged, total = _all_pages(app.lists.archive, g)
    assert total == len(archived) and {r["id"] for r in paged} == archived
    held = {r["id"] for r in cands if r["legal_hold"]}
    assert held == {r["case_id"] for r in db.query(
        "SELECT DISTINCT a.case_id FROM appeal a JOIN hv_case c ON c.id = a.case_id WHERE a.outcome IS NULL "
        "AND c.municipality_code = ?", [VENLO])} & want
    # the run destroys all of them in one go, keeps one anonymous row each and skips the legal holds (R06)
    before = _count(db, "SELECT count(*) FROM case_stats_archive")
    res = app.archive.run_retention(g, [r["id"] for r in cands])
    assert set(res["destroyed"]) == want - held and set(res["skipped"]) == held
    assert _count(db, "SELECT count(*) FROM case_stats_archive") == before + len(want - held)
    assert _count(db, "SELECT count(*) FROM audit_log WHERE action = 'vernietigd_bewaartermijn'") == len(want - held)
    assert _count(db, "SELECT count(*) FROM household_member WHERE case_id IN (SELECT id FROM hv_case "
                      "WHERE state = 'vernietigd_archief' AND person_surname IS NOT NULL)") == 0
    assert {r["id"] for r in app.lists.retention_candidates(g)} == held
    # the anonymous statistics follow in the same transaction: destroyed cases left the live rows
    assert _count(db, "SELECT count(*) FROM case_anon_live WHERE case_id IN (SELECT id FROM hv_case "
                      "WHERE state = 'vernietigd_archief')") == 0


def test_more_than_2000_running_orders_across_a_subregion(world):
    db, app, a = world
    now = app.now()
    sql_noord = ("SELECT {} FROM hv_case c JOIN municipality m ON m.code = c.municipality_code "
                 "WHERE m.subregion = 'Noord-Limburg' AND ")
    want = _count(db, sql_noord.format("count(*)") + "c.state IN ('opgelegd', 'verlengd') AND c.end_at > ?", [now])
    assert want > 2000
    for user in ("hovj.noord", "politie.noord", "casemanager.noord"):
        rows = app.lists.active_orders(a[user])
        assert len(rows) == rows.total == want, user
    ends = [r["end_at"] for r in app.lists.active_orders(a["hovj.noord"], limit=100)]
    assert ends == sorted(ends)                       # by deadline: the soonest end first
    venlo = app.lists.active_orders(a["burgemeester.venlo"])
    assert len(venlo) == _count(db, "SELECT count(*) FROM hv_case WHERE municipality_code = ? AND state IN "
                                    "('opgelegd', 'verlengd') AND end_at > ?", [VENLO, now])
    # every list of the sub-region against its own independent count
    checks = {
        "list_cases": ("TRUE", []),
        "imposed_cases": ("c.served_at IS NOT NULL", []),
        "cases_to_serve": ("c.state = 'besluit' AND c.decided_at IS NOT NULL", []),
        "rihg_cases": ("c.state = 'risicotaxatie' AND c.rihg_finalised_at IS NULL", []),
        "draft_cases": ("c.state = 'risicotaxatie' AND c.rihg_finalised_at IS NOT NULL AND c.decision_huisverbod", []),
    }
    for name, (where, params) in checks.items():
        want_ids = {r["id"] for r in db.query(sql_noord.format("c.id") + where, params)}
        got = getattr(app.lists, name)(a["hovj.noord"])
        assert {r["id"] for r in got} == want_ids and got.total == len(want_ids), name
        page = getattr(app.lists, name)(a["hovj.noord"], limit=50, offset=50)
        assert page.total == len(want_ids) and len(page) == min(50, max(0, len(want_ids) - 50)), name
    # the work queue's contact-address and extension tasks cover every running order, none cut off
    tasks = app.work_queue.work_queue(a["burgemeester.venlo"])
    ext = {t["case_id"] for t in tasks if t["task"].startswith("Besluit over verlenging")}
    assert ext == {r["id"] for r in db.query("SELECT id FROM hv_case WHERE municipality_code = ? AND state = 'opgelegd' "
                                             "AND end_at > ?", [VENLO, now])}


def test_anonymous_live_rows_match_the_cases(world):
    db, _, _ = world
    assert _count(db, "SELECT count(*) FROM case_anon_live") == _count(
        db, "SELECT count(*) FROM hv_case WHERE state <> 'vernietigd_archief'")
    assert _count(db, "SELECT count(*) FROM v_case_anon WHERE source = 'zaak'") == _count(
        db, "SELECT count(*) FROM hv_case WHERE state <> 'vernietigd_archief'")
