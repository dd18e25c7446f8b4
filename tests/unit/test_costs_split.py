"""The partner split (costs.md): largest-remainder shares in cents — properties (hypothesis) and the 15
municipalities with the shipped population checked against a hand calculation."""
from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from costs.split import choose_population, largest_remainder, split_partner_costs

ROOT = Path(__file__).resolve().parents[2]

weights_st = st.dictionaries(st.from_regex(r"GM[0-9]{4}", fullmatch=True), st.integers(0, 2_000_000),
                             min_size=1, max_size=20).filter(lambda d: sum(d.values()) > 0)
total_st = st.integers(0, 10**10)


@settings(max_examples=400, deadline=None)
@given(total_st, weights_st)
def test_shares_sum_to_total_and_are_never_negative(total, weights):
    shares = largest_remainder(total, weights)
    assert sum(shares.values()) == total
    assert all(s >= 0 for s in shares.values())
    assert set(shares) == set(weights)


@settings(max_examples=300, deadline=None)
@given(total_st, weights_st, st.randoms(use_true_random=False))
def test_order_of_municipalities_changes_no_share(total, weights, rnd):
    items = list(weights.items())
    rnd.shuffle(items)
    assert largest_remainder(total, dict(items)) == largest_remainder(total, weights)


@settings(max_examples=400, deadline=None)
@given(total_st, weights_st)
def test_more_inhabitants_never_pays_less(total, weights):
    shares = largest_remainder(total, weights)
    for a in weights:
        for b in weights:
            if weights[a] > weights[b]:
                assert shares[a] >= shares[b], (a, b, weights, shares)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.lists(st.integers(1, 5), min_size=2, max_size=12))
def test_monotone_with_many_ties_and_small_weights(total, small):
    """Small, repeated weights make equal remainders likely: the tie-break must keep the order."""
    weights = {f"GM{i:04d}": w for i, w in enumerate(small)}
    shares = largest_remainder(total, weights)
    assert sum(shares.values()) == total
    for a in weights:
        for b in weights:
            if weights[a] > weights[b]:
                assert shares[a] >= shares[b]
            if weights[a] == weights[b]:
                assert abs(shares[a] - shares[b]) <= 1


def test_each_share_is_within_one_cent_of_the_exact_quota():
    rnd = random.Random(5)
    for _ in range(200):
        weights = {f"GM{i:04d}": rnd.randint(0, 10**5) for i in range(rnd.randint(1, 15))}
        if not sum(weights.values()):
            continue
        total = rnd.randint(0, 10**7)
        shares = largest_remainder(total, weights)
        for k, w in weights.items():
            exact = total * w / sum(weights.values())
            assert exact - 1 < shares[k] < exact + 1


def test_zero_weight_pays_nothing_and_bad_input_is_refused():
    assert largest_remainder(101, {"A": 0, "B": 1, "C": 1}) == {"A": 0, "B": 51, "C": 50}   # tie: code order
    with pytest.raises(ValueError):
        largest_remainder(100, {"A": 0})
    with pytest.raises(ValueError):
        largest_remainder(-1, {"A": 1})
    with pytest.raises(ValueError):
        largest_remainder(1, {"A": -1, "B": 3})


def _shipped_population() -> list[dict]:
    with open(ROOT / "data" / "gemeenten_limburg_noord.csv", encoding="utf-8") as fh:
        return [{"municipality_code": r["gemeentecode"], "name": r["gemeente"], "subregion": r["subregio"],
                 "year": int(r["peildatum"]), "inhabitants": int(r["inwoners"]), "source": r["bron"]}
                for r in csv.DictReader(fh)]


