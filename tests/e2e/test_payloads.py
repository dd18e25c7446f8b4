"""Typed text is never rendered as HTML or Markdown (issue 7): script and markup payloads go into every text
field of the melding, the RiHG (authors, facts, sources, reasons), the beschikking and the event and contact
forms, in Chromium. Nothing may execute (``window.__pwned`` stays undefined, no dialog, no injected element,
no ``javascript:`` link) and the text must show literally: in the case file, the selection lists, the tables
and in the PDFs made from the case (pypdf text extraction). Web and e-mail addresses typed into the longer text
fields stay plain text: no link anywhere (issue 11; Markdown would autolink them).

Invisible direction overrides and zero-width characters are typed too: the app may refuse them with a Dutch
message next to the field (the typed text stays in the field), or store them; it must never fail.
"""
from __future__ import annotations

import io
import re
import secrets
import time

import pytest

from tests.e2e.conftest import DESKTOP
from tests.e2e.test_main_path import (SIGNALS, _open_dropdown, choose, choose_case, click, fill_area, fill_text, go, login,
                                      main_text, pick_radio, settle, tick, type_date, wait_text)

pytestmark = pytest.mark.e2e

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "**vet** [link](javascript:window.__pwned=1)",
    "{{7*7}}",
    "'; DROP TABLE hv_case; --",
    "</textarea><svg onload=window.__pwned=1>",
]
P_ALL = " ".join(PAYLOADS)                                  # 191 characters: fits a 200-character field
#: addresses Markdown turns into links by itself (GFM autolink literals), also in capitals and inside brackets
URLS = ("zie https://evil.example/inloggen of www.evil.example/x (HTTP://EVIL.EXAMPLE) <https://evil.example/y> "
        "mail naar slachtoffer@evil.example")
P_AREA = P_ALL + " " + URLS                                 # for the text areas (2,000 characters and more)
UNICODE = "abc\u202edcba\u202c nul\u200bbreed \u2066iso\u2069"   # RTL override, zero-width space, isolate
SHORT = "<b>1</b>{{7*7}}"                                    # house number (max 20)
PHONE = "<b>06</b>{{7*7}}'; --<i>"                            # max 40
EMAIL = "<b>x</b>'--{{7*7}}@voorbeeld.invalid"
#: words so the beschikking passes the art. 2 lid 4 completeness check (>= 15 / >= 6 words)
FACT_WORDS = "Betrokkene heeft de partner in de woonkamer geslagen en met de dood bedreigd waarna de politie kwam. "
WHY_WORDS = "Het geweld ging alleen van betrokkene uit. "

AUTHORS = "Invullers per deel"       # the RiHG expander with the authors per part
CONTACT_FIELDS = [("Naam", P_ALL, "Contact naam"), ("Rol / functie", P_ALL, "Contact rol"),
                  ("Organisatie", P_ALL, "Contact organisatie"), ("Telefoon", PHONE, "Contact telefoon"),
                  ("E-mail", EMAIL, "Contact e-mail"), ("(Contact)adres", P_ALL, "Contact adres")]
TYPED: list[tuple[str, str]] = []      # (field, value) of every text field typed, for the report


def _typed(field: str, value: str) -> str:
    TYPED.append((field, value))
    return value


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def assert_nothing_ran(page, dialogs: list[str], where: str) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined", f"{where}: a payload ran"
    assert not dialogs, f"{where}: a dialog opened: {dialogs}"
    injected = page.evaluate("""() => ({
        img: document.querySelectorAll('img[src="x"], [onerror], [onload]').length,
        svg: document.querySelectorAll('[data-testid="stMain"] svg[onload]').length,
        script: document.querySelectorAll('[data-testid="stMain"] script').length,
        js: document.querySelectorAll('a[href^="javascript:" i]').length,
        links: document.querySelectorAll('a[href*="evil.example" i], a[href^="mailto:" i]').length,
        bold: [...document.querySelectorAll('[data-testid="stMain"] strong')].filter(e => e.textContent === 'vet').length,
    })""")
    assert injected == {"img": 0, "svg": 0, "script": 0, "js": 0, "links": 0, "bold": 0}, f"{where}: {injected}"


def assert_literal(page, where: str, *values: str) -> None:
    # escape_md keeps "--" and ":material/" from turning into an em dash / icon with an invisible U+2060
    text = main_text(page).replace("\u2060", "")
    for v in values:
        assert v in text, f"{where}: {v!r} not shown literally:\n{text[:2500]}"


