"""The lifecycle after imposition through the services (procedure.md sections 2, 5, 6, 7; R05, R06, R09)."""
from datetime import date, datetime, timedelta

import pytest

from forms.signing import verify_pdf
from procedure.domain.deadlines import AMS, add_calendar_days
from procedure.domain.errors import NotAuthorized, RuleViolation, ValidationError
from procedure.domain.states import CaseState
from store import repo
from tests.conftest import HOUSEHOLD, record_care_advice, walk

ADVICE = "Zorgadvies: de spanning is niet weg; de partner is bang en hulp is nog niet gestart."
REASONS = "De dreiging blijft: betrokkene weigert hulp en heeft de partner opnieuw benaderd via berichten."


def served_case(app, actors, clock, *, t0=None, **over):
    if t0 is not None:
        clock.at = t0 - timedelta(minutes=30)
    return walk(app, actors, until="served", **over)


def extend(app, actors, case_id, *, who="burgemeester.venlo", days=18, zdate=None, **over):
    kw = dict(days=days, zorgadvies_organisation="Veilig Thuis Limburg-Noord",
              zorgadvies_date=zdate or app.now().astimezone(AMS).date(), zorgadvies_summary=ADVICE,
              help_accepted=False, reasons=REASONS, current_facts="Op dag 7 heeft hij 14 berichten gestuurd.")
    kw.update(over)
    record_care_advice(app, actors, case_id)
    return app.extension_withdrawal.extend(actors[who], case_id, app.case_file.get_case(actors[who], case_id).version, **kw)


def test_r05_extension_to_the_28_day_maximum_same_local_time(app, actors, clock, db):
    case_id = served_case(app, actors, clock)
    h = actors["hovj.noord"]
    t0 = app.case_file.get_case(h, case_id).case["served_at"]
    clock.at = add_calendar_days(t0, 8)           # day 9 of the order
    opts = app.extension_withdrawal.extension_options(actors["burgemeester.venlo"], case_id)
    assert opts["suggested_days"] == 18 and opts["max_days"] == 18
    with pytest.raises(RuleViolation, match="vier weken"):
        extend(app, actors, case_id, days=19)
    doc = extend(app, actors, case_id, days=18)
    view = app.case_file.get_case(h, case_id)
    assert view.state == CaseState.VERLENGD
    assert view.case["end_at"] == add_calendar_days(t0, 28)
    assert view.case["original_end_at"] == add_calendar_days(t0, 10)
    meta, pdf = app.documents.document_bytes(h, doc)
    assert verify_pdf(pdf, repo.trust_roots(db)).valid
    assert app.extension_withdrawal.extension_options(actors["burgemeester.venlo"], case_id)["max_days"] == 0


def test_r05_worked_example(app, actors, clock):
    # R05's dates (2015-08-09 16:39 -> 2015-09-06 16:39) moved to 2026, where the demo certificates are valid
    t0 = datetime(2026, 8, 9, 16, 39, tzinfo=AMS)
    clock.at = t0 - timedelta(minutes=40)
    case_id = walk(app, actors, until="signed", incident_date=date(2026, 8, 9),
                   incident_time=datetime(2026, 8, 9, 15, 0).time())
    h = actors["hovj.noord"]
    clock.at = t0 + timedelta(minutes=1)
    app.service_of_order.serve(h, case_id, app.case_file.get_case(h, case_id).version, served_at=t0, keys_taken_in=False)
    clock.at = datetime(2026, 8, 18, 11, 0, tzinfo=AMS)
    assert app.case_file.get_case(h, case_id).end_at.replace(tzinfo=None) == datetime(2026, 8, 19, 16, 39)
    extend(app, actors, case_id, days=18, zdate=date(2026, 8, 17))
    end = app.case_file.get_case(h, case_id).case["end_at"].astimezone(AMS)
    assert end.replace(tzinfo=None) == datetime(2026, 9, 6, 16, 39)


def test_expired_certificate_gives_a_dutch_message(app, actors, clock):
    from procedure.domain.errors import SigningError
    case_id = walk(app, actors, until="submitted")
    clock.at = datetime(2035, 1, 1, 12, 0, tzinfo=AMS)     # demo certificates are valid for 3 years
    with pytest.raises(SigningError, match="certificaat"):
        app.decision.sign(actors["burgemeester.venlo"], case_id, app.case_file.get_case(actors["hovj.noord"], case_id).version)


