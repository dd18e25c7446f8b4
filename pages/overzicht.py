"""Overzicht for managers and policy advisors: the last 12 complete months, per municipality and state.
Implements no article of the Wth: anonymous figures without personal data (procedure.md 8).

Overzicht for managers and policy advisors: a short summary of the last 12 complete months and the number of
cases per municipality and state, without personal data; the explorer has the details. For managers (who see
exact counts on Kosten) also how this page's figures, Kosten's and Tijdsbesparing's add up for one year (issue 17).
"""
from datetime import date

import pandas as pd
import streamlit as st

from procedure.domain.disclosure import LEGEND
from procedure.domain.roles import Action, may
from procedure.domain.statistics import month_label
from ui import common, tables
from ui.reconcile_ui import pick_year_and_scope, show_reconciliation

TXT = {"title": "Overzicht", "sub": "Kerncijfers van de laatste 12 volle maanden en het aantal zaken per gemeente en "
       "status, zonder persoonsgegevens. Aantallen onder de 5 staan als '< 5'.",
       "more": "Statistiek verkennen: trends, per gemeente, RiHG-signalen, export"}
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])

opts = common.call(app.statistics.stats_options, actor)
if opts is None:
    st.stop()
if opts["month_max"] is None:
    st.info("Nog geen zaken.")
    st.stop()
today = common.app().now().date()
last = date(today.year, today.month, 1)
last = date(last.year - 1, 12, 1) if last.month == 1 else date(last.year, last.month - 1, 1)   # last full month
first = date(last.year - 1, last.month, 1)
first = date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)
ex = common.call(app.statistics.explore, actor, {"month_from": first, "month_to": last, "by": "year"})
if ex is not None:
    t = ex.total
    st.markdown(f"**{common.escape_md(ex.description)}**")
    c = st.columns(5)
    c[0].metric("Risicotaxaties", t.counts["beoordelingen"].shown)
    c[1].metric("Huisverboden", t.counts["huisverboden"].shown)
    c[2].metric("Per 10.000 inwoners", t.extra["rate"].shown)
    c[3].metric("Verlengd", t.extra["pct_verlengd"].shown)
    c[4].metric("Zonder huisverbod", t.extra["pct_geen"].shown)
    st.caption(f"Wat hier telt: alle zaken met een melding van {month_label(first)} tot en met {month_label(last)} "
               "(de laatste 12 volle maanden, op de maand van de melding), ook risicotaxaties zonder huisverbod; "
               "huisverboden = zaken met het besluit huisverbod. Geanonimiseerd, met afscherming van kleine aantallen. "
               "Kosten (procedures per kalenderjaar, voor de facturering) en Tijdsbesparing (ondertekende "
               "huisverboden per kalenderjaar) tellen exact en over een andere periode. " + LEGEND)
st.page_link("pages/verkenner.py", label=TXT["more"], icon=":material/query_stats:")

st.subheader("Zaken per gemeente en status (alle jaren)")
rows = common.call(app.statistics.statistics, actor) or []
if rows:
    df = pd.DataFrame([{"Subregio": r["subregion"], "Gemeente": r["municipality"], "Status": r["state_label"],
                        "Aantal": r["n_shown"]} for r in rows])
    table = df.pivot_table(index=["Subregio", "Gemeente"], columns="Status", values="Aantal", aggfunc="first",
                           fill_value="< 5")
    tables.table(table, index=True)
    st.caption("Een lege combinatie (0) staat ook als '< 5'. Geen totalen, zodat niets kan worden teruggerekend.")

# -- how this page's figures, Kosten's and Tijdsbesparing's add up (managers: exact counts of their own scope) ------
if may(actor, Action.VIEW_COSTS):
    st.subheader("Hoe de cijfers aansluiten", help="Overzicht, Kosten en Tijdsbesparing tellen verschillende dingen "
                 "over verschillende perioden; hier staan ze voor één jaar naast elkaar.")
    scope = common.call(app.costs.cost_scope, actor)
    years = common.call(app.costs.cost_years, actor) or []
    if scope is not None and years:
        year, codes = pick_year_and_scope(scope, years, "ov_rec", "Gemeente of regio")
        rec = common.call(app.costs.cost_reconciliation, actor, year, codes)
        if rec is not None:
            show_reconciliation(rec, key=f"overzicht_{year}", heading=False)
