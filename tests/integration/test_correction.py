"""Herstelbesluit: a signed beschikking is never edited; a correction is a new signed version with its
own decision and appeal term (procedure.md sections 5 and 7; cases.md R03)."""
import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from forms.signing import verify_pdf
from procedure.domain.deadlines import AMS, appeal_term_end
from procedure.domain.errors import NotAuthorized, NotFound, RuleViolation, ValidationError
from store import repo
from tests.conftest import walk

REASONS = "De achternaam was in de beschikking verkeerd gespeld; gecontroleerd in de BRP."


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())


def correct(app, actors, case_id, who="burgemeester.venlo", **changes):
    a = actors[who]
    return app.correction.correct_decision(a, case_id, app.case_file.get_case(a, case_id).version,
                                           changes=changes or {"person_surname": "Voorbeelt"}, reasons=REASONS)


def test_correction_is_a_new_signed_version_and_the_old_one_is_kept(app, actors, clock, db):
    case_id = walk(app, actors, until="served")
    b = actors["burgemeester.venlo"]
    before = {d["id"]: d["sha256"] for d in app.documents.documents(b, case_id)}
    old_bytes = app.documents.document_bytes(b, f"{case_id}-OPL-v1")[1]
    view = app.case_file.get_case(b, case_id)
    t0, end = view.case["served_at"], view.case["end_at"]
    clock.advance(hours=3)
    doc_id = correct(app, actors, case_id, person_surname="Voorbeelt", house_number="12a")
    assert doc_id == f"{case_id}-OPL-v2"
    after = {d["id"]: d for d in app.documents.documents(b, case_id)}
    # verifying the old version says it was replaced; the new one isn't
    assert app.documents.verify(b, old_bytes)[1]["replaced_by"] == doc_id
    assert app.documents.verify(b, app.documents.document_bytes(b, doc_id)[1])[1]["replaced_by"] is None
    # the earlier signed beschikking is untouched (same hash, same bytes)
    assert after[f"{case_id}-OPL-v1"]["sha256"] == before[f"{case_id}-OPL-v1"]
    assert app.documents.document_bytes(b, f"{case_id}-OPL-v1")[1] == old_bytes
    meta, pdf = app.documents.document_bytes(b, doc_id)
    assert meta["signed"] and meta["signer_username"] == "burgemeester.venlo"
    result, known = app.documents.verify(b, pdf)
    assert result.status == "geldig", result
    assert known["id"] == doc_id
    text = text_of(pdf)
    assert "Herstelbesluit" in text and f"{case_id}-OPL-v1" in text
    assert "Voorbeeld" in text and "Voorbeelt" in text          # old and new value in the change table
    assert "Kerkstraat 12a" in text
    assert "Reden van herstel" in text and "BRP" in text
    # the order itself does not change: T0 and end as before, and stated in the herstelbesluit
    case = app.case_file.get_case(b, case_id).case
    assert case["served_at"] == t0 and case["end_at"] == end
    assert case["person_surname"] == "Voorbeelt" and case["house_number"] == "12a"
    assert t0.astimezone(AMS).strftime("%H:%M") in text
    # every later document shows the corrected data (entered once)
    info = text_of(app.documents.render_document(b, case_id, "info_uithuisgeplaatste")[1])
    assert "Voorbeelt" in info
    # audited with what was corrected
    rows = [r for r in repo.case_audit(db, case_id) if r["action"] == "herstelbesluit"]
    assert rows and "Achternaam" in rows[0]["detail"] and f"{case_id}-OPL-v1" in rows[0]["detail"]


def test_r03_correction_decision_gets_its_own_appeal_term(app, actors, clock):
    case_id = walk(app, actors, until="served")
    b = actors["burgemeester.venlo"]
    clock.advance(days=2)
    doc = correct(app, actors, case_id)
    assert {d["decision_kind"]: d for d in app.appeals.decisions_made_known(b, case_id)}["herstel-v2"]["term_end"] is None
    app.appeals.record_made_known(b, case_id, doc, how="uitreiking", at=clock.at)
    decisions = {d["decision_kind"]: d for d in app.appeals.decisions_made_known(b, case_id)}
    assert set(decisions) == {"oplegging", "herstel-v2"}
    first, second = decisions["oplegging"], decisions["herstel-v2"]
    assert second["label"] == "Herstelbesluit (versie 2)"
    assert second["made_known_at"] == clock.at
    assert second["term_end"] == appeal_term_end(clock.at) and second["term_end"] > first["term_end"]
    # an appeal can be registered against the herstelbesluit on its own
    aid = app.appeals.register_appeal(actors["oov.venlo"], case_id, decision_kind="herstel-v2", kind="beroep",
                                      filed_at=clock.at)
    assert [a["decision_kind"] for a in app.appeals.appeals(b, case_id)] == ["herstel-v2"] and aid
    with pytest.raises(RuleViolation):
        app.appeals.register_appeal(actors["oov.venlo"], case_id, decision_kind="herstel-v3", kind="beroep",
                                    filed_at=clock.at)


