"""ui.tables (issue 17, tables cut off): the HTML table that replaces Streamlit's canvas grid for read-only tables
escapes every cell, writes values the Dutch way, never shows a raw None/nan, and gives every cell the heading it
stacks under on a phone."""
from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
from lxml import html as lxml_html

from ui.tables import cell_text, table_html


def test_cells_are_escaped_and_links_are_plain_addresses():
    df = pd.DataFrame([{"Zaak": "HV-2026-00001", "Naam": '<img src=x onerror="alert(1)"> & <b>vet</b>'}])
    out = table_html(df, links={"Zaak": lambda v: f"zaak?zaak={v}"})
    assert "<img" not in out and "<b>" not in out and "&lt;img" in out
    tree = lxml_html.fromstring(out)
    assert tree.xpath("//td[@data-label='Naam']")[0].text_content() == '<img src=x onerror="alert(1)"> & <b>vet</b>'
    assert tree.xpath("//a/@href") == ["zaak?zaak=HV-2026-00001"]
    assert "script" not in out and "style=" not in out


def test_values_dutch_and_nothing_raw():
    assert cell_text(1234.5) == "1.234,5"
    assert cell_text(12345) == "12.345"
    assert cell_text(date(2026, 3, 1)) == "01-03-2026"
    assert cell_text(datetime(2026, 3, 1, 9, 5)) == "01-03-2026 09:05"
    assert cell_text(True) == "ja" and cell_text(False) == "nee"
    for missing in (None, math.nan, pd.NaT):
        assert cell_text(missing) == ""


def test_every_cell_names_its_heading_and_numbers_align_right():
    df = pd.DataFrame({"Gemeente": ["Venlo", "Weert"], "Aantal": [3, 12]}).set_index("Gemeente")
    tree = lxml_html.fromstring(table_html(df, index=True, caption="Per gemeente"))
    assert [th.text_content() for th in tree.xpath("//thead//th")] == ["Gemeente", "Aantal"]
    assert tree.xpath("//caption")[0].text_content() == "Per gemeente"
    cells = tree.xpath("//tbody//td")
    assert [c.get("data-label") for c in cells] == ["Gemeente", "Aantal"] * 2
    assert [c.get("class") for c in cells if c.get("data-label") == "Aantal"] == ["wth-num", "wth-num"]
    assert all(c.get("class") is None for c in cells if c.get("data-label") == "Gemeente")