def test_extension_refused_after_the_end(app, actors, clock):
    case_id = served_case(app, actors, clock)
    end = app.case_file.get_case(actors["hovj.noord"], case_id).end_at
    clock.at = end + timedelta(minutes=1)
    with pytest.raises(RuleViolation, match="al afgelopen"):
        extend(app, actors, case_id)


def test_extension_needs_recent_zorgadvies_and_reasons(app, actors, clock):
    case_id = served_case(app, actors, clock)
    t0 = app.case_file.get_case(actors["hovj.noord"], case_id).case["served_at"]
    clock.at = add_calendar_days(t0, 8)
    with pytest.raises(ValidationError) as e:
        extend(app, actors, case_id, zdate=t0.astimezone(AMS).date() + timedelta(days=1), reasons="",
               zorgadvies_organisation="")
    assert {"zorgadvies_date", "reasons", "zorgadvies_organisation"} <= set(e.value.field_errors)
    assert "van eerder" in e.value.field_errors["zorgadvies_date"]
    with pytest.raises(ValidationError) as e:   # help accepted must be addressed in the reasons
        extend(app, actors, case_id, help_accepted=True,
               reasons="Het gevaar blijft bestaan omdat betrokkene de partner blijft bedreigen via berichten.")
    assert "hulp" in e.value.field_errors["reasons"]


def test_extension_warns_when_no_fact_is_newer_than_imposition(app, actors, clock):
    case_id = served_case(app, actors, clock)
    b = actors["burgemeester.venlo"]
    assert app.extension_withdrawal.extension_options(b, case_id)["warnings"]
    clock.advance(days=2)
    app.aftercare.add_event(actors["casemanager.noord"], case_id, "hulpverleningscontact", occurred_at=app.now(),
                            outcome="Partner wil hulp, betrokkene weigert.")
    assert app.extension_withdrawal.extension_options(b, case_id)["warnings"] == []


def test_r09_who_may_extend_and_withdraw(app, actors, clock, db):
    case_id = served_case(app, actors, clock)
    case2 = served_case(app, actors, clock, municipality_code="GM0984", city="Venray", person_given_names="Piet",
                        signer="burgemeester.venray")
    clock.advance(days=7)
    for u in ("hovj.noord", "oov.venlo", "politie.noord"):
        with pytest.raises(NotAuthorized):
            extend(app, actors, case_id, who=u)
        with pytest.raises(NotAuthorized):
            app.extension_withdrawal.withdraw(actors[u], case_id, 1, reasons="Hulp aanvaard en bevestigd door Veilig Thuis.")
    # an HOvJ keeps no extension power even with a mandate (mandates are for imposing only: art. 3 Wth)
    with pytest.raises(NotAuthorized):
        extend(app, actors, case2, who="hovj.noord")
    # a loco-burgemeester with a substitution record valid today may
    doc = extend(app, actors, case_id, who="loco.venlo")
    assert repo.get_case(db, case_id)["extended_by"] == "loco.venlo" and doc


def test_r09_pages_hovj_has_no_extension_page():
    from procedure.domain.roles import PAGES, Page, Role
    assert Role.HOVJ not in PAGES[Page.VERLENGING]
    assert Role.BURGEMEESTER in PAGES[Page.VERLENGING] and Role.LOCO_BURGEMEESTER in PAGES[Page.VERLENGING]


def test_withdrawal_sets_actual_end_and_keeps_planned_end(app, actors, clock, db):
    case_id = served_case(app, actors, clock)
    h = actors["hovj.noord"]
    planned = app.case_file.get_case(h, case_id).case["end_at"]
    clock.advance(days=3, hours=2)
    with pytest.raises(ValidationError):
        app.extension_withdrawal.withdraw(actors["burgemeester.venlo"], case_id, app.case_file.get_case(h, case_id).version, reasons="")
    doc = app.extension_withdrawal.withdraw(actors["burgemeester.venlo"], case_id, app.case_file.get_case(h, case_id).version,
                                            reasons="Hulp aanvaard en bevestigd door Veilig Thuis; de partner is verhuisd.")
    view = app.case_file.get_case(h, case_id)
    assert view.state == CaseState.INGETROKKEN
    assert view.case["end_at"] == planned                      # planned end stays recorded
    assert view.case["withdrawn_at"] <= app.now() and view.case["withdrawn_at"] > app.now() - timedelta(minutes=1)
    assert verify_pdf(app.documents.document_bytes(h, doc)[1], repo.trust_roots(db)).valid
    with pytest.raises(RuleViolation):                         # nothing left to extend
        extend(app, actors, case_id)
    clock.at = planned + timedelta(days=1)
    assert app.case_file.get_case(h, case_id).state == CaseState.INGETROKKEN   # not "verlopen"


