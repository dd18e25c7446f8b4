"""Small findings of the break-it helper on issue 11 (attack findings 13, 14, 15): odd whitespace in PDFs, the Turkish
dotted İ in search, and the audit list's true total."""
from __future__ import annotations

import subprocess
from datetime import datetime, timezone

import pytest

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


def test_the_audit_export_shows_dutch_time_like_the_screen_and_never_cuts_rows(app, actors, clock):
    """Attack finding 15 (DST): the screen shows Dutch time, the export only UTC — an hour off in winter, two in
    summer; and the export was silently cut at 2000 rows."""
    import csv
    import io

    from procedure.services import audit_viewer

    b = actors["beheer"]
    clock.at = datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)          # half an hour after the switch to CEST
    app.intake.create_melding(actors["hovj.noord"], melding_form(person_surname="Zomertijd",
                                                                incident_date=__import__("datetime").date(2026, 3, 28)))
    name, data, _ = app.audit_viewer.audit_export(b, "csv", action="melding_geregistreerd")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    local = rows[0].index("Tijdstip (Nederlandse tijd)")
    assert rows[1][local] == "2026-03-29 03:30:00" and rows[1][rows[0].index("Tijdstip (UTC)")] == "2026-03-29 01:30:00"
    assert name == "auditlog-20260329-0330.csv"
    # more rows than one export holds: refused with a Dutch message, not a shortened file
    try:
        old = audit_viewer.EXPORT_MAX_ROWS
        audit_viewer.EXPORT_MAX_ROWS = 2
        with pytest.raises(v.ValidationError, match="hoogstens 2"):
            app.audit_viewer.audit_export(b, "csv")
    finally:
        audit_viewer.EXPORT_MAX_ROWS = old
