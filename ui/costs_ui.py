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


def table(title: str, columns: Sequence[Column], rows: Iterable[Mapping], key: str, notes: Sequence[str] = (),
          height: int | str = "auto") -> None:
    """Show a table (Dutch formatting) with "CSV" and "Excel" downloads of the same rows (numbers kept)."""
    rows = list(rows)
    st.dataframe(pd.DataFrame(display_rows(columns, rows), columns=[h for _, h, _ in columns]), hide_index=True,
                 width="stretch", height=height)
    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button("CSV", to_csv(columns, rows), file_name=f"{key}.csv", mime="text/csv", key=f"dl_{key}_csv",
                       on_click="ignore", icon=":material/download:", help="Puntkomma en decimale komma, zoals "
                       "Excel met Nederlandse instellingen verwacht.")
    c2.download_button("Excel", to_xlsx([(title, columns, rows)], notes), file_name=f"{key}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"dl_{key}_xlsx",
                       on_click="ignore", icon=":material/download:")
