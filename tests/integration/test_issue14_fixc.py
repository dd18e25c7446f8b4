"""Issue 14, break-it findings H1/H2/M5/M4: cases that were open when migration 015 ran can still be completed,
extended and corrected; the extension's household texts never leak into a herstelbesluit of the imposition;
an unknown child-abuse ground never counts as 'nee'; a member without birth date does not escape the household
check."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from procedure.domain.deadlines import add_calendar_days
from procedure.domain.errors import RuleViolation, ValidationError
from store import repo
from tests.conftest import FACTS, HOUSEHOLD, WHY, walk
from tests.integration.test_issue14_answers import H, MAYOR, extend, stored, text_of, ver

CORR_REASONS = "De rol van de partner ontbrak in de beschikking; aangevuld na gesprek met de politie."
NEW_ROLE = "Partner; werd bedreigd en was niet bij de ruzie betrokken als pleger."


def _as_before_015(db, case_id):
    """The state a case had when migration 015 ran: no role notes, no children's texts."""
    with db.transaction() as cur:
        cur.execute("UPDATE household_member SET role_note = NULL WHERE case_id = ?", [case_id])
        cur.execute("UPDATE hv_case SET children_care = NULL, children_meaning = NULL WHERE id = ?", [case_id])


def _ids(app, actors, case_id):
    return {m["name"]: m["id"] for m in repo.get_members(app.db, case_id)}


# -- H1 ---------------------------------------------------------------------------------------------------
def test_h1_case_served_before_015_can_be_extended_with_the_adults_roles(app, actors, clock):
    case_id = walk(app, actors, until="served")
    _as_before_015(app.db, case_id)
    clock.at = add_calendar_days(app.case_file.get_case(actors[H], case_id).case["served_at"], 8)
    kids = dict(children_care=HOUSEHOLD["children_care"], children_meaning=HOUSEHOLD["children_meaning"])
    with pytest.raises(ValidationError) as e:
        extend(app, actors, case_id, **kids)
    assert "household" in (e.value.field_errors or {e.value.field: 1})
    extend(app, actors, case_id, adult_roles={"Ans Voorbeeld": NEW_ROLE}, **kids)
    assert NEW_ROLE in stored(app, actors, case_id, "beschikking_verlenging")


def test_h1_case_awaiting_signature_before_015_can_be_completed_and_signed(app, actors, clock):
    case_id = walk(app, actors, until="submitted")
    _as_before_015(app.db, case_id)
    h = actors[H]
    with pytest.raises(RuleViolation):      # save_draft stays closed once submitted
        app.decision.save_draft(h, case_id, ver(app, actors, case_id), facts=FACTS, threatened_persons="Ans Voorbeeld",
                                why_this_person=WHY, **HOUSEHOLD)
    app.decision.save_household_parts(h, case_id, ver(app, actors, case_id), **HOUSEHOLD)
    view = app.case_file.get_case(h, case_id)
    assert view.case["state"] == "besluit" and view.case["facts"] == FACTS
    app.decision.sign(actors[MAYOR], case_id, ver(app, actors, case_id))
    t = stored(app, actors, case_id, "beschikking_oplegging")
    assert HOUSEHOLD["adult_roles"]["Ans Voorbeeld"] in t and HOUSEHOLD["children_care"] in t


def test_h1_household_parts_cannot_be_changed_after_signing_except_by_herstelbesluit(app, actors, clock):
    case_id = walk(app, actors, until="signed")
    with pytest.raises(RuleViolation):
        app.decision.save_household_parts(actors[H], case_id, ver(app, actors, case_id), children_care="Anders.")


def test_h1_herstelbesluit_corrects_role_notes_and_childrens_texts(app, actors, clock):
    case_id = walk(app, actors, until="served")
    b = actors[MAYOR]
    care = "Oma Mia zorgt sinds het huisverbod voor Kim, bij haar thuis in Blerick."
    doc = app.correction.correct_decision(b, case_id, ver(app, actors, case_id), reasons=CORR_REASONS,
                                          changes={"adult_roles": {_ids(app, actors, case_id)["Ans Voorbeeld"]: NEW_ROLE},
                                                   "children_care": care})
    t = text_of(app.documents.document_bytes(b, doc)[1])
    assert NEW_ROLE in t and care in t and "Rol van Ans Voorbeeld" in t