def test_only_the_burgemeester_or_loco_corrects(app, actors, clock):
    case_id = walk(app, actors, until="served")
    for who in ("hovj.noord", "politie.noord", "oov.venlo"):
        with pytest.raises(NotAuthorized):
            correct(app, actors, case_id, who=who)
    # another municipality's burgemeester: the case looks missing
    with pytest.raises(NotFound):
        correct(app, actors, case_id, who="burgemeester.venray")
    # the loco with a valid substitution record may
    assert correct(app, actors, case_id, who="loco.venlo").endswith("-OPL-v2")


def test_nothing_changed_or_bad_values_are_refused_and_nothing_is_stored(app, actors, clock):
    case_id = walk(app, actors, until="served")
    b = actors["burgemeester.venlo"]
    v0 = app.case_file.get_case(b, case_id).version
    with pytest.raises(RuleViolation, match="niets gewijzigd"):
        app.correction.correct_decision(b, case_id, v0, changes={"person_surname": "Voorbeeld"}, reasons=REASONS)
    with pytest.raises(ValidationError) as e:
        app.correction.correct_decision(b, case_id, v0, changes={"postcode": "59XX", "person_surname": ""}, reasons="kort")
    assert set(e.value.field_errors) == {"postcode", "person_surname", "reasons"}
    with pytest.raises(ValidationError, match="verlenging of intrekking"):
        app.correction.correct_decision(b, case_id, v0, changes={"end_at": "2030-01-01"}, reasons=REASONS)
    # a correction that would leave out the facts (art. 2 lid 4 Wth, R04) is refused
    with pytest.raises(ValidationError):
        app.correction.correct_decision(b, case_id, v0, changes={"facts": "   "}, reasons=REASONS)
    # a date of birth that makes him a minor at T0: withdraw, don't correct
    with pytest.raises(RuleViolation):
        app.correction.correct_decision(b, case_id, v0, changes={"person_birth_date": date.today() - timedelta(days=365 * 16)},
                                        reasons=REASONS)
    assert [d["id"] for d in app.documents.documents(b, case_id) if d["kind"] == "beschikking_oplegging"] == [f"{case_id}-OPL-v1"]
    assert app.case_file.get_case(b, case_id).version == v0


def test_not_before_signing_and_stale_version_refused(app, actors, clock):
    b = actors["burgemeester.venlo"]
    case_id = walk(app, actors, until="submitted")
    with pytest.raises(RuleViolation, match="concept"):
        correct(app, actors, case_id)
    case_id = walk(app, actors, until="served", person_given_names="Piet", person_surname="Anders",
                   person_birth_date=date(1975, 1, 1))
    stale = app.case_file.get_case(b, case_id).version - 1
    from procedure.domain.errors import ConcurrencyConflict
    with pytest.raises(ConcurrencyConflict):
        app.correction.correct_decision(b, case_id, stale, changes={"city": "Tegelen"}, reasons=REASONS)


def test_second_correction_replaces_the_first(app, actors, clock):
    case_id = walk(app, actors, until="signed")        # signed, not yet served: correction before uitreiking
    b = actors["burgemeester.venlo"]
    correct(app, actors, case_id, person_given_names="Jan Testje")
    clock.advance(minutes=5)
    doc3 = correct(app, actors, case_id, person_given_names="Jan Tes")
    text = text_of(app.documents.document_bytes(b, doc3)[1])
    assert f"{case_id}-OPL-v2" in text and "Jan Testje" in text and "Jan Tes " in text + " "
    assert [c["id"] for c in app.lists.correctable_cases(b)].count(case_id) == 1
    # the uitreiking afterwards refers to the latest version
    h = actors["hovj.noord"]
    clock.advance(minutes=5)
    app.service_of_order.serve(h, case_id, app.case_file.get_case(h, case_id).version, served_at=clock.at, keys_taken_in=False)
    pv = [d for d in app.documents.documents(h, case_id) if d["kind"] == "pv_uitreiking"][0]
    assert doc3 in text_of(app.documents.document_bytes(h, pv["id"])[1])
    assert verify_pdf(app.documents.document_bytes(h, doc3)[1], repo.trust_roots(app.db)).status == "geldig"
