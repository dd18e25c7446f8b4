"""Issue 15, point 5: the mayor's dossier per decision (imposition, extension, withdrawal) bundles what the decision
rests on — RiHG, police report, signed earlier decisions, latest care advice, events since — and the mayor's work
item says what is missing before he opens it. Real services and PDFs, synthetic cases."""
import subprocess

from procedure.domain.deadlines import AMS
from store import repo
from tests.conftest import record_care_advice, walk
from tests.integration.test_lifecycle import ADVICE


def text_of(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def mayor_tasks(app, actors, case_id, rule):
    return [t for t in app.work_queue.work_queue(actors["burgemeester.venlo"])
            if t["case_id"] == case_id and t["rule"].startswith(rule)]


def test_imposition_dossier_is_complete_once_submitted(app, actors, clock):
    case_id = walk(app, actors, until="submitted")
    b = actors["burgemeester.venlo"]
    d = app.documents.dossier(b, case_id, "oplegging")
    assert [p.label for p in d["parts"]] == ["Risicotaxatie (RiHG)", "Melding en bevindingen politie",
                                             "Conceptbeschikking"] and d["missing"] == []
    text = text_of(app.documents.dossier_pdf(b, case_id, "oplegging")[1])
    assert "Dossier voor het besluit tijdelijk huisverbod" in text and "Conceptbeschikking" in text


def test_extension_work_item_names_the_missing_care_advice_then_the_dossier_has_it_all(app, actors, clock):
    case_id = walk(app, actors, until="served")
    b = actors["burgemeester.venlo"]
    v3 = mayor_tasks(app, actors, case_id, "V3")
    assert v3 and v3[0]["missing"] == ["Laatste zorgadvies"] and "ontbreekt in het dossier: Laatste zorgadvies" \
        in v3[0]["task"]
    assert app.documents.dossier(b, case_id, "verlenging")["missing"] == ["Laatste zorgadvies"]
    clock.advance(days=3)
    app.aftercare.add_event(actors["politie.noord"], case_id, "overtreding", occurred_at=app.now(),
                            reference="PV 2026-4711")
    clock.advance(days=4)
    record_care_advice(app, actors, case_id, risk="toegenomen")
    assert mayor_tasks(app, actors, case_id, "V3")[0]["missing"] == []
    text = text_of(app.documents.dossier_pdf(b, case_id, "verlenging")[1])
    assert f"{case_id}-OPL-v1" in text                           # the signed imposition
    assert "risico toegenomen" in text and "Gebeurtenissen sinds het laatste besluit" in text
    assert "Overtreding huisverbod" in text


def test_withdrawal_dossier_holds_both_signed_decisions_and_only_the_events_since_the_extension(app, actors, clock):
    case_id = walk(app, actors, until="served")
    b = actors["burgemeester.venlo"]
    clock.advance(days=1)
    app.aftercare.add_event(actors["politie.noord"], case_id, "huishouden_geinformeerd", occurred_at=app.now())
    clock.advance(days=7)
    record_care_advice(app, actors, case_id)
    clock.advance(hours=1)
    app.extension_withdrawal.extend(
        b, case_id, app.case_file.get_case(b, case_id).version, days=18, zorgadvies_organisation="Veilig Thuis",
        zorgadvies_date=app.now().astimezone(AMS).date(), zorgadvies_summary=ADVICE, help_accepted=False,
        reasons="Het risico blijft gelijk; betrokkene en partner hebben hulp geweigerd.",
        current_facts="Berichten aan de partner op dag 7 (synthetisch).")
    clock.advance(days=4)
    eid = record_care_advice(app, actors, case_id, risk="afgenomen", help_status="aanvaard", advice="intrekken")
    d = app.documents.dossier(b, case_id, "intrekking")
    parts = {p.key: p for p in d["parts"]}
    assert d["missing"] == [] and parts["zorgadvies"].ref == eid
    assert parts["besluiten"].ref == (f"{case_id}-OPL-v1", f"{case_id}-VERL-v1")
    assert eid in parts["gebeurtenissen"].ref
    assert not {e["id"] for e in repo.list_events(app.db, case_id) if e["kind"] == "huishouden_geinformeerd"} \
        & set(parts["gebeurtenissen"].ref)                      # before the extension: not "since"
    v1 = mayor_tasks(app, actors, case_id, "V1")
    assert v1 and v1[0]["missing"] == []
    text = text_of(app.documents.dossier_pdf(b, case_id, "intrekking")[1])
    assert "Dossier voor het besluit over intrekking" in text and f"{case_id}-VERL-v1" in text
    assert "advies: intrekken" in text
