"""Kosten (managers): what the system costs each municipality in a year, the split, budget and forecast.
Implements no article of the Wth: the cost model of the proposal (costs.md).

Kosten (managers): what the system costs each municipality in a year, the partner split per inhabitant,
procedures, budget and forecast, the comparison with the proposal; exports (CSV, XLSX) and a PDF report.
Laid out to be taken in at a glance (issue 17): first what holds for every amount (a NO-GO year is a prognose;
the billing year's CBS figures missing, with the one action that fixes it), then the key figures as tiles, then
one tab per question, the last one showing how Overzicht's, Kosten's and Tijdsbesparing's figures add up.
"""
import altair as alt
import pandas as pd
import streamlit as st

from costs.accounts import ORG_LABELS, Organisation
from costs.money import from_cents
from costs.overview import COST_TYPES
from costs.split import RULE_TEXT
from costs.tariffs import TariffKind
from ui import common
from ui.costs_ui import EXAMPLE_NOTE, eur, pct_text, table
from ui.reconcile_ui import show_reconciliation

TXT = {"title": "Kosten", "year": "Jaar", "view": "Weergave"}
DUTCH = "replace(replace(replace(datum.label, ',', '_'), '.', ','), '_', '.')"   # 1,234.5 -> 1.234,5 on axes
app = common.app()
actor = common.actor()
scope = common.call(app.costs.cost_scope, actor)
common.header(TXT["title"], f"Wat het systeem kost — {scope.label if scope else ''}")
if scope is None:
    st.stop()
ss = st.session_state
years = common.call(app.costs.cost_years, actor) or []
if not years:
    st.info("Er zijn nog geen tarieven ingesteld.")
    st.stop()
names = scope.names()
views = {"": scope.label}
if scope.regional:
    views.update({"Noord-Limburg": "Subregio Noord-Limburg", "Midden-Limburg": "Subregio Midden-Limburg"})
    views.update({c: names[c] for c in sorted(scope.codes, key=names.get)})
c1, c2 = st.columns([1, 3])
if ss.get("kosten_year") not in years:
    ss["kosten_year"] = years[0]
year = c1.selectbox(TXT["year"], years, key="kosten_year")
view = c2.selectbox(TXT["view"], list(views), format_func=views.get, key="kosten_view") if scope.regional else ""
if view in ("Noord-Limburg", "Midden-Limburg"):
    codes = [m["code"] for m in scope.municipalities if m["subregion"] == view]
elif view:
    codes = [view]
else:
    codes = None
ov = common.call(app.costs.cost_overview, actor, year, codes)
if ov is None:
    common.show_flash()
    st.stop()
label = views.get(view, scope.label)
tot = ov.totals()
fee, vat = ov.tariffs[TariffKind.PROCEDURE], ov.tariffs[TariffKind.VAT]
# -- what the manager must know before any figure: billed or forecast, and missing CBS figures ------------------
if ov.forecast:
    st.warning(ov.billing.text(), icon=":material/trending_up:")
    st.page_link("pages/aansluiting.py", label="Raadsbesluiten per gemeente bekijken (Aansluiting)",
                 icon=":material/how_to_vote:")
gaps = ov.population_gaps()
if gaps:
    n_missing = sum(len(m) for _, _, m in gaps)
    where = "; ".join(f"{sub}: " + (f"alle {len(m)}" if len(m) == len(ov.splits[sub].population.inhabitants)
                                      else ", ".join(m)) for sub, _, m in gaps)
    used = ", ".join(sorted({str(u) for _, u, _ in gaps}))
    st.warning(f"**Inwonertallen {year} ontbreken** voor {n_missing} gemeenten ({where}); de verdeling van de "
               f"partnerkosten gebruikt daarom peiljaar {used}. **Wat te doen:** de beheerder importeert de CBS-tabel "
               "03759ned ('Bevolking op 1 januari') op de pagina *Tarieven en inwoners*, tab *Inwoners*, onderdeel "
               "*CBS StatLine-export inlezen*.", icon=":material/groups:")

