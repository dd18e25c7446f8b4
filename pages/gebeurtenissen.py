"""Gebeurtenissen en contacten: events during the order (time and author) and who is involved.
Implements art. 2 lid 6 and 8, art. 4 lid 2, art. 5 and art. 11 Wth as recorded events.

Gebeurtenissen en contacten: events during the order (each with time and author) and the contact
details of everyone involved.
"""

import pandas as pd
import streamlit as st

from procedure.domain.case import local_time_default
from procedure.domain.events import EVENT_KINDS
from ui import common, drafts, tables
from ui.moment import moment_input, moment_value

F = "event"
#: the own date some kinds ask for (EVENT_KINDS: needs_date), by kind
DATE_LABELS = {"zorgadvies": "Datum van het zorgadvies"}


def _needs_date(kind) -> bool:
    """Whether this kind of event asks for a date of its own (the zorgadvies: the date of the advice, art. 9 Wth)."""
    return kind in EVENT_KINDS and EVENT_KINDS[kind].needs_date


TXT = {"title": "Gebeurtenissen en contacten", "sub": "Leg vast wat er tijdens het huisverbod gebeurt. Alles komt "
       "met tijd en auteur op de tijdlijn van de zaak.", "none": "Er zijn geen opgelegde huisverboden in uw werkgebied.",
       "pick": "Zaak", "add": "Gebeurtenis vastleggen", "list": "Gebeurtenissen", "contacts": "Contactgegevens",
       "addc": "Contact toevoegen"}
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state
rows = common.paged(app.lists.imposed_cases, actor, key="ev_list", noun="opgelegde huisverboden")
if not rows:
    st.info(TXT["none"])
    st.stop()
case_id = common.case_picker(TXT["pick"], rows, key="ev_pick")
p = f"ev_{case_id}_"
drafts.keep(f"gebeurtenis:{case_id}", p, ignore={p + "date", p + "time", p + "edate", p + "ckind"})
kinds = app.aftercare.event_kinds_for(actor)

if kinds:
    with st.container(border=True):
        st.markdown(f"#### {TXT['add']}")
        def _prefill():
            # the organisation this case already names for this kind of event: not typed a second time
            k = ss.get(p + "kind")
            if k and not (ss.get(p + "org") or "").strip():
                prefill = common.call(app.aftercare.event_prefill, actor, case_id, k) or {}
                ss[p + "org"] = prefill.get("organisation", "")
        st.selectbox("Soort gebeurtenis", list(kinds), format_func=kinds.get, key=p + "kind", index=None,
                     placeholder="Kies", on_change=_prefill)
        common.field_error(F, "kind")
        d0, t0 = local_time_default(app.now())
        moment_input(p + "date", p + "time", default_date=d0, default_time=t0)
        common.field_error(F, "occurred_at")
        kind = ss.get(p + "kind")
        st.text_input("Organisatie", key=p + "org", max_chars=200,
                      help="Bijv. Veilig Thuis Limburg-Noord, advocatenkantoor, zorgaanbieder")
        common.field_error(F, "organisation")
        st.text_input("Kenmerk (PV-nummer, ontvangstbewijs)", key=p + "ref", max_chars=200)
        common.field_error(F, "reference")
        st.text_input("Uitkomst", key=p + "outcome", max_chars=2000)
        common.field_error(F, "outcome")
        st.text_area("Toelichting (bij contactadres: het adres; bij zorgadvies: de samenvatting)", key=p + "note",
                     max_chars=2000)
        common.field_error(F, "note")
        if _needs_date(kind):
            st.date_input(DATE_LABELS.get(kind, "Datum"), value=d0, key=p + "edate", format="DD-MM-YYYY")
            common.field_error(F, "event_date")

        def _add():
            at = moment_value(p + "date", p + "time", form=F, field="occurred_at", label="Moment")
            if at is None:
                return
            eid = common.call(app.aftercare.add_event, actor, case_id, ss.get(p + "kind") or "", occurred_at=at,
                              organisation=ss.get(p + "org", ""), reference=ss.get(p + "ref", ""),
                              outcome=ss.get(p + "outcome", ""), note=ss.get(p + "note", ""),
                              event_date=ss.get(p + "edate") if _needs_date(ss.get(p + "kind")) else None, form=F)
            if eid:
                for k in ("kind", "org", "ref", "outcome", "note"):   # set, not pop: a popped key keeps
                    ss[p + k] = None if k == "kind" else ""         # its old text in the browser
                drafts.done(f"gebeurtenis:{case_id}")
                common.flash("success", "Gebeurtenis vastgelegd.")
        st.button(TXT["add"], type="primary", on_click=_add)

st.markdown(f"#### {TXT['list']}")
events = common.call(app.aftercare.events, actor, case_id) or []
if events:
    tables.table(pd.DataFrame([{"Moment": common.dt(e["occurred_at"]), "Gebeurtenis": e["label"],
                                "Organisatie": e["organisation"] or "", "Kenmerk": e["reference"] or "",
                                "Uitkomst": e["outcome"] or "", "Toelichting": e["note"] or "",
                                "Vastgelegd door": e["recorded_by"]} for e in events]))
else:
    st.caption("Nog geen gebeurtenissen.")

st.markdown(f"#### {TXT['contacts']}")
contacts = common.call(app.aftercare.contacts, actor, case_id) or []
if contacts:
    tables.table(pd.DataFrame([{"Soort": "Professional" if c["kind"] == "professional" else "Persoon",
                                "Rol": c["role"], "Organisatie": c["organisation"] or "", "Naam": c["name"],
                                "Telefoon": c["phone"] or "", "E-mail": c["email"] or "", "Adres": c["address"] or ""}
                               for c in contacts]))
with st.expander(TXT["addc"]):
    st.radio("Soort", ["professional", "persoon"], key=p + "ckind", horizontal=True,
             format_func={"professional": "Professional", "persoon": "Betrokken persoon"}.get)
    c1, c2 = st.columns(2)
    c1.text_input("Naam", key=p + "cname", max_chars=200)
    c2.text_input("Rol / functie", key=p + "crole", max_chars=200, placeholder="bijv. casemanager, advocaat, partner")
    c1.text_input("Organisatie", key=p + "corg", max_chars=200)
    c2.text_input("Telefoon", key=p + "cphone", max_chars=40)
    c1.text_input("E-mail", key=p + "cemail", max_chars=200)
    c2.text_input("(Contact)adres", key=p + "caddr", max_chars=200)
    for f in ("name", "role", "organisation", "phone", "email", "address"):
        common.field_error("contact", f)

    def _addc():
        cid = common.call(app.aftercare.add_contact, actor, case_id, kind=ss.get(p + "ckind") or "professional",
                          role=ss.get(p + "crole", ""), name=ss.get(p + "cname", ""),
                          organisation=ss.get(p + "corg", ""), phone=ss.get(p + "cphone", ""),
                          email=ss.get(p + "cemail", ""), address=ss.get(p + "caddr", ""), form="contact")
        if cid:
            for k in ("cname", "crole", "corg", "cphone", "cemail", "caddr"):
                ss[p + k] = ""
            drafts.done(f"gebeurtenis:{case_id}")
            common.flash("success", "Contact toegevoegd.")
    st.button(TXT["addc"], on_click=_addc)
