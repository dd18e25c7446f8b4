"""Tables that show every column and every row whole, at 1366 px and on a 390 px phone (issue 17: "Tables cut off").
Implements no article of the Wth.

Streamlit's ``st.dataframe`` draws on a canvas: it cuts long cells with "…", hides rows behind its own scroll bar
(a fixed height) and columns behind a sideways scroll bar, and a screen reader gets only the visible cells. A read-only
table here is plain HTML instead: the text wraps inside its column, every row is on the page, and on a phone (the
CSS in :data:`TABLE_CSS`, at most 640 px wide) each row is stacked as a small card "Kolom: waarde", so nothing needs
a sideways scroll. Every cell is escaped (user text is never markup).
"""
from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime

import pandas as pd
import streamlit as st
from babel.numbers import format_decimal

#: Style of :func:`table` (installed once per run by ``ui.common.page_setup``). Numbers are right-aligned and never
#: broken; text and headings wrap (between words where it can, inside a very long word where it must), the first
#: column keeps at least 6rem. ``.st-key-wth_wide`` / ``.st-key-wth_narrow``
#: containers show a wide variant (e.g. a selectable grid) only above / at most 640 px.
TABLE_CSS = """
.wth-table {width: 100%; border-collapse: collapse; font-size: 0.875rem; line-height: 1.35; margin: 0 0 0.5rem 0;}
.wth-table caption {text-align: left; font-weight: 600; padding: 0 0 0.25rem 0; caption-side: top;}
.wth-table th, .wth-table td {padding: 0.35rem 0.4rem; text-align: left; vertical-align: top;
  border-bottom: 1px solid rgba(47, 45, 43, 0.15); overflow-wrap: anywhere; hyphens: auto;}
.wth-table td:first-child:not(.wth-num) {min-width: 6rem;}
.wth-table thead th {font-weight: 600; background: #f6f6f2; border-bottom: 2px solid rgba(47, 45, 43, 0.3);}
.wth-table td.wth-num {text-align: right; white-space: nowrap;}
.wth-table th.wth-num {text-align: right;}
.wth-table a {color: #1f4e79; font-weight: 600;}
@media (max-width: 640px) {
  .wth-table thead {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
    clip-path: inset(50%); white-space: nowrap;}
  .wth-table, .wth-table tbody, .wth-table tr, .wth-table td {display: block; width: 100%; box-sizing: border-box;}
  .wth-table tr {border: 1px solid rgba(47, 45, 43, 0.2); border-radius: 0.5rem; margin: 0 0 0.5rem 0;
    padding: 0.25rem 0.5rem;}
  .wth-table td, .wth-table td.wth-num {display: flex; gap: 0.5rem; border: none; padding: 0.15rem 0;
    text-align: left; white-space: normal;}
  .wth-table td::before {content: attr(data-label); flex: 0 0 40%; font-weight: 600; color: #3d3c3b;}
  .wth-table td:empty {display: none;}
  [class*="st-key-wth_wide"] {display: none !important;}
}
@media (min-width: 641px) {[class*="st-key-wth_narrow"] {display: none !important;}}
"""


def cell_text(value) -> str:
    """One value as the Dutch user reads it: numbers with a decimal comma and thousands dots (Babel, nl_NL), dates
    dd-mm-jjjj, nothing for a missing value (never "None", "nan" or "NaT")."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_decimal(value, locale="nl_NL")
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


#: a figure already written as Dutch text ("1.234", "€ 12,50", "12,5 %", "< 5") or an empty/suppressed one ("—", "x")
_FIGURE = re.compile(r"^(?:[<>]\s?)?(?:€\s?)?[-+]?\d[\d.,]*(?:\s?%)?$")
_NO_FIGURE = {"", "—", "-", "x"}


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_figure(value) -> bool:
    return _is_number(value) or value is None or (isinstance(value, str) and (
        value.strip() in _NO_FIGURE or bool(_FIGURE.match(value.strip()))))


def table_html(df: pd.DataFrame, *, caption: str | None = None, index: bool = False,
               links: Mapping[str, Callable[[object], str]] | None = None, numeric: tuple[str, ...] = ()) -> str:
    """The HTML of :func:`table` (escaped; no script, no style attribute). ``links`` maps a column to a function that
    gives the (relative) address a cell links to; ``numeric`` names columns to right-align besides the numeric ones.
    """
    if index:
        df = df.reset_index()
    links = links or {}
    cols = [str(c) for c in df.columns]
    # figures (numbers, or numbers already written as Dutch text) are right-aligned and never broken
    num_cols = {c for c in cols if c in numeric or (any(_is_number(v) or (isinstance(v, str) and _FIGURE.match(v.strip()))
                                                        for v in df[c]) and all(_is_figure(v) for v in df[c]))}
    out = ['<table class="wth-table">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    num = ' class="wth-num"'
    out.append("<thead><tr>" + "".join(
        f'<th scope="col"{num if c in num_cols else ""}>{html.escape(c)}</th>' for c in cols) + "</tr></thead><tbody>")
    for row in df.itertuples(index=False, name=None):
        cells = []
        for c, v in zip(cols, row):
            text = html.escape(cell_text(v))
            if c in links and text:
                text = f'<a href="{html.escape(links[c](v))}" target="_self">{text}</a>'
            cells.append(f'<td data-label="{html.escape(c)}"{num if c in num_cols else ""}>{text}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


#: row height of Streamlit's data grid (px) and its header; a grid is never higher than this many rows
GRID_ROW_PX, GRID_MAX_ROWS = 35, 60


def grid_widths(df: pd.DataFrame, px_per_char: float = 7.0, padding: int = 20, most: int = 420) -> dict:
    """``column_config`` for an ``st.dataframe`` that must stay a grid (row selection): every column as wide as its
    heading or longest value (about ``px_per_char`` px a character of Streamlit's 14 px font, plus ``padding``; at most
    ``most`` px), so no ordinary cell is cut with "…"."""
    out = {}
    for c in df.columns:
        longest = max([len(str(c))] + [len(cell_text(v)) for v in df[c]])
        out[str(c)] = st.column_config.Column(width=min(most, int(longest * px_per_char) + padding))
    return out


def grid_height(df: pd.DataFrame) -> int:
    """The height (px) at which a data grid shows every row of ``df`` (Streamlit's "auto" stops at 10 rows and hides
    the rest behind its own scroll bar)."""
    return GRID_ROW_PX * (min(len(df), GRID_MAX_ROWS) + 1) + 3


def table(df: pd.DataFrame, *, caption: str | None = None, index: bool = False,
          links: Mapping[str, Callable[[object], str]] | None = None, numeric: tuple[str, ...] = ()) -> None:
    """Show ``df`` whole as an HTML table (see the module docstring): all rows, all columns, text wrapped, stacked
    per row on a phone. ``index=True`` shows the (multi-)index as leading columns (a pivot table)."""
    if df is None or df.empty:
        return
    st.html(table_html(df, caption=caption, index=index, links=links, numeric=numeric))
