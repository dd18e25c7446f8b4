"""The lifecycle pages driven through AppTest: the burgemeester extends and withdraws, the gemeente
registers an appeal, a care partner logs a zorgadvies."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import streamlit as st

from data.seed import DEMO_PASSWORD
from procedure.domain.answers import Answer
from procedure.domain.deadlines import AMS, add_calendar_days
from tests.apptest.conftest import case_database, login_as


@pytest.fixture
def served_db(_template_db, tmp_path, monkeypatch):
    """A database with one running order in Venlo, served 8 days ago (real clock in the app)."""
    return case_database(_template_db, tmp_path, monkeypatch, until="served",
                         at=datetime.now(timezone.utc) - timedelta(days=8))


def _advise(db):
    """A care advice with data recorded now (an extension rests on a recent one, issue 15)."""
    from data.seed import actor_for
    from procedure.app import WthApp
    from store import repo
    from tests.conftest import FixedClock, record_care_advice

    app = WthApp(db, clock=FixedClock(datetime.now(timezone.utc)))
    case_id = db.query("SELECT id FROM hv_case", [])[0]["id"]

    class Actors(dict):
        def __missing__(self, k):
            self[k] = actor_for(db, k)
            return self[k]
    record_care_advice(app, Actors(), case_id)
    assert repo.list_events(db, case_id)


@pytest.fixture
def advised_db(_template_db, tmp_path, monkeypatch):
    """As ``served_db``, with a care advice of today."""
    return case_database(_template_db, tmp_path, monkeypatch, until="served",
                         at=datetime.now(timezone.utc) - timedelta(days=8), extra=_advise)


def _on_page(username: str, role: str, page: str):
    """A new session of ``username`` with ``page`` (``pages/<name>.py``) run once."""
    at = login_as(username, role)
    at.run()
    at.switch_page(page)
    return at.run()


def _read(path, case_id):
    from store import repo
    from store.db import Database

    st.cache_resource.clear()
    db = Database(path)
    try:
        return repo.get_case(db, case_id), repo.list_documents(db, case_id)
    finally:
        db.close()


def _click(at, label):
    next(b for b in at.button if b.label == label).click()
    at.run()
    assert not at.exception


def _confirm(at, label, case_id, *, yes=True):
    """Click ``label``: the act asks first (issue 14 point 2), naming the case; then "Ja, …" or "Annuleren"."""
    _click(at, label)
    question = [w.value.replace("\\", "") for w in at.warning if case_id in (w.value or "").replace("\\", "")]
    assert question, [w.value for w in at.warning]
    _click(at, next(b.label for b in at.button if b.label.startswith("Ja, ")) if yes else "Annuleren")
    return question[0]


def _extension_form(case_id):
    """The burgemeester on Verlengen with every field of the extension filled in; returns (AppTest, key prefix)."""
    at = _on_page("burgemeester.venlo", "burgemeester", "pages/verlenging.py")
    assert not at.exception
    p = f"vl_{case_id}_"
    at.text_input(key=p + "org").input("Veilig Thuis Limburg-Noord")
    at.date_input(key=p + "adate").set_value(datetime.now(AMS).date())
    at.text_area(key=p + "asum").input("Verlengen: de hulp is net gestart en de partner is bang.")
    at.text_area(key=p + "facts").input("Op dag 7 stuurde hij 14 dreigende berichten.")
    at.text_area(key=p + "reasons").input("Het gevaar blijft: hij zoekt contact en weigert iedere vorm van hulp.")
    assert at.radio(key=p + "help").value is None          # no default that means "nee" (issue 14)
    at.radio(key=p + "help").set_value(Answer.NEE)
    return at, p


def test_burgemeester_extends_on_the_page(advised_db):
    path, case_id, t0 = advised_db
    at, p = _extension_form(case_id)
    assert at.number_input(key=p + "days").value == 18
    q = _confirm(at, "Verlenging ondertekenen", case_id, yes=False)       # cancel: nothing signed
    assert "18 dagen verlengd" in q and "niet ongedaan" in q
    assert _read(path, case_id)[0]["state"] == "opgelegd"
    _confirm(at, "Verlenging ondertekenen", case_id)
    assert any("verlengd" in s.value for s in at.success), [e.value for e in at.error]
    case, docs = _read(path, case_id)
    assert case["state"] == "verlengd" and case["end_at"] == add_calendar_days(t0, 28)
    assert any(d["kind"] == "beschikking_verlenging" and d["signed"] for d in docs)
    assert case["help_accepted"] == "nee"


def test_days_changed_while_the_question_is_open_asks_again_and_signs_what_was_named(advised_db):
    """Break-it finding 5: the box named 18 days; the user sets 10 and clicks "Ja" in the same run. Nothing is signed;
    the box asks again naming 10 days; "Ja" then signs 10 days, not 18."""
    path, case_id, t0 = advised_db
    at, p = _extension_form(case_id)
    _click(at, "Verlenging ondertekenen")
    assert any("18 dagen verlengd" in (w.value or "") for w in at.warning)
    at.number_input(key=p + "days").set_value(10)
    _click(at, "Ja, verlenging ondertekenen")             # the change and "Ja" arrive in one run
    assert _read(path, case_id)[0]["state"] == "opgelegd"    # nothing signed
    assert any("gewijzigd" in (i.value or "") for i in at.info)
    assert any("10 dagen verlengd" in (w.value or "") for w in at.warning), [w.value for w in at.warning]
    assert not any("18 dagen verlengd" in (w.value or "") for w in at.warning)
    _click(at, "Ja, verlenging ondertekenen")
    case, _ = _read(path, case_id)
    assert case["state"] == "verlengd" and case["end_at"] == add_calendar_days(t0, 20)


def test_extension_field_errors_keep_the_input(served_db):
    path, case_id, _ = served_db
    at = _on_page("burgemeester.venlo", "burgemeester", "pages/verlenging.py")
    p = f"vl_{case_id}_"
    at.text_area(key=p + "facts").input("Op dag 7 stuurde hij 14 dreigende berichten.")
    _confirm(at, "Verlenging ondertekenen", case_id)
    errors = " ".join(e.value for e in at.error)
    assert "zorgadvies" in errors.lower() and "Motivering" in errors
    assert "hulp aanvaard\\: kies ja, nee of onbekend" in errors   # unanswered is refused, not read as "nee"
    assert at.text_area(key=p + "facts").value == "Op dag 7 stuurde hij 14 dreigende berichten."
    case, _ = _read(path, case_id)
    assert case["state"] == "opgelegd"


def test_burgemeester_withdraws_on_the_page(served_db):
    path, case_id, _ = served_db
    at = _on_page("burgemeester.venlo", "burgemeester", "pages/verlenging.py")
    # a failed extension first leaves its field messages; the withdrawal's success clears them (issue 14 point 2)
    _confirm(at, "Verlenging ondertekenen", case_id)
    assert len(at.error) >= 3
    at.text_area(key=f"vl_{case_id}_wreasons").input("Hulp aanvaard en bevestigd door Veilig Thuis; gevaar geweken.")
    q = _confirm(at, "Intrekking ondertekenen", case_id)
    assert "eindigt nu" in q and "niet ongedaan" in q
    assert not [e.value for e in at.error if "verplicht" in (e.value or "") or "zorgadvies" in (e.value or "").lower()]
    case, docs = _read(path, case_id)
    assert case["state"] == "ingetrokken" and case["withdrawn_at"] is not None
    assert any(d["kind"] == "beschikking_intrekking" for d in docs)


def test_gemeente_registers_an_appeal_and_care_logs_zorgadvies(served_db):
    path, case_id, _ = served_db
    at = _on_page("oov.venlo", "gemeente", "pages/beroep.py")
    assert not at.exception
    next(b for b in at.button if b.label == "Registreren").click()
    at.run()
    assert any("Geregistreerd" in s.value for s in at.success)
    at = _on_page("casemanager.noord", "casemanager", "pages/gebeurtenissen.py")
    p = f"ev_{case_id}_"
    at.selectbox(key=p + "kind").set_value("zorgadvies")
    at.run()
    at.text_input(key=p + "org").input("Veilig Thuis Limburg-Noord")
    at.text_area(key=p + "note").input("Advies: verlengen, de hulp start volgende week.")
    at.text_input(key=p + "d_author").input("M. Jansen (synthetisch)")
    at.radio(key=p + "d_risk").set_value("gelijk gebleven")
    at.radio(key=p + "d_advice").set_value("verlengen")
    helps = [r for r in at.radio if str(r.key).startswith(p + "d_help_")]
    assert len(helps) == 2                     # the removed person and the protected partner
    for r in helps:
        r.set_value("aangeboden")
    next(b for b in at.button if b.label == "Gebeurtenis vastleggen").click()
    at.run()
    assert not at.exception
    assert any("vastgelegd" in s.value for s in at.success), [e.value for e in at.error]


def test_burgemeester_takes_a_herstelbesluit_on_the_page(served_db):
    path, case_id, t0 = served_db
    at = _on_page("burgemeester.venlo", "burgemeester", "pages/herstel.py")
    assert not at.exception
    p = f"hs_{case_id}_"
    # without a change nothing is signed; a refused save keeps what was typed
    _confirm(at, "Herstelbesluit ondertekenen", case_id)
    assert any("Reden van herstel" in e.value for e in at.error), [e.value for e in at.error]
    at.text_input(key=p + "person_surname").input("Voorbeelt")
    at.text_input(key=p + "postcode").input("59")
    at.text_area(key=p + "reasons").input("Achternaam verkeerd gespeld; gecontroleerd in de BRP.")
    at.run()
    assert any("Achternaam" in i.value for i in at.info)     # "Wordt hersteld: Achternaam, Postcode"
    _confirm(at, "Herstelbesluit ondertekenen", case_id)
    assert not at.exception
    assert at.text_input(key=p + "person_surname").value == "Voorbeelt"   # input kept after the refusal
    assert any("postcode" in (e.value or "").lower() for e in at.error), [e.value for e in at.error]
    case, docs = _read(path, case_id)
    assert case["person_surname"] == "Voorbeeld" and len([d for d in docs if d["kind"] == "beschikking_oplegging"]) == 1
    at = _on_page("burgemeester.venlo", "burgemeester", "pages/herstel.py")
    # a new session: what was typed comes back as a draft (issue 17); thrown away, the form holds the case again
    assert any("Concept hervat" in i.value for i in at.info), [i.value for i in at.info]
    assert at.text_input(key=p + "postcode").value == "59"
    assert at.text_input(key=p + "person_surname").value == "Voorbeelt"
    at.button(key=f"_draft_discard_herstel:{case_id}").click().run()
    assert at.text_input(key=p + "postcode").value != "59" and at.text_area(key=p + "reasons").value == ""
    assert at.text_input(key=p + "person_surname").value == "Voorbeeld"
    at.text_input(key=p + "person_surname").input("Voorbeelt")
    at.text_area(key=p + "reasons").input("Achternaam verkeerd gespeld; gecontroleerd in de BRP.")
    at.run()
    _confirm(at, "Herstelbesluit ondertekenen", case_id)
    assert any("Herstelbesluit" in s.value for s in at.success), [s.value for s in at.success]
    # signed: the form starts from the corrected case, nothing typed is left and no draft is offered
    assert at.text_area(key=p + "reasons").value == "" and not any("Concept hervat" in i.value for i in at.info)
    assert at.text_input(key=p + "person_surname").value == "Voorbeelt"
    case, docs = _read(path, case_id)
    assert case["person_surname"] == "Voorbeelt"
    assert [d["version"] for d in docs if d["kind"] == "beschikking_oplegging"] == [1, 2]
    assert case["served_at"] == t0


def test_forms_start_on_the_nearest_deadline_not_the_last_opened_case(_template_db, tmp_path, monkeypatch):
    """Issue 14 point 2: a form that picks a case starts on the case whose deadline is nearest, not on the case
    last looked at (or the newest): an extension or withdrawal must never land on a case by accident."""
    from data.seed import actor_for
    from procedure.app import WthApp
    from tests.apptest.conftest import case_database
    from tests.conftest import FixedClock, walk

    made = {}

    def extra(db):
        now = datetime.now(timezone.utc)
        app = WthApp(db, clock=FixedClock(now - timedelta(days=2)))

        class Actors(dict):
            def __missing__(self, k):
                self[k] = actor_for(db, k)
                return self[k]
        made["newer"] = walk(app, Actors(), until="served", person_surname="Nieuwer")
        app = WthApp(db, clock=FixedClock(now))
        made["nearest"] = app.lists.active_orders(Actors()["burgemeester.venlo"])[0]["id"]

    path, older, _ = case_database(_template_db, tmp_path, monkeypatch, until="served",
                                   at=datetime.now(timezone.utc) - timedelta(days=8), extra=extra)
    assert made["nearest"] != made["newer"]
    at = login_as("burgemeester.venlo", "burgemeester")
    at.run()
    at.session_state["case_id"] = made["newer"]          # last opened elsewhere
    at.switch_page("pages/verlenging.py")
    at.run()
    assert not at.exception
    assert at.selectbox(key="verl_pick").value == made["nearest"]


def test_appeal_letter_is_loaded_only_when_asked(_template_db, tmp_path, monkeypatch):
    """Break-it finding 7: the page no longer reads every stored letter (up to 20 MB each) on every rerun."""
    from fpdf import FPDF

    from data.seed import actor_for
    from procedure.app import WthApp
    from tests.conftest import FixedClock

    letter = FPDF()
    letter.add_page()
    pdf = bytes(letter.output())

    def add_appeal(db):
        app = WthApp(db, clock=FixedClock(datetime.now(timezone.utc) - timedelta(days=7)))
        app.appeals.register_appeal(actor_for(db, "oov.venlo"), db.query("SELECT id FROM hv_case")[0]["id"],
                                    decision_kind="oplegging", kind="beroep", filed_at=app.now() - timedelta(hours=1),
                                    letter_pdf=pdf, letter_filename="C:\\map\\beroepschrift.pdf")
    path, case_id, _ = case_database(_template_db, tmp_path, monkeypatch, until="served",
                                     at=datetime.now(timezone.utc) - timedelta(days=8), extra=add_appeal)
    at = _on_page("oov.venlo", "gemeente", "pages/beroep.py")
    assert not at.exception
    assert not at.get("download_button")
    get = [b.label for b in at.button if "ophalen" in b.label]
    assert [g.replace("\\", "") for g in get] == ["Brief beroepschrift.pdf ophalen"]
    _click(at, get[0])
    assert [d.proto.label.replace("\\", "") for d in at.get("download_button")] == [
        "Brief beroepschrift.pdf downloaden"]


def test_annulling_an_extension_on_the_page_asks_naming_the_new_end(_template_db, tmp_path, monkeypatch):
    """Break-it finding 1: registering that the court annulled the extension first names the end it goes back to."""
    from data.seed import actor_for
    from procedure.app import WthApp
    from procedure.domain.confirmations import when
    from tests.conftest import FixedClock

    def extended_and_appealed(db):
        app = WthApp(db, clock=FixedClock(datetime.now(timezone.utc) - timedelta(hours=2)))
        cid = db.query("SELECT id FROM hv_case")[0]["id"]
        m = actor_for(db, "burgemeester.venlo")
        _advise(db)                           # an extension rests on a recent care advice (issue 15)
        doc = app.extension_withdrawal.extend(
            m, cid, app.case_file.get_case(m, cid).version, days=18, zorgadvies_organisation="Veilig Thuis",
            zorgadvies_date=app.now().astimezone(AMS).date(), zorgadvies_summary="Verlengen: hulp net gestart (test).",
            help_accepted="nee", reasons="De dreiging duurt voort; betrokkene weigert hulp en zoekt contact (test).",
            current_facts="Op dag 7 heeft hij 14 berichten gestuurd (test).")
        g = actor_for(db, "oov.venlo")
        app.appeals.record_made_known(g, cid, doc, how="uitreiking", at=app.now())
        app.appeals.register_appeal(g, cid, decision_kind="verlenging", kind="beroep", filed_at=app.now())
    path, case_id, t0 = case_database(_template_db, tmp_path, monkeypatch, until="served",
                                      at=datetime.now(timezone.utc) - timedelta(days=8), extra=extended_and_appealed)
    at = _on_page("oov.venlo", "gemeente", "pages/beroep.py")
    assert not at.exception
    out = next(s for s in at.selectbox if s.label == "Uitspraak")
    out.set_value("vernietigd")
    at.run()
    q = _confirm(at, "Uitspraak vastleggen", case_id)
    assert f"eindigt dan op {when(add_calendar_days(t0, 10))}" in q, q
    case, _ = _read(path, case_id)
    assert (case["state"], case["end_at"]) == ("opgelegd", add_calendar_days(t0, 10))


def _through_app(at):
    """Rerun through app.py (login, logout and session checks live there), not only the last page's file."""
    at._page_hash = ""
    at._finished_page_script_hash = ""
    return at.run()


