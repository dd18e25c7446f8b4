"""Eligibility and completeness rules (art. 1-3 Wth; R04, R12, R15, R17)."""
from datetime import date, datetime

import pytest

from procedure.domain.deadlines import AMS
from procedure.domain.errors import RuleViolation
from procedure.domain.rules import (DraftParts, Member, Residence, assert_complete, check_adult,
                             check_child_abuse_consultation, check_door_questions, check_household,
                             check_single_dwelling, missing_art_2_4_parts)

GOOD_FACTS = ("Op dinsdagavond heeft betrokkene zijn partner in de keuken met een mes bedreigd en geroepen dat "
              "hij haar zou vermoorden; de kinderen waren erbij.")


def parts(**over) -> DraftParts:
    base = dict(dwelling_complete=True, duration_days=10, incident_known=True, facts=GOOD_FACTS,
                threatened_persons="Ans", why_this_person="Het geweld gaat aantoonbaar uit van hem, niet van haar.",
                protected_names=["Ans"], other_adults_covered=[], rihg_final=True, decision_huisverbod=True)
    base.update(over)
    return DraftParts(**base)


def test_complete_draft_passes():
    assert missing_art_2_4_parts(parts()) == []
    assert_complete(parts())


@pytest.mark.parametrize("facts", ["", "zie PV", "n.v.t.", "Ruzie gehad.", "zie proces-verbaal 2026-123 voor alle "
                                   "details van het incident van vanavond in de woning aan de straat hier"])
def test_r04_empty_or_token_facts_refused(facts):
    with pytest.raises(RuleViolation) as e:
        assert_complete(parts(facts=facts))
    assert any("Feiten en omstandigheden" in d for d in e.value.details)


def test_r04_no_why_this_person_with_second_adult_names_the_other_adult():
    problems = missing_art_2_4_parts(parts(why_this_person="", other_adults_covered=["Ans Voorbeeld"]))
    assert any("Ans Voorbeeld" in p and "Waarom deze persoon" in p for p in problems)


def test_r04_lists_every_missing_part():
    problems = missing_art_2_4_parts(parts(dwelling_complete=False, facts="", threatened_persons="", why_this_person="",
                                           protected_names=[], incident_known=False))
    joined = " ".join(problems)
    for part in ("Plaats", "Feiten en omstandigheden", "wie er is bedreigd", "Waarom deze persoon",
                 "Contactverbod", "incident"):
        assert part.lower() in joined.lower()


def test_r03_duration_other_than_ten_days_is_incomplete():
    assert any("10 dagen" in p for p in missing_art_2_4_parts(parts(duration_days=12)))


def test_r17_minor_refused_adult_allowed():
    born = date(2006, 6, 1)
    with pytest.raises(RuleViolation, match="18 jaar"):
        check_adult(born, datetime(2024, 5, 31, 20, 0, tzinfo=AMS))
    check_adult(born, datetime(2024, 6, 1, 0, 1, tzinfo=AMS))


def test_r17_adult_child_against_parent_allowed():
    check_household([Member("Moeder", date(1960, 1, 1), "ouder", Residence.WOONT, "", True)])


def test_r17_child_abuse_needs_veilig_thuis_first():
    with pytest.raises(RuleViolation, match="Veilig Thuis"):
        check_child_abuse_consultation(True, False)
    check_child_abuse_consultation(True, True)
    check_child_abuse_consultation(False, False)


def test_door_questions_all_required():
    check_door_questions(True, True, True)
    with pytest.raises(RuleViolation) as e:
        check_door_questions(False, True, True)
    assert "huiselijke kring" in e.value.message
    with pytest.raises(RuleViolation):
        check_door_questions(True, True, False)


def test_neighbours_out_of_scope():
    with pytest.raises(RuleViolation, match="buren"):
        check_household([Member("Buurman", None, "buur", Residence.WOONT, "", True)])


def test_no_threatened_coresident_refused():
    with pytest.raises(RuleViolation, match="bedreigde huisgenoot"):
        check_household([Member("Partner", None, "partner", Residence.WOONT, "", False)])
    with pytest.raises(RuleViolation, match="bedreigde huisgenoot"):
        check_household([Member("Zus op bezoek", None, "broer_zus", Residence.INCIDENTEEL, "", True)])


def test_r05_staying_more_than_incidentally_needs_a_basis():
    with pytest.raises(RuleViolation, match="meer dan incidenteel"):
        check_household([Member("Vriendin", None, "partner", Residence.VERBLIJFT, " ", True)])
    check_household([Member("Vriendin", None, "partner", Residence.VERBLIJFT, "slaapt er 4 nachten per week", True)])


def test_r15_one_dwelling_only():
    check_single_dwelling(["Kerkstraat 1, 5911 AB Venlo"])
    with pytest.raises(RuleViolation, match="één woning"):
        check_single_dwelling(["Kerkstraat 1, 5911 AB Venlo", "Markt 2, 5911 AC Venlo"])


def test_r12_no_offence_needed_for_completeness():
    # no aangifte, no arrest: nothing in art. 2 lid 4 asks for it
    assert missing_art_2_4_parts(parts()) == []