def grid_text(page) -> str:
    """The cells of the tables: data frames (Glide renders an accessible table of its cells) and the HTML tables of
    ui.tables."""
    return "\n".join(page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stDataFrame"] [role="gridcell"], [data-testid="stDataFrame"] td, .wth-table td')]
        .map(e => e.textContent)"""))


def wait_grid(page, value: str, what: str, timeout_s: float = 15) -> None:
    """The data frames draw their cells a moment after the page settled: poll."""
    end = time.monotonic() + timeout_s
    while value not in grid_text(page):
        assert time.monotonic() < end, f"{what}: {value!r} not in the table cells:\n{grid_text(page)[:1500]}"
        time.sleep(0.3)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    assert data.startswith(b"%PDF")
    return " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def download(page, button_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=button_name, exact=True).click()
    return open(info.value.path(), "rb").read()


def test_payloads_show_literally_and_never_run(browser, app_url, screenshots_dir):
    started = time.monotonic()
    dialogs: list[str] = []
    ctx = browser.new_context(viewport=DESKTOP, locale="nl-NL", timezone_id="Europe/Amsterdam",
                              accept_downloads=True)
    page = ctx.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    suffix = "".join(secrets.choice("bdfgklmnprstvz") for _ in range(5))
    surname = P_ALL[:190] + " " + suffix[:5]     # unique: a repeat case for the same person needs new facts
    pdfs: dict[str, str] = {}
    try:
        login(page, app_url, "hovj.noord")

        # -- melding: every text field, first with a bad postcode / BSN and the invisible characters
        go(page, "Nieuwe melding")
        choose(page, "Gemeente van de woning", "Venlo")
        fill_text(page, "Straat", _typed("Straat", P_ALL))
        fill_text(page, "Huisnummer", _typed("Huisnummer", SHORT))
        fill_text(page, "Postcode", _typed("Postcode", "<i>x</i>")[:7])
        fill_text(page, "Plaats", _typed("Plaats", P_ALL))
        fill_area(page, "Korte beschrijving van het incident", _typed("Beschrijving", P_AREA))
        fill_text(page, "Voornamen", _typed("Voornamen", P_ALL))
        fill_text(page, "Achternaam", _typed("Achternaam", surname))
        type_date(page, "Geboortedatum", "15-03-1985")
        fill_text(page, "Telefoon (optioneel)", _typed("Telefoon", UNICODE))
        fill_text(page, "BSN (optioneel)", _typed("BSN", "<b>1</b>")[:9])
        tick(page, "BRP-adres wijkt af van de woning (feitelijk verblijf telt)")
        fill_area(page, "Waaruit blijkt het feitelijke verblijf in de woning?", _typed("Feitelijk verblijf", P_AREA))
        fill_area(page, "Nieuwe feiten (alleen bij een eerdere zaak voor deze persoon)", _typed("Nieuwe feiten", P_AREA))
        fill_text(page, "Naam huisgenoot 1", _typed("Naam huisgenoot", P_ALL))
        type_date(page, "Geboortedatum huisgenoot 1", "02-07-1988")
        choose(page, "Relatie huisgenoot 1", "Partner")
        choose(page, "Verblijf huisgenoot 1", "woont in de woning")
        fill_text(page, "Basis verblijf huisgenoot 1", _typed("Basis verblijf", P_ALL))
        choose(page, "Bedreigd (huisgenoot 1)", "Ja")
        pick_radio(page, "Grond: (vermoeden van) kindermishandeling?", "Nee")
        tick(page, "Gaat de dreiging uit van iemand uit de huiselijke kring (geen buren of bezoek)?")
        tick(page, "Woont de persoon in de woning of verblijft hij/zij er meer dan incidenteel?")
        tick(page, "Is de persoon 18 jaar of ouder?")
        click(page, "Melding registreren")
        wait_text(page, "Dit is geen geldige Nederlandse postcode")
        wait_text(page, "Dit is geen geldig BSN")
        assert_nothing_ran(page, dialogs, "melding refused")
        # the refused input stays in the fields, literally
        assert page.get_by_label("Straat", exact=True).input_value() == P_ALL
        assert page.get_by_label("Achternaam", exact=True).input_value() == surname
        assert page.get_by_label("Telefoon (optioneel)", exact=True).input_value() == UNICODE
        page.screenshot(path=str(screenshots_dir / "payloads-01-melding-geweigerd.png"), full_page=True)
        # invisible direction/zero-width characters: refused with a Dutch message in the phone's own column
        phone_col = page.locator('[data-testid="stColumn"]').filter(
            has=page.get_by_label("Telefoon (optioneel)", exact=True)).last.inner_text()
        unicode_refused = "teken" in phone_col
        fill_text(page, "Postcode", "5911 AB")
        fill_text(page, "BSN (optioneel)", "")
        fill_text(page, "Telefoon (optioneel)", _typed("Telefoon", PHONE))
        click(page, "Melding registreren")
        case_id = wait_text(page, r"Melding (HV-\d{4}-\d{5}) is geregistreerd")[1]
        assert_nothing_ran(page, dialogs, "melding registered")

        # -- RiHG: authors, facts and sources of the red signals, the reasons
        click(page, f"Zaak openen {case_id}")
        page.get_by_role("heading", name="Risicotaxatie (RiHG)", exact=True).wait_for()
        settle(page)
        box = page.get_by_role("combobox", name="Zaak", exact=True)
        assert P_ALL in box.input_value(), "the case list shows the typed name literally"
        page.locator('[data-testid="stExpander"] summary').filter(has_text=AUTHORS).click()
        for part in "ABC":
            fill_text(page, f"Deel {part}: ingevuld door", _typed(f"RiHG auteur {part}", P_ALL))
        for codes in SIGNALS.values():
            for code in codes:
                pick_radio(page, f"Kleur {code}", "Rood" if code in ("B1", "B3") else "Geel")
        for code in ("B1", "B3"):
            fill_text(page, f"Feit {code}", _typed(f"Feit {code}", P_ALL))
            fill_text(page, f"Bron {code}", _typed(f"Bron {code}", P_ALL))
        pick_radio(page, "Huisverbod opleggen?", "Ja, huisverbod")
        fill_area(page, "Motivering van het besluit", _typed("Motivering besluit", P_AREA))
        assert_nothing_ran(page, dialogs, "rihg")
        click(page, "RiHG afronden en besluiten")
        page.get_by_role("heading", name="Beschikking opstellen", exact=True).wait_for(timeout=30_000)
        settle(page)

        # -- beschikking: the data from the melding shown literally; facts, threatened, why typed
        assert_literal(page, "beschikking", P_ALL, surname)
        facts = FACT_WORDS + P_AREA
        fill_area(page, "Feiten en omstandigheden (wat is er gebeurd, wanneer, tegen wie)", _typed("Feiten", facts))
        fill_text(page, "Wie is bedreigd", _typed("Wie is bedreigd", P_ALL))
        fill_area(page, "Waarom deze persoon (en niet een andere volwassene in de woning)",
                  _typed("Waarom deze persoon", WHY_WORDS + P_AREA))
        # the household parts issue 14 requires where other adults or children live (labels carry their names)
        n_parts = 0
        for box in page.locator("textarea").all():
            label = box.get_attribute("aria-label") or ""
            if label.startswith("Rol van ") or label.startswith("Kinderen ("):
                fill_area(page, label, "Huisgenoot die bij het incident aanwezig was; geen aanwijzing dat deze "
                                       "persoon geweld gebruikte (synthetisch).")
                n_parts += 1
        assert n_parts, "the payload household has other members: the household parts are asked"
        click(page, "Concept opslaan")
        wait_text(page, "Alle onderdelen van art. 2 lid 4 Wth zijn aanwezig")
        assert_nothing_ran(page, dialogs, "beschikking")
        page.screenshot(path=str(screenshots_dir / "payloads-02-beschikking.png"), full_page=True)
        click(page, "Concept-PDF maken")
        pdfs["conceptbeschikking"] = pdf_text(download(page, "Concept downloaden (PDF)"))

        # -- the case file: data block, household table, standard documents from the case data
        go(page, "Zaakdossier")
        choose_case(page, "Zaak", case_id)
        wait_text(page, re.escape(case_id))
        assert_literal(page, "zaakdossier", P_ALL, surname, SHORT, URLS)
        wait_grid(page, P_ALL, "household table")
        assert_nothing_ran(page, dialogs, "zaakdossier")
        page.screenshot(path=str(screenshots_dir / "payloads-03-zaakdossier.png"), full_page=True)
        _open_dropdown(page, "Document")
        labels = [o.strip() for o in page.get_by_role("option").all_inner_texts()]
        assert len(labels) >= 3, labels
        page.keyboard.press("Escape")
        settle(page)
        for label in labels:
            choose(page, "Document", label)
            click(page, "PDF maken")
            pdfs[label] = pdf_text(download(page, f"{label} downloaden"))
        assert_nothing_ran(page, dialogs, "documents")

        # -- events and contacts on a running order of the demo data
        go(page, "Gebeurtenissen en contacten")
        order = page.get_by_role("combobox", name="Zaak", exact=True).input_value().split(" ")[0]
        choose(page, "Soort gebeurtenis", "Advocaat toegewezen")
        for label, name in (("Organisatie", "Gebeurtenis organisatie"), ("Kenmerk (PV-nummer, ontvangstbewijs)",
                                                                         "Gebeurtenis kenmerk"),
                            ("Uitkomst", "Gebeurtenis uitkomst")):
            field = page.get_by_label(label, exact=True).first      # the contact form below is still closed
            field.fill(_typed(name, P_ALL))
            field.press("Tab")
            settle(page)
        fill_text(page, "Naam van de advocaat", _typed("Gebeurtenis advocaat", P_ALL))   # a fact of its own (issue 15)
        fill_area(page, "Opmerking (vrije tekst; feiten horen in de velden hierboven)",
                  _typed("Gebeurtenis opmerking", P_AREA))
        click(page, "Gebeurtenis vastleggen")
        wait_text(page, "Gebeurtenis vastgelegd")
        wait_grid(page, P_ALL, "events table")
        contact = page.locator('[data-testid="stExpander"]').filter(has_text="Contact toevoegen")

        def open_contact() -> None:
            # a rerun may draw the expander anew (closed): open it again before each field
            if not contact.get_by_label("Naam", exact=True).is_visible():
                contact.locator("summary").click()
                contact.get_by_label("Naam", exact=True).wait_for(state="visible")
        for label, value, name in CONTACT_FIELDS:
            open_contact()
            field = contact.get_by_label(label, exact=True)
            field.fill(_typed(name, value))
            field.press("Tab")
            settle(page)
        open_contact()
        for label, value, _ in CONTACT_FIELDS:
            assert contact.get_by_label(label, exact=True).input_value() == value, label
        contact.get_by_role("button", name="Contact toevoegen").click()
        settle(page)
        wait_text(page, "Contact toegevoegd")
        # the contacts table (the last one)
        contacts = page.locator('[data-testid="stDataFrame"], .wth-table').last
        end = time.monotonic() + 15
        while P_ALL not in contacts.evaluate(
                """e => [...e.querySelectorAll('[role="gridcell"], td')].map(c => c.textContent).join('\\n')"""):
            assert time.monotonic() < end, "the contacts table shows the typed name literally"
            time.sleep(0.3)
        assert_nothing_ran(page, dialogs, "events and contacts")
        page.screenshot(path=str(screenshots_dir / "payloads-04-gebeurtenissen.png"), full_page=True)
        go(page, "Zaakdossier")
        choose_case(page, "Zaak", order)
        wait_text(page, "Gebeurtenissen tijdens het huisverbod")
        wait_grid(page, P_ALL, "events in the case file")
        assert_nothing_ran(page, dialogs, "zaakdossier with events")

        # -- the PDFs: every payload literally, nothing evaluated ("{{7*7}}" is not "49")
        everything = _squash(" ".join(pdfs.values()))
        for p in PAYLOADS + [SHORT, URLS]:
            assert _squash(p) in everything, f"{p!r} not literally in the PDFs"
        assert _squash(P_ALL) in _squash(pdfs["conceptbeschikking"])
        assert _squash(surname) in _squash(pdfs["conceptbeschikking"])
        pairs = sum(p in v for _, v in TYPED for p in PAYLOADS)
        print(f"\npayload test: {len(PAYLOADS)} markup payloads, {len(TYPED)} text fields typed, {pairs} payload x "
              f"field combinations, plus invisible characters "
              f"({'refused with a Dutch message' if unicode_refused else 'accepted'}); {len(pdfs)} PDFs checked; "
              f"{time.monotonic() - started:.0f} s")
    except Exception:
        page.screenshot(path=str(screenshots_dir / "payloads-FAILED.png"), full_page=True)
        raise
    finally:
        ctx.close()
