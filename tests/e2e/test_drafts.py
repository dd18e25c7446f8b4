"""Typed text does not disappear (issue 17, "What a newcomer tripped over"), in Chromium, one browser session: what a
user typed into a form survives a refused submit, a switch to another page and back, and logging out and in again
(the draft); a form that is done is emptied entirely — every field, the selection boxes too.

Forms: *Nieuwe melding* (refused, page switch, new login, registered → empty) and the *Risicotaxatie (RiHG)*
(a colour and the "Motivering van het besluit" after a refused "afronden", a page switch and a new login); then
*Verlengen of intrekken*, *Beroep*, *Herstelbesluit* (loco-burgemeester), *Gebeurtenissen en contacten* and
*Uitreiking* (HOvJ) on cases of the seeded demo: each refused, left for another page, logged out and in, then done
and visited again: empty, no draft offered. (The beschikking's own page switch: tests/apptest.)
"""
from __future__ import annotations

import re
import secrets

import pytest

from tests.e2e.conftest import DESKTOP
from tests.e2e.test_accessibility import a11y_url  # noqa: F401 - the server fixture
from tests.e2e.test_main_path import (alert, choose, choose_case, click, fill_area, fill_text, go, login, logout, pick_radio,
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


# -- the forms of the running order and its decisions (issue 17: "a browser test per form") ------------------------
#: label -> what is typed; per form, only what the check needs. The herstelbesluit starts from the case's values.
EVENT = {"Kenmerk (PV-nummer, ontvangstbewijs)": "PV 2026-7781 (synthetisch)",
         "Opmerking (vrije tekst; feiten horen in de velden hierboven)": "Telefoongesprek met de achterblijver."}
EXTENSION = {"Actuele feiten (wat is er sinds het opleggen gebeurd?)": "Betrokkene belde drie keer (synthetisch).",
             "Motivering: waarom dreigt het gevaar nog (en waarom is aanvaarde hulp niet genoeg)?":
                 "Risico gelijk gebleven: de achterblijver heeft hulp aanvaard, betrokkene heeft hulp geweigerd; het "
                 "gevaar blijft (synthetisch)."}
APPEAL = {"Advocaat (naam en kantoor; leeg als er geen is)": "mr. A. de Wit, Venlo", "Rechtbank": "Rechtbank Limburg"}
CORRECTION = {"Voornamen": "Seppe", "Achternaam": "",
              "Reden van herstel (wat was er fout, hoe is dat ontdekt?)": "Voornaam verkeerd overgenomen uit het PV."}
SERVICE = {"Omschrijving ingenomen sleutels": "2 huissleutels, 1 autosleutel",
           "Contactadres uithuisgeplaatste (anders binnen 24 uur doorgeven)": "Postbus 12, 5900 AA Venlo"}
KEYS_Q = "Sleutels ingenomen (tegen ontvangstbewijs, art. 4 lid 2 Wth)?"
CONTACT_Q = "Heeft betrokkene een contactadres opgegeven (art. 2 lid 6 Wth)?"
LODGER_Q = "Ingediend door"


def _fill(page, texts: dict) -> None:
    for label, value in texts.items():
        fill_area(page, label, value)          # fill + Tab: text inputs and areas alike


def _lost(page, texts: dict) -> list[str]:
    """The fields that do not hold what was typed. Right after a login the app reruns once more (the cookie
    component): a field read during that rerun is read again after it settled."""
    for attempt in range(2):
        got = {k: page.get_by_label(k, exact=True).input_value() for k in texts}
        lost = [f"{k}: {got[k]!r}" for k, v in texts.items() if got[k] != v]
        if not lost:
            break
        page.wait_for_timeout(1500)
        settle(page)
    return lost


def _checked(page, group: str, option: str) -> bool:
    return page.get_by_role("radiogroup", name=group, exact=True).get_by_role("radio", name=option).is_checked()


def _refused(page, where: str) -> None:
    """The submit was refused: a message in the main area (polled: on a loaded machine the rerun after the click
    may start after ``settle`` returned)."""
    for _ in range(40):
        if alert(page, "Error").count() or page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]') \
                .filter(has_text=re.compile("verplicht|Kies|Vul|Controleer")).count():
            settle(page)
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"{where}: the submit was not refused")


#: page title -> (form name for messages, check of everything typed: returns what was lost)
def _expect(page, form: str, where: str) -> None:
    lost = {"Gebeurtenissen en contacten": lambda: _lost(page, EVENT),
            "Verlengen of intrekken": lambda: _lost(page, EXTENSION),
            "Beroep": lambda: _lost(page, APPEAL) + ([] if _checked(page, LODGER_Q, "Iemand anders") else [LODGER_Q]),
            "Herstelbesluit": lambda: _lost(page, {**CORRECTION, "Straat": "Bastiaandreef"}),
            "Uitreiking": lambda: _lost(page, SERVICE) + [q for q, a in ((KEYS_Q, "Ja"), (CONTACT_Q, "Nee"))
                                                          if not _checked(page, q, a)]}[form]()
    assert not lost, f"{form}, {where}: typed values lost: {lost}"
    assert page.get_by_text("Concept hervat").count() or where != "after logging in again", \
        f"{form}, {where}: no notice that a draft was put back"


def _open(page, title: str) -> None:
    go(page, title)
    if title in ("Herstelbesluit", "Gebeurtenissen en contacten"):      # more than one case here
        choose_case(page, "Zaak", "HV-2026-00007")


def _empty(page, title: str, texts: dict) -> None:
    """A form that is done, visited again after another page: nothing typed comes back and no draft is offered."""
    _open(page, title)
    assert not page.get_by_text("Concept hervat").count(), f"{title}: a form that is done left a draft behind"
    left = [k for k in texts if page.get_by_label(k, exact=True).count()
            and page.get_by_label(k, exact=True).input_value()]
    assert not left, f"{title}: done, but the form still holds {left}"


