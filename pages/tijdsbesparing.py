"""Tijdsbesparing (managers): the claimed savings as editable assumptions against the costs.
Implements no article of the Wth: the claims of the proposal beside the measured lead times.

Tijdsbesparing (managers): the claimed savings as editable assumptions with a low–high band, against the
costs, with the break-even number of cases — and beside them the lead times the system measures itself.
"""
from decimal import Decimal

import altair as alt
import pandas as pd
import streamlit as st

from costs.leadtimes import SMALL_CELL, STAGES, display_row, period_label, quarterly_stats
from costs.money import from_cents, hours_text
from costs.savings import DEFAULTS, Assumptions, break_even
from ui import common
from ui.costs_ui import eur, table
from ui.reconcile_ui import pick_year_and_scope

DUTCH = "replace(replace(replace(datum.label, ',', '_'), '.', ','), '_', '.')"   # 1,234.5 -> 1.234,5 on axes


def eur0(cents: int) -> str:
    """Whole euros for the tiles (€ 2.000)."""
    return f"€ {round(cents / 100):,}".replace(",", ".")


def num(d) -> str:
    return format(Decimal(str(d)).normalize(), "f").replace(".", ",")


app = common.app()
actor = common.actor()
scope = common.call(app.costs.cost_scope, actor)
common.header("Tijdsbesparing", f"Wat het systeem bespaart — {scope.label if scope else ''}")
if scope is None:
    st.stop()
ss = st.session_state
years = common.call(app.costs.cost_years, actor) or [app.now().year]
year, codes = pick_year_and_scope(scope, years, "tijd")

# -- assumptions (kept in plain session keys: widgets forget their value when the page is left) ----------
FIELDS = [  # key, label, step, max
    ("police_hours_low", "Politie: uren per huisverbod nu (laag)", 0.25, 100.0),
    ("police_hours_high", "Politie: uren per huisverbod nu (hoog)", 0.25, 100.0),
    ("police_max_saved_hours", "Politie: maximaal bespaarde uren", 0.25, 100.0),
    ("municipality_hours_low", "Gemeente: uren per huisverbod nu (laag)", 0.25, 100.0),
    ("municipality_hours_high", "Gemeente: uren per huisverbod nu (hoog)", 0.25, 100.0),
    ("municipality_saved_share", "Gemeente: bespaard deel per RiHG (0–1)", 0.05, 1.0),
    ("police_rate", "Uurtarief politie (€, voorbeeld)", 1.0, 500.0),
    ("municipality_rate", "Uurtarief gemeente (€, voorbeeld)", 1.0, 500.0),
]
store = ss.setdefault("savings_values", {k: float(getattr(DEFAULTS, k)) for k, *_ in FIELDS})
with st.expander("Aannames (uit het raadsvoorstel; pas ze aan)", expanded=False):
    st.caption("Politie: nu 3–4 uur per huisverbod, het systeem bespaart tot 3 uur (dan kost het 1 uur: besparing "
               "2–3 uur). Gemeente: nu 2–6 uur per huisverbod, tot 50 % besparing per RiHG (1–3 uur). Dit zijn claims "
               "van de leverancier en een grote stad, geen metingen. De uurtarieven staan niet in het voorstel: het "
               "zijn voorbeelden.")
    cols = st.columns(2)
    for i, (k, lab, step, hi) in enumerate(FIELDS):
        if f"sv_{k}" not in ss:
            ss[f"sv_{k}"] = store[k]
        cols[i % 2].number_input(lab, min_value=0.0, max_value=hi, step=step, key=f"sv_{k}")
    b1, b2 = st.columns([1, 3])

    def _apply():
        ss["savings_values"] = {k: ss[f"sv_{k}"] for k, *_ in FIELDS}

    def _reset():
        ss["savings_values"] = {k: float(getattr(DEFAULTS, k)) for k, *_ in FIELDS}
        for k, *_ in FIELDS:
            ss[f"sv_{k}"] = ss["savings_values"][k]
    b1.button("Toepassen", on_click=_apply, key="sv_apply", type="primary")
    b2.button("Terug naar het raadsvoorstel", on_click=_reset, key="sv_reset")
    common.field_error("savings", "assumptions")