# -- the key figures first ----------------------------------------------------------------------------------------
pre = "prognose, incl. btw" if ov.forecast else "incl. btw"
partner = sum(tot[o.value] for o in (Organisation.POLITIE, Organisation.CASEMANAGEMENT, Organisation.PROCESMANAGEMENT))
n_proc = sum(r.procedures.count for r in ov.rows)
budget = [r.budget for r in ov.rows if r.budget.budget_cents is not None]
m1, m2, m3, m4 = st.columns(4)
m1.metric(f"Kosten {year}", eur(tot["total_incl"]), delta=pre, delta_color="off", delta_arrow="off",
          help=f"Excl. btw {eur(tot['total_ex'])}; "
          f"btw {pct_text(vat.amount)} %: {eur(tot['total_vat'])}. Gefactureerd: {eur(ov.billed_incl())}.", border=True)
m2.metric("Partneraandeel excl. btw", eur(partner), help="Politie, casemanagement en procesmanagement, verdeeld "
          "naar inwoners; zie het tabblad Partnerverdeling.", border=True)
m3.metric(f"Procedures {year} (aantal)", f"{n_proc}", help=f"× {eur(fee.cents)} excl. btw = {eur(tot['procedures'])} "
          "excl. btw", border=True)
if budget:
    b_total = sum(b.budget_cents for b in budget)
    fc = sum(b.forecast_cents for b in budget)
    m4.metric("Jaareinde incl. btw", eur(fc), delta=f"{eur(abs(b_total - fc))} "
              + ("onder budget" if b_total >= fc else "boven budget"), delta_color="normal" if b_total >= fc else
              "inverse", delta_arrow="off", help=f"Prognose voor het jaareinde, incl. btw. Budget {eur(b_total)} op de post 'casemanagement "
              "tijdelijk huisverbod'.", border=True)
else:
    m4.metric("Budget", "niet ingesteld", border=True)
if ov.uses_examples:
    ex = ", ".join(t.kind.label.lower() for t in ov.tariffs.values() if t.is_example)
    st.warning(f"**Voorbeeldtarieven:** {ex}. {EXAMPLE_NOTE}", icon=":material/info:")
st.caption(f"Procedures = alle zaken (meldingen) die in {year} in het systeem zijn geregistreerd, ook als er geen "
           "huisverbod volgde (het tarief geldt per behandelde zaak), vernietigde zaken meegeteld via het anonieme "
           "archief; exact geteld voor de facturering, zonder afscherming van kleine aantallen. Tijdsbesparing telt "
           "alleen de ondertekende huisverboden; Statistiek telt op de maand van de melding en schermt kleine "
           "aantallen af.")
if ov.elapsed < 1:
    st.caption(f"{year} is voor {float(ov.elapsed) * 100:.0f} % verstreken: procedures tot en met vandaag; de prognose "
               "rekent het tempo van de procedures door tot het einde van het jaar (vaste kosten staan er al helemaal in).")

# -- then one tab per question ------------------------------------------------------------------------------------
#: a legend entry on two lines where it is long ("Aandeel partner:" / "procesmanagement"), one entry per line: three
#: columns of full labels ran off a 390 px phone (issue 17)
LEGEND_LINES = "split(replace(replace(datum.label, ' (', '|('), ': ', ':|'), '|')"
TABS = ["Per gemeente", "Per kostensoort", "Partnerverdeling", "Budget", "Tarieven", "Raadsvoorstel",
        "Cijfers naast elkaar"]
