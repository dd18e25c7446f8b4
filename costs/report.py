"""The cost report as PDF: per municipality what the system costs in a year, and the regional go / no-go.
Implements no article of the Wth (costs.md); example tariffs are marked as examples.

The cost report as PDF (fpdf2, the forms' page frame and fonts): per municipality what the system
costs in a year, the partner split with the population year and the rounding rule, procedures, budget
and forecast, the savings band and the regional go / no-go. Example tariffs are marked as examples.

Deterministic for the same data and ``generated_at`` (the report is regenerated, never stored).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from costs.accession import RegionalDecision
from costs.money import euro_text, hours_text, to_cents
from costs.overview import COST_TYPES, CostOverview
from costs.savings import Assumptions, SavingsBand, break_even
from costs.split import RULE_TEXT
from costs.tariffs import ReferenceComparison, TariffKind
from forms.layout import FONT_FAMILY, MARGIN_MM, WthDocument


class _ReportDocument(WthDocument):
    """The forms' page frame with a plain heading instead of the burgemeester's letterhead."""

    def __init__(self, *, scope: str, **kw):
        self.scope = scope
        super().__init__(**kw)

    def header(self) -> None:
        if self.page_no() == 1:
            self.set_font(FONT_FAMILY, "B", 15)
            self.set_text_color(0, 56, 112)
            self.cell(0, 8, "Tijdelijk huisverbod — kosten en tijdsbesparing", new_x="LMARGIN", new_y="NEXT")
            self.set_font(FONT_FAMILY, "", 11)
            self.set_text_color(60, 60, 60)
            self.cell(0, 6, self.scope, new_x="LMARGIN", new_y="NEXT")
            self.set_draw_color(0, 56, 112)
            self.set_line_width(0.6)
            self.line(MARGIN_MM, self.y + 2, self.w - MARGIN_MM, self.y + 2)
            self.set_y(self.y + 8)
            self.set_text_color(0, 0, 0)
        else:
            self.set_y(MARGIN_MM)


@dataclass
class ReportInput:
    overview: CostOverview
    scope: str                                   # "Gemeente Venlo" / "Veiligheidsregio Limburg-Noord"
    generated_at: datetime                       # aware
    assumptions: Assumptions
    savings: dict[str, SavingsBand]              # code -> band
    decision: RegionalDecision | None = None
    comparison: ReferenceComparison | None = None
    demo: bool = True


def render_cost_report(inp: ReportInput) -> bytes:
    """The report PDF as bytes. See module docstring."""
    ov = inp.overview
    title = f"Kostenrapport {ov.year}" + (" — PROGNOSE" if ov.forecast else "")
    doc = _ReportDocument(scope=inp.scope, document_id=f"KOSTEN-{ov.year}", version=1, municipality_name=inp.scope,
                          title=title, is_draft=False, generated_at=inp.generated_at)
    doc.title_block(title, f"{inp.scope} · opgesteld {inp.generated_at.astimezone().date():%d-%m-%Y}"
                    + (" · demo-omgeving, synthetische gegevens" if inp.demo else ""))
    if ov.forecast:
        doc.notice_box("PROGNOSE — niet gefactureerd", ov.billing.text())
    examples = [t for t in ov.tariffs.values() if t.is_example]
    if examples or inp.assumptions.rates_are_examples:
        names = ", ".join(t.kind.label.lower() for t in examples)
        doc.notice_box("VOORBEELDBEDRAGEN — geen offerte",
                       (f"De volgende tarieven zijn voorbeelden, geen offerte of werkelijke prijs: {names}. " if names
                        else "") + ("De uurtarieven in de tijdsbesparing zijn voorbeelden." if
                                    inp.assumptions.rates_are_examples else ""))
    for sub, used, missing in ov.population_gaps():
        doc.notice_box(f"Inwonertallen {ov.year} ontbreken ({sub})",
                       f"Geen CBS-cijfer voor {ov.year} van {', '.join(missing)}; de verdeling gebruikt peiljaar {used}. "
                       "De beheerder importeert de CBS-tabel 03759ned op de pagina Tarieven en inwoners, tab Inwoners.")
    tot = ov.totals()
    pre = "Prognose: " if ov.forecast else ""
    doc.heading("Samenvatting" + (" (prognose)" if ov.forecast else ""))
    doc.label_value(f"{pre}totaal excl. btw", euro_text(tot["total_ex"]))
    doc.label_value(f"{pre}btw", euro_text(tot["total_vat"]))
    doc.label_value(f"{pre}totaal incl. btw", euro_text(tot["total_incl"]))
    doc.label_value("Gefactureerd incl. btw", euro_text(ov.billed_incl()))
    doc.label_value("Partneraandeel excl. btw", euro_text(sum(tot[o] for o in ("politie", "casemanagement",
                                                                              "procesmanagement"))))
    doc.label_value("Procedures", f"{sum(r.procedures.count for r in ov.rows)} "
                    f"(× {euro_text(ov.tariffs[TariffKind.PROCEDURE].cents)} excl. btw)")
    if ov.elapsed < 1:
        doc.paragraph(f"{ov.year} is nog niet om ({float(ov.elapsed) * 100:.0f} % verstreken): procedures tot en met "
                      f"{ov.today:%d-%m-%Y}; de prognose rekent het tempo door tot het jaareinde.", size=9.5)

    doc.heading("Tarieven")
    doc.data_table(["Tarief", "Bedrag", "Jaar van het tarief", "Soort"],
                   [[t.kind.label, (f"{_num(t.amount)} %" if t.kind == TariffKind.VAT else euro_text(t.cents)),
                     str(t.source_year), "VOORBEELD" if t.is_example else "bekend (raadsvoorstel)"]
                    for t in ov.tariffs.values()], [40, 18, 18, 24])

    doc.heading("Kosten per gemeente (excl. btw)" + (" — prognose" if ov.forecast else ""))
    billed = ov.billing.label if ov.billing is not None else (lambda code: "gefactureerd")
    doc.data_table(["Gemeente", "Eigen accounts", "Partners", "Procedures", "Totaal excl.", "Totaal incl.", "Factuur"],
                   [[r.name, euro_text(r.own_ex), euro_text(r.partner_ex), f"{r.procedures.count} · "
                     f"{euro_text(r.ex['procedures'])}", euro_text(r.total_ex), euro_text(r.total_incl),
                     billed(r.code)] for r in ov.rows], [22, 14, 14, 16, 14, 14, 22])
    doc.heading("Per kostensoort (excl. btw)", level=2)
    doc.data_table(["Kostensoort", "Bedrag"], [[label, euro_text(tot[k])] for k, label in COST_TYPES.items()
                                               if tot[k] or k != "procesmanagement"], [60, 30])

    doc.heading("Verdeling van de partnerkosten")
    doc.paragraph(RULE_TEXT, size=9.5)
    for s, split in ov.splits.items():
        doc.heading(f"{s}: {euro_text(split.total)}", level=2)
        doc.paragraph(f"{split.population.used_text()}. {split.population.note()}", size=9.5)
        orgs = [o for o in split.totals]
        doc.data_table(["Gemeente", "Inwoners"] + [o.capitalize() for o in orgs] + ["Aandeel"],
                       [[_name(ov, c, inp), f"{split.population.inhabitants[c]:,}".replace(",", ".")]
                        + [euro_text(split.shares[c][o]) for o in orgs] + [euro_text(split.share(c))]
                        for c in sorted(split.population.inhabitants, key=lambda c: _name(ov, c, inp))]
                       + [["Totaal", f"{sum(split.population.inhabitants.values()):,}".replace(",", ".")]
                          + [euro_text(split.totals[o]) for o in orgs] + [euro_text(split.total)]],
                       [24, 13] + [19] * len(orgs) + [16])

    doc.heading("Budget en prognose (incl. btw)")
    doc.data_table(["Gemeente", "Budget", "Werkelijk tot nu", "Prognose jaareinde", "Status"],
                   [[r.name, euro_text(r.budget.budget_cents) if r.budget.budget_cents is not None else "geen budget",
                     euro_text(r.budget.actual_cents), euro_text(r.budget.forecast_cents),
                     ("boven budget" if r.budget.forecast_over_budget else "binnen budget")
                     if r.budget.budget_cents is not None else "—"] for r in ov.rows], [26, 18, 18, 18, 16])

    doc.heading("Tijdsbesparing (aannames, band laag–hoog)")
    a = inp.assumptions
    pl, ph = a.police_saved
    ml, mh = a.municipality_saved
    doc.bullets([
        f"Politie: nu {_num(a.police_hours_low)}–{_num(a.police_hours_high)} uur per huisverbod, besparing "
        f"{_num(pl)}–{_num(ph)} uur (claim: tot {_num(a.police_max_saved_hours)} uur); uurtarief {euro_text(to_cents(a.police_rate))}"
        + (" (voorbeeld)" if a.rates_are_examples else "") + ".",
        f"Gemeente: nu {_num(a.municipality_hours_low)}–{_num(a.municipality_hours_high)} uur, besparing "
        f"{_num(a.municipality_saved_share * 100)} % = {_num(ml)}–{_num(mh)} uur; uurtarief "
        f"{euro_text(to_cents(a.municipality_rate))}" + (" (voorbeeld)" if a.rates_are_examples else "") + ".",
    ])
    fee_incl = ov.fee_incl_cents
    lo, hi = a.euros_per_case()
    rows = []
    for r in ov.rows:
        b = inp.savings.get(r.code)
        if b is None:
            continue
        be_hi, be_lo = break_even(r.fixed_incl, hi, fee_incl), break_even(r.fixed_incl, lo, fee_incl)
        rows.append([r.name, str(b.cases), f"{hours_text(b.hours[0])} – {hours_text(b.hours[1])}",
                     f"{euro_text(b.cents[0])} – {euro_text(b.cents[1])}", euro_text(r.fixed_incl),
                     f"{_be(be_hi)} – {_be(be_lo)}"])
    doc.data_table(["Gemeente", "Huisverboden", "Uren bespaard", "Waarde", "Vaste kosten incl.", "Break-even (zaken/jaar)"],
                   rows, [22, 13, 20, 26, 17, 16])

    if inp.comparison is not None:
        doc.heading("Vergelijking met het raadsvoorstel")
        doc.bullets(inp.comparison.explanation(euro_text))
    if inp.decision is not None:
        doc.heading("Aansluiting: go / no-go")
        doc.paragraph(inp.decision.text())
    return doc.to_bytes()


def _num(d) -> str:
    """A Decimal as Dutch text without trailing zeros: 50.00 -> "50", 2.25 -> "2,25"."""
    return format(d.normalize(), "f").replace(".", ",")


def _be(n: int | None) -> str:
    return "geen" if n is None else str(n)


def _name(ov: CostOverview, code: str, inp: ReportInput) -> str:
    return ov.names.get(code, code)