vals = ss["savings_values"]
changed_rates = vals["police_rate"] != float(DEFAULTS.police_rate) or vals["municipality_rate"] != float(
    DEFAULTS.municipality_rate)
try:
    a = Assumptions(**{k: Decimal(str(vals[k])) for k, *_ in FIELDS}, rates_are_examples=not changed_rates).validated()
except ValueError as exc:
    st.error(f"{exc} De standaardaannames worden gebruikt.")
    a = DEFAULTS
ss["savings_assumptions"] = a

res = common.call(app.costs.savings_overview, actor, year, a, codes, form="savings", read=True)
if res is None:
    common.show_flash()
    st.stop()
ov, bands = res
fee_incl = ov.fee_incl_cents
lo_case, hi_case = a.euros_per_case()
pl, ph = a.police_saved
ml, mh = a.municipality_saved
cases = sum(b.cases for b in bands.values())
hours_lo = sum(b.hours[0] for b in bands.values())
hours_hi = sum(b.hours[1] for b in bands.values())
eur_lo = sum(b.cents[0] for b in bands.values())
eur_hi = sum(b.cents[1] for b in bands.values())
fixed = sum(r.fixed_incl for r in ov.rows)
costs_total = sum(r.total_incl for r in ov.rows)

m1, m2 = st.columns(2)
m3, m4 = st.columns(2)
m1.metric(f"Huisverboden {year}", cases, help="Beschikkingen huisverbod ondertekend in dit jaar (tot nu).",
          border=True)
m2.metric("Uren bespaard (laag–hoog)", f"{num(hours_lo)}–{num(hours_hi)} uur", border=True,
          help=f"Per huisverbod: politie {pl}–{ph} uur, gemeente {ml}–{mh} uur.")
m3.metric("Waarde bespaarde uren (laag–hoog)", f"{eur0(eur_lo)}–{eur0(eur_hi)}".replace("–€ ", "–"), border=True,
          help=f"{eur(eur_lo)} tot {eur(eur_hi)}: uren × uurtarief"
          + (" (voorbeeldtarieven)" if a.rates_are_examples else "") + ".")
m4.metric(f"Kosten {year} incl. btw" + (" (prognose)" if ov.forecast else ""), eur0(costs_total), border=True,
          help=eur(costs_total) + (" — prognose: de regio is NO-GO, er wordt niets gefactureerd (zie Kosten)."
                                   if ov.forecast else ""))
st.caption(f"Huisverboden = beschikkingen huisverbod ondertekend in {year}"
           + (" tot en met vandaag" if year == app.now().year else "")
           + " (exact geteld, zonder afscherming; vernietigde zaken uit het anonieme archief). Dat is minder dan de "
           "procedures op Kosten (elke geregistreerde melding, ook zonder huisverbod) en anders dan Statistiek "
           "(geteld op de maand van de melding, met afscherming van kleine aantallen).")
net_lo, net_hi = eur_lo - costs_total, eur_hi - costs_total
st.markdown(f"**Saldo {year}** (waarde bespaarde uren − kosten): {eur(net_lo)} tot {eur(net_hi)} — "
            + ("de besparing is in beide aannames groter dan de kosten." if net_lo >= 0 else
               "de kosten zijn groter dan de besparing, ook bij de hoge aanname." if net_hi < 0 else
               "of het systeem zich terugverdient hangt af van de aanname."))
if a.rates_are_examples:
    st.caption("De eurobedragen gebruiken VOORBEELD-uurtarieven (politie € 65, gemeente € 70); vul uw eigen integrale "
               "uurtarieven in bij de aannames. Bespaarde uren zijn tijd die vrijkomt, geen geld dat terugkomt.")

st.subheader("Besparing tegenover de kosten")
rows = []
for r in ov.rows:
    b = bands[r.code]
    be_hi, be_lo = break_even(r.fixed_incl, hi_case, fee_incl), break_even(r.fixed_incl, lo_case, fee_incl)
    rows.append({"name": r.name, "cases": b.cases, "h_lo": b.hours[0], "h_hi": b.hours[1],
                 "e_lo": from_cents(b.cents[0]), "e_hi": from_cents(b.cents[1]), "costs": from_cents(r.total_incl),
                 "fixed": from_cents(r.fixed_incl), "be_lo": be_hi, "be_hi": be_lo,
                 "be_txt": "geen (besparing per zaak < tarief)" if be_lo is None and be_hi is None else
                 f"{be_hi if be_hi is not None else '∞'} – {be_lo if be_lo is not None else '∞'}"})