t_muni, t_type, t_split, t_budget, t_tariff, t_ref, t_rec = st.tabs(TABS)
with t_muni:
    st.subheader("Kosten per gemeente en kostensoort" + (" (prognose)" if ov.forecast else ""))
    order = list(COST_TYPES.values())
    long = [{"Gemeente": r.name, "Kostensoort": COST_TYPES[k], "Bedrag": float(from_cents(r.ex[k])), "Tekst": eur(r.ex[k]),
             "volgorde": i} for r in ov.rows for i, k in enumerate(COST_TYPES) if r.ex[k]]
    if long:
        one = len(ov.rows) == 1
        chart = alt.Chart(pd.DataFrame(long)).mark_bar().encode(
            y=alt.Y("Kostensoort:N" if one else "Gemeente:N", sort=order if one else [r.name for r in ov.rows], title=None,
                    axis=alt.Axis(labelLimit=260)),
            x=alt.X("Bedrag:Q", stack="zero", title="€ excl. btw", axis=alt.Axis(format=",.0f", labelExpr=DUTCH)),
            color=alt.Color("Kostensoort:N", sort=order, scale=alt.Scale(domain=order, scheme="tableau10"),
                            legend=None if one else alt.Legend(orient="bottom", columns=1, title=None, labelLimit=0,
                                                                labelExpr=LEGEND_LINES)),
            order=alt.Order("volgorde:Q"),
            tooltip=["Gemeente", "Kostensoort", alt.Tooltip("Tekst:N", title="Bedrag")],
        ).properties(height=alt.Step(30))
        top = max(ov.rows, key=lambda r: sum(r.ex.values()))
        common.chart(chart, f"Staafdiagram: kosten excl. btw per {'kostensoort' if one else 'gemeente, gestapeld per kostensoort'}"
                     f"; hoogste: {top.name}, {eur(sum(top.ex.values()))}. De bedragen staan in de tabel "
                     f"'Kosten per kostensoort {year}' hieronder.")
    else:
        st.info("Geen kosten in dit jaar.")

    # two tables that each fit beside the menu at 1366 px: the totals and the billing state, then the cost types
    SHORT = {"abonnement": "Abonnementen", "aansluiting": "Aansluiting", "politie": "Politie",
             "casemanagement": "Casemanagement", "procesmanagement": "Procesmanagement", "procedures": "Procedures"}
    rows = [dict({k: from_cents(r.ex[k]) for k in COST_TYPES}, name=r.name, subregion=r.subregion,
                 procedures_n=r.procedures.count, total_ex=from_cents(r.total_ex), vat=from_cents(r.total_vat),
                 total_incl=from_cents(r.total_incl),
                 billing=ov.billing.label(r.code) if ov.billing is not None else "") for r in ov.rows]
    if len(ov.rows) > 1:
        rows.append(dict({k: from_cents(tot[k]) for k in COST_TYPES}, name="Totaal", subregion="", procedures_n=n_proc,
                         total_ex=from_cents(tot["total_ex"]), vat=from_cents(tot["total_vat"]),
                         total_incl=from_cents(tot["total_incl"]),
                         billing=f"gefactureerd {eur(ov.billed_incl())}" if ov.billing is not None else ""))
    notes = ([EXAMPLE_NOTE] if ov.uses_examples else []) + ([ov.billing.text()] if ov.forecast else [])
    high = 36 * (len(rows) + 1) + 4
    table(f"Kosten {year}" + (" (prognose)" if ov.forecast else ""),
          [("name", "Gemeente", "text"), ("procedures_n", "Procedures", "int"), ("total_ex", "Excl. btw", "euro"),
           ("vat", f"Btw {pct_text(vat.amount)} %", "euro"), ("total_incl", "Incl. btw", "euro")]
          + ([("billing", "Factuur", "text")] if ov.billing is not None else []),
          rows, f"kosten_{year}", notes, height=high)
    st.markdown(f"**Per gemeente en kostensoort, excl. btw ({year})**")
    table(f"Kosten per kostensoort {year}", [("name", "Gemeente", "text")]
          + [(k, SHORT[k], "euro") for k in COST_TYPES if k != "procesmanagement" or tot[k]],
          rows, f"kosten_soort_{year}", notes, height=high)
    st.caption("Abonnementen: eigen accounts per jaar · Aansluiting: eenmalige aansluitkosten · Politie, "
               "Casemanagement, Procesmanagement: het aandeel van de gemeente in de partnerkosten (tabblad "
               "Partnerverdeling) · Procedures: aantal × tarief per procedure.")

