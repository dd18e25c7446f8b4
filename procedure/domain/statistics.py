"""The statistics vocabulary: measures and their labels, the explorer's result (:class:`Exploration`) and its CSV and
Excel exports, month and year labels. Implements no article: anonymous figures for policy (issue 6; procedure.md 8).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from procedure.domain.disclosure import LEGEND, Figure, fmt_dec

MEASURE_LABELS = {
    "beoordelingen": "Risicotaxaties (besluit genomen)",
    "huisverboden": "Huisverboden",
    "geen_huisverbod": "Geen huisverbod",
    "verlengd": "Verlengd",
    "ingetrokken": "Ingetrokken",
    "overtreding": "Overtreding",
    "beroep": "Beroep",
    "herhaling": "Herhaling binnen 12 maanden",
    "kinderen": "Kinderen aanwezig",
}
MEASURES = tuple(MEASURE_LABELS)
#: the trend shows the orders and what follows them; assessments and "geen huisverbod" per period are left out so
#: each trend column is one relation (its sum is the total) — the outcome split is per municipality and in total
PERIOD_MEASURES = MEASURES[1:2] + MEASURES[3:]
OUTCOME_LABELS = {"huisverbod": "Huisverbod opgelegd", "geen_huisverbod": "Geen huisverbod",
                  "in_behandeling": "Nog geen besluit", "verlengd": "Verlengd", "ingetrokken": "Ingetrokken",
                  "vernietigd": "Vernietigd door de rechter"}
RELATION_LABELS = {"partner": "Partner", "ex_partner": "Ex-partner", "kind": "Kind", "ouder": "Ouder",
                   "broer_zus": "Broer of zus", "grootouder": "Grootouder", "overig_familie": "Ander familielid",
                   "huisgenoot": "Huisgenoot (geen familie)", "buur": "Buur", "bezoeker": "Bezoeker",
                   "onbekend": "Onbekend"}
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+", "onbekend")
ADVICE_LABELS = {"ja": "Advies: huisverbod aangewezen", "nee": "Advies: niet aangewezen",
                 "onbekend": "Advies onbekend (archief)"}
MONTHS_NL = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass
class Row:
    """A row of a figures table: label, counts per measure, derived rates and shares."""

    key: str
    label: str
    counts: dict[str, Figure]
    inhabitants: int = 0
    extra: dict[str, Figure] = field(default_factory=dict)


@dataclass
class Exploration:
    """Everything the explorer shows for one selection; all counts already protected."""

    description: str
    by: str
    municipalities: list[Row]
    subregions: list[Row]
    total: Row
    periods: list[Row]
    signals: list[dict[str, Any]]
    advice: list[dict[str, Any]]
    who: dict[str, list[dict[str, Any]]]
    durations: dict[str, Figure]
    population_note: str
    synthetic_share: Figure
    legend: str = LEGEND
    #: when the rows were copied (aware UTC) if they come from the analytics copy (PostgreSQL, store/analytics.py);
    #: None when they were read from the case database itself
    snapshot_at: datetime | None = None
    #: the sentence for the page about where the rows come from and how fresh they are ("" when read directly)
    source_note: str = ""

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """The exportable tables (title, header, rows) built only from the protected figures."""
        out = []
        head = ["Gebied"] + [MEASURE_LABELS[m] for m in MEASURES] + [
            "Huisverboden per 10.000 inwoners per jaar", "% zonder huisverbod", "% verlengd", "% ingetrokken",
            "Mediaan uren melding tot ondertekening"]
        rows = []
        for r in self.municipalities + self.subregions + [self.total]:
            rows.append([r.label] + [_cell(r.counts[m]) for m in MEASURES] + [
                _cell(r.extra["rate"]), _cell(r.extra["pct_geen"]), _cell(r.extra["pct_verlengd"]),
                _cell(r.extra["pct_ingetrokken"]), _cell(r.extra["median_hours"])])
        out.append(("Per gemeente", head, rows))
        head = ["Periode"] + [MEASURE_LABELS[m] for m in PERIOD_MEASURES] + [
            "Huisverboden per 10.000 inwoners per jaar", "% verlengd", "% ingetrokken"]
        out.append(("Trend", head, [[r.label] + [_cell(r.counts[m]) for m in PERIOD_MEASURES] + [
            _cell(r.extra["rate"]), _cell(r.extra["pct_verlengd"]), _cell(r.extra["pct_ingetrokken"])]
            for r in self.periods + [self.total]]))
        out.append(("RiHG-signalen", ["Signaal", "Omschrijving", "Aantal rood", "% rood"],
                    [[s["code"], s["label"], _cell(s["red"]), _cell(s["pct"])] for s in self.signals]))
        out.append(("Advies en besluit", ["Advies", "Huisverbod", "Geen huisverbod", "Totaal"],
                    [[a["label"], _cell(a["huisverbod"]), _cell(a["geen"]), _cell(a["totaal"])] for a in self.advice]))
        who_rows = []
        for dim, items in self.who.items():
            who_rows += [[dim, w["label"], _cell(w["n"]), _cell(w["pct"])] for w in items]
        out.append(("Voor wie", ["Indeling", "Groep", "Huisverboden", "% van huisverboden"], who_rows))
        out.append(("Doorlooptijden", ["Maat", "Waarde"], [[k, _cell(v)] for k, v in self.durations.items()]))
        out.append(("Toelichting", ["Onderdeel", "Tekst"], [
            ["Selectie", self.description], ["Afscherming", self.legend], ["Inwoners", self.population_note],
            ["Synthetisch", "Deze omgeving bevat synthetische (gegenereerde) gegevens; aandeel synthetisch: "
             + self.synthetic_share.shown]]))
        return out


def _cell(f: Figure) -> Any:
    """Export value: the number when shown, else the shown text ("< 5", "x", "–")."""
    return f.value if not f.suppressed else f.shown



def month_label(d: date) -> str:
    return f"{MONTHS_NL[d.month - 1]} {d.year}"


def year_label(year: int, lo: date, hi: date) -> str:
    """``"2025"`` for a whole year, ``"2026 (jan–okt)"`` when the selection covers only months ``lo``..``hi`` of it:
    an incomplete year must never read like a whole one (its rate per 10,000 is annualised, its counts are not)."""
    if months_between(lo, hi) == 12:
        return str(year)
    a, b = MONTHS_NL[lo.month - 1][:3], MONTHS_NL[hi.month - 1][:3]
    return f"{year} ({a})" if lo.month == hi.month else f"{year} ({a}–{b})"


def months_between(lo: date, hi: date) -> int:
    """How many months ``lo``..``hi`` spans, both months counted."""
    return (hi.year - lo.year) * 12 + hi.month - lo.month + 1


def month_starts(lo: date, hi: date) -> list[date]:
    """The first day of every month from ``lo``'s month to ``hi``'s month, both included."""
    out, y, m = [], lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def period_keys(lo: date, hi: date, by: str) -> list[Any]:
    """The periods of a selection: its years (``by="year"``) or the first days of its months."""
    if by == "year":
        return list(range(lo.year, hi.year + 1))
    return month_starts(lo, hi)


def exploration_csv(ex: Exploration) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["Huisverboden — statistiek (synthetische demogegevens waar gemarkeerd)"])
    w.writerow(["Selectie", ex.description])
    w.writerow(["Afscherming", ex.legend])
    for title, head, rows in ex.tables():
        w.writerow([])
        w.writerow([title])
        w.writerow(head)
        for r in rows:
            w.writerow([_csv_value(v) for v in r])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _csv_value(v: Any) -> str:
    if isinstance(v, float):
        return fmt_dec(v, 2).replace(".", "")
    return "" if v is None else str(v)


def exploration_xlsx(ex: Exploration) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, head, rows in ex.tables():
        ws = wb.create_sheet(title[:31])
        ws.append(head)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in rows:
            ws.append(list(r))
        for col in ws.columns:
            width = max(len(str(c.value or "")) for c in col)
            ws.column_dimensions[col[0].column_letter].width = min(60, max(10, width + 2))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