if len(rows) == 1:
    st.metric("Break-even: huisverboden per jaar (hoge – lage aanname)", rows[0]["be_txt"], border=True,
              help=f"Dit jaar tot nu: {rows[0]['cases']} huisverboden.")
chart_rows = [{"Gemeente": x["name"], "laag": float(x["e_lo"]), "hoog": float(x["e_hi"]), "kosten": float(x["costs"])}
              for x in rows]
if chart_rows:
    df = pd.DataFrame(chart_rows)
    base = alt.Chart(df).encode(y=alt.Y("Gemeente:N", sort=[x["name"] for x in rows], title=None))
    band = base.mark_bar(height=14, color="#59a14f", opacity=0.75).encode(
        x=alt.X("laag:Q", title="€ per jaar (groen: besparing laag–hoog; ruit: kosten incl. btw)",
                axis=alt.Axis(format=",.0f", labelExpr=DUTCH)), x2="hoog:Q",
        tooltip=["Gemeente", alt.Tooltip("laag:Q", format=",.0f", title="besparing laag"),
                 alt.Tooltip("hoog:Q", format=",.0f", title="besparing hoog"),
                 alt.Tooltip("kosten:Q", format=",.0f", title="kosten")])
    cost = base.mark_point(shape="diamond", size=110, filled=True, color="#e15759").encode(x="kosten:Q")
    common.chart((band + cost).properties(height=max(110, 30 * len(rows))),
                 "Diagram: per gemeente de besparing per jaar (laag tot hoog) en de kosten incl. btw. De bedragen "
                 f"staan in de tabel 'Besparing {year}' hieronder.")
table(f"Besparing {year}", [("name", "Gemeente", "text"), ("cases", "Huisverboden", "int"),
                            ("h_lo", "Uren laag", "dec"), ("h_hi", "Uren hoog", "dec"),
                            ("e_lo", "Waarde laag", "euro"), ("e_hi", "Waarde hoog", "euro"),
                            ("costs", "Kosten incl. btw", "euro"), ("fixed", "Vaste kosten incl. btw", "euro"),
                            ("be_txt", "Break-even (zaken per jaar)", "text")], rows, f"besparing_{year}",
      ["Aannames: " + ", ".join(f"{lab} = {vals[k]}" for k, lab, *_ in FIELDS)])
st.caption(f"Break-even: het aantal huisverboden per jaar waarbij de waarde van de bespaarde uren de vaste kosten "
           f"(accounts en partneraandeel, incl. btw) terugverdient, na het tarief per procedure ({eur(fee_incl)} incl. "
           f"btw) dat elke zaak zelf kost. Per zaak bespaard: {eur(lo_case)} – {eur(hi_case)}. Bij de hoge aanname "
           "volstaan minder zaken.")

# -- measured -------------------------------------------------------------------------------------
st.subheader("Gemeten doorlooptijden (uit het eigen auditlog)")
st.caption("Gemeten, niet aangenomen: de tijd tussen de momenten die het systeem vastlegt — melding geregistreerd → "
           "RiHG afgerond → beschikking ondertekend → uitgereikt (T0) → huisgenoten geïnformeerd én beschikking naar "
           "Veilig Thuis. Mediaan en spreiding (25e–75e percentiel) per maand (of kwartaal) van de melding, in uren. Telt de zaken "
           "in het systeem met een melding in de gekozen periode (vernietigde zaken niet meer). Zelfde regel als de "
           f"statistiek: een maand of stap met minder dan {SMALL_CELL} zaken staat als '< {SMALL_CELL}' zonder "
           "mediaan, percentielen of min/max, en wordt niet getekend.")
months = st.select_slider("Periode (maanden terug)", options=[3, 6, 12, 24], value=ss.get("tijd_months", 12),
                          key="tijd_months_w")
ss["tijd_months"] = months
lt = common.call(app.costs.lead_times, actor, months, codes)
if lt is None:
    common.show_flash()
    st.stop()
if not lt.durations:
    st.info("Nog geen zaken met vastgelegde stappen in deze periode.")
    st.stop()