def test_typed_text_survives_in_the_forms_of_a_running_order(a11y_url, browser, screenshots_dir):  # noqa: F811
    """Verlenging, beroep and herstelbesluit (loco-burgemeester of Venlo, case HV-2026-00007 of the seeded demo),
    gebeurtenissen (HOvJ Noord, HV-2026-00007) and the uitreiking (HOvJ Noord, HV-2026-00005: signed, not served):
    refused, another page, a new login; then each is done and comes back empty."""
    ctx = browser.new_context(viewport=DESKTOP, locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = ctx.new_page()
    mayor_forms = ["Verlengen of intrekken", "Beroep", "Herstelbesluit"]
    hovj_forms = ["Gebeurtenissen en contacten", "Uitreiking"]
    login(page, a11y_url, "loco.venlo")
    _open(page, "Verlengen of intrekken")
    _fill(page, EXTENSION)
    click(page, "Verlenging ondertekenen")
    click(page, "Ja, verlenging ondertekenen")         # refused: "aanvaarde hulp" not answered
    _refused(page, "verlenging")
    _expect(page, "Verlengen of intrekken", "after a refused submit")

    _open(page, "Beroep")
    pick_radio(page, LODGER_Q, "Iemand anders")
    _fill(page, APPEAL)
    click(page, "Registreren")                         # refused: someone else, but no name
    _refused(page, "beroep")
    _expect(page, "Beroep", "after a refused submit")

    _open(page, "Herstelbesluit")
    _fill(page, CORRECTION)
    click(page, "Herstelbesluit ondertekenen")
    click(page, "Ja, herstelbesluit ondertekenen")     # refused: the surname emptied
    _refused(page, "herstelbesluit")
    _expect(page, "Herstelbesluit", "after a refused submit")
    for title in mayor_forms:                          # each form was left for the next one: a page switch
        _open(page, title)
        _expect(page, title, "after a page switch")

    logout(page)                                       # -- the HOvJ: an event on HV-2026-00007, serving HV-2026-00005
    login(page, a11y_url, "hovj.noord")
    _open(page, "Gebeurtenissen en contacten")
    _fill(page, EVENT)
    click(page, "Gebeurtenis vastleggen")              # refused: no kind of event chosen
    _refused(page, "gebeurtenis")
    _expect(page, "Gebeurtenissen en contacten", "after a refused submit")
    _open(page, "Uitreiking")
    pick_radio(page, KEYS_Q, "Ja")
    pick_radio(page, CONTACT_Q, "Nee")
    _fill(page, SERVICE)
    click(page, "Uitreiking vastleggen")
    click(page, "Ja, uitreiking vastleggen")           # refused: "no contact address" but an address typed
    _refused(page, "uitreiking")
    _expect(page, "Uitreiking", "after a refused submit")
    for title in hovj_forms:
        _open(page, title)
        _expect(page, title, "after a page switch")
    logout(page)
    login(page, a11y_url, "hovj.noord")
    for title in reversed(hovj_forms):
        _open(page, title)
        _expect(page, title, "after logging in again")
        if title == "Uitreiking":
            page.screenshot(path=str(screenshots_dir / "drafts-uitreiking-resumed-1366.png"), full_page=True)
    choose(page, "Soort gebeurtenis", "HOvJ heeft de burgemeester ingelicht (art. 3 lid 2 Wth)")
    click(page, "Gebeurtenis vastleggen")
    wait_text(page, "Gebeurtenis vastgelegd")
    _open(page, "Uitreiking")
    pick_radio(page, CONTACT_Q, "Ja")
    click(page, "Uitreiking vastleggen")
    click(page, "Ja, uitreiking vastleggen")
    wait_text(page, r"Uitreiking van HV-2026-00005 vastgelegd")
    _empty(page, "Gebeurtenissen en contacten", EVENT)
    _open(page, "Uitreiking")
    assert not page.get_by_text("Concept hervat").count(), "uitreiking: a form that is done left a draft behind"
    logout(page)

    login(page, a11y_url, "loco.venlo")                # -- the mayor's forms after a new login, then done ----------
    for title in mayor_forms:
        _open(page, title)
        _expect(page, title, "after logging in again")
    _open(page, "Beroep")
    fill_text(page, "Naam van wie het indient", "J. Peters (synthetisch)")
    click(page, "Registreren")
    wait_text(page, "Geregistreerd")
    _open(page, "Herstelbesluit")
    fill_text(page, "Achternaam", "van den Berg")
    click(page, "Herstelbesluit ondertekenen")
    click(page, "Ja, herstelbesluit ondertekenen")
    wait_text(page, r"Herstelbesluit \S+ is ondertekend")
    _open(page, "Verlengen of intrekken")
    pick_radio(page, "Heeft betrokkene de aangeboden hulp aanvaard?", "Nee")
    click(page, "Verlenging ondertekenen")
    click(page, "Ja, verlenging ondertekenen")
    wait_text(page, r"Huisverbod verlengd")
    _empty(page, "Beroep", {**APPEAL, "Naam van wie het indient": ""})
    _empty(page, "Herstelbesluit", {"Reden van herstel (wat was er fout, hoe is dat ontdekt?)": ""})
    assert page.get_by_label("Achternaam", exact=True).input_value() == "van den Berg", "herstel: not from the case"
    assert page.get_by_label("Voornamen", exact=True).input_value() == "Seppe", "herstel: not from the case"
    _empty(page, "Verlengen of intrekken", EXTENSION)
    ctx.close()
