"""Zaken: cases in scope, state filter, search (number, name, address, postcode), sort, a row opens its case.
Implements the scope of art. 2 and 3 Wth (own municipality or sub-region); the total is always shown.

Zaken: the cases in the user's scope, with a state filter, search, sort and pages (one page of 50 at a time,
the total always shown: "1–50 van 1.667").
"""
from urllib.parse import quote

import pandas as pd
import streamlit as st

from procedure.domain.states import CaseState
from ui import common, tables

TXT = {"title": "Zaken", "sub": "Alle zaken in uw werkgebied.", "filter": "Status", "open": "Zaak openen",
       "none": "Geen zaken gevonden.", "pick": "Kies een zaak",
       "row": "Vink een rij aan (met de muis, of met de pijltjes en de spatiebalk) om die zaak te openen, of kies "
              "hieronder een zaak.",
       "row_phone": "Tik op een zaaknummer om die zaak te openen, of kies hieronder een zaak."}

common.header(TXT["title"], TXT["sub"])
actor = common.actor()
app = common.app()
ss = st.session_state
# Filters live in a plain session key so they survive leaving the page (design.md, pitfalls).
states = list(CaseState)
chosen = st.multiselect(TXT["filter"], states, default=[s for s in ss.get("zaken_filter", []) if s in states],
                        format_func=lambda s: s.label, placeholder="Alle statussen")
if chosen != ss.get("zaken_filter", []):
    ss["zaken_list_page"] = 0
ss["zaken_filter"] = chosen
rows = common.paged(lambda a, **kw: app.lists.list_cases(a, [s.value for s in chosen] or None, **kw), actor,
                    key="zaken_list", sort="nieuw", always_search=True)
if not rows:
    st.info(TXT["none"])
else:
    df = pd.DataFrame([{
        "Zaak": r["id"], "Status": r["status_label"], "Gemeente": r["municipality_name"],
        "Betrokkene": f"{r['person_given_names'] or ''} {r['person_surname'] or ''}".strip(),
        "Aangemaakt": common.dt(r["created_at"]), "Einde huisverbod": common.dt(r["end_at"])} for r in rows])
    # a row opens its case (tick the row's box, or Space on it with the keyboard). Every column as wide as its
    # longest text on this page (the grid sizes columns on its first rows only and cut "Ondertekend, nog niet ui…").
    with st.container(key="wth_wide_zaken"):
        picked = st.dataframe(df, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                              key="zaken_table", column_config=tables.grid_widths(df),
                              height=tables.grid_height(df))
        st.caption(TXT["row"])
    if picked and picked.selection.rows:
        common.open_case(df.iloc[picked.selection.rows[0]]["Zaak"])
    # on a phone the grid can't show six columns: one card per case, its number opens the Zaakdossier
    with st.container(key="wth_narrow_zaken"):
        tables.table(df, links={"Zaak": lambda v: "zaak?zaak=" + quote(str(v))})
        st.caption(TXT["row_phone"])
    case_id = common.case_picker(TXT["pick"], rows, key="zaken_pick")
    if st.button(TXT["open"], type="primary"):
        common.open_case(case_id)
