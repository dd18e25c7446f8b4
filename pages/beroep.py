"""Beroep: appeals and voorlopige voorzieningen per decision, each with its own term; the court's outcome.
Implements art. 6 Wth (hearing within 3 days) and art. 6:7 Awb (six weeks per decision); R06.

Beroep: appeals and requests for a voorlopige voorziening per decision, each decision with its own
6-week term; hearing within 3 days; court outcome (editable, also after the order ended: R06).
"""
from datetime import datetime

import pandas as pd
import streamlit as st

from procedure.domain import confirmations
from procedure.domain.appeals import (APPEAL_KINDS, APPEAL_OUTCOMES, LODGERS, MADE_KNOWN_HOW, decision_label,
                                      end_after_annulled_extension)
from procedure.domain.case import local_time_default
from procedure.domain.deadlines import AMS
from ui import common, drafts
from ui.confirm import confirm_button
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
drafts.keep(f"beroep:{case_id}", p, skip=("_save", "_od", "_out", "_dk", "mk_", "letter"),
            ignore={p + "kind", p + "fd", p + "ft", p + "letter"})
view = common.call(app.case_file.get_case, actor, case_id)
if view is None:
    st.stop()
st.markdown(f"**Status:** {common.escape_md(view.status_label)}")

st.markdown(f"#### {TXT['terms']}")
decisions = common.call(app.appeals.decisions_made_known, actor, case_id) or []
common.decision_terms(decisions, app.now())
unknown = [d for d in decisions if d["document_id"] and d["made_known_at"] is None]
if unknown:
    with st.container(border=True):
        st.markdown("#### Bekendmaking van een besluit vastleggen")
        st.caption("De beroepstermijn van een verlenging, intrekking of herstelbesluit begint pas op de dag na de "
                   "bekendmaking (art. 6:8 Awb).")
        ids = [d["document_id"] for d in unknown]
        labels = {d["document_id"]: f"{d['label']} ({d['document_id']}), ondertekend {common.dt(d['signed_at'])}"
                  for d in unknown}
        st.selectbox("Besluit", ids, format_func=labels.get, key=p + "mk_doc")
        st.radio("Hoe bekendgemaakt", list(MADE_KNOWN_HOW), format_func=MADE_KNOWN_HOW.get, key=p + "mk_how",
                 index=None)
        common.field_error(F + "_mk", "how")
        dm, tm = local_time_default(app.now())
        moment_input(p + "mk_d", p + "mk_t", label_date="Bekendgemaakt op", default_date=dm, default_time=tm)
        for f in ("document_id", "at"):
            common.field_error(F + "_mk", f)

        def _made_known():
            at = moment_value(p + "mk_d", p + "mk_t", form=F + "_mk", field="at", label="Moment van bekendmaking")
            if at is None:
                return
            doc = ss.get(p + "mk_doc") or ""
            if common.call(app.appeals.record_made_known, actor, case_id, doc, how=ss.get(p + "mk_how") or "",
                           at=at, form=F + "_mk"):
                common.flash("success", f"Bekendmaking van {doc} vastgelegd; de beroepstermijn loopt.")
        st.button("Bekendmaking vastleggen", on_click=_made_known)

