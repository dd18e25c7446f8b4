"""Appeals registered as a court needs them, and each decision's term from when it was made known (issue 14, point 6;
art. 6:7-6:8 Awb, art. 3:41 Awb, art. 6 and 10 Wth)."""
from datetime import timedelta

import pytest

from procedure.domain.appeals import appeal_term_sentence
from procedure.domain.deadlines import AMS, add_calendar_days, atw_next_working_day
from procedure.domain.errors import NotAuthorized, RuleViolation, ValidationError
from procedure.domain.local_time import long_date
from store import repo
from tests.conftest import HOUSEHOLD, record_care_advice, walk

def _real_pdf() -> bytes:
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Beroepschrift (test)")
    return bytes(pdf.output())


PDF = _real_pdf()
G, MAYOR, H, COP = "oov.venlo", "burgemeester.venlo", "hovj.noord", "politie.noord"


def _served(app, actors, clock):
    return walk(app, actors, until="served")


def _extend(app, actors, case_id):
    m = actors[MAYOR]
    record_care_advice(app, actors, case_id)            # an extension rests on a recent care advice (issue 15)
    return app.extension_withdrawal.extend(
        m, case_id, app.case_file.get_case(m, case_id).version, days=18,
        zorgadvies_organisation="Veilig Thuis Limburg-Noord", zorgadvies_date=app.now().astimezone(AMS).date(),
        zorgadvies_summary="Zorgadvies: verlengen, hulp net gestart (test).", help_accepted=False,
        reasons="De dreiging duurt voort; betrokkene weigert hulp en zoekt contact ondanks het verbod (test).",
        current_facts="Op dag 7 heeft hij 14 berichten gestuurd (test).")


def test_extension_term_runs_from_when_it_was_made_known_not_from_signing(app, actors, clock):
    case_id = _served(app, actors, clock)
    clock.at = add_calendar_days(app.case_file.get_case(actors[G], case_id).case["served_at"], 8)
    signed_at = app.now()
    doc = _extend(app, actors, case_id)
    d = {x["decision_kind"]: x for x in app.appeals.decisions_made_known(actors[G], case_id)}["verlenging"]
    assert d["document_id"] == doc and d["made_known_at"] is None and d["term_end"] is None
    # handed over a day later (late evening, still before the end): the six weeks start the day after that
    clock.advance(days=1)
    known = clock.at.replace(hour=23, minute=10)
    clock.at = known + timedelta(minutes=5)
    app.appeals.record_made_known(actors[H], case_id, doc, how="uitreiking", at=known)
    d = {x["decision_kind"]: x for x in app.appeals.decisions_made_known(actors[G], case_id)}["verlenging"]
    assert d["made_known_at"] == known and d["how"] == "uitreiking"
    assert d["term_end"] == atw_next_working_day(known.astimezone(AMS).date() + timedelta(weeks=6))
    assert d["term_end"] != atw_next_working_day(signed_at.astimezone(AMS).date() + timedelta(weeks=6))
    assert "tot en met" in appeal_term_sentence(d["made_known_at"])
    with pytest.raises(RuleViolation, match="al vastgelegd"):
        app.appeals.record_made_known(actors[G], case_id, doc, how="toezending", at=app.now())


def test_made_known_refused_before_signing_in_the_future_for_police_and_for_the_imposition(app, actors, clock):
    case_id = _served(app, actors, clock)
    clock.at = add_calendar_days(app.case_file.get_case(actors[G], case_id).case["served_at"], 8)
    doc = _extend(app, actors, case_id)
    with pytest.raises(ValidationError, match="vóór het is ondertekend"):
        app.appeals.record_made_known(actors[G], case_id, doc, how="depot", at=app.now() - timedelta(hours=2))
    with pytest.raises(ValidationError, match="toekomst"):
        app.appeals.record_made_known(actors[G], case_id, doc, how="depot", at=app.now() + timedelta(hours=2))
    with pytest.raises(ValidationError):
        app.appeals.record_made_known(actors[G], case_id, doc, how="duif", at=app.now())
    with pytest.raises(NotAuthorized):
        app.appeals.record_made_known(actors[COP], case_id, doc, how="uitreiking", at=app.now())
    with pytest.raises(RuleViolation):      # the imposition is made known by service, not here
        app.appeals.record_made_known(actors[G], case_id, f"{case_id}-BESCHIKKING-v1", how="depot", at=app.now())


