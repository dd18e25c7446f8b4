"""Gebruikers (beheerder): the accounts of this installation (no password hashes shown)."""
import pandas as pd
import streamlit as st

from procedure.roles import Role
from ui import common

common.header("Gebruikers", "Accounts, rollen en werkgebied.")
actor = common.actor()
rows = common.call(common.service().users, actor) or []
names = {m["code"]: m["name"] for m in common.service().municipalities_all()}
st.dataframe(pd.DataFrame([{"Gebruiker": u["username"], "Naam": u["name"], "Rol": Role(u["role"]).label,
                            "Gemeente": names.get(u["municipality_code"], ""), "Subregio": u["subregion"] or "",
                            "Actief": "ja" if u["active"] else "nee", "Demo": "ja" if u["is_demo"] else "nee"}
                           for u in rows]), hide_index=True, width="stretch")