def test_logout_leaves_nothing_typed_for_the_next_user_of_the_tab(served_db):
    """What one user typed on the herstelbesluit and did not sign is gone for the next user who logs in in the same
    browser tab after *Uitloggen* (the form shows the case again); the first user's own draft stays his, on the
    server (issue 17 review: the page's session copies outlived the logout)."""
    path, case_id, _ = served_db
    at = _on_page("burgemeester.venlo", "burgemeester", "pages/herstel.py")
    p = f"hs_{case_id}_"
    at.text_input(key=p + "postcode").input("59")
    at.text_area(key=p + "reasons").input("Vertrouwelijke toelichting van de burgemeester.")
    at.run()
    assert at.text_input(key=p + "postcode").value == "59"
    _through_app(at)        # AppTest reruns only the page file after switch_page; app.py draws the logout button
    assert any(str(k).startswith("hsd_") for k in at.session_state), "the page keeps no session copy: test is void"
    next(b for b in at.button if b.label == "Uitloggen").click()
    _through_app(at)
    assert not at.exception
    leftover = [k for k in at.session_state if str(k).startswith(("hs_", "hsd_", "_bs_", "besch_", "_draft_"))]
    assert not leftover, leftover
    next(t for t in at.text_input if t.label == "Gebruikersnaam").input("loco.venlo")
    next(t for t in at.text_input if t.label == "Wachtwoord").input(DEMO_PASSWORD)
    next(b for b in at.button if b.label == "Inloggen").click()
    _through_app(at)
    assert not at.exception and at.session_state["username"] == "loco.venlo"
    at.switch_page("pages/herstel.py")
    at.run()
    assert not at.exception
    assert at.text_input(key=p + "postcode").value != "59"
    assert at.text_area(key=p + "reasons").value == ""
    assert not any("Concept hervat" in i.value for i in at.info)


@pytest.fixture()
def signed_db(_template_db, tmp_path, monkeypatch):
    """A database with one signed beschikking in Venlo, not yet served."""
    return case_database(_template_db, tmp_path, monkeypatch, until="signed")


def test_uitreiking_draft_keeps_the_answers_but_never_the_moment_of_service(signed_db):
    """The proces-verbaal's answers come back in a new session; the moment of service does not: it becomes T0, and a
    moment from an earlier visit put back as if typed would start the order at the wrong time (review finding)."""
    from datetime import date

    _, case_id, _ = signed_db
    at = _on_page("hovj.noord", "hovj", "pages/uitreiking.py")
    assert not at.exception
    p = f"sv_{case_id}_"
    at.date_input(key=p + "date").set_value(date(2020, 1, 2))
    at.text_input(key=p + "keydesc").input("2 huissleutels")
    at.run()
    at = _on_page("hovj.noord", "hovj", "pages/uitreiking.py")
    assert any("Concept hervat" in i.value for i in at.info), [i.value for i in at.info]
    assert at.text_input(key=p + "keydesc").value == "2 huissleutels"
    assert at.date_input(key=p + "date").value != date(2020, 1, 2)
