"""Streamlit helpers for the cost pages (issue 5): a table with CSV and XLSX download, money in cents.
Implements no article of the Wth.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import streamlit as st

from costs.export import Column, display_rows, to_csv, to_xlsx
from costs.money import euro_text
from ui import tables

EXAMPLE_NOTE = ("VOORBEELD — bedragen met het label 'voorbeeld' zijn geen offerte of werkelijke prijs: het "
                "raadsvoorstel publiceert ze niet. De beheerder vervangt ze op de pagina Tarieven en inwoners.")


def eur(cents: int | None) -> str:
    return "—" if cents is None else euro_text(cents)


def pct_text(rate) -> str:
    """A percentage the Dutch way, without trailing zeros: Decimal("21.00") -> "21", Decimal("9.50") -> "9,5"."""
    from decimal import Decimal
    d = Decimal(str(rate)).normalize()
    return format(d, "f").replace(".", ",")


def table(title: str, columns: Sequence[Column], rows: Iterable[Mapping], key: str, notes: Sequence[str] = (),
          height: int | str = "auto") -> None:
    """Show a table (Dutch formatting) with "CSV" and "Excel" downloads of the same rows (numbers kept).

    Every row and column is shown whole (:func:`ui.tables.table`: wrapped text, stacked per row on a phone; issue 17),
    so ``height`` is no longer used: it is accepted for callers that still pass it."""
    rows = list(rows)
    shown = display_rows(columns, rows)
    tables.table(pd.DataFrame(shown, columns=[h for _, h, _ in columns]),
                 numeric=tuple(h for _, h, kind in columns if kind != "text"))
    bar = st.container(horizontal=True)
    bar.download_button(f"{title} als CSV downloaden", to_csv(columns, rows), file_name=f"{key}.csv", mime="text/csv", key=f"dl_{key}_csv",
                       on_click="ignore", icon=":material/download:", help="Puntkomma en decimale komma, zoals "
                       "Excel met Nederlandse instellingen verwacht.")
    bar.download_button(f"{title} als Excel (XLSX) downloaden", to_xlsx([(title, columns, rows)], notes), file_name=f"{key}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"dl_{key}_xlsx",
                       on_click="ignore", icon=":material/download:")
