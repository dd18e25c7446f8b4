"""Zaken: the cases in the user's scope, with a state filter."""
import pandas as pd
import streamlit as st

from procedure.states import CaseState
from ui import common

TXT = {"title": "Zaken", "sub": "Alle zaken in uw werkgebied.", "filter": "Status", "open": "Zaak openen",
       "none": "Geen zaken gevonden.", "pick": "Kies een zaak"}

common.header(TXT["title"], TXT["sub"])
actor = common.actor()
rows = common.call(common.service().list_cases, actor) or []
states = sorted({r["effective_state"] for r in rows}, key=lambda s: list(CaseState).index(s))
# Filters live in a plain session key so they survive leaving the page (design.md, pitfalls).
chosen = st.multiselect(TXT["filter"], states, default=[s for s in st.session_state.get("zaken_filter", [])
                                                       if s in states], format_func=lambda s: s.label, placeholder="Alle statussen")
st.session_state["zaken_filter"] = chosen
shown = [r for r in rows if not chosen or r["effective_state"] in chosen]
if not shown:
    st.info(TXT["none"])
else:
    df = pd.DataFrame([{
        "Zaak": r["id"], "Status": r["status_label"], "Gemeente": r["municipality_name"],
        "Betrokkene": f"{r['person_given_names'] or ''} {r['person_surname'] or ''}".strip(),
        "Aangemaakt": common.dt(r["created_at"]), "Einde huisverbod": common.dt(r["end_at"])} for r in shown])
    st.dataframe(df, hide_index=True, width="stretch")
    case_id = common.case_picker(TXT["pick"], shown, key="zaken_pick")
    if st.button(TXT["open"], type="primary"):
        common.open_case(case_id)
