"""One case filled in once; every standard document shows the same names, dates with times, address
and decision data (pypdf text extraction). Presence is measured by tools.inventory."""
import pytest

from tools.inventory import BUNDLES, DOCS, SYSTEM, TYPED, build_inventory

pytestmark = pytest.mark.duckdb_only      # tools.inventory makes its own DuckDB file


@pytest.fixture(scope="module")
def inv(tmp_path_factory):
    return build_inventory(tmp_path_factory.mktemp("inventory"))


def test_every_standard_document_is_rendered(inv):
    assert set(inv.texts) == set(DOCS) | set(BUNDLES)
    for kind, text in inv.texts.items():
        assert len(text) > 200, kind
        for bad in (" None ", " nan ", "NaT", "Traceback"):
            assert bad not in f" {text} ", (kind, bad)


@pytest.mark.parametrize("element", ["naam betrokkene", "adres woning", "zaaknummer"])
def test_identity_on_every_document(inv, element):
    assert inv.presence[element] == set(DOCS) | set(BUNDLES)


def test_dates_with_times_are_the_same_everywhere(inv):
    # T0 and the ends appear with date AND time (nl_datetime) wherever the order's period is stated
    assert {"pv_uitreiking", "info_uithuisgeplaatste", "info_achterblijvers", "melding_veilig_thuis",
            "beschikking_verlenging", "beschikking_intrekking"} <= inv.presence["ingang T0 (datum en tijd)"]
    assert {"pv_uitreiking", "beschikking_verlenging"} <= inv.presence["einde (datum en tijd)"]
    assert "beschikking_verlenging" in inv.presence["nieuw einde na verlenging"]
    assert {"rihg_rapport", "melding_rapport", "beschikking_oplegging"} <= inv.presence["datum/tijd incident"]


def test_decision_data_and_contact_ban_names(inv):
    decisions = {"beschikking_oplegging", "beschikking_verlenging", "beschikking_intrekking"}
    assert decisions <= inv.presence["beslisser (burgemeester)"]
    assert {"beschikking_oplegging", "info_uithuisgeplaatste", "info_achterblijvers",
            "beschikking_verlenging"} <= inv.presence["naam beschermde: partner"]
    assert {"beschikking_oplegging", "dossier_burgemeester"} <= inv.presence["feiten en omstandigheden"]
    assert {"rihg_rapport", "dossier_burgemeester"} <= inv.presence["RiHG: besluit en motivering"]


def test_entered_once_appears_many_times(inv):
    # the measured ratios are reported by `python -m tools.inventory`; here only that re-use is real
    assert inv.hand_entries_of(TYPED) > inv.typed_values
    assert sum(len(d) for d in inv.presence.values()) >= 3 * len(inv.elements)


def test_the_mayors_dossier_is_counted_as_a_bundle_not_a_form(inv):
    # it shows the RiHG, the melding and the draft, but filling it in by hand is never counted
    assert inv.presence["RiHG: besluit en motivering"] >= {"rihg_rapport", "dossier_burgemeester"}
    by_forms = sum(inv.elements[e][1] * len(d - set(BUNDLES)) for e, d in inv.presence.items())
    assert inv.hand_entries == by_forms


def test_system_made_values_are_counted_apart_from_typed_ones(inv):
    assert {e for e, (_, _, o) in inv.elements.items() if o == SYSTEM} >= {
        "zaaknummer", "gemeente (briefhoofd, bevoegd gezag)", "einde (datum en tijd)", "beslisser (burgemeester)"}
    assert inv.hand_entries_of(SYSTEM) > 0
    assert inv.ratio > inv.ratio_typed > 1
    assert not any(e.field == "zaaknummer" for e in inv.entries)       # nobody types a system-made value


def test_nothing_is_typed_twice_in_the_whole_lifecycle(inv):
    assert inv.typed_twice == []
    # what the forms take over comes from the case through the services the pages use
    taken = {(e.step, e.field) for e in inv.prefilled}
    assert {("beschikking", "wie_is_bedreigd"), ("zorgadvies", "organisatie"),
            ("verlenging", "zorgadvies_samenvatting")} <= taken
