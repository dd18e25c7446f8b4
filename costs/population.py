"""Population per municipality per year, and the import of a CBS StatLine CSV export (costs.md).
Implements no article of the Wth: the inhabitants the partner split is divided by.

Supported exports (the two tables costs.md names), in either StatLine flavour:

* **03759ned** "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio": the measure
  "Bevolking op 1 januari" (typed data set: ``BevolkingOp1Januari_1``); rows for sex, age and marital
  status other than "Totaal" are skipped.
* **37230ned** "Bevolkingsontwikkeling; regio per maand": "Bevolking aan het begin van de periode" of
  January (= 1 January), else "Bevolking aan het einde van de periode" of December of the year before.

The header may be the labelled one (``"Regio's";"Perioden";"Bevolking op 1 januari (aantal)"``) or the
typed one (``RegioS;Perioden;BevolkingOp1Januari_1`` with codes ``GM0983`` and periods ``2020JJ00`` /
``2020MM01``); the separator is ``;`` or ``,``; title lines above the header and "Bron: CBS" lines
below are ignored. Regions are matched on CBS code or name; municipalities outside the region are
counted and skipped. The figure for year Y is the population on 1 January of Y.

Nothing is saved here: :func:`parse_cbs_csv` returns a :class:`Preview` the beheerder checks first.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

MONTHS = {m: i for i, m in enumerate(["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                      "september", "oktober", "november", "december"], start=1)}
MAX_BYTES = 20_000_000
_TOTAL_VALUES = {"totaal", "totaal mannen en vrouwen", "totaal leeftijd", "totaal burgerlijke staat", "t001038",
                 "10000", "t001019", "t001020", "t001021"}
_DIMENSIONS = ("geslacht", "leeftijd", "burgerlijke staat", "burgerlijkestaat")


@dataclass
class PreviewRow:
    municipality_code: str
    name: str
    year: int
    inhabitants: int
    current: int | None          # the stored figure for that year, if any
    warning: str = ""

    @property
    def change(self) -> int | None:
        return None if self.current is None else self.inhabitants - self.current

    @property
    def status(self) -> str:
        if self.current is None:
            return "nieuw"
        return "gelijk" if self.current == self.inhabitants else "wijziging"


@dataclass
class Preview:
    """The outcome of reading an export: rows to save, problems that block saving, and notes."""

    table: str
    measure: str
    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped_regions: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def missing(self, codes: list[str]) -> dict[int, list[str]]:
        """Per year in the file, which of ``codes`` has no figure."""
        years = sorted({r.year for r in self.rows})
        have = {(r.municipality_code, r.year) for r in self.rows}
        return {y: [c for c in codes if (c, y) not in have] for y in years if any((c, y) not in have for c in codes)}


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", (s or "").strip().strip('"').lower())


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValueError("Het bestand is geen tekstbestand (UTF-8 of Windows-1252).")


def _parse_int(raw: str) -> int | None:
    s = (raw or "").strip().strip('"').strip()
    if s in ("", ".", "-", "x", "?"):
        return None
    if re.fullmatch(r"\d{1,3}([. ]\d{3})+", s):
        s = s.replace(".", "").replace(" ", "")
    if not re.fullmatch(r"\d+", s):
        raise ValueError(s)
    return int(s)


def _period(raw: str) -> tuple[int, int | None] | None:
    """(year, month or None for a whole year) from ``2020``, ``2020JJ00``, ``2020MM01``, ``2020 januari``,
    ``2020 januari*`` (provisional)."""
    s = _norm(raw).rstrip("*").strip()
    if m := re.fullmatch(r"(\d{4})(jj00)?", s):
        return int(m.group(1)), None
    if m := re.fullmatch(r"(\d{4})mm(\d{2})", s):
        return int(m.group(1)), int(m.group(2))
    if m := re.fullmatch(r"(\d{4}) ([a-z]+)", s):
        if m.group(2) in MONTHS:
            return int(m.group(1)), MONTHS[m.group(2)]
    return None


def _find(header: list[str], *patterns: str) -> int | None:
    for i, h in enumerate(header):
        n = _norm(h).replace("_", " ")
        if any(re.search(p, n) for p in patterns):
            return i
    return None


def parse_cbs_csv(data: bytes, municipalities: list[Mapping], current: Mapping[tuple[str, int], int] | None = None
                  ) -> Preview:
    """Read a StatLine CSV export into a preview (nothing is saved).

    Args:
        data: the file's bytes.
        municipalities: the region's municipalities (``code, name``).
        current: stored figures ``(code, year) -> inhabitants``, to show changes.

    Returns:
        a :class:`Preview`; ``errors`` (Dutch) block saving: wrong table, no usable column, empty or
        non-numeric figures, contradicting duplicates, a year outside 1990–2100.

    Raises:
        ValueError: the file is empty, too large, or not text (Dutch message).
    """
    current = current or {}
    if not data:
        raise ValueError("Het bestand is leeg.")
    if len(data) > MAX_BYTES:
        raise ValueError("Het bestand is groter dan 20 MB; exporteer alleen de gemeenten en jaren die u nodig hebt.")
    text = _decode(data)
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if "perioden" in ln.lower()), None)
    if start is None:
        raise ValueError("Geen kolom 'Perioden' gevonden: is dit een CSV-export van CBS StatLine (tabel 03759ned "
                         "of 37230ned)?")
    sep = ";" if lines[start].count(";") >= lines[start].count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=sep, quotechar='"')
    header = next(reader)
    i_region = _find(header, r"^regio'?s$", r"^regios$", r"^regio$", r"gemeente")
    i_period = _find(header, r"^perioden$")
    i_jan = _find(header, r"bevolking op 1 januari", r"bevolkingop1januari")
    i_begin = _find(header, r"begin van de periode", r"bevolkingaanhetbeginvandeperiode")
    i_end = _find(header, r"einde van de periode", r"bevolkingaanheteindevandeperiode")
    dims = [i for i, h in enumerate(header) if _norm(h).replace("_", " ") in _DIMENSIONS]
    if i_jan is not None:
        table, measure = "03759ned", "Bevolking op 1 januari"
    elif i_begin is not None or i_end is not None:
        table, measure = "37230ned", "Bevolking aan het begin van januari (of einde december van het jaar ervoor)"
    else:
        table, measure = "?", ""
    preview = Preview(table, measure)
    if i_region is None or i_period is None or table == "?":
        preview.errors.append("Dit lijkt geen export van tabel 03759ned of 37230ned: de kolommen Regio's, Perioden en "
                              "'Bevolking op 1 januari' (of 'Bevolking aan het begin/einde van de periode') ontbreken.")
        return preview
    by_code = {m["code"].upper(): m for m in municipalities}
    by_name = {_norm(m["name"]): m for m in municipalities}
    by_name.update({_norm(m["name"]).replace(" (l.)", " (l)"): m for m in municipalities})
    found: dict[tuple[str, int], tuple[int, int, str]] = {}    # (code, year) -> (value, priority, where)
    skipped: set[str] = set()
    for lineno, row in enumerate(reader, start=start + 2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) <= max(i_region, i_period) or _norm(row[0]).startswith(("bron", "source", "©")):
            continue
        if any(_norm(row[i]) not in _TOTAL_VALUES for i in dims if i < len(row)):
            continue
        region = row[i_region].strip().strip('"').strip()
        m = by_code.get(region.upper()) or by_name.get(_norm(region))
        if m is None:
            skipped.add(region)
            continue
        period = _period(row[i_period])
        if period is None:
            preview.errors.append(f"Regel {lineno}: periode '{row[i_period].strip()}' niet herkend.")
            continue
        year, month = period
        candidates = []    # (target year, column, priority: lower wins)
        if table == "03759ned":
            candidates.append((year, i_jan, 0))
        else:
            if month in (None, 1) and i_begin is not None:
                candidates.append((year, i_begin, 0))
            if month in (None, 12) and i_end is not None:
                candidates.append((year + 1, i_end, 1))
        for target, col, prio in candidates:
            if col >= len(row):
                continue
            try:
                value = _parse_int(row[col])
            except ValueError:
                preview.errors.append(f"Regel {lineno} ({m['name']}, {target}): '{row[col].strip()}' is geen aantal.")
                continue
            if value is None:
                preview.notes.append(f"{m['name']} {target}: geen cijfer in het bestand (CBS-symbool '.'), "
                                     "overgeslagen.")
                continue
            if not 1990 <= target <= 2100:
                preview.errors.append(f"Regel {lineno}: jaar {target} ligt buiten 1990–2100.")
                continue
            key = (m["code"], target)
            prev = found.get(key)
            if prev and prev[1] == prio and prev[0] != value:
                preview.errors.append(f"{m['name']} {target}: twee verschillende cijfers ({prev[0]} en {value}).")
            elif prev is None or prio < prev[1]:
                found[key] = (value, prio, f"regel {lineno}")
    preview.skipped_regions = len(skipped)
    if skipped:
        preview.notes.append(f"{len(skipped)} regio's buiten de veiligheidsregio overgeslagen.")
    for (code, year), (value, _, _) in sorted(found.items(), key=lambda kv: (kv[0][1], by_code[kv[0][0]]["name"])):
        cur = current.get((code, year))
        warn = ""
        if value < 1000 or value > 2_000_000:
            warn = "onwaarschijnlijk inwonertal"
        elif cur and abs(value - cur) > cur // 10:
            warn = f"wijkt meer dan 10 % af van het opgeslagen cijfer ({cur})"
        preview.rows.append(PreviewRow(code, by_code[code]["name"], year, value, cur, warn))
    if not preview.rows and not preview.errors:
        preview.errors.append("Er staan geen cijfers voor gemeenten van de veiligheidsregio in dit bestand.")
    return preview


def validate_figure(inhabitants, year) -> list[tuple[str, str]]:
    """Problems with a hand-entered figure as ``(field, Dutch message)``."""
    out = []
    if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
        out.append(("year", "Jaar: tussen 1990 en 2100."))
    if not isinstance(inhabitants, int) or isinstance(inhabitants, bool) or not 1 <= inhabitants <= 2_000_000:
        out.append(("inhabitants", "Inwoners: een heel getal van 1 tot 2.000.000."))
    return out
