"""Beroep: appeals and voorlopige voorzieningen per decision, each with its own term; the court's outcome.
Implements art. 6 Wth (hearing within 3 days) and art. 6:7 Awb (six weeks per decision); R06.

Beroep: appeals and requests for a voorlopige voorziening per decision, each decision with its own
6-week term; hearing within 3 days; court outcome (editable, also after the order ended: R06).
"""
from datetime import datetime

import pandas as pd
import streamlit as st

from procedure.domain.appeals import APPEAL_KINDS, APPEAL_OUTCOMES, decision_label
from procedure.domain.case import local_time_default
from procedure.domain.deadlines import AMS
from ui import common, drafts
from ui.moment import moment_input, moment_value

F = "beroep"
TXT = {"title": "Beroep", "sub": "Beroep en voorlopige voorziening per besluit (oplegging, verlenging, intrekking).",
       "none": "Er zijn geen opgelegde huisverboden in uw gemeente.", "pick": "Zaak",
       "terms": "Besluiten en beroepstermijnen", "new": "Beroep of verzoek registreren", "list": "Ingediend"}
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state
rows = common.paged(app.lists.imposed_cases, actor, key="ber_list", noun="opgelegde huisverboden")
if not rows:
    st.info(TXT["none"])
    st.stop()
case_id = common.case_picker(TXT["pick"], rows, key="ber_pick")
p = f"br_{case_id}_"
drafts.keep(f"beroep:{case_id}", p, skip=("_save", "_od", "_out", "_dk"), ignore={p + "kind", p + "fd", p + "ft"})
view = common.call(app.case_file.get_case, actor, case_id)
if view is None:
    st.stop()
st.markdown(f"**Status:** {common.escape_md(view.status_label)}")

st.markdown(f"#### {TXT['terms']}")
decisions = common.call(app.appeals.decisions_made_known, actor, case_id) or []
if decisions:
    st.dataframe(pd.DataFrame([{"Besluit": d["label"],
                                "Bekendgemaakt": common.dt(d["made_known_at"]),
                                "Beroepstermijn tot en met": d["term_end"].strftime("%d-%m-%Y")} for d in decisions]),
                 hide_index=True, width="stretch")
    st.caption("Zes weken vanaf de dag na de bekendmaking (art. 6:7 en 6:8 Awb); elk besluit heeft een eigen termijn.")

with st.container(border=True):
    st.markdown(f"#### {TXT['new']}")
    kinds = list(dict.fromkeys(d["decision_kind"] for d in decisions))   # in the order they were taken
    st.selectbox("Tegen welk besluit", kinds, format_func=decision_label, key=p + "dk")
    st.radio("Soort", list(APPEAL_KINDS), format_func=APPEAL_KINDS.get, key=p + "kind", horizontal=True)
    d0, t0 = local_time_default(app.now())
    moment_input(p + "fd", p + "ft", label_date="Ontvangen op", default_date=d0, default_time=t0)
    for f in ("decision_kind", "kind", "filed_at"):
        common.field_error(F, f)

    def _register():
        at = moment_value(p + "fd", p + "ft", form=F, field="filed_at", label="Moment van ontvangst")
        if at is None:
            return
        if common.call(app.appeals.register_appeal, actor, case_id, decision_kind=ss.get(p + "dk") or "",
                       kind=ss.get(p + "kind") or "", filed_at=at, form=F):
            drafts.done(f"beroep:{case_id}")
            common.flash("success", "Geregistreerd.")
    st.button("Registreren", type="primary", on_click=_register)

st.markdown(f"#### {TXT['list']}")
appeals = common.call(app.appeals.appeals, actor, case_id) or []
if not appeals:
    st.caption("Geen beroep of verzoek geregistreerd.")
for a in appeals:
    with st.container(border=True):
        status = (":orange-badge[loopt]" if a["pending"] else f":green-badge[{APPEAL_OUTCOMES[a['outcome']]}]")
        st.markdown(f"**{APPEAL_KINDS[a['kind']]}** tegen {decision_label(a['decision_kind']).lower()} · ingediend "
                    f"{common.dt(a['filed_at'])} {status}"
                    + (f"  \nZitting uiterlijk: {common.dt(a['hearing_deadline'])} (art. 6 Wth)" if a["hearing_deadline"]
                       else "")
                    + (f"  \nSchadevergoeding: {common.euro(a['damages_amount'])}"
                       if a["damages_amount"] is not None else ""))
        q = f"{p}a{a['id']}_"
        st.selectbox("Uitspraak", list(APPEAL_OUTCOMES), format_func=APPEAL_OUTCOMES.get, key=q + "out",
                     index=list(APPEAL_OUTCOMES).index(a["outcome"]) if a["outcome"] else None, placeholder="Kies")
        c1, c2 = st.columns(2)
        c1.date_input("Datum uitspraak", value=d0, key=q + "od", format="DD-MM-YYYY")
        c2.text_input("Bedrag schadevergoeding (euro)", key=q + "amt", placeholder="bijv. 1250,00")
        st.text_input("Toelichting", key=q + "note", max_chars=2000)
        for f in ("outcome", "damages_amount"):
            common.field_error(f"{F}_{a['id']}", f)

        def _outcome(a=a, q=q):
            at = datetime.combine(ss[q + "od"], datetime.min.time()).replace(tzinfo=AMS)
            if common.call(app.appeals.record_appeal_outcome, actor, a["id"], a["version"],
                           outcome=ss.get(q + "out") or "", outcome_at=at, damages_amount=ss.get(q + "amt") or None,
                           note=ss.get(q + "note", ""), form=f"{F}_{a['id']}"):
                drafts.done(f"beroep:{case_id}")
                common.flash("success", "Uitspraak vastgelegd.")
        st.button("Uitspraak vastleggen", key=q + "save", on_click=_outcome)
