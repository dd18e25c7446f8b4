"""Unit tests for procedure.domain.rihg: catalogue, advice rule, R01 evidence, R12, decision reasons."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procedure.domain.errors import RuleViolation, ValidationError
from procedure.domain.rihg import (
    DEFAULT_CATALOGUE_PATH,
    Advice,
    Assessment,
    Catalogue,
    Colour,
    Fact,
    assert_finalisable,
    check_decision,
    completeness_problems,
    compute_advice,
    decision_reason_required,
    evidence_problems,
    load_catalogue,
    suggest_colour,
)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def all_no(cat: Catalogue) -> dict[str, bool]:
    return {item.code: False for item in cat.items}


def complete_assessment(cat: Catalogue, red: tuple[str, ...] = (), blue: tuple[str, ...] = ()) -> Assessment:
    """All items answered (yes for items of red/blue signals), all signals coloured, sourced facts."""
    answers = all_no(cat)
    colours: dict[str, Colour] = {s.code: Colour.GEEL for s in cat.signals}
    facts: list[Fact] = []
    for code, colour in [(c, Colour.ROOD) for c in red] + [(c, Colour.BLAUW) for c in blue]:
        colours[code] = colour
        answers[cat.signal(code).items[0].code] = True
        facts.append(Fact(code, f"Feit bij {code}", f"PV 2024-{code}"))
    return Assessment(answers=answers, colours=colours, facts=facts)


# --- catalogue ------------------------------------------------------------------------------------


def test_catalogue_counts(cat: Catalogue) -> None:
    assert [p.code for p in cat.parts] == ["A", "B", "C"]
    assert len(cat.signals) == 20
    assert len(cat.items) == 79
    per_part = {p.code: (len(p.signals), sum(len(s.items) for s in p.signals)) for p in cat.parts}
    assert per_part == {"A": (3, 15), "B": (11, 38), "C": (6, 26)}


def test_catalogue_codes_unique_and_nested(cat: Catalogue) -> None:
    codes = [p.code for p in cat.parts] + [s.code for s in cat.signals] + [i.code for i in cat.items]
    assert len(codes) == len(set(codes))
    for part in cat.parts:
        for signal in part.signals:
            assert signal.part == part.code
            assert all(item.code.startswith(signal.code + ".") for item in signal.items)


def test_catalogue_metadata_and_labels(cat: Catalogue) -> None:
    assert cat.version == "2009-1"
    assert cat.title == "Risicotaxatie-instrument Huiselijk Geweld (RiHG)"
    assert "Stb. 2008, 422" in cat.source
    assert [p.label for p in cat.parts] == [
        "De persoon die in aanmerking komt voor uithuisplaatsing",
        "Het verloop van het incident",
        "De leefomstandigheden van de persoon en de huisgenoten",
    ]
    assert cat.signal("A1").label == "Antecedenten en incidenten"
    assert cat.signal("B10").label == "Geweldsverwachting"
    assert all(i.label.strip() for i in cat.items)
    with pytest.raises(KeyError):
        cat.signal("Z9")


def test_catalogue_is_cached(cat: Catalogue) -> None:
    assert load_catalogue() is cat
    assert load_catalogue(DEFAULT_CATALOGUE_PATH) is cat


def _write(tmp_path: Path, doc: object, name: str = "cat.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return path


def _minimal() -> dict:
    return {
        "version": "x", "title": "t", "source": "s",
        "parts": [{"code": "A", "label": "Deel A", "signals": [
            {"code": "A1", "label": "Sig", "items": [{"code": "A1.1", "label": "Item"}]}]}],
    }


def test_load_minimal_custom_catalogue(tmp_path: Path) -> None:
    cat = load_catalogue(_write(tmp_path, _minimal()))
    assert [i.code for i in cat.items] == ["A1.1"]


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: "{not json",
        lambda d: [],
        lambda d: {k: v for k, v in d.items() if k != "version"},
        lambda d: {**d, "parts": []},
        lambda d: (d["parts"][0].update(signals=[]), d)[1],
        lambda d: (d["parts"][0]["signals"][0].update(items=[]), d)[1],
        lambda d: (d["parts"][0]["signals"][0]["items"].append({"code": "A1.1", "label": "dubbel"}), d)[1],
        lambda d: (d["parts"][0]["signals"][0]["items"][0].update(label=""), d)[1],
        lambda d: (d["parts"][0]["signals"][0]["items"][0].update(code="B1.1"), d)[1],
        lambda d: (d["parts"][0]["signals"][0].update(code="B1"), d)[1],
    ],
)
def test_broken_catalogue_raises_value_error(tmp_path: Path, breakage) -> None:
    with pytest.raises(ValueError):
        load_catalogue(_write(tmp_path, breakage(_minimal())))


def test_missing_catalogue_file_raises_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        load_catalogue(tmp_path / "bestaat-niet.json")


def test_colour_values_and_labels() -> None:
    assert [c.value for c in Colour] == ["rood", "blauw", "geel"]
    assert [c.label for c in Colour] == ["Rood", "Blauw", "Geel"]


# --- advice rule ----------------------------------------------------------------------------------


def test_two_red_in_one_part_indicates(cat: Catalogue) -> None:
    advice = compute_advice({"B1": Colour.ROOD, "B3": Colour.ROOD, "A1": Colour.GEEL}, cat)
    assert advice.indicated
    assert advice.parts_indicated == ("B",)
    assert advice.red_per_part == {"A": 0, "B": 2, "C": 0}
    assert advice.text == (
        "Huisverbod in beginsel geïndiceerd: 2 rode signalen in deel B (Het verloop van het incident)."
    )


def test_one_red_in_each_part_does_not_indicate(cat: Catalogue) -> None:
    advice = compute_advice({"A1": Colour.ROOD, "B1": Colour.ROOD, "C1": Colour.ROOD}, cat)
    assert not advice.indicated
    assert advice.parts_indicated == ()
    assert advice.red_per_part == {"A": 1, "B": 1, "C": 1}
    assert advice.text == (
        "Geen huisverbod geïndiceerd volgens de vuistregel (geen deel met twee of meer rode signalen)."
    )


def test_blue_never_counts(cat: Catalogue) -> None:
    all_blue = {s.code: Colour.BLAUW for s in cat.signals}
    assert not compute_advice(all_blue, cat).indicated
    assert not compute_advice({**all_blue, "B1": Colour.ROOD}, cat).indicated


def test_several_parts_indicated_and_string_colours(cat: Catalogue) -> None:
    advice = compute_advice({"A1": "rood", "A2": "rood", "C1": "rood", "C2": "rood", "C3": "rood"}, cat)
    assert advice.parts_indicated == ("A", "C")
    assert "2 rode signalen in deel A" in advice.text and "3 rode signalen in deel C" in advice.text


def test_compute_advice_rejects_unknown_codes_and_colours(cat: Catalogue) -> None:
    with pytest.raises(ValueError):
        compute_advice({"Z1": Colour.ROOD}, cat)
    with pytest.raises(ValueError):
        compute_advice({"A1": "paars"}, cat)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_property_indicated_iff_some_part_has_two_red(data: st.DataObject) -> None:
    cat = load_catalogue()
    colours = data.draw(
        st.dictionaries(st.sampled_from([s.code for s in cat.signals]), st.sampled_from(list(Colour)))
    )
    advice = compute_advice(colours, cat)
    expected = any(
        sum(1 for s in part.signals if colours.get(s.code) is Colour.ROOD) >= 2 for part in cat.parts
    )
    assert advice.indicated == expected
    assert advice.indicated == bool(advice.parts_indicated)
    assert sum(advice.red_per_part.values()) == sum(1 for c in colours.values() if c is Colour.ROOD)


# --- suggest_colour -------------------------------------------------------------------------------


def test_suggest_colour(cat: Catalogue) -> None:
    b3 = cat.signal("B3")
    no = {i.code: False for i in b3.items}
    assert suggest_colour(b3, no) is Colour.GEEL
    assert suggest_colour(b3, {**no, "B3.4": True}) is None
    assert suggest_colour(b3, {}) is None  # untouched is not "low risk"


# --- R01: facts with sources ----------------------------------------------------------------------


def test_r01_red_signal_without_sourced_fact_blocks_finalisation(cat: Catalogue) -> None:
    assessment = complete_assessment(cat)
    assessment.answers["A1.1"] = True
    assessment.colours["A1"] = Colour.ROOD
    assessment.facts.append(
        Fact("A1", "Eerdere poging tot doodslag (volgens melder)", source="", disputed=True)
    )
    with pytest.raises(RuleViolation) as exc:
        assert_finalisable(assessment, cat)
    assert exc.value.message == "De risicotaxatie is nog niet compleet."
    assert any("A1" in d and "Antecedenten en incidenten" in d for d in exc.value.details)
    assert exc.value.details == [
        "Signaal A1 (Antecedenten en incidenten) is rood maar heeft geen feit met bron. "
        "Een betwist antecedent zonder bron telt niet mee."
    ]


def test_r01_sourced_fact_fixes_it(cat: Catalogue) -> None:
    assessment = complete_assessment(cat)
    assessment.answers["A1.1"] = True
    assessment.colours["A1"] = Colour.ROOD
    assessment.facts.append(Fact("A1", "Eerdere poging tot doodslag", source="", disputed=True))
    assessment.facts.append(Fact("A1", "Mishandeling ex-partner 2022", source="BVH-registratie 2022-123456"))
    advice = assert_finalisable(assessment, cat)
    assert isinstance(advice, Advice) and not advice.indicated


def test_r01_disputed_fact_with_source_counts(cat: Catalogue) -> None:
    assessment = complete_assessment(cat)
    assessment.colours["A1"] = Colour.ROOD
    assessment.facts.append(Fact("A1", "Mishandeling 2021", source="PV 2021-77", disputed=True))
    assert evidence_problems(assessment, cat) == []


def test_blue_signal_needs_fact_too_and_geel_does_not(cat: Catalogue) -> None:
    assessment = complete_assessment(cat)
    assessment.colours["C2"] = Colour.BLAUW
    assessment.facts.append(Fact("C2", "   ", source="verklaring slachtoffer"))  # no description
    problems = evidence_problems(assessment, cat)
    assert len(problems) == 1 and problems[0].startswith("Signaal C2 (Spanning door financiën) is blauw")
    assessment.colours["C2"] = Colour.GEEL
    assert evidence_problems(assessment, cat) == []


def test_fact_for_other_signal_does_not_count(cat: Catalogue) -> None:
    assessment = complete_assessment(cat)
    assessment.colours["B1"] = Colour.ROOD
    assessment.facts.append(Fact("B3", "Klap in gezicht", source="PV 1"))
    assert [p[:10] for p in evidence_problems(assessment, cat)] == ["Signaal B1"]


# --- completeness ---------------------------------------------------------------------------------


def test_empty_assessment_summarised_per_signal(cat: Catalogue) -> None:
    problems = completeness_problems(Assessment(answers={}, colours={}, facts=[]), cat)
    assert len(problems) == 40  # per signal: unanswered items + no colour; not 79 item lines
    assert "Signaal B3 (Lichamelijk geweld): 4 van 4 items niet beantwoord (B3.1, B3.2, B3.3, B3.4)." in problems
    assert "Signaal B3 (Lichamelijk geweld) heeft nog geen kleur." in problems


def test_unknown_codes_reported(cat: Catalogue) -> None:
    assessment = complete_assessment(cat)
    assessment.answers["Z1.1"] = True
    assessment.colours["Z1"] = Colour.GEEL
    assessment.facts.append(Fact("Z2", "x", "PV 1"))
    problems = completeness_problems(assessment, cat)
    assert any("Z1.1" in p for p in problems)
    assert any("Z1" in p and "signalen" in p for p in problems)
    assert any("Z2" in p for p in problems)


def test_complete_assessment_has_no_problems(cat: Catalogue) -> None:
    assessment = complete_assessment(cat, red=("B1", "B3"), blue=("C3",))
    assert completeness_problems(assessment, cat) == []
    assert assert_finalisable(assessment, cat).indicated


# --- R12: no offence needed -----------------------------------------------------------------------


def test_r12_no_offence_needed(cat: Catalogue) -> None:
    """Threats, destruction and aggression, documented, suffice; no aangifte exists in the RiHG."""
    assessment = complete_assessment(cat)
    for code in ("B1.2", "B1.4", "B2.3", "A2.3"):
        assessment.answers[code] = True
    assessment.colours.update({"B1": Colour.ROOD, "B2": Colour.ROOD, "A2": Colour.BLAUW})
    assessment.facts += [
        Fact("B1", "Dreigde zijn moeder dood te maken", source="Mutatie BVH 2024-555 (melding buren)"),
        Fact("B2", "Sloeg het servies van zijn moeder kapot", source="Proces-verbaal van bevindingen"),
        Fact("A2", "Agressief en onbeheersbaar tegenover moeder en agenten", source="Verklaring agent"),
    ]
    advice = assert_finalisable(assessment, cat)
    assert advice.indicated and advice.parts_indicated == ("B",)
    assert not any("aangifte" in f.source.lower() for f in assessment.facts)
    assert not any("aangifte" in i.label.lower() for i in cat.items)


# --- decision reasons -----------------------------------------------------------------------------


@pytest.fixture
def indicated(cat: Catalogue) -> Advice:
    return compute_advice({"B1": Colour.ROOD, "B3": Colour.ROOD}, cat)


@pytest.fixture
def not_indicated(cat: Catalogue) -> Advice:
    return compute_advice({}, cat)


@pytest.mark.parametrize("decision", [True, False])
@pytest.mark.parametrize("reasons", ["", "   ", "te kort"])
def test_reasons_required_both_ways(indicated: Advice, not_indicated: Advice, decision: bool, reasons: str) -> None:
    for advice in (indicated, not_indicated):
        with pytest.raises(ValidationError) as exc:
            check_decision(advice, decision, reasons)
        assert exc.value.field == "reasons"
        deviates = advice.indicated != decision
        assert exc.value.message.startswith("U wijkt af van het advies") == deviates


def test_sufficient_reasons_accepted(indicated: Advice, not_indicated: Advice) -> None:
    reasons = "Doodsbedreiging en wurging, vastgelegd in PV 2024-1."
    for advice in (indicated, not_indicated):
        for decision in (True, False):
            assert check_decision(advice, decision, reasons) is None


def test_too_long_reasons_rejected(indicated: Advice) -> None:
    with pytest.raises(ValidationError):
        check_decision(indicated, True, "x" * 5001)


def test_reason_prompts(indicated: Advice, not_indicated: Advice) -> None:
    assert decision_reason_required(indicated, False).startswith("U wijkt af van het advies")
    assert decision_reason_required(not_indicated, True).startswith("U wijkt af van het advies")
    assert decision_reason_required(indicated, True).startswith("Motiveer")
    assert decision_reason_required(not_indicated, False).startswith("Motiveer")
