"""Overzicht for managers and policy advisors: counts per municipality and state, no personal data."""
import pandas as pd
import streamlit as st

from ui import common

TXT = {"title": "Overzicht", "sub": "Aantallen zaken per gemeente en status, zonder persoonsgegevens. "
       "Aantallen onder de 5 worden voor beleidsadviseurs als '< 5' getoond."}
svc = common.service()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
rows = common.call(svc.statistics, actor) or []
if not rows:
    st.info("Nog geen zaken.")
    st.stop()
df = pd.DataFrame([{"Gemeente": r["municipality"], "Subregio": r["subregion"], "Status": r["state_label"],
                    "Aantal": r["n_shown"]} for r in rows])
table = df.pivot_table(index=["Subregio", "Gemeente"], columns="Status", values="Aantal", aggfunc="first",
                       fill_value="0")
st.dataframe(table, width="stretch")
if actor.role.value == "manager":
    chart = pd.DataFrame([{"Gemeente": r["municipality"], "Status": r["state_label"], "Aantal": r["n"]} for r in rows])
    st.bar_chart(chart, x="Gemeente", y="Aantal", color="Status", horizontal=True)
