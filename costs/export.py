"""Table exports for the cost pages: CSV the way Dutch Excel opens it, and XLSX (openpyxl).
Implements no article of the Wth.

CSV: ``;`` as separator and a decimal comma (Excel with Dutch regional settings splits on ``;`` and reads
``1234,56`` as a number), UTF-8 with a byte-order mark so ë and € survive; amounts without thousands
separators or € sign so they stay numbers. XLSX: real numbers with a euro number format.

A table is ``columns`` (list of ``(key, Dutch heading, kind)``, kind ``"text" | "int" | "year" | "euro" |
"dec"``) and ``rows`` (dicts). Euro values are Decimal euros.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

Column = tuple[str, str, str]


def _csv_value(v, kind: str) -> str:
    if v is None:
        return ""
    if kind in ("euro", "dec") and isinstance(v, (Decimal, int, float)):
        d = v if isinstance(v, Decimal) else Decimal(str(v))
        s = f"{d:.2f}" if kind == "euro" else format(d.normalize(), "f") if d == d.to_integral() else f"{d:.2f}"
        return s.replace(".", ",")
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return str(v)


def to_csv(columns: Sequence[Column], rows: Iterable[Mapping]) -> bytes:
    """The table as CSV bytes (UTF-8 with BOM, ``;``, decimal comma, CRLF line ends)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow([h for _, h, _ in columns])
    for r in rows:
        w.writerow([_csv_value(r.get(k), kind) for k, _, kind in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(sheets: Sequence[tuple[str, Sequence[Column], Iterable[Mapping]]], notes: Sequence[str] = ()) -> bytes:
    """Several tables as one workbook: one sheet per ``(title, columns, rows)``; ``notes`` (e.g. "tarieven
    zijn voorbeelden") go on a first sheet "Toelichting" when given."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    first = wb.active
    if notes:
        first.title = "Toelichting"
        for i, n in enumerate(notes, start=1):
            first.cell(row=i, column=1, value=n)
        first.column_dimensions["A"].width = 120
    for idx, (title, columns, rows) in enumerate(sheets):
        ws = first if (idx == 0 and not notes) else wb.create_sheet()
        ws.title = title[:31]
        for c, (_, h, _) in enumerate(columns, start=1):
            ws.cell(row=1, column=c, value=h).font = Font(bold=True)
            ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = max(12, min(45, len(h) + 4))
        for r_i, r in enumerate(rows, start=2):
            for c, (k, _, kind) in enumerate(columns, start=1):
                v = r.get(k)
                if isinstance(v, Decimal):
                    v = float(v) if kind == "dec" else v
                cell = ws.cell(row=r_i, column=c, value=v)
                if kind == "euro":
                    cell.number_format = '€ #,##0.00;€ -#,##0.00'
                elif kind == "dec":
                    cell.number_format = "0.0"
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def display_rows(columns: Sequence[Column], rows: Iterable[Mapping]) -> list[dict[str, str]]:
    """The table with every value as Dutch text (``€ 1.234,56``, ``101.853``, ``2,5``) under its heading,
    for showing on screen; exports keep the numbers."""
    from babel.numbers import format_currency, format_decimal

    out = []
    for r in rows:
        d = {}
        for k, h, kind in columns:
            val = r.get(k)
            if val is None:
                d[h] = "—"
            elif kind == "euro":
                d[h] = format_currency(val, "EUR", locale="nl_NL")
            elif kind == "int" and isinstance(val, int) and not isinstance(val, bool):
                d[h] = format_decimal(val, locale="nl_NL")
            elif kind == "dec":
                d[h] = format_decimal(val, format="#,##0.0#", locale="nl_NL")
            else:
                d[h] = _csv_value(val, "text")
        out.append(d)
    return out