def test_appeal_holds_who_court_number_and_the_letter(app, actors, clock, db):
    case_id = _served(app, actors, clock)
    clock.advance(days=1)
    received = app.now() - timedelta(hours=1)
    aid = app.appeals.register_appeal(
        actors[G], case_id, decision_kind="oplegging", kind="voorlopige_voorziening", filed_at=received,
        lodged_by="uithuisgeplaatste", lawyer="mr. A. de Vries, Venlo", court="Rechtbank Limburg",
        court_case_number="ROE 26/1234", letter_pdf=PDF, letter_filename="verzoek.pdf")
    a = next(x for x in app.appeals.appeals(actors[G], case_id) if x["id"] == aid)
    assert (a["lodged_by"], a["lawyer"], a["court"], a["court_case_number"]) == (
        "uithuisgeplaatste", "mr. A. de Vries, Venlo", "Rechtbank Limburg", "ROE 26/1234")
    assert a["filed_at"] == received and a["missing"] == [] and a["letter"]["filename"] == "verzoek.pdf"
    meta, content = app.appeals.appeal_letter(actors[G], aid)
    assert content == PDF and meta["size_bytes"] == len(PDF)
    with pytest.raises(Exception):          # someone outside the municipality's scope doesn't get it
        app.appeals.appeal_letter(actors["oov.roermond"], aid)


def test_incomplete_appeal_is_kept_and_says_what_is_missing(app, actors, clock):
    case_id = _served(app, actors, clock)
    clock.advance(hours=5)
    aid = app.appeals.register_appeal(actors[G], case_id, decision_kind="oplegging", kind="beroep",
                                      filed_at=app.now(), lodged_by="beschermde_persoon", lodged_by_name="J. Jansen")
    a = next(x for x in app.appeals.appeals(actors[G], case_id) if x["id"] == aid)
    assert a["missing"] == ["rechtbank", "zaaknummer van de rechtbank", "de brief (PDF)"]


@pytest.mark.parametrize("over, field", [
    ({"lodged_by": "buurman"}, "lodged_by"),
    ({"lodged_by": "ander"}, "lodged_by_name"),
    ({"letter_pdf": b"GIF89a..."}, "letter"),
    ({"court": "Rechtbank\x00Limburg"}, "court"),
])
def test_bad_appeal_details_refused_beside_the_field(app, actors, clock, over, field):
    case_id = _served(app, actors, clock)
    clock.advance(hours=5)
    before = len(repo.list_appeals(app.db, case_id))
    with pytest.raises(ValidationError) as exc:
        app.appeals.register_appeal(actors[G], case_id, decision_kind="oplegging", kind="beroep", filed_at=app.now(),
                                    **over)
    assert field in exc.value.field_errors
    assert len(repo.list_appeals(app.db, case_id)) == before


def test_retention_removes_letters_and_made_known_records(app, actors, clock, db):
    case_id = _served(app, actors, clock)
    g = actors[G]
    t0 = app.case_file.get_case(g, case_id).case["served_at"]
    clock.at = add_calendar_days(t0, 8)
    doc = _extend(app, actors, case_id)
    app.appeals.record_made_known(g, case_id, doc, how="toezending", at=app.now())
    aid = app.appeals.register_appeal(g, case_id, decision_kind="verlenging", kind="beroep", filed_at=app.now(),
                                      letter_pdf=PDF, letter_filename="beroep.pdf")
    app.appeals.record_appeal_outcome(g, aid, 1, outcome="ongegrond", outcome_at=app.now())
    end = app.case_file.get_case(g, case_id).end_at
    clock.at = end + timedelta(days=1)
    app.archive.archive_case(g, case_id, app.case_file.get_case(g, case_id).version)
    clock.at = end + timedelta(days=365 * 5 + 2)
    assert app.archive.run_retention(g, [case_id])["destroyed"] == [case_id]
    assert db.scalar("SELECT count(*) FROM appeal_letter WHERE case_id = ?", [case_id]) == 0
    assert db.scalar("SELECT count(*) FROM decision_made_known WHERE case_id = ?", [case_id]) == 0


