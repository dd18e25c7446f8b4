"""Issue 15, point 3: after every decision everyone who must know is told — tasks for the police, the care partners
and Veilig Thuis, letters for the removed person and the protected persons with the new actual end — and the case
shows who was informed, how and when. Real services, real DuckDB, synthetic cases."""
import subprocess
from datetime import datetime, timedelta

import pytest

from procedure.domain.deadlines import AMS, add_calendar_days
from procedure.domain.errors import NotAuthorized
from store import notify_repo, repo
from tests.conftest import record_care_advice, walk
from tests.integration.test_lifecycle import ADVICE

PARTIES = {"politie", "zorgpartners", "veilig_thuis", "uithuisgeplaatste", "beschermde_personen"}


def serve_at(app, actors, clock, t0, **over):
    clock.at = t0 - timedelta(minutes=18)           # walk: +10 min to sign, +10 min to serve at now - 2 min
    case_id = walk(app, actors, until="served", **over)
    assert repo.get_case(app.db, case_id)["served_at"] == t0
    return case_id


def round_of(app, actor, case_id, kind):
    return {n["recipient_kind"]: n for n in app.notices.notices(actor, case_id) if n["decision_kind"] == kind}


def letter_text(app, actor, doc_id):
    pdf = app.documents.document_bytes(actor, doc_id)[1]
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())                 # line breaks of the layout are not content


def test_friday_2210_extended_on_day_9_withdrawn_on_day_13(app, actors, clock):
    t0 = datetime(2026, 5, 15, 22, 10, tzinfo=AMS)           # a Friday evening
    case_id = serve_at(app, actors, clock, t0)
    b, pol, cm, vt = (actors[u] for u in ("burgemeester.venlo", "politie.noord", "casemanager.noord",
                                          "veiligthuis.noord"))
    served = round_of(app, b, case_id, "uitreiking")
    assert set(served) == PARTIES
    assert served["politie"]["actual_end_at"] == add_calendar_days(t0, 10)     # Mon 25-05 22:10

    # day 9 (Saturday 23-05): care advice, then extension to 28 days
    clock.at = add_calendar_days(t0, 8).replace(hour=10, minute=0)
    record_care_advice(app, actors, case_id, risk="gelijk gebleven", help_status="geweigerd")
    clock.advance(hours=1)
    app.extension_withdrawal.extend(
        b, case_id, app.case_file.get_case(b, case_id).version, days=18, zorgadvies_organisation="Veilig Thuis",
        zorgadvies_date=clock.at.astimezone(AMS).date(), zorgadvies_summary=ADVICE, help_accepted=False,
        reasons="Het risico blijft gelijk: betrokkene en de partner hebben de hulp geweigerd; hij stuurt berichten.",
        current_facts="Op dag 8 heeft hij 14 berichten gestuurd.")
    planned = datetime(2026, 6, 12, 22, 10, tzinfo=AMS)        # T0 + 28 days, same wall-clock time
    ext = round_of(app, b, case_id, "verlenging")
    assert set(ext) == PARTIES and all(n["actual_end_at"] == planned for n in ext.values())
    assert "12 juni 2026 om 22:10" in letter_text(app, b, ext["beschermde_personen"]["document_id"])

    # day 13 (Wednesday 27-05): care advice judges the risk lower, the mayor withdraws (rule V1)
    clock.at = add_calendar_days(t0, 12).replace(hour=9, minute=30)
    eid = record_care_advice(app, actors, case_id, risk="afgenomen", help_status="aanvaard", advice="intrekken")
    assert any(t["rule"].startswith("V1") for t in app.work_queue.work_queue(b) if t["case_id"] == case_id)
    clock.advance(hours=2, seconds=37)
    app.extension_withdrawal.withdraw(b, case_id, app.case_file.get_case(b, case_id).version,
                                      reasons="Risico afgenomen; beide partijen hebben hulp aanvaard.",
                                      resolves_event_id=eid)
    withdrawn_at = datetime(2026, 5, 27, 11, 30, tzinfo=AMS)
    case = repo.get_case(app.db, case_id)
    assert case["end_at"] == planned and case["withdrawn_at"] == withdrawn_at   # planned end kept, actual end now
    wd = round_of(app, b, case_id, "intrekking")
    assert set(wd) == PARTIES and all(n["actual_end_at"] == withdrawn_at for n in wd.values())
    assert all(n["decision_at"] == withdrawn_at for n in wd.values())
    text = letter_text(app, b, wd["uithuisgeplaatste"]["document_id"])
    assert "27 mei 2026 om 11:30" in text and "12 juni 2026 om 22:10" in text and "Jan Test Voorbeeld" in text
    assert "Ans Voorbeeld" in letter_text(app, b, wd["beschermde_personen"]["document_id"])
    assert len(app.notices.notices(b, case_id)) == 15          # three decisions × five parties, nothing more

    # the partners see their notices as tasks and each closes by reading it
    for who, party in ((pol, "politie"), (cm, "zorgpartners"), (vt, "veilig_thuis")):
        mine = [t for t in app.work_queue.work_queue(who) if t.get("notice_id") and t["case_id"] == case_id]
        assert {t["task"] for t in mine} == {"Kennisnemen: huisverbod opgelegd (uitgereikt)",
                                             "Kennisnemen: huisverbod verlengd", "Kennisnemen: huisverbod ingetrokken"}
    notice = wd["politie"]["id"]
    with pytest.raises(NotAuthorized):
        app.notices.acknowledge(cm, case_id, notice)
    assert app.notices.acknowledge(pol, case_id, notice) is True
    assert app.notices.acknowledge(actors["hovj.noord"], case_id, notice) is False
    row = [n for n in app.notices.notices(b, case_id) if n["id"] == notice][0]
    assert row["acknowledged_by"] == "politie.noord" and row["acknowledged_at"] == app.now()
    assert not [t for t in app.work_queue.work_queue(pol) if t.get("notice_id") == notice]
    # the natural-end sweep leaves a withdrawn order alone
    clock.at = planned + timedelta(hours=1)
    assert app.notices.record_natural_ends() == 0


def test_natural_end_is_told_once(app, actors, clock):
    t0 = datetime(2026, 5, 12, 16, 0, tzinfo=AMS)
    case_id = serve_at(app, actors, clock, t0)
    clock.at = add_calendar_days(t0, 10) - timedelta(minutes=1)
    assert app.notices.record_natural_ends() == 0
    clock.advance(minutes=2)
    assert app.notices.record_natural_ends() == 1
    assert app.notices.record_natural_ends() == 0
    end = round_of(app, actors["oov.venlo"], case_id, "einde")
    assert set(end) == PARTIES and end["politie"]["actual_end_at"] == add_calendar_days(t0, 10)
    assert end["politie"]["created_by"] == "systeem"


def test_court_annulment_is_told_with_the_annulment_as_actual_end(app, actors, clock):
    case_id = walk(app, actors, until="served")
    oov = actors["oov.venlo"]
    clock.advance(days=2)
    app.appeals.register_appeal(oov, case_id, decision_kind="oplegging", kind="voorlopige_voorziening",
                                filed_at=app.now())
    a = repo.list_appeals(app.db, case_id)[0]
    ruling = app.now().replace(microsecond=0)
    app.appeals.record_appeal_outcome(oov, a["id"], a["version"], outcome="vernietigd", outcome_at=ruling)
    ann = round_of(app, oov, case_id, "vernietiging")
    assert set(ann) == PARTIES and ann["veilig_thuis"]["actual_end_at"] == ruling
