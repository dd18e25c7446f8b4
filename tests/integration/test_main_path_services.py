"""The main path through the services on a real DuckDB file, with the Wth rules and access checks."""
from datetime import date, datetime, time, timedelta

import pytest
from pypdf import PdfReader
import io

from forms.signing import verify_pdf
from procedure.domain.deadlines import AMS
from procedure.domain.errors import NotAuthorized, NotFound, RuleViolation, ValidationError
from procedure.domain.rihg import Colour, Fact
from procedure.domain.states import CaseState
from store import repo
from tests.conftest import FACTS, WHY, full_assessment, melding_form, walk


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_whole_main_path_sets_t0_end_and_signature(db, app, actors, clock):
    case_id = walk(app, actors, until="served")
    h = actors["hovj.noord"]
    view = app.case_file.get_case(h, case_id)
    assert view.state == CaseState.OPGELEGD
    t0 = view.case["served_at"].astimezone(AMS)
    assert view.end_at == (t0.replace(tzinfo=None) + timedelta(days=10)).replace(tzinfo=AMS)
    assert view.latest_extension_end.replace(tzinfo=None) == t0.replace(tzinfo=None) + timedelta(days=28)
    assert view.contact_address_deadline - t0 == timedelta(hours=24)
    assert view.case["decision_basis"] == "burgemeester" and view.case["decided_by"] == "burgemeester.venlo"
    docs = {d["kind"]: d for d in view.documents}
    meta, pdf = app.documents.document_bytes(h, docs["beschikking_oplegging"]["id"])
    result = verify_pdf(pdf, repo.trust_roots(db))
    assert result.valid and result.status == "geldig"
    txt = text_of(pdf)
    for needle in ("Jan Test Voorbeeld", "Kerkstraat 12", "5911 AB", "Ans Voorbeeld", "Kim Voorbeeld"):
        assert needle in txt
    broken = bytearray(pdf)
    broken[len(broken) // 3] ^= 0x01
    assert not verify_pdf(bytes(broken), repo.trust_roots(db)).valid
    # every step left an audit row with who and role
    actions = [(e["action"], e["role"]) for e in app.case_file.timeline(h, case_id)]
    for a in [("melding_geregistreerd", "hovj"), ("rihg_afgerond", "hovj"), ("ter_ondertekening_aangeboden", "hovj"),
              ("beschikking_ondertekend", "burgemeester"), ("uitgereikt", "hovj")]:
        assert a in actions
    pv = app.documents.document_bytes(h, docs["pv_uitreiking"]["id"])[1]
    assert view.end_at.strftime("%H:%M") in text_of(pv)


def test_expired_is_derived_from_the_clock(app, actors, clock):
    case_id = walk(app, actors, until="served")
    h = actors["hovj.noord"]
    end = app.case_file.get_case(h, case_id).end_at
    clock.at = end - timedelta(minutes=1)
    assert app.case_file.get_case(h, case_id).state == CaseState.OPGELEGD
    clock.at = end
    assert app.case_file.get_case(h, case_id).state == CaseState.VERLOPEN
    assert repo.get_case(app.db, case_id)["state"] == "opgelegd"   # nothing had to run


def test_melding_field_errors_all_at_once_and_nothing_stored(app, actors, db):
    before = db.scalar("SELECT count(*) FROM hv_case")
    with pytest.raises(ValidationError) as e:
        app.intake.create_melding(actors["hovj.noord"], melding_form(postcode="12345", person_bsn="123456789", street=""))
    assert set(e.value.field_errors) >= {"postcode", "person_bsn", "street"}
    assert "postcode" in e.value.field_errors["postcode"].lower()
    assert db.scalar("SELECT count(*) FROM hv_case") == before


def test_valid_bsn_accepted(app, actors):
    case_id = app.intake.create_melding(actors["hovj.noord"], melding_form(person_bsn="111222333"))
    assert repo.get_case(app.db, case_id)["person_bsn"] == "111222333"


def test_r17_minor_refused_at_melding(app, actors, clock):
    clock.at = datetime(2024, 5, 31, 12, 0, tzinfo=AMS)
    form = melding_form(person_birth_date=date(2006, 6, 1), incident_date=date(2024, 5, 31), incident_time=time(9, 0))
    with pytest.raises(RuleViolation, match="18 jaar"):
        app.intake.create_melding(actors["hovj.noord"], form)
    clock.at = datetime(2024, 6, 1, 12, 0, tzinfo=AMS)
    assert app.intake.create_melding(actors["hovj.noord"], dict(form, incident_date=date(2024, 6, 1)))


def test_neighbours_and_no_coresident_refused(app, actors):
    with pytest.raises(RuleViolation, match="buiten de Wet"):
        app.intake.create_melding(actors["hovj.noord"], melding_form(members=[
            {"name": "Buurvrouw", "relation": "buur", "residence": "woont", "threatened": True}]))
    with pytest.raises(RuleViolation, match="huiselijke kring"):
        app.intake.create_melding(actors["hovj.noord"], melding_form(q_domestic=False))


def test_r09_brp_mismatch_needs_basis_but_is_not_blocked(app, actors):
    with pytest.raises(ValidationError) as e:
        app.intake.create_melding(actors["hovj.noord"], melding_form(person_brp_differs=True))
    assert "person_residence_basis" in e.value.field_errors
    assert app.intake.create_melding(actors["hovj.noord"], melding_form(
        person_brp_differs=True, person_residence_basis="Woont er sinds 2024 feitelijk; spullen en post aanwezig."))


def test_r12_no_aangifte_no_arrest_does_not_block(app, actors):
    case_id = walk(app, actors, until="signed", aangifte_done=False, arrested=False)
    assert repo.get_case(app.db, case_id)["decided_at"] is not None


def test_r01_red_without_sourced_fact_blocks_finalisation_and_draft(app, actors):
    h = actors["hovj.noord"]
    case_id = walk(app, actors, until="melding")
    a = full_assessment(app.assessment.catalogue())
    a.colours["A1"] = Colour.ROOD
    a.facts.append(Fact("A1", "Eerdere poging doodslag (door hem betwist)", "", disputed=True))
    v = app.assessment.save_rihg(h, case_id, app.case_file.get_case(h, case_id).version, a)
    with pytest.raises(RuleViolation) as e:
        app.assessment.decide(h, case_id, v, True, "Acuut gevaar, zie de rode signalen in deel B en A.")
    assert any("A1" in d for d in e.value.details)
    with pytest.raises(RuleViolation):
        app.decision.draft_pdf(h, case_id)


def test_r04_incomplete_draft_not_generated_submitted_or_signed(app, actors):
    h = actors["hovj.noord"]
    case_id = walk(app, actors, until="rihg")
    v = app.decision.save_draft(h, case_id, app.case_file.get_case(h, case_id).version, facts="zie PV", threatened_persons="",
                                why_this_person="")
    with pytest.raises(RuleViolation) as e:
        app.decision.draft_pdf(h, case_id)
    assert any("Feiten en omstandigheden" in d for d in e.value.details)
    assert any("Waarom deze persoon" in d and "Ans Voorbeeld" in d for d in e.value.details)
    with pytest.raises(RuleViolation):
        app.decision.submit_for_signature(h, case_id, v)


def test_r03_duration_other_than_ten_days_refused(app, actors):
    h = actors["hovj.noord"]
    case_id = walk(app, actors, until="rihg")
    with pytest.raises(RuleViolation, match="10 dagen"):
        app.decision.save_draft(h, case_id, app.case_file.get_case(h, case_id).version, facts=FACTS, threatened_persons="Ans",
                                why_this_person=WHY, duration_days=12)


def test_r17_child_abuse_ground_needs_veilig_thuis_before_signing(app, actors, clock):
    h = actors["hovj.noord"]
    case_id = walk(app, actors, until="draft", child_abuse_ground=True)
    assert any("Veilig Thuis" in p for p in app.decision.draft_problems(h, case_id))
    with pytest.raises(RuleViolation, match="Veilig Thuis"):
        app.decision.submit_for_signature(h, case_id, app.case_file.get_case(h, case_id).version)
    app.decision.record_vt_consultation(h, case_id, app.case_file.get_case(h, case_id).version, consulted_with="Veilig Thuis, dienst",
                                        outcome="Akkoord met huisverbod.", consulted_at=app.now())
    app.decision.submit_for_signature(h, case_id, app.case_file.get_case(h, case_id).version)
    app.decision.sign(actors["burgemeester.venlo"], case_id, app.case_file.get_case(h, case_id).version)


def test_signer_authority(app, actors, db, clock):
    h = actors["hovj.noord"]
    case_id = walk(app, actors, until="submitted")
    v = app.case_file.get_case(h, case_id).version
    # another municipality's burgemeester can't even see it
    with pytest.raises(NotFound):
        app.decision.sign(actors["burgemeester.roermond"], case_id, v)
    # HOvJ without a mandate for Venlo (his demo mandate is for Venray only)
    with pytest.raises(NotAuthorized, match="mandaatbesluit"):
        app.decision.sign(h, case_id, v)
    # politie may not sign at all
    with pytest.raises(NotAuthorized):
        app.decision.sign(actors["politie.noord"], case_id, v)
    # loco-burgemeester with a valid substitution record may (R09)
    doc = app.decision.sign(actors["loco.venlo"], case_id, v)
    c = repo.get_case(db, case_id)
    assert c["decision_basis"] == "loco_burgemeester" and c["mandate_id"] is not None
    assert doc.endswith("-OPL-v1")


def test_loco_without_valid_record_refused(app, actors, db):
    case_id = walk(app, actors, until="submitted")
    db.cursor().execute("UPDATE mandate SET valid_to = DATE '2026-01-01' WHERE holder_username = 'loco.venlo'")
    with pytest.raises(NotAuthorized, match="vervangingsbesluit"):
        app.decision.sign(actors["loco.venlo"], case_id, app.case_file.get_case(actors["hovj.noord"], case_id).version)


def test_hovj_imposes_under_mandate_and_decision_records_it(app, actors, db):
    case_id = walk(app, actors, until="signed", signer="hovj.noord", municipality_code="GM0984", city="Venray")
    c = repo.get_case(db, case_id)
    assert c["decision_basis"] == "hovj_mandaat"
    assert repo.get_mandate(db, c["mandate_id"])["reference"].startswith("MB-")


def test_scope_other_municipality_and_roles(app, actors):
    case_id = walk(app, actors, until="melding")
    with pytest.raises(NotFound):
        app.case_file.get_case(actors["oov.roermond"], case_id)
    with pytest.raises(NotFound):
        app.case_file.get_case(actors["hovj.midden"], case_id)
    for u in ("manager.regio", "beleid.regio", "beheer"):
        with pytest.raises(NotAuthorized):
            app.case_file.get_case(actors[u], case_id)
    assert app.case_file.get_case(actors["oov.venlo"], case_id).id == case_id
    assert app.case_file.get_case(actors["casemanager.noord"], case_id).id == case_id
    with pytest.raises(NotAuthorized):
        app.intake.create_melding(actors["casemanager.noord"], melding_form())
    with pytest.raises(NotAuthorized):   # Roermond is outside Noord-Limburg
        app.intake.create_melding(actors["hovj.noord"], melding_form(municipality_code="GM0957"))


def test_viewing_a_case_is_audited(app, actors, db):
    case_id = walk(app, actors, until="melding")
    app.case_file.get_case(actors["oov.venlo"], case_id)
    rows = db.query("SELECT username FROM audit_log WHERE case_id = ? AND action = 'zaak_ingezien'", [case_id])
    assert {"username": "oov.venlo"} in rows


def test_serve_rules(app, actors, clock):
    h = actors["hovj.noord"]
    case_id = walk(app, actors, until="signed")
    v = app.case_file.get_case(h, case_id).version
    with pytest.raises(ValidationError) as e:
        app.service_of_order.serve(h, case_id, v, served_at=app.now() + timedelta(hours=2), keys_taken_in=True, key_description="")
    assert {"served_at", "key_description"} <= set(e.value.field_errors)
    with pytest.raises(ValidationError, match="vóór de ondertekening"):
        app.service_of_order.serve(h, case_id, v, served_at=app.now() - timedelta(hours=3), keys_taken_in=False)
    with pytest.raises(NotAuthorized):
        app.service_of_order.serve(actors["burgemeester.venlo"], case_id, v, served_at=app.now(), keys_taken_in=False)


def test_repeat_case_is_linked_and_needs_new_facts(app, actors):
    first = walk(app, actors, until="melding", person_bsn="111222333")
    with pytest.raises(RuleViolation, match="nieuwe feiten"):
        app.intake.create_melding(actors["hovj.noord"], melding_form(person_bsn="111222333"))
    second = app.intake.create_melding(actors["hovj.noord"], melding_form(
        person_bsn="", new_facts="Nieuw incident op 12 mei met bedreiging met een mes."))  # same name + birth date
    assert repo.get_case(app.db, second)["previous_case_id"] == first


def test_no_huisverbod_ends_case_and_keeps_rihg(app, actors):
    h = actors["hovj.noord"]
    case_id = walk(app, actors, until="melding")
    v = app.assessment.save_rihg(h, case_id, app.case_file.get_case(h, case_id).version, full_assessment(app.assessment.catalogue()))
    with pytest.raises(ValidationError):
        app.assessment.decide(h, case_id, v, False, "")
    app.assessment.decide(h, case_id, v, False, "Hulp vrijwillig aanvaard, geen acuut gevaar meer volgens beide partijen.")
    view = app.case_file.get_case(h, case_id)
    assert view.state == CaseState.GEEN_HUISVERBOD
    a, _ = app.assessment.get_rihg(h, case_id)
    assert len(a.answers) == 79 and len(a.colours) == 20


def test_work_queues(app, actors):
    submitted = walk(app, actors, until="submitted", person_given_names="Eerste")
    signed = walk(app, actors, until="signed", person_given_names="Tweede")
    served = walk(app, actors, until="served", person_given_names="Derde")
    b = {t["case_id"]: t["task"] for t in app.work_queue.work_queue(actors["burgemeester.venlo"])}
    assert b.get(submitted) == "Beschikking ondertekenen" and signed not in b
    assert app.work_queue.work_queue(actors["burgemeester.roermond"]) == []
    h = app.work_queue.work_queue(actors["hovj.noord"])
    assert any(t["case_id"] == signed and t["task"] == "Beschikking uitreiken" for t in h)
    contact = [t for t in h if t["case_id"] == served and t["task"].startswith("Contactadres")]
    assert contact and contact[0]["due_24h"] and not contact[0]["overdue"]
    deadlines = [t["deadline"] for t in h if t["deadline"] is not None]
    assert deadlines == sorted(deadlines)