def _pdf_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_letter_to_the_person_states_the_term_of_the_extension(app, actors, clock):
    case_id = _served(app, actors, clock)
    clock.at = add_calendar_days(app.case_file.get_case(actors[G], case_id).case["served_at"], 8)
    doc = _extend(app, actors, case_id)
    text = _pdf_text(app.documents.render_document(actors[H], case_id, "info_uithuisgeplaatste")[1])
    assert "Tegen de verlenging kunt u apart beroep instellen. De termijn van 6 weken begint op de dag na" in text
    clock.advance(days=1)
    app.appeals.record_made_known(actors[H], case_id, doc, how="uitreiking", at=app.now())
    d = {x["decision_kind"]: x for x in app.appeals.decisions_made_known(actors[G], case_id)}["verlenging"]
    text = _pdf_text(app.documents.render_document(actors[H], case_id, "info_uithuisgeplaatste")[1])
    assert (f"Tegen de verlenging (aan u bekendgemaakt op {long_date(app.now().astimezone(AMS).date())}) kunt u apart "
            f"beroep instellen tot en met {long_date(d['term_end'])}.") in text, text


# --- the court's outcome per decision (break-it finding 1): every decision kind x every outcome -------------------

def _decision(app, actors, clock, decision_kind):
    """A served case with the decision of ``decision_kind`` taken (and made known); returns (case_id, served_at)."""
    case_id = _served(app, actors, clock)
    t0 = app.case_file.get_case(actors[G], case_id).case["served_at"]
    if decision_kind == "verlenging":
        clock.at = add_calendar_days(t0, 8)
        doc = _extend(app, actors, case_id)
        clock.advance(minutes=30)
        app.appeals.record_made_known(actors[H], case_id, doc, how="uitreiking", at=app.now())
    elif decision_kind == "intrekking":
        clock.at = add_calendar_days(t0, 3)
        app.extension_withdrawal.withdraw(actors[MAYOR], case_id, app.case_file.get_case(actors[G], case_id).version,
                                          reasons="Hulp aanvaard en bevestigd door Veilig Thuis (test).")
        doc = f"{case_id}-INTR-v1"
        clock.advance(minutes=30)
        app.appeals.record_made_known(actors[G], case_id, doc, how="toezending", at=app.now())
    else:
        clock.at = add_calendar_days(t0, 1)
    return case_id, t0


def _outcome(app, actors, clock, case_id, decision_kind, outcome, at):
    aid = app.appeals.register_appeal(actors[G], case_id, decision_kind=decision_kind, kind="beroep",
                                      filed_at=app.now())
    clock.at = max(clock.at, at) + timedelta(hours=1)
    a = next(x for x in app.appeals.appeals(actors[G], case_id) if x["id"] == aid)
    app.appeals.record_appeal_outcome(actors[G], aid, a["version"], outcome=outcome, outcome_at=at,
                                      damages_amount="1250,00" if outcome == "schadevergoeding" else None)
    return aid


def _mayor_tasks(app, actors, case_id):
    return [t["task"] for t in app.work_queue.work_queue(actors[MAYOR]) if t["case_id"] == case_id]


@pytest.mark.parametrize("outcome", ["ongegrond", "vernietigd", "vernietigd_rechtsgevolgen_in_stand",
                                     "schadevergoeding"])
@pytest.mark.parametrize("decision_kind", ["oplegging", "verlenging", "intrekking"])
def test_outcome_per_decision_kind(app, actors, clock, decision_kind, outcome):
    case_id, t0 = _decision(app, actors, clock, decision_kind)
    before = app.case_file.get_case(actors[G], case_id).case
    ruling = app.now() + timedelta(hours=2)
    _outcome(app, actors, clock, case_id, decision_kind, outcome, ruling)
    after = app.case_file.get_case(actors[G], case_id).case
    annulled = outcome == "vernietigd"
    tasks = _mayor_tasks(app, actors, case_id)
    if decision_kind == "oplegging":
        assert after["state"] == ("vernietigd" if annulled else before["state"])
    elif decision_kind == "verlenging":
        assert before["state"] == "verlengd" and before["end_at"] == add_calendar_days(t0, 28)
        if annulled:     # the ruling lies before the original end: back to that end, 'opgelegd' again
            assert (after["state"], after["end_at"]) == ("opgelegd", add_calendar_days(t0, 10))
            ev = [e for e in app.aftercare.events(actors[G], case_id) if e["kind"] == "verlenging_vernietigd"]
            assert len(ev) == 1 and "einde van vóór de verlenging" in ev[0]["note"]
        else:
            assert (after["state"], after["end_at"]) == ("verlengd", before["end_at"])
    else:
        assert after["state"] == "ingetrokken" and after["withdrawn_at"] == before["withdrawn_at"]  # no silent revival
        assert ("Intrekking vernietigd door de rechter: opnieuw beslissen" in tasks) == annulled
        ev = [e for e in app.aftercare.events(actors[G], case_id) if e["kind"] == "intrekking_vernietigd"]
        assert len(ev) == int(annulled)