# -- H2 ---------------------------------------------------------------------------------------------------
def test_h2_herstelbesluit_of_the_imposition_keeps_the_impositions_household_texts(app, actors, clock):
    case_id = walk(app, actors, until="served")
    clock.at = add_calendar_days(app.case_file.get_case(actors[H], case_id).case["served_at"], 8)
    ext_care = "Tijdens de verlenging zorgt oma voor Kim; moeder is opgenomen."
    ext_role = "Partner; is sinds dag 5 opgenomen in een kliniek."
    extend(app, actors, case_id, children_care=ext_care, adult_roles={"Ans Voorbeeld": ext_role})
    assert ext_care in stored(app, actors, case_id, "beschikking_verlenging")
    b = actors[MAYOR]
    doc = app.correction.correct_decision(b, case_id, ver(app, actors, case_id), reasons=CORR_REASONS,
                                          changes={"person_surname": "Voorbeelt"})
    t = text_of(app.documents.document_bytes(b, doc)[1])
    assert HOUSEHOLD["children_care"] in t and HOUSEHOLD["adult_roles"]["Ans Voorbeeld"] in t
    assert ext_care not in t and ext_role not in t


# -- M5 ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ground", [None, "onbekend", "ja"])
def test_m5_child_abuse_ground_not_nee_requires_the_veilig_thuis_consultation(app, actors, clock, ground):
    case_id = walk(app, actors, until="draft", child_abuse_ground=ground)
    h = actors[H]
    assert any("Veilig Thuis" in p for p in app.decision.draft_problems(h, case_id))
    with pytest.raises(RuleViolation) as e:
        app.decision.submit_for_signature(h, case_id, ver(app, actors, case_id))
    assert "Veilig Thuis" in e.value.message


def test_m5_explicit_nee_needs_no_consultation(app, actors, clock):
    case_id = walk(app, actors, until="draft", child_abuse_ground="nee")
    assert app.decision.draft_problems(actors[H], case_id) == []


# -- M4 ---------------------------------------------------------------------------------------------------
def test_m4_housemate_without_birth_date_does_not_escape_the_household_check(app, actors, clock):
    members = [{"name": "Sam Onbekend", "birth_date": None, "relation": "huisgenoot", "residence": "woont",
                "residence_basis": "BRP", "threatened": True}]
    case_id = walk(app, actors, until="rihg", members=members)
    h = actors[H]
    app.decision.save_draft(h, case_id, ver(app, actors, case_id), facts=FACTS, threatened_persons="Sam Onbekend",
                            why_this_person=WHY)
    assert any("Sam Onbekend" in p for p in app.decision.draft_problems(h, case_id))
    with pytest.raises(RuleViolation):
        app.decision.submit_for_signature(h, case_id, ver(app, actors, case_id))
    app.decision.save_draft(h, case_id, ver(app, actors, case_id), facts=FACTS, threatened_persons="Sam Onbekend",
                            why_this_person=WHY, adult_roles={"Sam Onbekend": "Huisgenoot; werd bedreigd, geen pleger."})
    app.decision.submit_for_signature(h, case_id, ver(app, actors, case_id))


# -- M8 ---------------------------------------------------------------------------------------------------
def test_m8_keys_taken_in_after_service_are_in_the_withdrawal(app, actors, clock):
    case_id = walk(app, actors, until="signed")
    h = actors[H]
    app.service_of_order.serve(h, case_id, ver(app, actors, case_id), served_at=app.now(), keys_taken_in="nee",
                               contact_address_given="nee")
    clock.advance(hours=5)
    app.aftercare.add_event(h, case_id, "sleutels_ingenomen", occurred_at=app.now(), reference="PL2600-2026123456",
                            details={"count": 2})
    clock.advance(hours=1)
    app.extension_withdrawal.withdraw(actors[MAYOR], case_id, ver(app, actors, case_id),
                                      reasons="Hulp aanvaard en bevestigd door de hulpverlening; het gevaar is geweken.")
    t = stored(app, actors, case_id, "beschikking_intrekking")
    assert "Vraag ze terug bij de politie." in t and "geen sleutels van u ingenomen" not in t