def test_household_change_creates_reassessment_task_and_decision_is_logged(app, actors, clock):
    case_id = served_case(app, actors, clock)
    clock.advance(days=2)
    partner = [m for m in repo.get_members(app.db, case_id) if m["threatened"]][0]
    app.aftercare.add_event(actors["casemanager.noord"], case_id, "huishoudwijziging", occurred_at=app.now(),
                            note="De partner is naar haar moeder verhuisd.",
                            details={"member_id": partner["id"], "movement": "elders_geplaatst", "placement": "familie",
                                     "from_date": app.now().astimezone(AMS).date()})
    b = actors["burgemeester.venlo"]
    tasks = [t for t in app.work_queue.work_queue(b) if t["case_id"] == case_id]
    assert any(t["task"].startswith("Herbeoordelen") for t in tasks)
    event_id = app.extension_withdrawal.open_reassessments(b, case_id)[0]["id"]
    app.extension_withdrawal.keep_after_reassessment(b, case_id, event_id, reasons="Partner keert morgen terug; het gevaar blijft.")
    assert app.extension_withdrawal.open_reassessments(b, case_id) == []
    assert not any(t["task"].startswith("Herbeoordelen") for t in app.work_queue.work_queue(b) if t["case_id"] == case_id)
    logged = [e for e in app.aftercare.events(b, case_id) if e["kind"] == "herbeoordeling"]
    assert logged and logged[0]["outcome"] == "gehandhaafd" and "gevaar" in logged[0]["note"]


def test_events_need_their_fields_and_roles(app, actors, clock):
    case_id = served_case(app, actors, clock)
    with pytest.raises(ValidationError) as e:
        app.aftercare.add_event(actors["politie.noord"], case_id, "overtreding", occurred_at=app.now())
    assert "reference" in e.value.field_errors
    with pytest.raises(NotAuthorized):
        app.aftercare.add_event(actors["casemanager.noord"], case_id, "overtreding", occurred_at=app.now(), reference="PV 1")
    app.aftercare.add_event(actors["politie.noord"], case_id, "overtreding", occurred_at=app.now(), reference="PV 2026-777")
    app.aftercare.add_event(actors["politie.noord"], case_id, "contactadres", occurred_at=app.now(),
                            details={"change": "gegeven", "address": "Hotelweg 1, 5912 AA Venlo"})
    assert repo.get_case(app.db, case_id)["contact_address"] == "Hotelweg 1, 5912 AA Venlo"


def test_lawyer_deadline_24h_after_request(app, actors, clock):
    case_id = served_case(app, actors, clock)
    asked = app.now()
    app.aftercare.add_event(actors["hovj.noord"], case_id, "advocaat_gevraagd", occurred_at=asked)
    t = [t for t in app.work_queue.work_queue(actors["hovj.noord"]) if t["task"].startswith("Advocaat")]
    assert t and t[0]["deadline"] - asked == timedelta(hours=24)
    app.aftercare.add_event(actors["hovj.noord"], case_id, "advocaat_toegewezen", occurred_at=app.now(), organisation="Mr. X",
                            details={"lawyer": "mr. X"})
    assert not [t for t in app.work_queue.work_queue(actors["hovj.noord"]) if t["task"].startswith("Advocaat")]


def test_zorgadvies_task_for_care_partners_on_day_7(app, actors, clock):
    case_id = served_case(app, actors, clock)
    t0 = app.case_file.get_case(actors["hovj.noord"], case_id).case["served_at"]
    t = [t for t in app.work_queue.work_queue(actors["casemanager.noord"]) if t["task"].startswith("Zorgadvies")]
    assert t and t[0]["deadline"] == add_calendar_days(t0, 6)


