"""Uitreiking (HOvJ): record service (T0) and the keys; the case then shows its end and deadlines.
Implements art. 2 lid 1 and 7 Wth (T0; making an oral order known) and art. 4 lid 2 (keys).
"""

import streamlit as st

from procedure.domain import confirmations
from procedure.domain.answers import ANSWER_CHOICES, Answer
from procedure.domain.case import dwelling, local_time_default, person_name
from procedure.domain.deadlines import order_end
from ui import common, confirm, drafts
from ui.confirm import confirm_button
from ui.moment import moment_input, moment_value

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
        if c1.button("Zaakdossier openen", type="primary", key="served_open"):
            ss.pop("served_case", None)
            common.open_case(done)
        if ss.pop("served_focus_open", False):
            # the next step gets the focus (WCAG 2.4.3): the confirmation button that served is gone
            common.focus_button("served_open")
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
        moment_input(q + "d", q + "t", default_date=dk, default_time=tk)
        common.field_error("bekend", "at")

        def _known():
            at = moment_value(q + "d", q + "t", form="bekend", field="at", label="Moment van bekendmaking")
            if at is None:
                return
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
# The proces-verbaal's answers and texts survive a refused save, another page and a new login (issue 17). The moment
# of service is never kept: it becomes T0, and a draft would bring back yesterday's prefilled "now" as if typed
# (review finding); it starts at now again and the confirmation names it.
drafts.keep(f"uitreiking:{case_id}", p, skip=("serve", p + "date", p + "time"))
st.markdown(f"**Betrokkene:** {common.escape_md(person_name(c))}  \n**Woning:** {common.escape_md(dwelling(c))}  \n"
            f"**Ondertekend:** {common.dt(c['decided_at'])} door {common.escape_md(c['decided_by_name'])}")


def _moment():
    return moment_value(p + "date", p + "time", form=F, field="served_at", label="Moment van uitreiking")


def _serve():
    served_at = confirm.named(p + "serve")      # the T0 the question named (equal to the inputs, or it asked again)
    if served_at is None:
        return
    nv = common.call(app.service_of_order.serve, actor, case_id, confirm.seen(p + "serve", view.version),
                     served_at=served_at,
                     keys_taken_in=ss.get(p + "keys"), key_description=ss.get(p + "keydesc", ""),
                     contact_address=ss.get(p + "contact", ""), contact_address_given=ss.get(p + "contact_given"),
                     form=F)
    if nv:
        ss["served_case"] = case_id
        ss["served_focus_open"] = True
        drafts.done(f"uitreiking:{case_id}")
        common.flash("success", f"Uitreiking van {case_id} vastgelegd.")


d0, t0 = local_time_default(app.now())
moment_input(p + "date", p + "time", label_date="Datum uitreiking", label_time="Tijd uitreiking", default_date=d0,
             default_time=t0)
common.field_error(F, "served_at")
# Explicit answers (issue 14): nothing chosen is not "nee"; the proces-verbaal states only what is answered here.
st.radio("Sleutels ingenomen (tegen ontvangstbewijs, art. 4 lid 2 Wth)?", ANSWER_CHOICES, index=None,
         key=p + "keys", horizontal=True, format_func=lambda a: Answer(a).label)
common.field_error(F, "keys_taken_in")
st.text_input("Omschrijving ingenomen sleutels", key=p + "keydesc", max_chars=200, placeholder="bijv. 2 huissleutels")
common.field_error(F, "key_description")
st.radio("Heeft betrokkene een contactadres opgegeven (art. 2 lid 6 Wth)?", ANSWER_CHOICES, index=None,
         key=p + "contact_given", horizontal=True, format_func=lambda a: Answer(a).label)
common.field_error(F, "contact_address_given")
st.text_input("Contactadres uithuisgeplaatste (anders binnen 24 uur doorgeven)", key=p + "contact", max_chars=200)
common.field_error(F, "contact_address")


def _serve_question(t0) -> confirmations.Confirmation:
    if t0 is None:      # changed to something invalid while asking: "Ja" shows the message beside the field
        return confirmations.Confirmation("Controleer datum en tijd van de uitreiking.", "Ja, uitreiking vastleggen")
    return confirmations.service(c, t0, order_end(t0))


confirm_button(TXT["save"], p + "serve", _serve_question, _serve, check=lambda: _moment() is not None,
               seen=view.version, values=_moment)
