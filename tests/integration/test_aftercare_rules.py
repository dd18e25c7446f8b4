"""Issue 15, points 1 and 2: events as data and the rules V1–V5 that turn them into tasks in the right work queue,
through the real services on a real DuckDB (synthetic cases)."""
from datetime import timedelta

import pytest

from procedure.domain.deadlines import AMS, add_calendar_days
from procedure.domain.errors import RuleViolation, ValidationError
from store import repo
from tests.conftest import care_advice, record_care_advice, walk

TEEN = {"name": "Sem Voorbeeld", "relation": "kind", "residence": "woont", "residence_basis": "BRP"}


def served(app, actors, **over):
    return walk(app, actors, until="served", **over)


def members(app, case_id):
    return {m["name"]: m for m in repo.get_members(app.db, case_id)}


def tasks_of(app, actor, case_id, rule=None):
    return [t for t in app.work_queue.work_queue(actor) if t["case_id"] == case_id
            and (rule is None or t["rule"].startswith(rule + ":"))]


def today(app):
    return app.now().astimezone(AMS).date()


def move(app, actors, case_id, name, movement, *, who="casemanager.noord", **extra):
    m = members(app, case_id)[name]
    return app.aftercare.add_event(actors[who], case_id, "huishoudwijziging", occurred_at=app.now(),
                                   details={"member_id": m["id"], "movement": movement, "from_date": today(app),
                                            **extra})


def _household_with_teen(protected_teen: bool):
    from tests.conftest import melding_form
    form = melding_form()
    return [form["members"][0], dict(TEEN, birth_date=form["members"][1]["birth_date"], threatened=protected_teen)]


def test_shelter_on_day_4_teenager_not_protected_stays_mayor_reassesses_with_banner(app, actors, clock):
    case_id = served(app, actors, members=_household_with_teen(False))
    b = actors["burgemeester.venlo"]
    clock.advance(days=3)                                          # day 4
    assert not tasks_of(app, b, case_id, "V2")
    eid = move(app, actors, case_id, "Ans Voorbeeld", "elders_geplaatst", placement="opvang")
    home = app.aftercare.household(b, case_id)
    assert [p["name"] for p in home] == ["Sem Voorbeeld"]          # who lives in the home now
    v2 = tasks_of(app, b, case_id, "V2")
    assert len(v2) == 1 and v2[0]["event_id"] == eid
    assert v2[0]["deadline"] == repo.list_events(app.db, case_id)[-1]["recorded_at"] + timedelta(hours=24)
    assert "geen beschermde persoon" in app.aftercare.banners(b, case_id)[0]
    assert not tasks_of(app, actors["politie.noord"], case_id, "V2")   # the mayor's task, not the police's
    ev = [e for e in app.aftercare.events(b, case_id) if e["id"] == eid][0]
    assert ev["details"]["placement"] == "opvang" and "opvang" in ev["summary"]
    # the reassessment closes the task and lifts the banner
    app.extension_withdrawal.keep_after_reassessment(b, case_id, eid, reasons="De zoon blijft, het gevaar is "
                                                     "voor hem klein; de partner keert na de opvang terug.")
    assert not tasks_of(app, b, case_id, "V2") and app.aftercare.banners(b, case_id) == []


def test_shelter_while_a_protected_teenager_stays_needs_no_reassessment(app, actors, clock):
    case_id = served(app, actors, members=_household_with_teen(True))
    clock.advance(days=3)
    move(app, actors, case_id, "Ans Voorbeeld", "elders_geplaatst", placement="opvang")
    b = actors["burgemeester.venlo"]
    assert not tasks_of(app, b, case_id, "V2") and app.aftercare.banners(b, case_id) == []


def test_household_change_is_validated_field_by_field(app, actors, clock):
    case_id = served(app, actors)
    with pytest.raises(ValidationError) as e:
        app.aftercare.add_event(actors["casemanager.noord"], case_id, "huishoudwijziging", occurred_at=app.now(),
                                note="partner weg", details={"movement": "elders_geplaatst"})
    errs = e.value.field_errors
    assert {"details.person", "details.placement", "details.from_date"} <= set(errs)
    assert repo.list_events(app.db, case_id) == []                # nothing half-stored
    # a new person moving in must say whether they need protection (ja / nee / onbekend; never "unticked = no")
    with pytest.raises(ValidationError) as e:
        app.aftercare.add_event(actors["casemanager.noord"], case_id, "huishoudwijziging", occurred_at=app.now(),
                                details={"person": "Oma Voorbeeld", "movement": "komt_wonen", "from_date": today(app)})
    assert "details.protected" in e.value.field_errors