ov_rows = [dict(display_row(x), stage=STAGES[s][2]) for s, x in sorted(lt.overall.items(), key=lambda kv: list(STAGES).index(kv[0]))]
k1, k2, k3 = st.columns(3)
tot_stage = lt.overall.get("melding_uitgereikt")
k1.metric("Zaken gemeten", lt.cases if lt.cases >= SMALL_CELL else f"< {SMALL_CELL}", border=True)
if tot_stage and tot_stage.n >= SMALL_CELL:
    k2.metric("Melding → uitreiking (mediaan)", hours_text(Decimal(str(round(tot_stage.median_h, 1)))), border=True,
              help=f"25e–75e percentiel: {tot_stage.p25_h:.1f}–{tot_stage.p75_h:.1f} uur; n = {tot_stage.n}.")
police_claim = f"{num(a.police_hours_low)}–{num(a.police_hours_high)} uur"
k3.metric("Aanname politie nu", police_claim, border=True, help="Uit het raadsvoorstel: de tijd zonder systeem.")
stage = st.selectbox("Stap", list(STAGES), format_func=lambda s: STAGES[s][2], key="tijd_stage",
                     index=list(STAGES).index("melding_uitgereikt"))
per = st.segmented_control("Indeling", ["maand", "kwartaal"], format_func={"maand": "Per maand",
                           "kwartaal": "Per kwartaal (minder maanden onder de 5)"}.get, key="tijd_per",
                           default="maand", required=True)
grouped = quarterly_stats(lt.durations) if per == "kwartaal" else lt.monthly
mrows = [x for x in grouped if x.stage == stage]
drawn = [x for x in mrows if x.n >= SMALL_CELL]
if drawn:
    mdf = pd.DataFrame([{"Maand": period_label(x.month), "Mediaan": x.median_h, "P25": x.p25_h, "P75": x.p75_h,
                         "n": x.n} for x in drawn])     # in time order ("mrt 2026" does not sort by itself)
    base = alt.Chart(mdf).encode(x=alt.X("Maand:O", title=None, sort=list(mdf["Maand"]), axis=alt.Axis(labelAngle=0)))
    area = base.mark_area(opacity=0.25, color="#4e79a7").encode(
        y=alt.Y("P25:Q", title="uren (lijn: mediaan, band: 25e–75e percentiel)",
                axis=alt.Axis(format=",.1f", labelExpr=DUTCH)),
        y2="P75:Q")
    line = base.mark_line(point=True, color="#4e79a7").encode(
        y="Mediaan:Q", tooltip=["Maand", alt.Tooltip("Mediaan:Q", format=".1f"), alt.Tooltip("P25:Q", format=".1f"),
                                alt.Tooltip("P75:Q", format=".1f"), "n"])
    common.chart((area + line).properties(height=260),
                 f"Lijndiagram: mediane doorlooptijd in uren per maand met de band van 25e tot 75e percentiel, "
                 f"{len(drawn)} maanden. De cijfers staan in de tabel 'Doorlooptijden' hieronder.")
elif mrows:
    st.caption(f"Geen maand met {SMALL_CELL} of meer zaken voor deze stap: niets te tekenen.")
table("Doorlooptijden per " + (per or "maand"), [("month", "Kwartaal" if per == "kwartaal" else "Maand", "text"), ("n", "Zaken", "text"), ("median", "Mediaan (uur)", "dec"),
                                   ("p25", "P25", "dec"), ("p75", "P75", "dec"), ("min", "Min", "dec"),
                                   ("max", "Max", "dec")],
      [display_row(x) for x in mrows], f"doorlooptijd_{stage}_{per}")
with st.expander("Alle stappen over de hele periode"):
    table("Doorlooptijden", [("stage", "Stap", "text"), ("n", "Zaken", "text"), ("median", "Mediaan (uur)", "dec"),
                             ("p25", "P25", "dec"), ("p75", "P75", "dec"), ("min", "Min", "dec"), ("max", "Max", "dec")],
          ov_rows, "doorlooptijden_totaal")
st.caption("Doorlooptijd is kalendertijd, geen werktijd: ze laat zien waar zaken wachten, niet hoeveel uur iemand eraan "
           "werkt. Leg ze naast de aannames hierboven, niet in plaats ervan.")