def test_annulled_extension_after_the_original_end_ends_at_the_ruling_and_leaves_the_lists(app, actors, clock, db):
    case_id, t0 = _decision(app, actors, clock, "verlenging")
    original_end = add_calendar_days(t0, 10)
    ruling = original_end + timedelta(days=3, hours=2)
    clock.at = ruling - timedelta(hours=3)
    _outcome(app, actors, clock, case_id, "verlenging", "vernietigd", ruling)
    c = app.case_file.get_case(actors[G], case_id)
    assert c.case["end_at"] == ruling and c.case["state"] == "opgelegd" and c.state.value == "verlopen"
    ev = next(e for e in app.aftercare.events(actors[G], case_id) if e["kind"] == "verlenging_vernietigd")
    assert "moment van de uitspraak" in ev["note"]
    assert not any(t["case_id"] == case_id for t in app.work_queue.work_queue(actors[G]))
    audit = db.query("SELECT action, detail FROM audit_log WHERE case_id = ? AND action = ?",
                     [case_id, "verlenging_vernietigd_door_rechter"])
    assert len(audit) == 1 and "moment van de uitspraak" in audit[0]["detail"]


def test_corrected_extension_outcome_restores_the_extended_end(app, actors, clock):
    case_id, t0 = _decision(app, actors, clock, "verlenging")
    aid = _outcome(app, actors, clock, case_id, "verlenging", "vernietigd", app.now() + timedelta(hours=1))
    assert app.case_file.get_case(actors[G], case_id).case["end_at"] == add_calendar_days(t0, 10)
    a = next(x for x in app.appeals.appeals(actors[G], case_id) if x["id"] == aid)
    app.appeals.record_appeal_outcome(actors[G], aid, a["version"], outcome="ongegrond", outcome_at=a["outcome_at"])
    c = app.case_file.get_case(actors[G], case_id).case
    assert (c["state"], c["end_at"]) == ("verlengd", add_calendar_days(t0, 28))


def test_annulled_withdrawal_task_until_the_mayor_decides_again(app, actors, clock):
    case_id, _ = _decision(app, actors, clock, "intrekking")
    _outcome(app, actors, clock, case_id, "intrekking", "vernietigd", app.now() + timedelta(hours=1))
    ev = next(e for e in app.aftercare.events(actors[G], case_id) if e["kind"] == "intrekking_vernietigd")
    assert "herleeft niet vanzelf" in ev["note"]
    assert "Intrekking vernietigd door de rechter: opnieuw beslissen" in _mayor_tasks(app, actors, case_id)
    app.extension_withdrawal.keep_after_reassessment(
        actors[MAYOR], case_id, ev["id"], reasons="Na de uitspraak opnieuw beoordeeld: de intrekking blijft (test).")
    assert "Intrekking vernietigd door de rechter: opnieuw beslissen" not in _mayor_tasks(app, actors, case_id)