def test_fifteen_municipalities_against_a_hand_calculation():
    """Example partner tariff (an EXAMPLE, not a quote): police accounts at € 150,00 a year —
    Noord-Limburg 12 accounts = € 1.800,00 = 180000 cents; Midden-Limburg 10 accounts = € 1.500,00.

    Noord-Limburg, inhabitants 2020 (shipped CSV), sum 282.912:
      municipality       inhabitants  180000 × inh / 282912   floor   remainder   +1?
      Beesel                13.439        8550,4326             8550    0,43
      Bergen (L.)           13.089        8327,7486             8327    0,75        +1 (4th)
      Gennep                16.968       10795,7245            10795    0,72        +1 (5th)
      Horst aan de Maas     42.416       26986,7662            26986    0,77        +1 (3rd)
      Mook en Middelaar      7.879        5012,9369             5012    0,94        +1 (2nd)
      Peel en Maas          43.561       27715,2613            27715    0,26
      Venlo                101.853       64802,9776            64802    0,98        +1 (1st)
      Venray                43.707       27808,1524            27808    0,15
      floors add up to 179995: 5 cents left -> the 5 largest remainders.
    Midden-Limburg, sum 237.956, 150000 × inh / 237956:
      Echt-Susteren 19953,6889 (+1), Leudal 22692,6407 (+1), Maasgouw 15088,5038 (+1), Nederweert 10770,4786,
      Roerdalen 12955,3363, Roermond 36952,2097, Weert 31587,1422; floors 149997: 3 cents left.
    """
    pop = _shipped_population()
    noord = [r["municipality_code"] for r in pop if r["subregion"] == "Noord-Limburg"]
    midden = [r["municipality_code"] for r in pop if r["subregion"] == "Midden-Limburg"]
    assert len(noord) == 8 and len(midden) == 7
    choice_n = choose_population(pop, noord, 2020)
    assert sum(choice_n.inhabitants.values()) == 282_912
    split_n = split_partner_costs("Noord-Limburg", choice_n, {"politie": 12 * 15000})
    expected_n = {"GM0889": 8550, "GM0893": 8328, "GM0907": 10796, "GM1507": 26987, "GM0944": 5013,
                  "GM1894": 27715, "GM0983": 64803, "GM0984": 27808}
    assert {c: s["politie"] for c, s in split_n.shares.items()} == expected_n
    assert sum(expected_n.values()) == 180_000
    choice_m = choose_population(pop, midden, 2020)
    assert sum(choice_m.inhabitants.values()) == 237_956
    split_m = split_partner_costs("Midden-Limburg", choice_m, {"politie": 10 * 15000})
    expected_m = {"GM1711": 19954, "GM1640": 22693, "GM1641": 15089, "GM0946": 10770, "GM1669": 12955,
                  "GM0957": 36952, "GM0988": 31587}
    assert {c: s["politie"] for c, s in split_m.shares.items()} == expected_m
    assert split_m.total == 150_000 and split_m.share("GM0957") == 36952


def test_population_year_falls_back_to_the_latest_earlier_year_and_says_so():
    pop = _shipped_population()
    codes = [r["municipality_code"] for r in pop if r["subregion"] == "Midden-Limburg"]
    later = choose_population(pop, codes, 2026)
    assert later.year == 2020 and not later.exact
    assert "2026" in later.note() and "2020" in later.note() and "laatste eerdere jaar" in later.note()
    earlier = choose_population(pop, codes, 2018)
    assert earlier.year == 2020 and "eerste latere jaar" in earlier.note()
    # a complete 2024 series wins for 2025; an incomplete 2025 series is not used
    extra = [dict(r, year=2024, inhabitants=r["inhabitants"] + 10) for r in pop if r["municipality_code"] in codes]
    extra.append({"municipality_code": codes[0], "year": 2025, "inhabitants": 1, "source": "x"})
    choice = choose_population(pop + extra, codes, 2025)
    assert choice.year == 2024 and choice.inhabitants[codes[1]] == next(
        r["inhabitants"] for r in pop if r["municipality_code"] == codes[1]) + 10
    exact = choose_population(pop, codes, 2020)
    assert exact.exact and exact.note().startswith("Inwoners van 2020")