def test_care_advice_needs_a_help_status_for_every_party(app, actors, clock):
    case_id = served(app, actors)
    d = care_advice(app, case_id)
    d["help"].pop("uithuisgeplaatste")
    with pytest.raises(ValidationError) as e:
        app.aftercare.add_event(actors["casemanager.noord"], case_id, "zorgadvies", occurred_at=app.now(),
                                organisation="Veilig Thuis", event_date=today(app), details=dict(d, risk="veel"))
    assert "uithuisgeplaatste" in e.value.field_errors["details.help"]
    assert "details.risk" in e.value.field_errors


def test_advice_to_withdraw_gives_the_mayor_24h_and_withdrawal_closes_it(app, actors, clock):
    case_id = served(app, actors)
    b = actors["burgemeester.venlo"]
    clock.advance(days=5)
    eid = record_care_advice(app, actors, case_id, risk="afgenomen", help_status="aanvaard", advice="intrekken")
    v1 = tasks_of(app, b, case_id, "V1")
    assert len(v1) == 1 and v1[0]["event_id"] == eid and v1[0]["deadline"] == app.now() + timedelta(hours=24)
    assert "intrekken" in v1[0]["task"] and "art. 2 lid 9" in v1[0]["rule"]
    assert [r["id"] for r in app.extension_withdrawal.open_reassessments(b, case_id)] == [eid]
    clock.advance(hours=25)
    assert tasks_of(app, b, case_id, "V1")[0]["overdue"]          # overdue stands out
    app.extension_withdrawal.withdraw(b, case_id, app.case_file.get_case(b, case_id).version,
                                      reasons="Risico afgenomen en hulp aanvaard volgens het zorgadvies.",
                                      resolves_event_id=eid)
    assert not tasks_of(app, b, case_id)


def test_risk_judged_lower_alone_also_asks_for_a_withdrawal_decision(app, actors, clock):
    case_id = served(app, actors)
    clock.advance(days=6)
    record_care_advice(app, actors, case_id, risk="afgenomen", advice="verlengen")
    assert tasks_of(app, actors["burgemeester.venlo"], case_id, "V1")
    assert not tasks_of(app, actors["oov.venlo"], case_id, "V1")


def test_no_care_advice_by_the_configured_day_casemanager_task_and_mayor_sees_it_missing(app, actors, clock):
    with app.db.transaction() as cur:
        repo.set_setting(cur, "zorgadvies_dag", "6")
    case_id = served(app, actors)
    t0 = repo.get_case(app.db, case_id)["served_at"]
    v4 = tasks_of(app, actors["casemanager.noord"], case_id, "V4")
    assert len(v4) == 1 and v4[0]["deadline"] == add_calendar_days(t0, 5)
    v3 = tasks_of(app, actors["burgemeester.venlo"], case_id, "V3")
    assert v3 and "zorgadvies ontbreekt" in v3[0]["task"]
    record_care_advice(app, actors, case_id)
    assert not tasks_of(app, actors["casemanager.noord"], case_id, "V4")
    assert "ontbreekt" not in tasks_of(app, actors["burgemeester.venlo"], case_id, "V3")[0]["task"]


def test_breach_goes_to_police_and_oov_and_each_closes_with_its_own_follow_up(app, actors, clock):
    case_id = served(app, actors)
    clock.advance(days=2)
    pol, oov = actors["politie.noord"], actors["oov.venlo"]
    bid = app.aftercare.add_event(pol, case_id, "overtreding", occurred_at=app.now() - timedelta(hours=1),
                                  reference="PV 2026-0815")
    assert tasks_of(app, pol, case_id, "V5") and tasks_of(app, oov, case_id, "V5")
    assert not tasks_of(app, actors["casemanager.noord"], case_id, "V5")
    with pytest.raises(ValidationError):
        app.aftercare.add_event(pol, case_id, "overtreding_opgevolgd", occurred_at=app.now(),
                                details={"breach_event_id": bid + 999, "action": "pv_opgemaakt"})
    app.aftercare.add_event(pol, case_id, "overtreding_opgevolgd", occurred_at=app.now(),
                            details={"breach_event_id": bid, "action": "aangehouden"})
    assert not tasks_of(app, pol, case_id, "V5") and tasks_of(app, oov, case_id, "V5")
    app.aftercare.add_event(oov, case_id, "overtreding_opgevolgd", occurred_at=app.now(),
                            details={"breach_event_id": bid, "action": "gesprek"})
    assert not tasks_of(app, oov, case_id, "V5")


