"""The demo database of the first start (issue 12, point 5; data/seed.py): built in the background in one
transaction, with progress; a failed build leaves nothing behind; and every demo case is one the
services made and accept, with signatures that verify."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import data.seed as seed
from data.seed import DEMO_CASES, DemoBuild, actor_for, demo_exists, slug
from procedure.app import WthApp
from procedure.domain.states import CaseState
from store.db import Database

pytestmark = pytest.mark.duckdb_only      # builds the demo in DuckDB files of its own (the first-start path)


def _count(db: Database, table: str) -> int:
    return db.scalar(f"SELECT count(*) FROM {table}")


def test_a_build_reports_progress_and_a_failed_build_leaves_nothing_then_the_next_start_builds(tmp_path,
                                                                                                monkeypatch):
    db = Database(tmp_path / "wth.duckdb")
    original = seed.generate_demo_cases

    def broken(db_, **kw):
        def progress(done, n):
            kw_progress(done, n)
            if done == 3:
                raise RuntimeError("stroom uitgevallen (test)")
        kw_progress = kw.pop("progress")
        return original(db_, progress=progress, **kw)

    monkeypatch.setattr(seed, "generate_demo_cases", broken)
    failed = DemoBuild.start(db, n_cases=6, password_rounds=4)
    assert failed.wait(120)
    assert failed.error_ref and failed.fraction < 1
    # One transaction: no users, no certificates, no reference data, none of the three cases made.
    assert not demo_exists(db)
    for table in ("app_user", "signer_certificate", "trust_root", "municipality", "hv_case", "document",
                  "audit_log"):
        assert _count(db, table) == 0, table

    monkeypatch.setattr(seed, "generate_demo_cases", original)
    seen: list[float] = []
    build = DemoBuild(db, n_cases=6, password_rounds=4)
    real_progress = build._progress

    def spy(fraction, text):
        seen.append(fraction)
        real_progress(fraction, text)

    build._progress = spy
    build._run()                                    # in this thread, to see every step
    assert build.done and build.error_ref is None and build.fraction == 1.0
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 6
    assert demo_exists(db) and _count(db, "hv_case") == 6
    again = DemoBuild.start(db)                     # a later start finds the demo: nothing to do
    assert again.done and again.error_ref is None and _count(db, "hv_case") == 6
    db.close()


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    """The real first-start demo (DEMO_CASES cases through the services), built once for this module."""
    path = tmp_path_factory.mktemp("demo") / "wth.duckdb"
    db = Database(path)
    seed.create_demo(db, password_rounds=4)
    db.close()
    return path


@pytest.fixture
def demo(demo_path):
    db = Database(demo_path)
    yield db
    db.close()


def test_every_signed_demo_document_verifies_against_the_installations_roots(demo):
    app = WthApp(demo)
    docs = demo.query("SELECT d.id, d.signed, d.content, m.subregion FROM document d "
                      "JOIN hv_case c ON c.id = d.case_id JOIN municipality m ON m.code = c.municipality_code "
                      "ORDER BY d.id")
    signed = [d for d in docs if d["signed"]]
    assert len(signed) >= DEMO_CASES          # a beschikking and a proces-verbaal for most cases
    for d in signed:
        result, known = app.documents.verify(_reader(demo, d), bytes(d["content"]))
        assert result.status == "geldig", (d["id"], result.message)
        assert known is not None and known["id"] == d["id"]      # the stored document, found by its SHA-256


def test_the_anonymous_live_rows_of_the_demo_match_its_cases(demo):
    """Built in one transaction, the demo's statistics rows (store/anon.py) are still recomputed before
    the COMMIT: one per case, equal to a recomputation from scratch."""
    from store import anon

    order = "SELECT * FROM case_anon_live ORDER BY case_id"
    kept = demo.query(order)
    assert len(kept) == _count(demo, "hv_case") == DEMO_CASES
    cur = demo.cursor()
    cur.execute("BEGIN TRANSACTION")
    try:
        anon.rebuild(cur)
        assert demo.query(order) == kept
    finally:
        cur.execute("ROLLBACK")


def _reader(db: Database, case: dict):
    return actor_for(db, "hovj.noord" if case["subregion"] == "Noord-Limburg" else "hovj.midden")


def test_every_demo_case_opens_through_the_services_and_the_mix_covers_the_procedure(demo):
    app = WthApp(demo)
    cases = demo.query("SELECT c.id, c.state, c.decided_at, c.served_at, c.end_at, m.name AS municipality, "
                       "m.subregion FROM hv_case c JOIN municipality m ON m.code = c.municipality_code")
    assert len(cases) == DEMO_CASES
    for c in cases:
        view = app.case_file.get_case(_reader(demo, c), c["id"])
        assert view.case["id"] == c["id"] and app.case_file.timeline(_reader(demo, c), c["id"])
    states = {c["state"] for c in cases}
    assert {CaseState.RISICOTAXATIE.value, CaseState.BESLUIT.value, CaseState.GEEN_HUISVERBOD.value,
            CaseState.OPGELEGD.value, CaseState.VERLENGD.value} <= states
    now = datetime.now(timezone.utc)
    running = [c for c in cases if c["served_at"] and c["end_at"] > now]
    assert running and any(c["municipality"] == "Venlo" and now - c["served_at"] > timedelta(days=7)
                           for c in running)     # the README's order in its second week


def test_open_demo_cases_take_their_next_step_through_the_services(demo_path, tmp_path):
    """On a copy: a decision awaiting signature is signed by its burgemeester, a signed one is served."""
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(demo_path.read_bytes())
    db = Database(copy)
    app = WthApp(db)
    cases = db.query("SELECT c.id, c.version, c.state, c.decided_at, m.name AS municipality, m.subregion "
                     "FROM hv_case c JOIN municipality m ON m.code = c.municipality_code WHERE c.state = ?",
                     [CaseState.BESLUIT.value])
    to_sign = [c for c in cases if c["decided_at"] is None]
    to_serve = [c for c in cases if c["decided_at"] is not None]
    assert to_sign and to_serve
    for c in to_sign:
        doc_id = app.decision.sign(actor_for(db, f"burgemeester.{slug(c['municipality'])}"), c["id"], c["version"])
        assert doc_id.startswith(c["id"])
    for c in to_serve:
        version = app.service_of_order.serve(_reader(db, c), c["id"], c["version"], served_at=datetime.now(timezone.utc),
                                             keys_taken_in=False)
        assert version > c["version"]
    db.close()
