"""Streamlit helpers for the cost pages (issue 5): a table with CSV and XLSX download, money in cents.
Implements no article of the Wth.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import streamlit as st

from costs.export import Column, display_rows, to_csv, to_xlsx
from costs.money import euro_text

EXAMPLE_NOTE = ("VOORBEELD — bedragen met het label 'voorbeeld' zijn geen offerte of werkelijke prijs: het "
                "raadsvoorstel publiceert ze niet. De beheerder vervangt ze op de pagina Tarieven en inwoners.")


def eur(cents: int | None) -> str:
    return "—" if cents is None else euro_text(cents)


def pct_text(rate) -> str:
    """A percentage the Dutch way, without trailing zeros: Decimal("21.00") -> "21", Decimal("9.50") -> "9,5"."""
    from decimal import Decimal
    d = Decimal(str(rate)).normalize()
    return format(d, "f").replace(".", ",")


def column_widths(columns: Sequence[Column], shown: Sequence[Mapping] = ()) -> dict:
    """A pixel width per column wide enough for its heading and its longest shown value (≈ 7 px a character +
    padding, 72–300 px), so headings are not cut off at 1366 px; a wider table scrolls sideways with
    the first column pinned."""
    def need(h: str) -> int:
        longest = max([len(h)] + [len(str(r.get(h, ""))) for r in shown])
        return max(72, min(300, int(longest * 7.2) + 30))
    return {h: st.column_config.Column(h, width=need(h), pinned=i == 0 or None) for i, (_, h, _) in enumerate(columns)}


def table(title: str, columns: Sequence[Column], rows: Iterable[Mapping], key: str, notes: Sequence[str] = (),
          height: int | str = "auto") -> None:
    """Show a table (Dutch formatting) with "CSV" and "Excel" downloads of the same rows (numbers kept)."""
    rows = list(rows)
    shown = display_rows(columns, rows)
    st.dataframe(pd.DataFrame(shown, columns=[h for _, h, _ in columns]), hide_index=True,
                 width="stretch", height=height, column_config=column_widths(columns, shown))
    bar = st.container(horizontal=True)
    bar.download_button(f"{title} als CSV downloaden", to_csv(columns, rows), file_name=f"{key}.csv", mime="text/csv", key=f"dl_{key}_csv",
                       on_click="ignore", icon=":material/download:", help="Puntkomma en decimale komma, zoals "
                       "Excel met Nederlandse instellingen verwacht.")
    bar.download_button(f"{title} als Excel (XLSX) downloaden", to_xlsx([(title, columns, rows)], notes), file_name=f"{key}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"dl_{key}_xlsx",
                       on_click="ignore", icon=":material/download:")