def test_oral_order_then_written_and_deposit(app, actors, clock, db):
    h = actors["hovj.noord"]
    case_id = walk(app, actors, until="rihg", municipality_code="GM0984", city="Venray", child_abuse_ground=True)
    v = app.case_file.get_case(h, case_id).version
    with pytest.raises(NotAuthorized):      # no mandate for Venlo-like municipalities: politie never
        app.service_of_order.record_oral_order(actors["politie.noord"], case_id, v, ordered_at=app.now())
    app.service_of_order.record_oral_order(h, case_id, v, ordered_at=app.now())
    view = app.case_file.get_case(h, case_id)
    assert view.state == CaseState.OPGELEGD and view.case["oral_order_at"] is not None
    assert view.end_at == add_calendar_days(view.case["served_at"], 10)
    tasks = [t["task"] for t in app.work_queue.work_queue(h) if t["case_id"] == case_id]
    assert any("op schrift" in t for t in tasks)
    assert any("Raadpleeg Veilig Thuis nu" in t for t in tasks)    # R17: red task, not a block
    # the written decision follows: signing still needs the Veilig Thuis consultation (art. 2 lid 3)
    assert case_id in {r["id"] for r in app.lists.to_sign(h)}
    assert case_id in {r["id"] for r in app.lists.draft_cases(h)}
    app.decision.save_draft(h, case_id, app.case_file.get_case(h, case_id).version,
                            facts=("Op 12 mei heeft betrokkene zijn zoon geslagen en zijn partner bedreigd met een mes in de "
                          "keuken van de woning."), threatened_persons="Ans en Kim",
                            why_this_person="Het geweld gaat alleen van hem uit, niet van haar.", **HOUSEHOLD)
    with pytest.raises(RuleViolation, match="Veilig Thuis"):
        app.decision.sign(h, case_id, app.case_file.get_case(h, case_id).version)
    app.decision.record_vt_consultation(h, case_id, app.case_file.get_case(h, case_id).version, consulted_with="Veilig Thuis, dienst",
                                        outcome="Huisverbod passend; hulp gestart.", consulted_at=app.now())
    clock.advance(minutes=30)
    doc = app.decision.sign(h, case_id, app.case_file.get_case(h, case_id).version)
    assert verify_pdf(app.documents.document_bytes(h, doc)[1], repo.trust_roots(db)).valid
    # the person can't be found: made known by deposit at the gemeentesecretarie
    app.service_of_order.record_made_known(h, case_id, app.case_file.get_case(h, case_id).version,
                                           how="depot", at=app.now())
    c = repo.get_case(db, case_id)
    assert c["made_known_how"] == "depot" and c["served_at"] == view.case["served_at"]   # T0 unchanged
    assert not any("op schrift" in t["task"] for t in app.work_queue.work_queue(h) if t["case_id"] == case_id)


def test_r06_appeal_outlives_the_order_and_blocks_destruction(app, actors, clock):
    case_id = served_case(app, actors, clock)
    g = actors["oov.venlo"]
    t0 = app.case_file.get_case(g, case_id).case["served_at"]
    terms = app.appeals.decisions_made_known(g, case_id)
    assert terms[0]["term_end"] == t0.astimezone(AMS).date() + timedelta(weeks=6)
    clock.advance(days=3)
    aid = app.appeals.register_appeal(g, case_id, decision_kind="oplegging", kind="beroep", filed_at=app.now())
    clock.at = t0 + timedelta(days=30)
    view = app.case_file.get_case(g, case_id)
    assert view.state == CaseState.VERLOPEN and view.status_label == "Afgelopen, beroep loopt"
    # years later the retention run lists it as on hold and never destroys it
    clock.at = t0 + timedelta(days=365 * 6)
    cands = app.lists.retention_candidates(g)
    assert [c["legal_hold"] for c in cands if c["id"] == case_id] == [True]
    res = app.archive.run_retention(g, [case_id])
    assert res["skipped"] == [case_id] and res["destroyed"] == []
    assert app.documents.documents(g, case_id)
    # outcome fields stay editable after the end
    a = app.appeals.appeals(g, case_id)[0]
    v2 = app.appeals.record_appeal_outcome(g, aid, a["version"], outcome="schadevergoeding", outcome_at=app.now(),
                                           damages_amount="1250,50")
    assert repo.get_appeal(app.db, aid)["damages_amount"] == __import__("decimal").Decimal("1250.50")
    app.appeals.record_appeal_outcome(g, aid, v2, outcome="ongegrond", outcome_at=app.now())
    assert app.lists.retention_candidates(g)[0]["legal_hold"] is False