# -- M7 / M9: open questions nothing can close ------------------------------------------------------------
def test_m7_m9_open_questions_that_nothing_could_close_are_not_listed():
    from procedure.domain.case import case_open_questions

    t = datetime(2026, 5, 12, 12, 30, tzinfo=timezone.utc)
    served = {"served_at": t, "keys_answer": "ja", "contact_address_answer": "nee"}
    # an extension signed before migration 015 asked for help: NULL, nothing can answer it now
    assert case_open_questions({**served, "extended_at": t, "help_accepted": None}) == []
    # an oral order has no uitreiking whose proces-verbaal asks keys / contact address
    assert case_open_questions({"served_at": t, "oral_order_at": t, "keys_answer": None,
                                "contact_address_answer": None}) == []
    # a regular uitreiking without answers still lists both
    assert len(case_open_questions({"served_at": t, "keys_answer": None, "contact_address_answer": None})) == 2


# -- M3 ---------------------------------------------------------------------------------------------------
def test_m3_a_long_multiline_role_note_renders_whole_with_vervolg_rows():
    from forms.content import AdultRole
    from forms.documents import render_beschikking_oplegging
    from forms.samples import sample_beschikking
    from procedure.domain import validation as v

    lines = [f"Regel {i}: zij was erbij." for i in range(1, 200)]
    note = "\n".join(lines)[:v.MAX_MEDIUM]
    c = sample_beschikking(other_adults=(AdultRole("Ans Voorbeeld", "Partner", note),))
    t = text_of(render_beschikking_oplegging(c))
    last = note.rsplit("\n", 1)[-1]
    assert "Ans Voorbeeld (vervolg)" in t and last in t and "Regel 1: zij was erbij." in t


# -- L12 --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("answer", ["nee", "onbekend"])
def test_l12_keys_not_ja_with_a_key_description_is_refused(app, actors, clock, answer):
    case_id = walk(app, actors, until="signed")
    with pytest.raises(ValidationError) as e:
        app.service_of_order.serve(actors[H], case_id, ver(app, actors, case_id), served_at=app.now(),
                                   keys_taken_in=answer, key_description="2 huissleutels", contact_address_given="nee")
    assert "key_description" in (e.value.field_errors or {e.value.field: 1})
    assert app.case_file.get_case(actors[H], case_id).case["served_at"] is None


# -- L14 --------------------------------------------------------------------------------------------------
def test_l14_proces_verbaal_is_dated_when_it_was_made_not_when_served():
    from forms.documents import render_pv_uitreiking
    from forms.samples import AMS, sample_uitreiking

    c = sample_uitreiking(served_at=datetime(2026, 5, 12, 23, 50, tzinfo=AMS),
                          generated_at=datetime(2026, 5, 13, 0, 40, tzinfo=AMS))
    t = text_of(render_pv_uitreiking(c))
    assert "Opgemaakt en ondertekend in" in t and "op 13 mei 2026." in t


# -- L15 --------------------------------------------------------------------------------------------------
def test_l15_zorgadvies_is_on_the_care_agencys_letterhead():
    from forms.melding import ZorgadviesContent, render_zorgadvies
    from forms.samples import AMS

    t0 = datetime(2026, 5, 12, 16, 39, tzinfo=AMS)
    pdf = render_zorgadvies(ZorgadviesContent(
        document_id="HV-2026-00007-ZA", version=1, municipality_name="Venlo", case_id="HV-2026-00007",
        organisation="Veilig Thuis Limburg-Noord", advice_date=date(2026, 5, 19), summary="Verlengen aanbevolen.",
        recorded_by="M. Zorg", recorded_at=t0, person_name="Jan Test Voorbeeld", t0=t0, current_end=t0, generated_at=t0))
    first = text_of(pdf)[:120]
    assert first.startswith("Veilig Thuis Limburg-Noord") and "Gemeente Venlo" not in first


