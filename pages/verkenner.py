"""Statistiek verkennen (placeholder until its issue lands)."""
import streamlit as st

from ui import common

common.header("Statistiek verkennen", "Deze pagina is nog in aanbouw.")
st.info("Nog niet beschikbaar.")
