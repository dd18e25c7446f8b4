"""Typed text does not disappear (issue 17, "What a newcomer tripped over"), in Chromium, one browser session: what a
user typed into a form survives a refused submit, a switch to another page and back, and logging out and in again
(the draft); a form that is done is emptied entirely — every field, the selection boxes too.

Forms: *Nieuwe melding* (refused, page switch, new login, registered → empty) and the *Risicotaxatie (RiHG)*
(a colour and the "Motivering van het besluit" after a refused "afronden", a page switch and a new login).
"""
from __future__ import annotations

import secrets

import pytest

from tests.e2e.conftest import DESKTOP
from tests.e2e.test_accessibility import a11y_url  # noqa: F401 - the server fixture
from tests.e2e.test_main_path import (alert, choose, click, fill_area, fill_text, go, login, logout, pick_radio,
                                      settle, tick, type_date, wait_text)

pytestmark = pytest.mark.e2e

TEXTS = {"Straat": "Kaldenkerkerweg", "Huisnummer": "12", "Postcode": "5911 AB", "Plaats": "Venlo",
         "Voornamen": "Karel Johannes", "Naam huisgenoot 1": "Sanne de Vries",
         "Basis verblijf huisgenoot 1": "BRP en verklaring"}
DESCRIPTION = ("Korte beschrijving van het incident", "Ruzie in de woning; de partner is bedreigd (synthetisch).")
CHOICES = {"Gemeente van de woning": "Venlo", "Verblijf huisgenoot 1": "woont in de woning"}
REASONS = "Motivering van het besluit"


def _choice(page, label: str) -> str:
    """What a selection box shows: the chosen option (the input's value) or its placeholder."""
    box = page.get_by_role("combobox", name=label, exact=True)
    return box.input_value() + " " + box.evaluate("e => e.closest('[data-testid=\"stSelectbox\"]').innerText")


def _melding_values(page) -> dict:
    out = {label: page.get_by_label(label, exact=True).input_value() for label in [*TEXTS, "Achternaam"]}
    out[DESCRIPTION[0]] = page.get_by_label(DESCRIPTION[0], exact=True).input_value()
    out.update({label: _choice(page, label) for label in CHOICES})
    return out


def _expect_melding(page, surname: str, where: str) -> None:
    got = _melding_values(page)
    want = {**TEXTS, "Achternaam": surname, DESCRIPTION[0]: DESCRIPTION[1]}
    lost = [f"{k}: {got[k]!r}" for k, v in want.items() if got[k] != v]
    lost += [f"{k}: {got[k]!r}" for k, v in CHOICES.items() if v not in got[k]]
    assert not lost, f"melding, {where}: typed values lost: {lost}"


def _expect_rihg(page, reasons: str, where: str) -> None:
    assert page.get_by_label(REASONS, exact=True).input_value() == reasons, f"RiHG, {where}: motivering lost"
    assert page.get_by_role("radiogroup", name="Kleur A1", exact=True).get_by_role("radio", name="Rood") \
        .is_checked(), f"RiHG, {where}: colour A1 lost"


def _away_and_back(page, url: str, title: str, expect) -> None:
    """To another page and back, then out and in again: after each, ``expect(where)`` checks the form."""
    go(page, "Zaken")
    go(page, title)
    expect("after a page switch")
    logout(page)
    login(page, url, "hovj.noord")
    go(page, title)
    settle(page)
    expect("after logging in again")


def test_typed_text_survives_refusal_page_switch_and_login_and_done_clears(a11y_url, browser):  # noqa: F811
    ctx = browser.new_context(viewport=DESKTOP, locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = ctx.new_page()
    login(page, a11y_url, "hovj.noord")
    surname = "Verbeek" + "".join(secrets.choice("bdfgklmnprstvz") for _ in range(4))

    # -- Nieuwe melding ------------------------------------------------------------------------------------------
    go(page, "Nieuwe melding")
    choose(page, "Gemeente van de woning", CHOICES["Gemeente van de woning"])
    for label, value in TEXTS.items():
        fill_text(page, label, value)
    fill_text(page, "Achternaam", surname)
    fill_area(page, *DESCRIPTION)
    choose(page, "Verblijf huisgenoot 1", CHOICES["Verblijf huisgenoot 1"])
    click(page, "Melding registreren")                 # refused: no birth date, no door questions
    assert alert(page, "Error").count(), "the incomplete melding was not refused"
    _expect_melding(page, surname, "after a refused submit")
    _away_and_back(page, a11y_url, "Nieuwe melding", lambda where: _expect_melding(page, surname, where))
    # complete it: registered, then every field is empty again
    type_date(page, "Geboortedatum", "15-03-1985")
    type_date(page, "Geboortedatum huisgenoot 1", "02-07-1988")
    choose(page, "Relatie huisgenoot 1", "Partner")
    choose(page, "Bedreigd (huisgenoot 1)", "Ja")
    for q in ("Gaat de dreiging uit van iemand uit de huiselijke kring (geen buren of bezoek)?",
              "Woont de persoon in de woning of verblijft hij/zij er meer dan incidenteel?",
              "Is de persoon 18 jaar of ouder?"):
        tick(page, q)
    click(page, "Melding registreren")
    wait_text(page, r"Melding HV-\d{4}-\d+ is geregistreerd")
    page.wait_for_timeout(500)
    got = _melding_values(page)
    left = {k: v for k, v in got.items() if k not in CHOICES and v}
    left.update({k: got[k] for k, v in CHOICES.items() if v in got[k]})
    left.update({k: "ingevuld" for k, v in (("Relatie huisgenoot 1", "Partner"), ("Bedreigd (huisgenoot 1)", "Ja"))
                 if v in _choice(page, k)})
    left.update({k: "aangevinkt" for k in ("Is de persoon 18 jaar of ouder?",)
                 if page.get_by_role("checkbox", name=k, exact=True).is_checked()})
    dates = page.get_by_role("group", name="Geboortedatum", exact=True).inner_text().replace("\n", "")
    if "1985" in dates:
        left["Geboortedatum"] = dates
    assert not left, f"melding registered, but the form still holds: {left}"
    go(page, "Zaken")                                  # and it stays empty (no draft of a finished form)
    go(page, "Nieuwe melding")
    assert not page.get_by_text("Concept hervat").count(), "a registered melding left a draft behind"
    assert page.get_by_label("Straat", exact=True).input_value() == ""

    # -- Risicotaxatie (RiHG) -----------------------------------------------------------------------------------
    go(page, "Risicotaxatie (RiHG)")
    reasons = "Partner met de dood bedreigd; advies gevolgd (synthetisch)."
    pick_radio(page, "Kleur A1", "Rood")
    fill_area(page, REASONS, reasons)
    click(page, "RiHG afronden en besluiten")          # refused: incomplete, no decision chosen
    assert page.get_by_text("Nog niet compleet").count() or alert(page, "Error").count(), "not refused"
    _expect_rihg(page, reasons, "after a refused submit")
    _away_and_back(page, a11y_url, "Risicotaxatie (RiHG)", lambda where: _expect_rihg(page, reasons, where))
    ctx.close()
