"""One case filled in once; every standard document shows the same names, dates with times, address
and decision data (pypdf text extraction). Presence is measured by procedure.inventory."""
import pytest

from procedure.inventory import DOCS, build_inventory


@pytest.fixture(scope="module")
def inv(tmp_path_factory):
    return build_inventory(tmp_path_factory.mktemp("inventory"))


def test_every_standard_document_is_rendered(inv):
    assert set(inv.texts) == set(DOCS)
    for kind, text in inv.texts.items():
        assert len(text) > 200, kind
        for bad in (" None ", " nan ", "NaT", "Traceback"):
            assert bad not in f" {text} ", (kind, bad)


@pytest.mark.parametrize("element", ["naam betrokkene", "adres woning", "zaaknummer"])
def test_identity_on_every_document(inv, element):
    assert inv.presence[element] == set(DOCS)


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
    # the measured ratio is reported by `python -m procedure.inventory`; here only that re-use is real
    assert inv.hand_entries > 2 * inv.typed_values
    assert sum(len(d) for d in inv.presence.values()) >= 3 * len(inv.elements)