def test_info_letter_after_an_oral_order_counts_the_term_from_the_written_decision(app, actors, clock):
    """Break-it finding 3: the term runs from the day after the written decision was made known (art. 2 lid 7 Wth,
    art. 6:8 Awb), not from the oral order; before that the letter says how the term will run."""
    from procedure.domain.deadlines import appeal_term_end
    h = actors[H]
    case_id = walk(app, actors, until="rihg", municipality_code="GM0984", city="Venray")
    app.service_of_order.record_oral_order(h, case_id, app.case_file.get_case(h, case_id).version,
                                           ordered_at=app.now())
    oral = app.case_file.get_case(h, case_id).case["served_at"]
    text = _pdf_text(app.documents.render_document(h, case_id, "info_uithuisgeplaatste")[1])
    assert appeal_term_sentence(None) in text, text
    assert long_date(appeal_term_end(oral)) not in text
    app.decision.save_draft(h, case_id, app.case_file.get_case(h, case_id).version,
                            facts=("Op 12 mei heeft betrokkene zijn partner bedreigd met een mes in de keuken van de "
                                   "woning (test)."), threatened_persons="Ans",
                            why_this_person="Het geweld gaat alleen van hem uit, niet van haar.", **HOUSEHOLD)
    clock.advance(days=2)
    app.decision.sign(h, case_id, app.case_file.get_case(h, case_id).version)
    known = app.now()
    app.service_of_order.record_made_known(h, case_id, app.case_file.get_case(h, case_id).version, how="depot",
                                           at=known)
    text = _pdf_text(app.documents.render_document(h, case_id, "info_uithuisgeplaatste")[1])
    end = appeal_term_end(known)
    assert end != appeal_term_end(oral)
    from forms.layout import nl_date
    assert f"uiterlijk op {nl_date(end)}" in text, text


def test_extension_made_known_at_or_after_the_end_it_extends_is_refused_and_the_case_says_so(app, actors, clock):
    """Break-it finding 4: procedure.md section 5 — decided AND made known before the current end (art. 9 Wth)."""
    from procedure.domain.appeals import unconfirmed_extensions
    case_id = _served(app, actors, clock)
    t0 = app.case_file.get_case(actors[G], case_id).case["served_at"]
    end = add_calendar_days(t0, 10)
    clock.at = end - timedelta(hours=2)
    doc = _extend(app, actors, case_id)
    assert unconfirmed_extensions(app.appeals.decisions_made_known(actors[G], case_id), app.now()) == []
    clock.at = end + timedelta(hours=3)
    for late in (end, end + timedelta(hours=1)):
        with pytest.raises(RuleViolation, match="niet vóór het einde van het huisverbod") as exc:
            app.appeals.record_made_known(actors[H], case_id, doc, how="uitreiking", at=late)
        assert long_date(end.astimezone(AMS).date()) in str(exc.value) and end.strftime("%H:%M") in str(exc.value)
    decisions = app.appeals.decisions_made_known(actors[G], case_id)
    d = next(x for x in decisions if x["decision_kind"] == "verlenging")
    assert d["made_known_at"] is None and d["extends_end_at"] == end
    warn = unconfirmed_extensions(decisions, app.now())
    assert len(warn) == 1 and "het huisverbod is toen geëindigd" in warn[0]
    # made known in time after all (recorded late): accepted, the warning goes
    app.appeals.record_made_known(actors[H], case_id, doc, how="uitreiking", at=end - timedelta(minutes=30))
    assert unconfirmed_extensions(app.appeals.decisions_made_known(actors[G], case_id), app.now()) == []


def test_second_extension_is_checked_against_the_end_it_extended(app, actors, clock):
    case_id = _served(app, actors, clock)
    t0 = app.case_file.get_case(actors[G], case_id).case["served_at"]
    clock.at = add_calendar_days(t0, 8)
    m = actors[MAYOR]
    kw = dict(zorgadvies_organisation="Veilig Thuis Limburg-Noord", zorgadvies_date=app.now().astimezone(AMS).date(),
              zorgadvies_summary="Zorgadvies: verlengen, hulp net gestart (test).", help_accepted=False,
              reasons="De dreiging duurt voort; betrokkene weigert hulp en zoekt contact ondanks het verbod (test).",
              current_facts="Op dag 7 heeft hij 14 berichten gestuurd (test).")
    record_care_advice(app, actors, case_id)
    v1 = app.extension_withdrawal.extend(m, case_id, app.case_file.get_case(m, case_id).version, days=5, **kw)
    app.appeals.record_made_known(actors[H], case_id, v1, how="uitreiking", at=app.now())
    first_end = add_calendar_days(t0, 15)
    clock.at = first_end - timedelta(hours=5)
    record_care_advice(app, actors, case_id)
    v2 = app.extension_withdrawal.extend(m, case_id, app.case_file.get_case(m, case_id).version, days=5, **kw)
    clock.at = first_end + timedelta(hours=2)
    with pytest.raises(RuleViolation, match="niet vóór het einde"):
        app.appeals.record_made_known(actors[H], case_id, v2, how="uitreiking", at=first_end + timedelta(hours=1))
    app.appeals.record_made_known(actors[H], case_id, v2, how="uitreiking", at=first_end - timedelta(hours=1))