# -- M10 --------------------------------------------------------------------------------------------------
def _info(app, actors, case_id):
    return text_of(app.documents.render_document(actors[H], case_id, "info_uithuisgeplaatste")[1])


def test_m10_info_letter_after_withdrawal_asks_nothing_any_more(app, actors, clock):
    case_id = walk(app, actors, until="served")
    assert "nu verlaten" in _info(app, actors, case_id)
    clock.advance(hours=5)
    app.extension_withdrawal.withdraw(actors[MAYOR], case_id, ver(app, actors, case_id),
                                      reasons="Hulp aanvaard en bevestigd door de hulpverlening; het gevaar is geweken.")
    t = _info(app, actors, case_id)
    assert "De burgemeester heeft het huisverbod ingetrokken." in t
    for stale in ("nu verlaten", "kan het huisverbod verlengen", "Geef een adres door", "beslist over verlenging",
                  "blijft het huisverbod gelden"):
        assert stale not in t


def test_m10_info_letter_at_the_28_day_maximum_says_no_further_extension(app, actors, clock):
    case_id = walk(app, actors, until="served")
    clock.at = add_calendar_days(app.case_file.get_case(actors[H], case_id).case["served_at"], 8)
    extend(app, actors, case_id, days=18)
    t = _info(app, actors, case_id)
    assert "kan het niet verder verlengen" in t and "kan het huisverbod verlengen" not in t


# -- M6 ---------------------------------------------------------------------------------------------------
def test_m6_melding_report_prints_not_established_for_an_unanswered_threatened_member(app, actors, clock):
    members = [{"name": "Ans Voorbeeld", "birth_date": date(1982, 7, 1), "relation": "partner", "residence": "woont",
                "residence_basis": "BRP", "threatened": "ja"},
               {"name": "Piet Voorbeeld", "birth_date": date(1950, 1, 1), "relation": "ouder", "residence": "woont",
                "residence_basis": "BRP", "threatened": None}]
    case_id = walk(app, actors, until="melding", members=members)
    stored_m = {m["name"]: m["threatened"] for m in repo.get_members(app.db, case_id)}
    assert stored_m == {"Ans Voorbeeld": True, "Piet Voorbeeld": False}
    assert [m["threatened_answer"] for m in repo.get_members(app.db, case_id)] == ["ja", None]
    t = text_of(app.documents.render_document(actors[H], case_id, "melding_rapport")[1])
    row = t[t.index("Piet Voorbeeld"):][:160]
    assert "niet vastgesteld" in row and "nee" not in row.replace("Voorbeeld", "")


# -- the list of beschikkingen awaiting signature whose household parts are open ------------------------------------
def test_awaiting_household_parts_lists_exactly_the_submitted_cases_with_open_parts(app, actors, clock):
    incomplete = walk(app, actors, until="submitted")
    _as_before_015(app.db, incomplete)
    complete = walk(app, actors, until="submitted", person_surname="Anders",
                    person_birth_date=date(1977, 5, 6))
    h = actors[H]
    rows = app.decision.awaiting_household_parts(h)
    assert [r["id"] for r in rows] == [incomplete] and rows.total == 1
    assert any("Ans Voorbeeld" in x for x in rows[0]["open_parts"])
    assert any("Kinderen" in x for x in rows[0]["open_parts"])
    assert complete not in [r["id"] for r in rows]
    # the mayor sees what is open before signing, and signing is refused until it is completed
    assert any("Ans Voorbeeld" in x for x in app.decision.draft_problems(actors[MAYOR], incomplete))
    with pytest.raises(RuleViolation):
        app.decision.sign(actors[MAYOR], incomplete, ver(app, actors, incomplete))
    app.decision.save_household_parts(h, incomplete, ver(app, actors, incomplete), **HOUSEHOLD)
    assert list(app.decision.awaiting_household_parts(h)) == []
