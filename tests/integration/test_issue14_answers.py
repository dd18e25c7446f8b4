"""Issue 14 (part a) through the services: explicit answers at the uitreiking and the extension, the household parts
of the imposition and the extension (and only in the households that need them, R12), the sender of the
proces-verbaal, and the start and actual end on every document given to the removed person."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from procedure.domain.answers import Answer
from procedure.domain.deadlines import AMS, add_calendar_days
from procedure.domain.errors import RuleViolation, ValidationError
from tests.conftest import FACTS, HOUSEHOLD, WHY, record_care_advice, walk

H, MAYOR = "hovj.noord", "burgemeester.venlo"
ADVICE = "Veilig Thuis adviseert verlenging: de hulp is net gestart en het risico is nog hoog."
REASONS = "De dreiging blijft: betrokkene heeft de partner opnieuw benaderd via berichten, ondanks het verbod."


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def ver(app, actors, case_id):
    return app.case_file.get_case(actors[H], case_id).version


def stored(app, actors, case_id, kind):
    h = actors[H]
    doc = [d for d in app.documents.documents(h, case_id) if d["kind"] == kind][-1]
    return text_of(app.documents.document_bytes(h, doc["id"])[1])


#: the help status a care advice records for the answer the extension gives (issue 15: the extension rests on it)
STATUS_FOR = {Answer.JA: "aanvaard", Answer.NEE: "geweigerd", Answer.ONBEKEND: "aangeboden"}


def extend(app, actors, case_id, **over):
    answer = Answer.parse(over.get("help_accepted", Answer.ONBEKEND)) or Answer.ONBEKEND
    status = STATUS_FOR[answer]
    record_care_advice(app, actors, case_id, risk="gelijk gebleven", help_status=status)
    over["reasons"] = f"{over.get('reasons', REASONS)} Het risico is gelijk gebleven; de hulp is {status}."
    kw = dict(days=18, zorgadvies_organisation="Veilig Thuis Limburg-Noord",
              zorgadvies_date=app.now().astimezone(AMS).date(), zorgadvies_summary=ADVICE, help_accepted=Answer.ONBEKEND,
              reasons=REASONS, current_facts="Op dag 7 heeft hij 14 berichten gestuurd.")
    kw.update(over)
    return app.extension_withdrawal.extend(actors[MAYOR], case_id, ver(app, actors, case_id), **kw)


# -- 1. explicit answers --------------------------------------------------------------------------------------
def test_uitreiking_refuses_unanswered_keys_and_stores_the_answers(app, actors, clock):
    case_id = walk(app, actors, until="signed")
    h = actors[H]
    with pytest.raises(ValidationError) as e:
        app.service_of_order.serve(h, case_id, ver(app, actors, case_id), served_at=app.now(), keys_taken_in=None)
    assert "keys_taken_in" in (e.value.field_errors or {e.value.field: 1})
    app.service_of_order.serve(h, case_id, ver(app, actors, case_id), served_at=app.now(), keys_taken_in="onbekend",
                               contact_address_given=Answer.NEE)
    view = app.case_file.get_case(h, case_id)
    assert view.case["keys_answer"] == "onbekend" and view.case["contact_address_answer"] == "nee"
    assert view.case["keys_taken_in"] is None                    # onbekend is not stored as "no"
    t = stored(app, actors, case_id, "pv_uitreiking")
    assert "Bij de uitreiking is niet vastgesteld of er sleutels zijn ingenomen." in t
    assert "Er zijn geen sleutels ingenomen." not in t and "U heeft nog geen adres opgegeven." in t
    assert view.open_questions == []


def test_unanswered_contact_address_prints_no_claim_and_is_an_open_question(app, actors, clock):
    case_id = walk(app, actors, until="signed")
    app.service_of_order.serve(actors[H], case_id, ver(app, actors, case_id), served_at=app.now(), keys_taken_in="nee")
    t = stored(app, actors, case_id, "pv_uitreiking")
    assert "U heeft nog geen adres opgegeven." not in t and "Heeft u nog geen adres opgegeven?" in t
    assert app.case_file.get_case(actors[H], case_id).open_questions == [
        "Heeft betrokkene bij de uitreiking een contactadres opgegeven?"]


def test_contact_address_nee_with_an_address_is_refused(app, actors, clock):
    case_id = walk(app, actors, until="signed")
    with pytest.raises(ValidationError):
        app.service_of_order.serve(actors[H], case_id, ver(app, actors, case_id), served_at=app.now(),
                                   keys_taken_in="nee", contact_address="Hoogstraat 3, Venlo", contact_address_given="nee")


@pytest.mark.parametrize("answer,sentence,absent", [
    (Answer.JA, "U heeft de hulp aanvaard die u is aangeboden.", "niet aanvaard"),
    (Answer.NEE, "U heeft de hulp die u is aangeboden niet aanvaard.", "niet vastgesteld"),
    (Answer.ONBEKEND, "is bij dit besluit niet vastgesteld", "niet aanvaard"),
])
def test_extension_states_the_help_answer_exactly(app, actors, clock, answer, sentence, absent):
    case_id = walk(app, actors, until="served")
    clock.at = add_calendar_days(app.case_file.get_case(actors[H], case_id).case["served_at"], 8)
    reasons = REASONS + (" De hulp is begonnen, maar nog te kort om het gevaar weg te nemen." if answer is Answer.JA else "")
    extend(app, actors, case_id, help_accepted=answer, reasons=reasons)
    t = stored(app, actors, case_id, "beschikking_verlenging")
    assert sentence in t and absent not in t
    assert app.case_file.get_case(actors[H], case_id).case["help_accepted"] == answer.value


def test_extension_refuses_unanswered_help(app, actors, clock):
    case_id = walk(app, actors, until="served")
    clock.at = add_calendar_days(app.case_file.get_case(actors[H], case_id).case["served_at"], 8)
    with pytest.raises(ValidationError) as e:
        extend(app, actors, case_id, help_accepted=None)
    assert "help_accepted" in (e.value.field_errors or {e.value.field: 1})


# -- 4. households --------------------------------------------------------------------------------------------
def test_imposition_needs_role_per_adult_and_the_childrens_parts(app, actors, clock):
    case_id = walk(app, actors, until="rihg")
    h = actors[H]
    app.decision.save_draft(h, case_id, ver(app, actors, case_id), facts=FACTS, threatened_persons="Ans Voorbeeld",
                            why_this_person=WHY)
    with pytest.raises(RuleViolation) as e:
        app.decision.submit_for_signature(h, case_id, ver(app, actors, case_id))
    details = " ".join(e.value.details)
    assert "Andere volwassene Ans Voorbeeld" in details and "Kinderen (Kim Voorbeeld): vermeld wie nu voor hen zorgt" in details
    app.decision.save_draft(h, case_id, ver(app, actors, case_id), facts=FACTS, threatened_persons="Ans Voorbeeld",
                            why_this_person=WHY, **HOUSEHOLD)
    assert app.decision.draft_problems(h, case_id) == []
    t = text_of(app.documents.render_document(h, case_id, "concept_beschikking")[1])
    assert "Andere volwassenen in de woning" in t and HOUSEHOLD["adult_roles"]["Ans Voorbeeld"] in t
    assert HOUSEHOLD["children_care"] in t and HOUSEHOLD["children_meaning"] in t


def test_r12_single_adult_household_is_not_asked_for_household_parts(app, actors, clock):
    """Over-blocking guard: the removed person's mother is the only housemate (R12's case) — only her role is
    asked, nothing about children; a household of only a minor child asks nothing about other adults."""
    mother = [{"name": "Mia Moeder", "birth_date": date(1955, 1, 1), "relation": "ouder", "residence": "woont",
               "residence_basis": "BRP", "threatened": True}]
    case_id = walk(app, actors, until="rihg", members=mother)
    h = actors[H]
    app.decision.save_draft(h, case_id, ver(app, actors, case_id), facts=FACTS, threatened_persons="Mia Moeder",
                            why_this_person=WHY, adult_roles={"Mia Moeder": "Moeder en slachtoffer van de bedreiging."})
    assert app.decision.draft_problems(h, case_id) == []
    app.decision.submit_for_signature(h, case_id, ver(app, actors, case_id))


def test_extension_needs_the_childrens_parts_in_a_household_with_children(app, actors, clock):
    case_id = walk(app, actors, until="served")
    clock.at = add_calendar_days(app.case_file.get_case(actors[H], case_id).case["served_at"], 8)
    with pytest.raises(ValidationError) as e:
        extend(app, actors, case_id, children_care="")
    assert "household" in (e.value.field_errors or {e.value.field: 1})
    extend(app, actors, case_id, children_care="Oma zorgt nu voor Kim, moeder is opgenomen.")
    t = stored(app, actors, case_id, "beschikking_verlenging")
    assert "Oma zorgt nu voor Kim, moeder is opgenomen." in t and HOUSEHOLD["children_meaning"] in t


# -- 5. sender ------------------------------------------------------------------------------------------------
def test_proces_verbaal_is_written_by_the_police(app, actors, clock):
    case_id = walk(app, actors, until="served")
    t = stored(app, actors, case_id, "pv_uitreiking")
    assert t.startswith("Politie Eenheid Limburg")
    assert "Gemeente" not in t.split("Proces-verbaal")[0]


# -- 7. start and actual end on every document given to the removed person -----------------------------------
def _person_documents(app, actors, case_id) -> dict[str, str]:
    h = actors[H]
    out = {d["kind"]: text_of(app.documents.document_bytes(h, d["id"])[1])
           for d in app.documents.documents(h, case_id) if d["kind"] != "beschikking_oplegging"}
    out["info_uithuisgeplaatste"] = text_of(app.documents.render_document(h, case_id, "info_uithuisgeplaatste")[1])
    return out


def _dt(d) -> str:
    from forms.layout import nl_datetime
    return nl_datetime(d)


def test_every_document_to_the_removed_person_states_start_and_end(app, actors, clock):
    case_id = walk(app, actors, until="served")
    c = app.case_file.get_case(actors[H], case_id).case
    docs = _person_documents(app, actors, case_id)
    assert set(docs) == {"pv_uitreiking", "info_uithuisgeplaatste", "brief_besluit"}   # brief: issue 15 letters
    for kind, t in docs.items():
        assert _dt(c["served_at"]) in t and _dt(c["end_at"]) in t, kind


def test_after_extension_and_withdrawal_the_person_holds_the_actual_end(app, actors, clock):
    case_id = walk(app, actors, until="served")
    t0 = app.case_file.get_case(actors[H], case_id).case["served_at"]
    clock.at = add_calendar_days(t0, 8)
    extend(app, actors, case_id)
    new_end = add_calendar_days(t0, 28)
    docs = _person_documents(app, actors, case_id)
    for kind in ("beschikking_verlenging", "info_uithuisgeplaatste"):
        assert _dt(t0) in docs[kind] and _dt(new_end) in docs[kind], kind
    assert "verlengd" in docs["info_uithuisgeplaatste"]
    clock.advance(days=2)
    app.extension_withdrawal.withdraw(actors[MAYOR], case_id, ver(app, actors, case_id),
                                      reasons="De partner is met de kinderen verhuisd; het gevaar in de woning is weg.")
    withdrawn = app.case_file.get_case(actors[H], case_id).case["withdrawn_at"]
    docs = _person_documents(app, actors, case_id)
    for kind in ("beschikking_intrekking", "info_uithuisgeplaatste"):
        assert _dt(t0) in docs[kind] and _dt(withdrawn) in docs[kind], kind
    assert "ingetrokken" in docs["info_uithuisgeplaatste"]


def test_written_decision_after_an_oral_order_states_start_and_end(app, actors, clock):
    case_id = walk(app, actors, until="draft")
    m = actors[MAYOR]
    app.service_of_order.record_oral_order(m, case_id, ver(app, actors, case_id), ordered_at=app.now())
    c = app.case_file.get_case(actors[H], case_id).case
    t = text_of(app.decision.draft_pdf(actors[H], case_id))
    assert _dt(c["served_at"]) in t and _dt(c["end_at"]) in t
    assert timedelta(0) <= app.now() - c["served_at"] < timedelta(minutes=1)


def test_melding_grounds_not_answered_are_not_vastgesteld_never_nee(app, actors, clock):
    case_id = walk(app, actors, until="melding", aangifte_done=Answer.NEE, child_abuse_ground=None)
    c = app.case_file.get_case(actors[H], case_id).case
    assert c["aangifte_done"] is False and c["arrested"] is None and c["child_abuse_ground"] is None
    t = text_of(app.documents.render_document(actors[H], case_id, "melding_rapport")[1])
    assert "Aangifte gedaan: nee; aangehouden: niet vastgesteld" in t
    assert "kindermishandeling: niet vastgesteld" in t
    with pytest.raises(ValidationError):
        walk(app, actors, until="melding", arrested="misschien")