with t_type:
    st.subheader("Per kostensoort")
    type_rows = [{"type": label, "ex": from_cents(tot[k]),
                  "vat": from_cents(sum(r.vat[k] for r in ov.rows)),
                  "incl": from_cents(tot[k] + sum(r.vat[k] for r in ov.rows))}
                 for k, label in COST_TYPES.items() if k != "procesmanagement" or tot[k]]
    table(f"Kostensoorten {year}", [("type", "Kostensoort", "text"), ("ex", "Excl. btw", "euro"),
                                    ("vat", "Btw", "euro"), ("incl", "Incl. btw", "euro")], type_rows,
          f"kostensoorten_{year}", notes)
    own = [r for r in ov.rows if r.own_accounts]
    if own:
        with st.expander("Eigen accounts per gemeente"):
            table(f"Accounts {year}", [("name", "Gemeente", "text"), ("new", "Nieuwe accounts (abonnement)", "int"),
                                       ("reused", "Hergebruikt uit zustersysteem", "int"),
                                       ("conn", f"Aangesloten in {year}", "int"), ("src", "Stand van", "year")],
                  [{"name": r.name, "new": r.own_accounts.accounts_new, "reused": r.own_accounts.accounts_reused,
                    "conn": r.own_accounts.connections, "src": r.own_accounts.source_year} for r in own],
                  f"accounts_{year}")
            st.caption("Hergebruikte accounts (burgemeester en medewerkers uit het zustersysteem voor psychiatrische "
                       "spoedbeslissingen) kosten alleen eenmalige aansluitkosten, geen abonnement.")

# -- partner split --------------------------------------------------------------------------------
with t_split:
    st.subheader("Verdeling van de partnerkosten naar inwoners")
    st.info(RULE_TEXT, icon=":material/calculate:")
    for s, split in ov.splits.items():
        orgs = list(split.totals)
        st.markdown(f"**{s}** — partnerkosten {eur(split.total)} excl. btw: "
                    + ", ".join(f"{ORG_LABELS[Organisation(o)].lower()} {eur(split.totals[o])}" for o in orgs))
        st.markdown(f"{split.population.used_text()}. {split.population.note()}")
        acc = ov.partner_accounts.get(s, [])
        if acc:
            st.caption("Accounts: " + "; ".join(f"{ORG_LABELS[a.organisation].lower()} {a.accounts_new}"
                                                  + (f" (waarvan {a.connections} aangesloten in {year})" if a.connections
                                                     else "") for a in acc))
        mine = set(codes or scope.codes)
        srows = [dict({o: from_cents(split.shares[c][o]) for o in orgs}, name=ov.names[c] + (" ◀" if c in mine and
                                                                                            len(mine) < 15 else ""),
                      inh=split.population.inhabitants[c], share=from_cents(split.share(c)),
                      pct=round(split.population.inhabitants[c] * 100 / sum(split.population.inhabitants.values()), 1))
                 for c in sorted(split.population.inhabitants, key=lambda c: -split.population.inhabitants[c])]
        srows.append(dict({o: from_cents(split.totals[o]) for o in orgs}, name="Totaal",
                          inh=sum(split.population.inhabitants.values()), share=from_cents(split.total), pct=100))
        table(f"Verdeling {s} {year}", [("name", "Gemeente", "text"), ("inh", f"Inwoners {split.population.year}", "int"),
                                            ("pct", "Aandeel %", "dec")]
                  + [(o, ORG_LABELS[Organisation(o)], "euro") for o in orgs] + [("share", "Totaal aandeel", "euro")],
              srows, f"verdeling_{s.lower()}_{year}", notes)
        left, right = st.columns([1, 2], vertical_alignment="center")
        for c in [c for c in split.population.inhabitants if c in mine][:1] if len(mine) < 15 else []:
            left.metric(f"Aandeel {ov.names[c]}", eur(split.share(c)), border=True,
                        help=f"{split.population.inhabitants[c]:,} van {sum(split.population.inhabitants.values()):,} "
                        f"inwoners ({split.population.year})".replace(",", "."))
        with right:
            pie = pd.DataFrame([{"Gemeente": ov.names[c], "Aandeel": float(from_cents(split.share(c))),
                                 "Tekst": eur(split.share(c)), "Eigen": c in mine}
                                for c in split.population.inhabitants])
            if pie["Aandeel"].sum() > 0:
                big = pie.sort_values("Aandeel", ascending=False).iloc[0]
                common.chart(alt.Chart(pie).mark_arc(innerRadius=45).encode(
                    theta="Aandeel:Q", color=alt.Color("Gemeente:N", legend=alt.Legend(title=None)),
                    opacity=alt.condition(alt.datum.Eigen, alt.value(1.0), alt.value(0.55)),
                    tooltip=["Gemeente", alt.Tooltip("Tekst:N", title="Aandeel")]).properties(height=230),
                    f"Ringdiagram: aandeel per gemeente in de partnerkosten naar inwoners; grootste: {big['Gemeente']}, "
                    f"{big['Tekst']}. Alle aandelen staan in de tabel 'Verdeling' ernaast.")

