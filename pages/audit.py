"""Auditlog (beheerder): every change and every opening of a case file, filtered, with CSV / Excel export.
Implements the accountability of art. 10 Wth and the AVG: who did what to which case, not what it is about.

Auditlog (beheerder): every change and every opening of a case file, filtered, with CSV / Excel export.
Free text of case rows is not shown (the beheerder sees who did what to which case, not what the case is
about); viewing and exporting are audited themselves.
"""
from datetime import timedelta

import pandas as pd
import streamlit as st

from procedure.domain.roles import Role
from procedure.domain.states import CaseState
from ui import common, tables

F = "audit"
TXT = {"title": "Auditlog", "sub": "Wie deed wat, wanneer, in welke zaak — elke wijziging en elke inzage."}
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state
# Filters live in plain session keys so they survive leaving the page (design.md, pitfalls).
flt = ss.setdefault("_audit_filters", {"username": "", "action": "", "case_id": "", "role": "",
                                       "date_from": app.now().date() - timedelta(days=30), "date_to": None})
actions = common.call(app.audit_viewer.audit_actions, actor) or {}

KEYS = {"username": "au_user", "action": "au_action", "case_id": "au_case", "role": "au_role",
        "date_from": "au_from", "date_to": "au_to"}
for field, key in KEYS.items():       # widgets forget their value when the page is left: restore it
    if key not in ss:
        ss[key] = flt[field]
with st.container(border=True):
    c1, c2, c3 = st.columns(3)
    c1.text_input("Gebruiker", key="au_user", placeholder="bijv. hovj.noord", max_chars=40)
    act_opts = [""] + sorted(actions, key=lambda a: actions[a])
    if ss["au_action"] not in act_opts:
        ss["au_action"] = ""
    c2.selectbox("Handeling", act_opts, key="au_action", format_func=lambda a: actions.get(a, "Alle handelingen"))
    c3.text_input("Zaak", key="au_case", placeholder="bijv. HV-2026-00012", max_chars=30)
    c1, c2, c3 = st.columns(3)
    c1.selectbox("Rol", [""] + [r.value for r in Role], key="au_role",
                 format_func=lambda r: Role(r).label if r else "Alle rollen")
    c2.date_input("Vanaf", key="au_from", format="DD-MM-YYYY")
    c3.date_input("Tot en met", key="au_to", format="DD-MM-YYYY")
    common.field_error(F, "date_to")
for field, key in KEYS.items():
    flt[field] = ss.get(key)

rows = common.call(app.audit_viewer.audit_log, actor, **flt, form=F, read=True)
if rows is None:
    st.stop()
st.caption(f"{rows.range_text()} regels (nieuwste eerst, hoogstens 2000 op het scherm; verfijn de filters voor de "
           "rest). Tijden in Nederlandse tijd. Bij zaakregels staat geen vrije tekst: die hoort bij het dossier, niet bij het beheer.")
labels = {r.value: r.label for r in Role}
states = {c.value: c.label for c in CaseState}
tables.table(pd.DataFrame([{"Tijdstip": common.dt(r["occurred_at"]), "Gebruiker": r["username"],
                            "Rol": labels.get(r["role"], r["role"]), "Handeling": r["action_label"],
                            "Zaak": r["case_id"] or "", "Status": (f"{states.get(r['old_state'], r['old_state'] or '—')} → "
                                                                   f"{states.get(r['new_state'], r['new_state'])}"
                                                                   if r["new_state"] else ""),
                            "Toelichting": r["detail"] or ""} for r in rows]))

st.markdown("#### Exporteren")
st.caption("De export bevat dezelfde regels als hierboven en wordt zelf ook in de auditlog vastgelegd.")
c1, c2 = st.columns(2)
for col, fmt, label in ((c1, "csv", "CSV maken"), (c2, "xlsx", "Excel maken")):
    if col.button(label, key=f"audit_make_{fmt}"):
        out = common.call(app.audit_viewer.audit_export, actor, fmt, **flt)
        if out:
            ss[f"_audit_export_{fmt}"] = out
    if ss.get(f"_audit_export_{fmt}"):
        name, data, mime = ss[f"_audit_export_{fmt}"]
        col.download_button(f"Download {name}", data=data, file_name=name, mime=mime, key=f"audit_dl_{fmt}",
                            on_click="ignore")
