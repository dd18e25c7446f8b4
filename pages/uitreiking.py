"""Uitreiking (HOvJ): record service (T0) and the keys; the case then shows its end and deadlines.
Implements art. 2 lid 1 and 7 Wth (T0; making an oral order known) and art. 4 lid 2 (keys).
"""
from datetime import datetime

import streamlit as st

from procedure.domain.case import dwelling, local_time_default, person_name
from procedure.domain.deadlines import AMS
from ui import common

F = "uitreiking"
TXT = {"title": "Uitreiking", "sub": "Het huisverbod gaat in op het moment van uitreiking (T0).",
       "none": "Er zijn geen ondertekende beschikkingen die nog moeten worden uitgereikt.", "pick": "Zaak",
       "save": "Uitreiking vastleggen"}
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state

done = ss.get("served_case")
if done:
    view = common.call(app.case_file.get_case, actor, done)
    if view and view.end_at:
        st.success(f"Zaak {done}: huisverbod opgelegd.  \n"
                   f"**Ingang (T0):** {common.dt(view.case['served_at'])}  \n"
                   f"**Einde:** {common.dt(view.end_at)}  \n"
                   f"**Uiterste einde bij verlenging:** {common.dt(view.latest_extension_end)}  \n"
                   + ("**Contactadres:** ontvangen" if view.case["contact_address"] else
                      f"**Contactadres uiterlijk:** {common.dt(view.contact_address_deadline)}"))
        c1, c2 = st.columns(2)
        if c1.button("Zaakdossier openen", type="primary"):
            ss.pop("served_case", None)
            common.open_case(done)
        if c2.button("Nog een uitreiking vastleggen"):
            ss.pop("served_case", None)
            st.rerun()
        # Never show the next case's form under this confirmation: one extra click would serve the wrong person.
        st.stop()

known = common.call(app.lists.cases_to_make_known, actor) or []   # oral orders: a handful at most, all shown
if known:
    with st.container(border=True):
        st.markdown("#### Mondeling huisverbod: schriftelijke beschikking bekendmaken (art. 2 lid 7 Wth)")
        kid = common.case_picker("Zaak (mondeling opgelegd)", known, key="mk_pick")
        q = f"mk_{kid}_"
        st.radio("Hoe bekendgemaakt", ["uitreiking", "depot"], key=q + "how", horizontal=True,
                 format_func={"uitreiking": "Uitgereikt aan betrokkene",
                              "depot": "Persoon niet gevonden: gedeponeerd bij de gemeentesecretarie"}.get)
        dk, tk = local_time_default(app.now())
        k1, k2 = st.columns(2)
        k1.date_input("Datum", value=dk, key=q + "d", format="DD-MM-YYYY")
        k2.time_input("Tijd", value=tk, key=q + "t", step=60)
        common.field_error("bekend", "at")

        def _known():
            at = datetime.combine(ss[q + "d"], ss[q + "t"]).replace(tzinfo=AMS)
            kv = common.call(app.case_file.get_case, actor, kid)
            if kv and common.call(app.service_of_order.record_made_known, actor, kid, kv.version,
                                  how=ss.get(q + "how") or "", at=at, form="bekend"):
                common.flash("success", f"Bekendmaking van {kid} vastgelegd.")
        st.button("Bekendmaking vastleggen", on_click=_known)

rows = common.paged(app.lists.cases_to_serve, actor, key="serve_list", noun="beschikkingen om uit te reiken")
if not rows:
    st.info(TXT["none"])
    st.stop()
case_id = common.case_picker(TXT["pick"], rows, key="serve_pick")
view = common.call(app.case_file.get_case, actor, case_id)
if view is None:
    st.stop()
c = view.case
p = f"sv_{case_id}_"
st.markdown(f"**Betrokkene:** {common.escape_md(person_name(c))}  \n**Woning:** {common.escape_md(dwelling(c))}  \n"
            f"**Ondertekend:** {common.dt(c['decided_at'])} door {common.escape_md(c['decided_by_name'])}")


def _serve():
    d, t = ss.get(p + "date"), ss.get(p + "time")
    if not d or not t:
        ss.setdefault("errors", {})[F] = {"served_at": "Datum en tijd van uitreiking zijn verplicht."}
        return
    served_at = datetime.combine(d, t).replace(tzinfo=AMS)
    nv = common.call(app.service_of_order.serve, actor, case_id, view.version, served_at=served_at,
                     keys_taken_in=bool(ss.get(p + "keys")), key_description=ss.get(p + "keydesc", ""),
                     contact_address=ss.get(p + "contact", ""), form=F)
    if nv:
        ss["served_case"] = case_id
        common.flash("success", f"Uitreiking van {case_id} vastgelegd.")


d0, t0 = local_time_default(app.now())
c1, c2 = st.columns(2)
c1.date_input("Datum uitreiking", value=d0, key=p + "date", format="DD-MM-YYYY")
c2.time_input("Tijd uitreiking", value=t0, key=p + "time", step=60)
common.field_error(F, "served_at")
st.checkbox("Sleutels ingenomen (tegen ontvangstbewijs, art. 4 lid 2 Wth)", key=p + "keys")
st.text_input("Omschrijving ingenomen sleutels", key=p + "keydesc", max_chars=200, placeholder="bijv. 2 huissleutels")
common.field_error(F, "key_description")
st.text_input("Contactadres uithuisgeplaatste (anders binnen 24 uur doorgeven)", key=p + "contact", max_chars=200)
common.field_error(F, "contact_address")
st.button(TXT["save"], type="primary", on_click=_serve)