# -- budget ---------------------------------------------------------------------------------------
with t_budget:
    st.subheader("Budget en prognose (incl. btw)")
    brows = [{"name": r.name, "budget": from_cents(r.budget.budget_cents) if r.budget.budget_cents is not None else None,
              "actual": from_cents(r.budget.actual_cents), "forecast": from_cents(r.budget.forecast_cents),
              "proc_fc": r.procedures_forecast,
              "status": ("prognose boven budget" if r.budget.forecast_over_budget else "binnen budget")
              if r.budget.budget_cents is not None else "geen budget"} for r in ov.rows]
    bdf = pd.DataFrame([{"Gemeente": b["name"], "Budget": float(b["budget"]) if b["budget"] is not None else None,
                         "Werkelijk": float(b["actual"]), "Prognose": float(b["forecast"]),
                         "Boven": b["status"] == "prognose boven budget"} for b in brows])
    if len(bdf):
        base = alt.Chart(bdf).encode(y=alt.Y("Gemeente:N", sort=[r.name for r in ov.rows], title=None,
                                             axis=alt.Axis(labelLimit=200)))
        xaxis = alt.Axis(format=",.0f", labelExpr=DUTCH)
        tips = ["Gemeente", alt.Tooltip("Budget:Q", format=",.2f"), alt.Tooltip("Werkelijk:Q", format=",.2f"),
                alt.Tooltip("Prognose:Q", format=",.2f")]
        fc = base.mark_bar(size=18).encode(x=alt.X("Prognose:Q", title="€ incl. btw", axis=xaxis), tooltip=tips,
                                           color=alt.condition(alt.datum.Boven, alt.value("#f28e2b"), alt.value("#c6dbef")))
        act = base.mark_bar(size=8, color="#1f77b4").encode(x="Werkelijk:Q", tooltip=tips)
        bud = base.mark_tick(thickness=3, size=26, color="#222").encode(x="Budget:Q", tooltip=tips)
        over = [b["name"] for b in brows if b["status"] == "prognose boven budget"]
        common.chart((fc + act + bud).properties(height=alt.Step(30)),
                     "Staafdiagram: per gemeente werkelijk tot nu, prognose jaareinde en budget (incl. btw); prognose "
                     f"boven budget: {', '.join(over) if over else 'geen gemeente'}. De bedragen staan in de tabel "
                     f"'Budget {year}' hieronder.")
        st.caption("Smalle blauwe balk: werkelijk tot nu · brede balk: prognose jaareinde (oranje = boven budget) · "
                   "zwart streepje: budget.")
    table(f"Budget {year}", [("name", "Gemeente", "text"), ("budget", "Budget", "euro"), ("actual", "Werkelijk tot nu", "euro"),
                             ("forecast", "Prognose jaareinde", "euro"), ("proc_fc", "Procedures verwacht (jaar)", "dec"),
                             ("status", "Stand", "text")], brows, f"budget_{year}", notes,
          height=36 * (len(brows) + 1) + 4)
    st.caption("Budgetpost 'casemanagement tijdelijk huisverbod'. Werkelijk = vaste kosten van het jaar (abonnementen, "
               "aansluitingen, partneraandeel) + procedures tot nu; prognose = vaste kosten + procedures in het huidige "
               "tempo tot het jaareinde.")

