"""Pure rules of issue 15: who lives in the home after household changes, the details of a care advice, extension
readiness and the recipients of a decision (procedure/domain/events.py, followup.py, notices.py, notifications.py)."""
from datetime import date, datetime, timedelta, timezone

import pytest

from procedure.domain.errors import ValidationError
from procedure.domain.events import household_now, validate_details
from procedure.domain.followup import extension_problems, followups
from procedure.domain.notices import RECIPIENTS, actual_end, recipients_for
from procedure.domain.notifications import compose, next_attempt

T0 = datetime(2026, 5, 15, 20, 10, tzinfo=timezone.utc)
MEMBERS = [{"id": 1, "name": "Ans", "relation": "partner", "residence": "woont", "threatened": True},
           {"id": 2, "name": "Sem", "relation": "kind", "residence": "woont", "threatened": False},
           {"id": 3, "name": "Opa", "relation": "ouder", "residence": "incidenteel", "threatened": False}]


def change(eid, d, at=T0):
    return {"id": eid, "kind": "huishoudwijziging", "details": d, "recorded_at": at, "occurred_at": at}


def advice(eid, risk, help_, adv="verlengen", on=date(2026, 5, 20)):
    at = datetime.combine(on, datetime.min.time(), tzinfo=timezone.utc)
    return {"id": eid, "kind": "zorgadvies", "event_date": on, "occurred_at": at, "recorded_at": at, "role": "casemanager",
            "details": {"risk": risk, "advice": adv, "help": help_, "form": "zorgadvies", "author": "X"}}


def test_household_now_applies_changes_in_date_order_and_only_up_to_the_day():
    events = [change(10, {"member_id": 1, "person": "Ans", "movement": "elders_geplaatst", "placement": "opvang",
                          "from_date": "2026-05-19"}),
              change(11, {"member_id": 1, "person": "Ans", "movement": "keert_terug", "from_date": "2026-05-22"}),
              change(12, {"person": "Oma", "protected": "onbekend", "movement": "komt_wonen",
                          "from_date": "2026-05-20"})]
    assert [p["name"] for p in household_now(MEMBERS, events, date(2026, 5, 18))] == ["Ans", "Sem"]
    on_20 = household_now(MEMBERS, events, date(2026, 5, 20))
    assert [(p["name"], p["protected"]) for p in on_20] == [("Sem", False), ("Oma", None)]
    assert [p["name"] for p in household_now(MEMBERS, events, date(2026, 5, 23))] == ["Sem", "Oma", "Ans"]


def test_unknown_protection_of_a_newcomer_is_not_read_as_no_protected_person():
    case = {"state": "opgelegd", "served_at": T0, "end_at": T0 + timedelta(days=10)}
    leave = change(10, {"member_id": 1, "person": "Ans", "movement": "vertrekt", "from_date": "2026-05-19"})
    assert [f.rule for f in followups(case, MEMBERS, [leave], zorgadvies_day=7, advice_max_age_days=4)
            if f.rule == "V2"] == ["V2"]
    newcomer = change(11, {"person": "Oma", "protected": "onbekend", "movement": "komt_wonen",
                           "from_date": "2026-05-18"}, at=T0 - timedelta(minutes=1))
    assert not [f for f in followups(case, MEMBERS, [newcomer, leave], zorgadvies_day=7, advice_max_age_days=4)
                if f.rule == "V2"]


def test_care_advice_details_are_checked_per_field():
    with pytest.raises(ValidationError) as e:
        validate_details("zorgadvies", {"risk": "iets", "advice": "verlengen", "help": {"uithuisgeplaatste": "aanvaard"}},
                         members=MEMBERS)
    assert set(e.value.field_errors) == {"details.author", "details.risk", "details.help"}
    assert "Ans" in e.value.field_errors["details.help"] and "Sem" not in e.value.field_errors["details.help"]


def test_extension_readiness_age_and_reasons():
    help_ = {"uithuisgeplaatste": "geweigerd", "lid:1": "aanvaard"}
    events = [advice(5, "toegenomen", help_, on=date(2026, 5, 20))]
    assert extension_problems(MEMBERS, events, today=date(2026, 5, 24), advice_max_age_days=4, reasons=None) == []
    old = extension_problems(MEMBERS, events, today=date(2026, 5, 25), advice_max_age_days=4, reasons=None)
    assert len(old) == 1 and "5 dagen oud" in old[0]
    p = extension_problems(MEMBERS, events, today=date(2026, 5, 21), advice_max_age_days=4,
                           reasons="Het risico is toegenomen en betrokkene weigert de hulp.")
    assert p == ["De motivering gaat niet in op de hulp aan Ans (hulp aanvaard)."]
    assert "geen zorgadvies" in extension_problems(MEMBERS, [], today=date(2026, 5, 21), advice_max_age_days=4,
                                                   reasons=None)[0]


def test_every_decision_reaches_five_parties_and_the_actual_end_is_the_earliest_event():
    assert recipients_for("intrekking") == RECIPIENTS and len(RECIPIENTS) == 5
    with pytest.raises(ValueError):
        recipients_for("iets")
    end = T0 + timedelta(days=28)
    assert actual_end({"end_at": end, "withdrawn_at": None, "annulled_at": None}) == end
    assert actual_end({"end_at": end, "withdrawn_at": T0 + timedelta(days=12), "annulled_at": None}) == \
        T0 + timedelta(days=12)


def test_mail_text_has_only_case_municipality_what_and_link_and_retries_back_off():
    subject, body = compose("taak_partner", case_id="HV-2026-00001", municipality="Venlo", what="Kennisnemen",
                            link="https://x/zaak?zaak=HV-2026-00001")
    assert "HV-2026-00001" in subject and "Venlo" in subject and "https://x/zaak?zaak=HV-2026-00001" in body
    now = T0
    assert [next_attempt(now, n) - now for n in (1, 2, 3, 4, 9)] == [timedelta(minutes=m) for m in (1, 5, 15, 60, 60)]


def test_the_extension_help_answer_may_not_contradict_the_latest_care_advice():
    """Issue 14/15: the signed extension said 'niet aanvaard' while the advice said help had started."""
    from datetime import date, datetime, timezone

    from procedure.domain.answers import Answer
    from procedure.domain.followup import help_answer_conflict

    def advice(status):
        return [{"kind": "zorgadvies", "id": 1, "event_date": date(2026, 5, 20),
                 "occurred_at": datetime(2026, 5, 20, 10, tzinfo=timezone.utc),
                 "details": {"risk": "afgenomen", "advice": "verlengen", "help": {"uithuisgeplaatste": status}}}]
    assert "aanvaard" in help_answer_conflict(advice("aanvaard"), Answer.NEE)
    assert "geweigerd" in help_answer_conflict(advice("geweigerd"), Answer.JA)
    assert help_answer_conflict(advice("aanvaard"), Answer.JA) is None
    assert help_answer_conflict(advice("aangeboden"), Answer.NEE) is None
    assert help_answer_conflict(advice("aanvaard"), Answer.ONBEKEND) is None
    assert help_answer_conflict([], Answer.NEE) is None