def test_extension_draft_on_day_7_with_only_the_day_2_advice_is_refused(app, actors, clock):
    case_id = served(app, actors)
    b = actors["burgemeester.venlo"]
    clock.advance(days=1)
    record_care_advice(app, actors, case_id)                       # day 2
    clock.advance(days=5)                                           # day 7
    problems = app.extension_withdrawal.extension_readiness(b, case_id)
    assert len(problems) == 1 and "5 dagen oud" in problems[0] and "hoogstens 4" in problems[0]
    assert app.extension_withdrawal.extension_options(b, case_id)["not_ready"] == problems
    from tests.integration.test_lifecycle import ADVICE, REASONS
    with pytest.raises(RuleViolation, match="nog niet klaar"):
        app.extension_withdrawal.extend(b, case_id, app.case_file.get_case(b, case_id).version, days=18,
                                        zorgadvies_organisation="Veilig Thuis", zorgadvies_date=today(app),
                                        zorgadvies_summary=ADVICE, help_accepted=False, reasons=REASONS,
                                        current_facts="Op dag 6 heeft hij 14 berichten gestuurd.")
    assert repo.get_case(app.db, case_id)["state"] == "opgelegd"
    with app.db.transaction() as cur:                              # the age is a setting
        repo.set_setting(cur, "zorgadvies_max_leeftijd_dagen", "5")
    assert app.extension_withdrawal.extension_readiness(b, case_id) == []


def test_week_two_advice_risk_up_help_refused_reasons_must_say_so(app, actors, clock):
    case_id = served(app, actors)
    b = actors["burgemeester.venlo"]
    clock.advance(days=8)
    record_care_advice(app, actors, case_id, risk="toegenomen", help_status="geweigerd", advice="verlengen")
    assert not tasks_of(app, b, case_id, "V1")
    vague = "Het gevaar is niet geweken en betrokkene zoekt contact met de partner via berichten."
    problems = app.extension_withdrawal.extension_readiness(b, case_id, vague)
    assert any("risico toegenomen" in p for p in problems)
    assert any("de uithuisgeplaatste (hulp geweigerd)" in p for p in problems)
    assert any("Ans Voorbeeld (hulp geweigerd)" in p for p in problems)
    good = ("Het risico is toegenomen: betrokkene zoekt contact. Zowel betrokkene als de partner hebben de "
            "aangeboden hulp geweigerd.")
    assert app.extension_withdrawal.extension_readiness(b, case_id, good) == []


def test_contact_address_keys_lawyer_and_hearing_are_data(app, actors, clock):
    case_id = served(app, actors)
    pol, oov = actors["politie.noord"], actors["oov.venlo"]
    app.aftercare.add_event(pol, case_id, "contactadres", occurred_at=app.now(),
                            details={"change": "gegeven", "address": "Parkweg 3, 5911 AB Venlo"})
    app.aftercare.add_event(pol, case_id, "contactadres", occurred_at=app.now(),
                            details={"change": "gewijzigd", "address": "Hotelweg 1, 5912 AA Venlo"})
    assert repo.get_case(app.db, case_id)["contact_address"] == "Hotelweg 1, 5912 AA Venlo"
    with pytest.raises(ValidationError) as e:
        app.aftercare.add_event(pol, case_id, "sleutels_ingenomen", occurred_at=app.now(), reference="OB-1",
                                details={"count": 0})
    assert "details.count" in e.value.field_errors
    app.aftercare.add_event(pol, case_id, "sleutels_ingenomen", occurred_at=app.now(), reference="OB-1",
                            details={"count": 2})
    app.aftercare.add_event(oov, case_id, "zittingsdatum", occurred_at=app.now(),
                            details={"hearing_at": app.now() + timedelta(days=2), "court": "Rechtbank Limburg"})
    summaries = {e["kind"]: e["summary"] for e in app.aftercare.events(oov, case_id)}
    assert summaries["sleutels_ingenomen"] == "2 sleutel(s)" and "Rechtbank Limburg" in summaries["zittingsdatum"]
