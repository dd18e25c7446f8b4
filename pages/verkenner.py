"""Statistiek verkennen (managers, beleidsadviseurs): anonymous figures, trends, charts, exports, SQL box.
Implements no article of the Wth: figures for policy, small cells protected (procedure.md 8; AVG).

Statistiek verkennen (managers, beleidsadviseurs): anonymous figures with filters, trends, charts and exports;
the read-only SQL box for the beleidsadviseur. All figures come protected from the service (small cells "< 5").
"""
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from procedure.domain.disclosure import LEGEND
from procedure.domain.statistics import (MEASURES, MEASURE_LABELS, PERIOD_MEASURES, Exploration, exploration_csv,
                                         exploration_xlsx, month_label, month_starts)
from ui import common, tables

F = "verkenner"
TXT = {
    "title": "Statistiek verkennen",
    "sub": "Risicotaxaties, huisverboden en wat volgt, per gemeente en in de tijd — zonder persoonsgegevens. "
           "Aantallen onder de 5 staan als '< 5'.",
    "nodata": "Er zijn nog geen gegevens om te tonen.",
    "all": "Alle",
    "sql_help": "Eén SELECT-query op v_case_anon en v_population (alleen lezen, hoogstens 1.000 rijen, 5 "
                "seconden en 512 MB werkgeheugen). Over v_case_anon geeft de SQL-box alleen tellingen per groep "
                "(GROUP BY of aggregaten, v_case_anon één keer in de FROM): hij telt per rij de zaken "
                "(_zaken_in_groep) en laat rijen van minder dan 5 zaken weg, zoals de verkenner. Toegestane "
                "aggregaten: count, count(*), sum, avg, min, max, median, stddev_samp, var_samp, elk over één kolom "
                "(DISTINCT mag; geen FILTER, geen OVER); een groep kiest u met WHERE en GROUP BY. De query draait in "
                "een apart proces op een aparte, anonieme kopie van deze twee views; elke query wordt vastgelegd in "
                "de auditlog (wie, wanneer, een controlegetal van de tekst en het aantal rijen).",
}
COUNTS_NOTE = ("Wat hier telt: alle zaken met een melding in de gekozen maanden (op de maand van de melding), "
               "ook risicotaxaties zonder huisverbod en eerdere, geanonimiseerde jaren; huisverboden = zaken met het "
               "besluit huisverbod. Geanonimiseerd, met afscherming van kleine aantallen — daarom kunnen deze cijfers "
               "afwijken van de exacte tellingen op Kosten (facturering) en Tijdsbesparing.")
PARTIAL_NOTE = ("Een onvolledig jaar staat met zijn maanden in de naam, bijv. '2026 (jan–okt)': de aantallen gelden "
                "alleen voor die maanden; 'per 10.000 inwoners per jaar' is omgerekend naar een heel jaar, zodat het "
                "met volledige jaren te vergelijken is.")
NL_AXIS = "replace(replace(replace(datum.label, ',', '_'), '.', ','), '_', '.')"   # 1,234.5 -> 1.234,5
ALL = "alle"          # "no filter" (a None option would show Streamlit's "Choose an option")
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state

opts = common.call(app.statistics.stats_options, actor)
if opts is None:
    st.stop()
if opts["month_min"] is None:
    st.info(TXT["nodata"])
    st.stop()


# ---- filters (kept in plain session keys: Streamlit forgets widget values when the page is left) -----------------
all_months = month_starts(opts["month_min"], opts["month_max"])
today = app.now().date()
last_full = max(opts["month_min"], min(opts["month_max"], date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)))
default_from = max(opts["month_min"], date(last_full.year - 4, 1, 1))
keep = ss.setdefault("vk_filters", {"from": default_from, "to": last_full, "sub": None, "munis": [],
                                    "outcome": None, "relation": None, "children": None, "signal": None,
                                    "by": "year"})
if keep["from"] not in all_months:
    keep["from"] = default_from
if keep["to"] not in all_months:
    keep["to"] = last_full


def widget(key: str, value):
    """Seed a widget's key from the kept filter the first time the page is drawn in this visit."""
    if "vkw_" + key not in ss:
        ss["vkw_" + key] = value
    return "vkw_" + key