def test_outcome_and_hearing_moments_are_validated(app, actors, clock):
    """Break-it finding 6: the ruling not in the future nor before the appeal; the hearing a real moment after it."""
    from datetime import datetime as _dt
    case_id = _served(app, actors, clock)
    clock.advance(days=2)
    aid = app.appeals.register_appeal(actors[G], case_id, decision_kind="oplegging", kind="voorlopige_voorziening",
                                      filed_at=app.now())
    v = next(x for x in app.appeals.appeals(actors[G], case_id) if x["id"] == aid)["version"]
    with pytest.raises(ValidationError, match="toekomst"):
        app.appeals.record_appeal_outcome(actors[G], aid, v, outcome="ongegrond", outcome_at=app.now() + timedelta(days=2))
    with pytest.raises(ValidationError, match="vóór het beroep"):
        app.appeals.record_appeal_outcome(actors[G], aid, v, outcome="ongegrond", outcome_at=app.now() - timedelta(days=2))
    with pytest.raises(ValidationError, match="vóór het beroep"):
        app.appeals.record_appeal_outcome(actors[G], aid, v, outcome="ongegrond", outcome_at=app.now(),
                                          hearing_at=app.now() - timedelta(days=1))
    with pytest.raises(ValidationError, match="bestaat niet"):
        app.appeals.record_appeal_outcome(actors[G], aid, v, outcome="ongegrond", outcome_at=app.now(),
                                          hearing_at=_dt(2026, 3, 29, 2, 30, tzinfo=AMS))
    with pytest.raises(ValidationError):
        app.appeals.record_appeal_outcome(actors[G], aid, v, outcome="ongegrond", outcome_at=app.now(),
                                          hearing_at=_dt(2026, 3, 29, 2, 30))    # naive
    clock.advance(hours=2)
    app.appeals.record_appeal_outcome(actors[G], aid, v, outcome="ongegrond", outcome_at=app.now() - timedelta(hours=1),
                                      hearing_at=app.now() - timedelta(hours=1))


@pytest.mark.parametrize("bad", [b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", b"%PDF-1.7 not a pdf",
                                 PDF[: len(PDF) // 2], b"GIF89a"])
def test_a_letter_that_no_reader_can_open_is_refused(app, actors, clock, bad):
    """Break-it finding 7: a '%PDF-' prefix is not enough; the letter must parse (pyHanko's reader)."""
    case_id = _served(app, actors, clock)
    clock.advance(hours=5)
    with pytest.raises(ValidationError, match="PDF-bestand") as exc:
        app.appeals.register_appeal(actors[G], case_id, decision_kind="oplegging", kind="beroep", filed_at=app.now(),
                                    letter_pdf=bad, letter_filename="beroep.pdf")
    assert "letter" in exc.value.field_errors
    assert repo.list_appeals(app.db, case_id) == []


@pytest.mark.parametrize("sent, stored", [("C:\\Users\\jan\\Documenten\\beroep.PDF", "beroep.pdf"),
                                          ("../../etc/passwd", "passwd.pdf"), ("verzoek", "verzoek.pdf"),
                                          ("", "brief.pdf"), ("a<b>|c?.pdf", "abc.pdf")])
def test_letter_filename_is_reduced_to_a_basename_ending_in_pdf(app, actors, clock, sent, stored):
    case_id = _served(app, actors, clock)
    clock.advance(hours=5)
    aid = app.appeals.register_appeal(actors[G], case_id, decision_kind="oplegging", kind="beroep",
                                      filed_at=app.now(), letter_pdf=PDF, letter_filename=sent)
    assert app.appeals.appeal_letter(actors[G], aid)[0]["filename"] == stored
