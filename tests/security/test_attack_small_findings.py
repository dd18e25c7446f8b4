"""Small findings of the break-it helper on issue 11 (attack findings 13, 14, 15): odd whitespace in PDFs, the Turkish
dotted İ in search, and the audit list's true total."""
from __future__ import annotations

import subprocess
from datetime import datetime, timezone

from forms.layout import WthDocument
from procedure.domain import validation as v
from tests.conftest import melding_form

ODD = ("Regel een\u2028Regel twee\ttab, vaste\u00a0spatie, nul\u200bbreedte, smal\u202fspatie, ideo\u3000eind"
       "\u2029Alinea\u0085NEL")


def _pdf_text(tmp_path, text: str) -> str:
    d = WthDocument(document_id="HV-2026-0001-OPL", version=1, municipality_name="Venlo", title="t", is_draft=False,
                    generated_at=datetime(2026, 5, 12, tzinfo=timezone.utc))
    d.add_page()
    d.paragraph(text)
    d.cell(0, 5, "Cel\u2028met\tscheiding")
    out = tmp_path / "t.pdf"
    d.output(str(out))
    return subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout


def test_odd_whitespace_prints_as_what_it_means_in_a_pdf(tmp_path):
    """Attack finding 13: U+2028 / U+2029 / NEL, tabs and typographic spaces vanished and ran words together."""
    text = _pdf_text(tmp_path, ODD)
    lines = [ln.strip() for ln in text.splitlines()]
    assert "Regel een" in lines and any(ln.startswith("Regel twee tab,") for ln in lines), lines
    assert "nulbreedte" in text and "ideo eind" in text and "Alinea" in lines and "NEL" in lines
    assert "Cel met scheiding" in text


def test_typed_text_is_stored_as_it_will_print():
    assert v.text("a\u2028b\tc\u3000d", "f", "Feiten", max_len=v.MAX_LONG) == "a\nb c d"
    assert v.text("Jan\u202fJansen", "f", "Naam") == "Jan\u00a0Jansen"
    try:
        v.text("Jan\u2028Jansen", "f", "Naam")
        raise AssertionError("a line separator in a one-line field must be refused, not silently dropped")
    except v.ValidationError as exc:
        assert "één regel" in exc.message


def test_search_with_a_turkish_dotted_capital_i_finds_the_case(app, actors):
    """Attack finding 14: the search term was lower-cased by Python ('İ' -> 'i' + combining dot), the names by the
    database ('İ' -> 'i'): 'İnce' did not find İnce."""
    h = actors["hovj.noord"]
    case_id = app.intake.create_melding(h, melding_form(person_given_names="İlkay", person_surname="İnce"))
    for term in ("İnce", "ince", "İNCE", "İlkay İnce"):
        found = app.lists.list_cases(h, search=term)
        assert case_id in {r["id"] for r in found}, term


def test_the_audit_list_says_its_true_total(app, actors):
    """Attack finding 15: the audit viewer showed 'N regels' with N the rows on screen, not all that match."""
    b = actors["beheer"]
    for i in range(7):
        app.intake.create_melding(actors["hovj.noord"], melding_form(person_surname=f"Telling{i}"))
    everything = app.audit_viewer.audit_log(b, limit=20000)
    few = app.audit_viewer.audit_log(b, limit=5)
    assert len(few) == 5 and few.total >= len(everything) >= 7
    assert few.range_text().startswith("1–5 van ")