muni_names = {m["code"]: m["name"] for m in opts["municipalities"]}
with st.container(border=True):
    c1, c2, c3 = st.columns(3)
    c1.selectbox("Van (maand)", all_months, format_func=month_label, key=widget("from", keep["from"]))
    c2.selectbox("Tot en met (maand)", all_months, format_func=month_label, key=widget("to", keep["to"]))
    c3.segmented_control("Indeling in de tijd", ["year", "month"], format_func={"year": "Per jaar",
                         "month": "Per maand"}.get, key=widget("by", keep["by"]), required=True)
    c1, c2 = st.columns([1, 2])
    if opts["locked"]:
        c1.selectbox("Subregio", [None], format_func=lambda _: "Uw gemeente", disabled=True, key="vkw_sub_locked")
        c2.multiselect("Gemeenten", list(muni_names), default=list(muni_names), format_func=muni_names.get,
                       disabled=True, key="vkw_munis_locked")
    else:
        c1.selectbox("Subregio", [ALL] + opts["subregions"], format_func=lambda s: "Hele regio" if s == ALL else s,
                     key=widget("sub", keep["sub"] or ALL))
        c2.multiselect("Gemeenten (leeg = alle in de subregio of regio)", list(muni_names),
                       format_func=muni_names.get, key=widget("munis", keep["munis"]),
                       placeholder="Alle gemeenten")
    c1, c2, c3, c4 = st.columns(4)
    c1.selectbox("Uitkomst", [ALL] + list(opts["outcomes"]), format_func=lambda k: opts["outcomes"].get(k, TXT["all"]),
                 key=widget("outcome", keep["outcome"] or ALL))
    c2.selectbox("Relatie bedreigde persoon", [ALL] + list(opts["relations"]),
                 format_func=lambda k: opts["relations"].get(k, TXT["all"]), key=widget("relation", keep["relation"] or ALL))
    c3.selectbox("Kinderen aanwezig", [ALL, "ja", "nee"], format_func={ALL: TXT["all"], "ja": "Ja", "nee": "Nee"}.get,
                 key=widget("children", {True: "ja", False: "nee"}.get(keep["children"], ALL)))
    c4.selectbox("RiHG-signaal rood", [ALL] + list(opts["signals"]),
                 format_func=lambda k: opts["signals"].get(k, TXT["all"]), key=widget("signal", keep["signal"] or ALL))

for k in ("from", "to", "by", "outcome", "relation", "children", "signal") + (() if opts["locked"] else ("sub", "munis")):
    v = ss.get("vkw_" + k, keep[k])
    keep[k] = None if v == ALL else {"ja": True, "nee": False}.get(v, v) if k == "children" else v
filters = {"month_from": keep["from"], "month_to": keep["to"], "by": keep["by"] or "year",
           "subregion": None if opts["locked"] else keep["sub"],
           "municipalities": [] if opts["locked"] else list(keep["munis"] or []),
           "outcome": keep["outcome"], "relation": keep["relation"], "children": keep["children"],
           "signal": keep["signal"]}
ex: Exploration | None = common.call(app.statistics.explore, actor, filters, form=F, read=True)
if ex is None:
    # the filters are drawn before the call: show what is wrong right under them, once (not also as a flash)
    field_msgs = list(ss.get("errors", {}).get(F, {}).values())
    for msg in field_msgs:
        st.error(msg, icon=":material/error:")
    ss["flash"] = [f for f in ss.get("flash", []) if not field_msgs or f[1] != "Controleer de filters."]
    common.show_flash()
    st.stop()

# ---- headline figures ---------------------------------------------------------------------------------------------
t = ex.total
st.markdown(f"**Selectie:** {common.escape_md(ex.description)}")
k1, k2, k3, k4, k5 = st.columns(5)
k1.metric("Huisverboden", t.counts["huisverboden"].shown)
k2.metric("Per 10.000 inwoners per jaar", t.extra["rate"].shown)
k3.metric("Verlengd", t.extra["pct_verlengd"].shown)
k4.metric("Ingetrokken", t.extra["pct_ingetrokken"].shown)
k5.metric("Zonder huisverbod", t.extra["pct_geen"].shown, help="Aandeel risicotaxaties zonder huisverbod")
st.caption(COUNTS_NOTE + " " + LEGEND + " " + ex.population_note + f" Aandeel synthetische (demo)gegevens: {ex.synthetic_share.shown}.")
if ex.source_note:          # PostgreSQL: the analytics copy of this app server, and of when (store/analytics.py)
    st.caption(ex.source_note)