with st.container(border=True):
    st.markdown(f"#### {TXT['new']}")
    kinds = list(dict.fromkeys(d["decision_kind"] for d in decisions))   # in the order they were taken
    st.selectbox("Tegen welk besluit", kinds, format_func=decision_label, key=p + "dk")
    st.radio("Soort", list(APPEAL_KINDS), format_func=APPEAL_KINDS.get, key=p + "kind", horizontal=True)
    st.radio("Ingediend door", list(LODGERS), format_func=LODGERS.get, key=p + "by", index=None, horizontal=True)
    common.field_error(F, "lodged_by")
    if ss.get(p + "by") in ("beschermde_persoon", "ander"):
        st.text_input("Naam van wie het indient", key=p + "byname", max_chars=200)
        common.field_error(F, "lodged_by_name")
    st.text_input("Advocaat (naam en kantoor; leeg als er geen is)", key=p + "lawyer", max_chars=200)
    common.field_error(F, "lawyer")
    r1, r2 = st.columns(2)
    r1.text_input("Rechtbank", key=p + "court", max_chars=200, placeholder="bijv. Rechtbank Limburg")
    r2.text_input("Zaaknummer van de rechtbank", key=p + "ccn", max_chars=200, placeholder="bijv. ROE 26/1234")
    for f in ("court", "court_case_number"):
        common.field_error(F, f)
    d0, t0 = local_time_default(app.now())
    moment_input(p + "fd", p + "ft", label_date="Ontvangen op", default_date=d0, default_time=t0)
    st.file_uploader("Brief of verzoekschrift (PDF)", type=["pdf"], key=p + "letter")
    for f in ("decision_kind", "kind", "filed_at", "letter"):
        common.field_error(F, f)
    st.caption("Wat nog niet bekend is (bijv. het zaaknummer) mag leeg blijven; het beroep staat dan wel vast en "
               "hieronder staat wat nog ontbreekt.")

    def _register():
        at = moment_value(p + "fd", p + "ft", form=F, field="filed_at", label="Moment van ontvangst")
        if at is None:
            return
        up = ss.get(p + "letter")
        if common.call(app.appeals.register_appeal, actor, case_id, decision_kind=ss.get(p + "dk") or "",
                       kind=ss.get(p + "kind") or "", filed_at=at, lodged_by=ss.get(p + "by"),
                       lodged_by_name=ss.get(p + "byname", "") if ss.get(p + "by") != "uithuisgeplaatste" else "",
                       lawyer=ss.get(p + "lawyer", ""), court=ss.get(p + "court", ""),
                       court_case_number=ss.get(p + "ccn", ""), letter_pdf=up.getvalue() if up else None,
                       letter_filename=up.name if up else "", form=F):
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
                       if a["damages_amount"] is not None else "")
                    + f"  \nIngediend door: {LODGERS.get(a['lodged_by'] or '', '—')}"
                    + (f" ({common.escape_md(a['lodged_by_name'])})" if a["lodged_by_name"] else "")
                    + f" · advocaat: {common.escape_md(a['lawyer']) if a['lawyer'] else '—'}"
                    + f"  \n{common.escape_md(a['court'] or 'Rechtbank: —')} · zaaknummer "
                    + f"{common.escape_md(a['court_case_number'] or '—')}"
                    + (f"  \n:orange-badge[nog niet vastgelegd: {', '.join(a['missing'])}]" if a["missing"] else ""))
        if a["letter"]:      # loaded only when asked for: a letter is up to 20 MB and the page reruns often
            lk = f"{p}a{a['id']}_letter"
            if not ss.get(lk + "_open"):
                st.button(f"Brief {common.escape_md(a['letter']['filename'])} ophalen", key=lk + "_get",
                          on_click=lambda lk=lk: ss.__setitem__(lk + "_open", True))
            else:
                got = common.call(app.appeals.appeal_letter, actor, a["id"])
                if got:
                    st.download_button(f"Brief {common.escape_md(got[0]['filename'])} downloaden", got[1], file_name=got[0]["filename"],
                                       mime="application/pdf", key=lk, on_click="ignore")
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
        def _ruling(q=q):
            return datetime.combine(ss[q + "od"], datetime.min.time()).replace(tzinfo=AMS)
        if a["decision_kind"] == "oplegging" and ss.get(q + "out") == "vernietigd":   # ends the case: ask first
            confirm_button("Uitspraak vastleggen", q + "save", lambda a=a, _r=_ruling: confirmations.annulment(
                view.case, decision_label(a["decision_kind"]), _r()), _outcome, primary=False)
        elif (a["decision_kind"] == "verlenging" and ss.get(q + "out") == "vernietigd"
              and view.case.get("original_end_at") is not None):                   # moves the end: ask first
            confirm_button("Uitspraak vastleggen", q + "save", lambda _r=_ruling: confirmations.annulled_extension(
                view.case, view.case["original_end_at"],
                end_after_annulled_extension(view.case["original_end_at"], _r()), _r()), _outcome, primary=False)
        elif a["decision_kind"] == "intrekking" and ss.get(q + "out") == "vernietigd":
            confirm_button("Uitspraak vastleggen", q + "save", lambda _r=_ruling: confirmations.annulled_withdrawal(
                view.case, _r()), _outcome, primary=False)
        else:
            st.button("Uitspraak vastleggen", key=q + "save", on_click=_outcome)