def test_voorlopige_voorziening_hearing_within_3_days(app, actors, clock):
    case_id = served_case(app, actors, clock)
    g = actors["oov.venlo"]
    filed = app.now()
    app.appeals.register_appeal(g, case_id, decision_kind="oplegging", kind="voorlopige_voorziening", filed_at=filed)
    a = app.appeals.appeals(g, case_id)[0]
    assert a["hearing_deadline"] == add_calendar_days(filed, 3)
    assert any(t["task"].startswith("Zitting voorlopige voorziening") for t in app.work_queue.work_queue(g))
    with pytest.raises(RuleViolation):     # no extension decision exists yet
        app.appeals.register_appeal(g, case_id, decision_kind="verlenging", kind="beroep", filed_at=filed)


def test_court_annulment_ends_case_as_vernietigd(app, actors, clock):
    case_id = served_case(app, actors, clock)
    g = actors["oov.venlo"]
    aid = app.appeals.register_appeal(g, case_id, decision_kind="oplegging", kind="voorlopige_voorziening", filed_at=app.now())
    app.appeals.record_appeal_outcome(g, aid, 1, outcome="vernietigd", outcome_at=app.now())
    assert app.case_file.get_case(g, case_id).state == CaseState.VERNIETIGD


def test_each_decision_has_its_own_appeal_term(app, actors, clock):
    case_id = served_case(app, actors, clock)
    clock.advance(days=8)
    doc = extend(app, actors, case_id)
    terms = {d["decision_kind"]: d for d in app.appeals.decisions_made_known(actors["oov.venlo"], case_id)}
    assert set(terms) == {"oplegging", "verlenging"}
    assert terms["verlenging"]["term_end"] is None       # signed, not yet made known: its term has not started
    clock.advance(hours=3)
    app.appeals.record_made_known(actors["oov.venlo"], case_id, doc, how="uitreiking", at=app.now())
    terms = {d["decision_kind"]: d for d in app.appeals.decisions_made_known(actors["oov.venlo"], case_id)}
    assert terms["verlenging"]["term_end"] > terms["oplegging"]["term_end"]


def test_retention_destroys_personal_data_keeps_anonymous_row(app, actors, clock, db):
    case_id = served_case(app, actors, clock)
    g = actors["oov.venlo"]
    end = app.case_file.get_case(g, case_id).end_at
    clock.at = end + timedelta(days=1)
    app.archive.archive_case(g, case_id, app.case_file.get_case(g, case_id).version)
    clock.at = end + timedelta(days=365 * 5 - 2)
    assert case_id not in {c["id"] for c in app.lists.retention_candidates(g)}      # not yet: 5 years (art. 10)
    clock.at = end + timedelta(days=365 * 5 + 2)
    dry = app.lists.retention_candidates(g)
    assert case_id in {c["id"] for c in dry}
    assert repo.get_case(db, case_id)["person_surname"] == "Voorbeeld"      # a dry run changes nothing
    with pytest.raises(NotAuthorized):
        app.archive.run_retention(actors["burgemeester.venlo"], [case_id])
    res = app.archive.run_retention(g, [case_id])
    assert res["destroyed"] == [case_id]
    c = repo.get_case(db, case_id)
    assert c["state"] == "vernietigd_archief" and c["person_surname"] is None and c["facts"] is None
    assert db.scalar("SELECT count(*) FROM document WHERE case_id = ?", [case_id]) == 0
    assert db.scalar("SELECT count(*) FROM household_member WHERE case_id = ?", [case_id]) == 0
    row = db.query("SELECT * FROM case_stats_archive WHERE case_id = ?", [case_id])[0]
    assert row["served"] and row["children_present"] and row["final_state"] == "gearchiveerd"
    assert db.scalar("SELECT count(*) FROM audit_log WHERE case_id = ? AND action = 'vernietigd_bewaartermijn'",
                     [case_id]) == 1


def test_geen_huisverbod_rihg_is_archived_and_has_its_own_retention(app, actors, clock, db):
    from tests.conftest import full_assessment
    h = actors["hovj.noord"]
    case_id = walk(app, actors, until="melding")
    v = app.assessment.save_rihg(h, case_id, app.case_file.get_case(h, case_id).version, full_assessment(app.assessment.catalogue()))
    app.assessment.decide(h, case_id, v, False, "Geen acuut gevaar; beide partijen aanvaarden vrijwillig hulp.")
    g = actors["oov.venlo"]
    assert case_id in {r["id"] for r in app.lists.archive(g)}
    with db.transaction() as cur:
        repo.set_setting(cur, "bewaartermijn_rihg_jaren", "1")
    clock.advance(days=370)
    assert case_id in {c["id"] for c in app.lists.retention_candidates(g)}