def chart_frame(rows, value_key: str, label_key: str = "label") -> pd.DataFrame:
    """Plot values; suppressed ones are not drawn, a text label ('< 5', 'x', '–') marks them instead."""
    recs = []
    for i, r in enumerate(rows):
        f = r.extra[value_key] if hasattr(r, "extra") and value_key in r.extra else r.counts[value_key]
        text = f.shown
        if f.value is None and hasattr(r, "counts") and r.counts["huisverboden"].suppressed:
            text = r.counts["huisverboden"].shown         # say why: "< 5" or "x", not just "–"
        recs.append({"order": i, "label": getattr(r, label_key), "waarde": f.value, "tekst": text,
                     "afgeschermd": f.value is None})
    return pd.DataFrame(recs)


def suppressed_counts_note(rows, measure: str) -> str:
    return ", ".join(f"{r.label}: {r.counts[measure].shown}" for r in rows if r.counts[measure].suppressed)


#: readable headers at 1366 px: the long ones get room, short numbers stay narrow
tabs = ["Trend", "Per gemeente", "RiHG en advies", "Voor wie", "Doorlooptijden", "Exporteren"]
if opts["sql"]:
    tabs.append("SQL (gevorderd)")
tab = st.tabs(tabs)

# ---- trend --------------------------------------------------------------------------------------------------------
with tab[0]:
    df = chart_frame(ex.periods, "rate")
    df["deel"] = df["label"].str.contains("(", regex=False) & (ex.by == "year")      # an incomplete year
    sort = list(df["label"])
    base = alt.Chart(df).encode(x=alt.X("label:N", sort=sort, title=None, axis=alt.Axis(labelAngle=-45)))
    line = base.transform_filter("datum.waarde != null").mark_line(point=True).encode(
        y=alt.Y("waarde:Q", title="per 10.000 inwoners per jaar",
                axis=alt.Axis(format=",.1f", labelExpr=NL_AXIS)),
        tooltip=[alt.Tooltip("label:N", title="Periode"), alt.Tooltip("tekst:N", title="Per 10.000")])
    marks = base.transform_filter("datum.waarde == null").mark_text(dy=-6, color="#888").encode(
        y=alt.datum(0), text="tekst:N")
    if df["deel"].any():    # an incomplete year gets a hollow point and a label, so it is not read as a whole one
        line = line + base.transform_filter("datum.waarde != null && datum.deel").mark_point(
            size=140, filled=True, color="white", stroke="#1f77b4", strokeWidth=2).encode(y="waarde:Q") + \
            base.transform_filter("datum.waarde != null && datum.deel").mark_text(dy=-14, dx=8, align="right", color="#555").encode(
                y="waarde:Q", text=alt.value("onvolledig jaar"))
    st.markdown("**Huisverboden per 10.000 inwoners** (per jaar gerekend)")
    if any("(" in r.label for r in ex.periods) and ex.by == "year":
        st.caption(PARTIAL_NOTE)
    common.chart((line + marks).properties(height=300),
                 "Lijndiagram: huisverboden per 10.000 inwoners per jaar, per periode. De cijfers staan in de tabel "
                 "hieronder (kolom 'Per 10.000 per jaar').")
    share = []
    for r in ex.periods:
        for key, name in (("pct_verlengd", "Verlengd"), ("pct_ingetrokken", "Ingetrokken")):
            share.append({"label": r.label, "reeks": name, "waarde": r.extra[key].value, "tekst": r.extra[key].shown})
    sdf = pd.DataFrame(share)
    st.markdown("**Verlengd en ingetrokken** (% van de huisverboden)")
    common.chart(alt.Chart(sdf).transform_filter("datum.waarde != null").mark_line(point=True).encode(
        x=alt.X("label:N", sort=sort, title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("waarde:Q", title="% van de huisverboden", axis=alt.Axis(format=",.0f", labelExpr=NL_AXIS)), color=alt.Color("reeks:N", title=None),
        tooltip=["label:N", "reeks:N", "tekst:N"]).properties(height=240),
        "Lijndiagram: percentage verlengde en ingetrokken huisverboden per periode. De cijfers staan in de tabel "
        "hieronder (kolommen '% verlengd' en '% ingetrokken').")
    note = suppressed_counts_note(ex.periods, "huisverboden")
    if note:
        st.caption("Niet getekend (afgeschermd): " + note)
    table = pd.DataFrame([{"Periode": r.label, **{MEASURE_LABELS[m]: r.counts[m].shown for m in PERIOD_MEASURES},
                           "Per 10.000 per jaar": r.extra["rate"].shown, "% verlengd": r.extra["pct_verlengd"].shown,
                           "% ingetrokken": r.extra["pct_ingetrokken"].shown} for r in ex.periods + [ex.total]])
    tables.table(table)
    st.caption(PARTIAL_NOTE if ex.by == "year" else "Per 10.000 inwoners per jaar: de maand omgerekend naar een "
               "heel jaar.")

# ---- per municipality -----------------------------------------------------------------------------------------------
with tab[1]:
    rows = ex.municipalities + ex.subregions
    df = chart_frame(rows, "rate")
    order = list(df["label"])
    base = alt.Chart(df).encode(y=alt.Y("label:N", sort=order, title=None,
                                        axis=alt.Axis(labelOverlap=False, labelLimit=220)))
    bars = base.transform_filter("datum.waarde != null").mark_bar().encode(
        x=alt.X("waarde:Q", title="Huisverboden per 10.000 inwoners per jaar",
                axis=alt.Axis(format=",.1f", labelExpr=NL_AXIS)),
        tooltip=[alt.Tooltip("label:N", title="Gebied"), alt.Tooltip("tekst:N", title="Per 10.000")])
    marks = base.transform_filter("datum.waarde == null").mark_text(align="left", dx=3, color="#888").encode(
        x=alt.datum(0), text="tekst:N")
    st.markdown("**Huisverboden per 10.000 inwoners per jaar, per gemeente**")
    common.chart((bars + marks).properties(height=max(160, 30 * len(rows))),
                 "Staafdiagram: huisverboden per 10.000 inwoners per jaar, per gemeente en subregio. De cijfers staan "
                 "in de tabel hieronder (kolom 'Per 10.000 per jaar').")
    table = pd.DataFrame([{"Gebied": r.label, **{MEASURE_LABELS[m]: r.counts[m].shown for m in MEASURES},
                           "Per 10.000 per jaar": r.extra["rate"].shown, "% zonder huisverbod": r.extra["pct_geen"].shown,
                           "% verlengd": r.extra["pct_verlengd"].shown,
                           "% ingetrokken": r.extra["pct_ingetrokken"].shown,
                           "Mediaan melding → ondertekening": r.extra["median_hours"].shown}
                          for r in rows + [ex.total]])
    tables.table(table)

# ---- RiHG and advice ------------------------------------------------------------------------------------------------
with tab[2]:
    sig = pd.DataFrame([{"signaal": s["code"], "omschrijving": s["label"], "waarde": s["pct"].value,
                         "tekst": s["pct"].shown if not s["pct"].value is None else s["red"].shown}
                        for s in ex.signals])
    base = alt.Chart(sig).encode(y=alt.Y("signaal:N", sort=list(sig["signaal"]), title=None,
                                         axis=alt.Axis(labelOverlap=False)))
    bars = base.transform_filter("datum.waarde != null").mark_bar(color="#c0392b").encode(
        x=alt.X("waarde:Q", title="% van de risicotaxaties met dit signaal rood",
                axis=alt.Axis(format=",.0f", labelExpr=NL_AXIS)),
        tooltip=["signaal:N", "omschrijving:N", "tekst:N"])
    marks = base.transform_filter("datum.waarde == null").mark_text(align="left", dx=3, color="#888").encode(
        x=alt.datum(0), text="tekst:N")
    st.markdown("**Hoe vaak is elk RiHG-signaal rood?** (% van de risicotaxaties)")
    reddest = sig.dropna(subset=["waarde"]).sort_values("waarde", ascending=False).head(3)
    common.chart((bars + marks).properties(height=20 * len(sig) + 40),
                 "Staafdiagram: per RiHG-signaal het percentage risicotaxaties waarin het rood is"
                 + ("; het vaakst rood: " + ", ".join(f"{r.signaal} ({r.tekst})" for r in reddest.itertuples())
                    if len(reddest) else "") + ".")
    st.markdown("**Advies (RiHG: twee of meer rode signalen in één deel) en besluit**")
    tables.table(pd.DataFrame([{"Advies": a["label"], "Huisverbod": a["huisverbod"].shown,
                                "Geen huisverbod": a["geen"].shown, "Totaal": a["totaal"].shown} for a in ex.advice]))
    tables.table(pd.DataFrame([{"Signaal": s["code"], "Omschrijving": s["label"], "Aantal rood": s["red"].shown,
                                "% rood": s["pct"].shown} for s in ex.signals]))

# ---- for whom -------------------------------------------------------------------------------------------------------
with tab[3]:
    cols = st.columns([4, 3, 3][:len(ex.who)])
    for col, (dim, items) in zip(cols, ex.who.items()):
        with col:
            st.markdown(f"**{dim}**")
            tables.table(pd.DataFrame([{"Groep": w["label"], "Huisverboden": w["n"].shown, "%": w["pct"].shown}
                                       for w in items]))
    st.caption("Herhaling: een nieuw huisverbod voor dezelfde persoon binnen 12 maanden na het vorige — zie de kolom "
               "'Herhaling binnen 12 maanden' onder Trend en Per gemeente.")

# ---- durations ------------------------------------------------------------------------------------------------------
with tab[4]:
    tables.table(pd.DataFrame([{"Maat": k, "Waarde": v.shown} for k, v in ex.durations.items()]))
    st.caption("Tijd van de melding tot de ondertekening van de beschikking; medianen alleen bij 5 of meer zaken.")

# ---- export ---------------------------------------------------------------------------------------------------------
with tab[5]:
    st.markdown("De export bevat precies de tabellen hierboven, met dezelfde afscherming ('< 5' en 'x').")
    stamp = f"{filters['month_from']:%Y%m}-{filters['month_to']:%Y%m}"
    c1, c2 = st.columns(2)
    c1.download_button("CSV downloaden", exploration_csv(ex), file_name=f"huisverboden-statistiek-{stamp}.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:")
    c2.download_button("Excel (XLSX) downloaden", exploration_xlsx(ex), file_name=f"huisverboden-statistiek-{stamp}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
                       icon=":material/table_view:")

# ---- SQL box (beleidsadviseur) --------------------------------------------------------------------------------------
if opts["sql"]:
    with tab[6]:
        st.caption(TXT["sql_help"])
        schema = common.call(app.sql_box.sql_schema, actor) or []
        with st.expander("Kolommen van de views (uit het databaseschema)", icon=":material/table_chart:"):
            for view in sorted({c["view"] for c in schema}):
                st.markdown(f"**{view}** — " + ("één rij per zaak, zonder persoonsgegevens" if view == "v_case_anon"
                                                 else "inwoners per gemeente en peiljaar (CBS)"))
                tables.table(pd.DataFrame([{"Kolom": c["column"], "Type": c["type"], "Omschrijving": c["description"]}
                                           for c in schema if c["view"] == view]))
        ss.setdefault("vk_sql", "SELECT melding_year, subregion, extended AS verlengd, count(*) AS huisverboden,\n"
                                "       median(order_days) AS mediaan_dagen\nFROM v_case_anon\nWHERE decision_huisverbod\n"
                                "GROUP BY ALL\nORDER BY ALL")

        def _run() -> None:
            ss["vk_sql_result"] = common.call(app.sql_box.run_sql, actor, ss.get("vk_sql", ""), form="sql")
            shown_at_field = set(ss.get("errors", {}).get("sql", {}).values())
            # the refusal is shown under the query box; not a second time at the top of the page
            ss["flash"] = [f for f in ss.get("flash", []) if f[1] not in shown_at_field]

        st.text_area("Query", key="vk_sql", height=160, max_chars=10_000)
        common.field_error("sql", "sql")
        st.button("Uitvoeren", on_click=_run, type="primary")
        res = ss.get("vk_sql_result")
        if res:
            if res.get("snapshot_at"):
                st.caption(f"Stand van de anonieme kopie: {common.dt(res['snapshot_at'])} (ververst na wijzigingen, "
                           "hoogstens eens per 15 seconden).")
            if res["truncated"]:
                st.warning(f"Alleen de eerste {len(res['rows'])} rijen worden getoond.")
            if res.get("suppressed"):
                st.info(f"{res['suppressed']} rij(en) niet getoond: die staan voor minder dan 5 zaken (zoals in de "
                        "verkenner). De kolom _zaken_in_groep telt per rij de zaken.", icon=":material/visibility_off:")
            tables.table(pd.DataFrame(res["rows"], columns=res["columns"]))
