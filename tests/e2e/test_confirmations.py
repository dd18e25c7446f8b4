"""Irreversible acts ask first, in a real browser at 1366 px and 390 px (issue 14, point 2).

Desktop (1366 px): the burgemeester of Venlo opens "Verlengen of intrekken" (the form starts on the order whose end is
nearest), first triggers the extension's field messages, then asks to withdraw the order: a box names the case, the
person and "eindigt nu, <weekday date time>. Dit kan niet ongedaan worden gemaakt."; "Annuleren" changes nothing (the
order is still running, no document); "Ja, intrekking ondertekenen" withdraws it, and no message of the extension form
stays on screen. Phone (390 px): the same on *Herstelbesluit* (cancel keeps the form as typed; confirm signs).

Screenshots: tests/e2e/screenshots/confirm-*.png.
"""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_main_path import (Shots, alert, check_clean, click, fill_area, fill_text, go, login, main_text,
                                      settle, wait_text)

pytestmark = pytest.mark.e2e

WD_REASONS = ("Hulp is aanvaard en bevestigd door de hulpverlening; het gevaar is geweken volgens het "
              "systeemgesprek van vandaag.")
CORR_REASONS = "Huisnummer verkeerd overgenomen; gecontroleerd in de BRP."


class ConfirmShots(Shots):
    prefix = "confirm-"


def picked(page, label: str) -> str:
    value = page.get_by_role("combobox", name=label, exact=True).input_value() or ""
    m = re.search(r"HV-\d{4}-\d{5}", value) or re.search(r"HV-\d{4}-\d{5}", main_text(page))
    assert m, main_text(page)[:1500]
    return m[0]


def box(page):
    return page.locator('[class*="st-key-confirm_box_"]')


def test_withdrawal_asks_first_cancel_changes_nothing_confirm_withdraws(app_url, browser, screenshots_dir):
    shots = ConfirmShots(screenshots_dir)
    ctx = browser.new_context(viewport=DESKTOP, locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = ctx.new_page()
    try:
        login(page, app_url, "burgemeester.venlo")
        go(page, "Verlengen of intrekken")
        case_id = picked(page, "Lopend huisverbod")
        person = re.search(r"Betrokkene:\s*(.+)", main_text(page))[1].strip()
        surname = person.split()[-1]
        # the extension, confirmed with empty fields, leaves its messages beside the fields
        click(page, "Verlenging ondertekenen")
        assert box(page).count() == 1 and case_id in box(page).inner_text()
        click(page, "Ja, verlenging ondertekenen")
        assert alert(page, "Error").count() >= 2
        fill_area(page, "Motivering van de intrekking (bijv. hulp aanvaard en bevestigd door de hulpverlening, "
                        "gevaar geweken)", WD_REASONS)
        click(page, "Intrekking ondertekenen")
        text = box(page).inner_text()
        assert re.search(rf"Het huisverbod van [A-Z.]+ (?:\w+ )*{re.escape(surname)} \({case_id}\) eindigt nu, "
                         r"\w+dag \d{1,2} \w+ \d{4} \d{2}:\d{2}\.", text), text
        assert "Dit kan niet ongedaan worden gemaakt." in text
        assert alert(page, "Success").count() == 0
        shots.take(page, "intrekken-vraag-1366px")
        check_clean(page, "withdrawal question")
        # cancel: the question goes, nothing is signed, the order still runs
        click(page, "Annuleren")
        assert box(page).count() == 0
        assert alert(page, "Success").count() == 0
        assert picked(page, "Lopend huisverbod") == case_id
        wait_text(page, r"Huidig einde:")
        shots.take(page, "intrekken-geannuleerd-1366px")
        # confirm: withdrawn, and no message of the extension form stays
        click(page, "Intrekking ondertekenen")
        click(page, "Ja, intrekking ondertekenen")
        wait_text(page, r"Huisverbod ingetrokken; beschikking HV-\d{4}-\d{5}-INTR-v\d+ is ondertekend\.")
        assert alert(page, "Error").count() == 0, main_text(page)[:2000]
        assert box(page).count() == 0
        shots.take(page, "intrekken-bevestigd-1366px")
        check_clean(page, "withdrawn")
    finally:
        ctx.close()


def test_herstelbesluit_asks_first_on_a_phone(app_url, browser, screenshots_dir):
    shots = ConfirmShots(screenshots_dir)
    ctx = browser.new_context(viewport=PHONE, locale="nl-NL", timezone_id="Europe/Amsterdam", is_mobile=True,
                              has_touch=True)
    page = ctx.new_page()
    try:
        login(page, app_url, "burgemeester.venlo")
        go(page, "Herstelbesluit")
        case_id = picked(page, "Zaak")
        fill_text(page, "Huisnummer", "999")
        fill_area(page, "Reden van herstel (wat was er fout, hoe is dat ontdekt?)", CORR_REASONS)
        click(page, "Herstelbesluit ondertekenen")
        text = box(page).inner_text()
        assert case_id in text and "Huisnummer" in text and "Dit kan niet ongedaan worden gemaakt." in text, text
        # the whole question and both buttons fit the 390 px screen
        bb = box(page).bounding_box()
        assert bb and bb["x"] >= 0 and bb["x"] + bb["width"] <= PHONE["width"]
        for name in ("Ja, herstelbesluit ondertekenen", "Annuleren"):
            b = page.get_by_role("button", name=name, exact=True).bounding_box()
            assert b and b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"], (name, b)
        box(page).scroll_into_view_if_needed()
        shots.take(page, "herstel-vraag-390px")
        click(page, "Annuleren")
        assert box(page).count() == 0 and alert(page, "Success").count() == 0
        assert page.get_by_label("Huisnummer", exact=True).input_value() == "999"     # kept as typed
        click(page, "Herstelbesluit ondertekenen")
        click(page, "Ja, herstelbesluit ondertekenen")
        wait_text(page, r"Herstelbesluit HV-\d{4}-\d{5}-\S+ is ondertekend")
        settle(page)
        shots.take(page, "herstel-bevestigd-390px")
        check_clean(page, "herstel signed")
    finally:
        ctx.close()