# -- tariffs and the reference --------------------------------------------------------------------
with t_tariff:
    st.subheader("Gebruikte tarieven")
    table(f"Tarieven {year}", [("label", "Tarief", "text"), ("amount", "Bedrag", "text"), ("src", "Vastgesteld voor jaar", "year"),
                               ("kind", "Soort", "text")],
          [{"label": t.kind.label, "amount": f"{pct_text(t.amount)} %" if t.kind == TariffKind.VAT else eur(t.cents),
            "src": t.source_year, "kind": "VOORBEELD" if t.is_example else "bekend (raadsvoorstel)"}
           for t in ov.tariffs.values()], f"tarieven_{year}", notes)

with t_ref:
    st.subheader("Vergelijking met het raadsvoorstel")
    ref_code = codes[0] if codes and len(codes) == 1 else (actor.municipality_code or None)
    if ref_code is None:
        ref_code = st.selectbox("Gemeente voor de vergelijking", scope.codes, format_func=names.get, key="kosten_ref",
                                index=scope.codes.index("GM0944") if "GM0944" in scope.codes else 0)
    comp = common.call(app.costs.cost_reference, actor, ref_code)
    if comp is None:
        st.caption(f"{names[ref_code]} heeft nog geen volledig jaar na de aansluiting; de vergelijking volgt.")
    else:
        r1, r2 = st.columns(2)
        r1.metric(f"Eerste jaar ({comp.first_year}) — {names[ref_code]}", eur(comp.computed_first),
                  delta=f"raadsvoorstel {eur(comp.reference_first)}", delta_color="off", delta_arrow="off", border=True)
        r2.metric(f"Jaarbedrag ({comp.following_year})", eur(comp.computed_following),
                  delta=f"raadsvoorstel {eur(comp.reference_following)}", delta_color="off", delta_arrow="off",
                  border=True)
        for line in comp.explanation(eur):
            st.markdown(f"- {line}")

with t_rec:
    rec = common.call(app.costs.cost_reconciliation, actor, year, codes)
    if rec is not None:
        show_reconciliation(rec, key=f"kosten_{year}")

# -- report ---------------------------------------------------------------------------------------
st.subheader("Kostenrapport" + (" (prognose)" if ov.forecast else ""))


def _make_report():
    pdf = common.call(app.costs.cost_report_pdf, actor, year, ss.get("savings_assumptions"), codes,
                      demo=common.settings().demo)
    if pdf:
        ss["kosten_pdf"] = (year, view, pdf)


st.button("Kostenrapport maken (PDF)", on_click=_make_report, key="kosten_make_pdf", icon=":material/picture_as_pdf:")
made = ss.get("kosten_pdf")
if made and made[0] == year and made[1] == view:
    st.download_button("Kostenrapport downloaden", made[2], file_name=f"kostenrapport-{year}.pdf",
                       mime="application/pdf", type="primary", on_click="ignore", key="kosten_dl_pdf")
