"""Streamlit helpers for the cost pages (issue 5): a table with CSV and XLSX download, money in cents."""
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


def column_widths(columns: Sequence[Column]) -> dict:
    """A pixel width per column wide enough for its heading (≈ 7.5 px a character + padding, 80–260 px), so headings
    are not cut off at 1366 px; a table wider than the page scrolls sideways instead."""
    return {h: st.column_config.Column(h, width=max(80, min(260, int(len(h) * 7.5) + 36))) for _, h, _ in columns}


def table(title: str, columns: Sequence[Column], rows: Iterable[Mapping], key: str, notes: Sequence[str] = (),
          height: int | str = "auto") -> None:
    """Show a table (Dutch formatting) with "CSV" and "Excel" downloads of the same rows (numbers kept)."""
    rows = list(rows)
    st.dataframe(pd.DataFrame(display_rows(columns, rows), columns=[h for _, h, _ in columns]), hide_index=True,
                 width="stretch", height=height, column_config=column_widths(columns))
    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button("CSV downloaden", to_csv(columns, rows), file_name=f"{key}.csv", mime="text/csv", key=f"dl_{key}_csv",
                       on_click="ignore", icon=":material/download:", help="Puntkomma en decimale komma, zoals "
                       "Excel met Nederlandse instellingen verwacht.")
    c2.download_button("Excel (XLSX) downloaden", to_xlsx([(title, columns, rows)], notes), file_name=f"{key}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"dl_{key}_xlsx",
                       on_click="ignore", icon=":material/download:")
