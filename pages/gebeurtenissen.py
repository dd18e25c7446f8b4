"""Gebeurtenissen en contacten: events during the order (time and author) and who is involved.
Implements art. 2 lid 6 and 8, art. 4 lid 2, art. 5 and art. 11 Wth as recorded events.

Gebeurtenissen en contacten: events during the order (each with time and author) and the contact
details of everyone involved.
"""

import pandas as pd
import streamlit as st

from procedure.domain.case import local_time_default
from procedure.domain.answers import HelpStatus
from procedure.domain.deadlines import AMS
from procedure.domain.events import (ADDRESS_CHANGES, ADVICE_FORMS, BREACH_ACTIONS, EVENT_FIELDS, EVENT_KINDS,
                                     PLACEMENTS, REMOVED_PARTY, Advice, Movement, RiskJudgement)
from ui import common, drafts, tables
from ui.moment import moment_input, moment_value

F = "event"
#: the own date some kinds ask for (EVENT_KINDS: needs_date), by kind
DATE_LABELS = {"zorgadvies": "Datum van het zorgadvies"}


def _members():
    view = common.call(app.case_file.get_case, actor, case_id)
    return view.members if view else []


def _detail_inputs(kind) -> None:
    """The fields of this kind's facts (procedure/domain/events.py EVENT_FIELDS), each with its message."""
    d = p + "d_"
    if kind == "huishoudwijziging":
        mem = {m["id"]: m["name"] for m in _members()}
        st.selectbox("Persoon", [None, *mem], format_func=lambda i: "Nieuwe persoon" if i is None else mem[i],
                     key=d + "member_id")
        if ss.get(d + "member_id") is None:
            st.text_input("Naam nieuwe persoon", key=d + "person", max_chars=200)
            st.radio("Moet deze persoon beschermd worden?", ["ja", "nee", "onbekend"], key=d + "protected",
                     horizontal=True, index=None)
        st.radio("Wat verandert er?", [m.value for m in Movement], key=d + "movement", index=None,
                 format_func=lambda v: Movement(v).label)
        if ss.get(d + "movement") == Movement.ELDERS_GEPLAATST.value:
            st.radio("Waar verblijft de persoon?", list(PLACEMENTS), key=d + "placement", index=None,
                     format_func=PLACEMENTS.get, horizontal=True)
        st.date_input("Vanaf", key=d + "from_date", format="DD-MM-YYYY")
    elif kind == "zorgadvies":
        st.radio("Vorm", list(ADVICE_FORMS), key=d + "form", format_func=ADVICE_FORMS.get, horizontal=True)
        st.text_input("Opgesteld door (auteur)", key=d + "author", max_chars=200)
        st.radio("Risico-oordeel", [r.value for r in RiskJudgement], key=d + "risk", index=None, horizontal=True,
                 format_func=lambda v: RiskJudgement(v).label)
        parties = {REMOVED_PARTY: "De uithuisgeplaatste"} | {f"lid:{m['id']}": m["name"] for m in _members()
                                                             if m["threatened"]}
        for party, label in parties.items():
            st.radio(f"Hulp aan {label}", [h.value for h in HelpStatus], key=d + "help_" + party, index=None,
                     horizontal=True, format_func=lambda v: HelpStatus(v).label)
        st.radio("Advies", [a.value for a in Advice], key=d + "advice", index=None, horizontal=True,
                 format_func=lambda v: Advice(v).label)
    elif kind == "contactadres":
        st.radio("Contactadres", list(ADDRESS_CHANGES), key=d + "change", format_func=ADDRESS_CHANGES.get,
                 horizontal=True, index=None)
        st.text_input("Adres", key=d + "address", max_chars=200)
    elif kind == "sleutels_ingenomen":
        st.number_input("Aantal sleutels", min_value=1, max_value=50, step=1, key=d + "count")
    elif kind == "advocaat_toegewezen":
        st.text_input("Naam van de advocaat", key=d + "lawyer", max_chars=200)
    elif kind == "overtreding_opgevolgd":
        breaches = {e["id"]: f"{common.dt(e['occurred_at'])} {e['reference'] or ''}"
                    for e in (common.call(app.aftercare.events, actor, case_id) or []) if e["kind"] == "overtreding"}
        st.selectbox("Welke overtreding", list(breaches), format_func=breaches.get, key=d + "breach_event_id",
                     index=None)
        st.radio("Wat is er gedaan", list(BREACH_ACTIONS), key=d + "action", format_func=BREACH_ACTIONS.get,
                 index=None)
    elif kind == "zittingsdatum":
        c1, c2 = st.columns(2)
        c1.date_input("Datum zitting", key=d + "hearing_date", format="DD-MM-YYYY")
        c2.time_input("Tijd zitting", key=d + "hearing_time", step=300)
        st.text_input("Rechtbank", key=d + "court", max_chars=200)
    for f in ("member_id", "person", "protected", "movement", "placement", "from_date", "form", "author", "risk",
              "help", "advice", "change", "address", "count", "lawyer", "breach_event_id", "action", "hearing_at",
              "court"):
        common.field_error(F, "details." + f)


def _details(kind) -> dict | None:
    """The facts of the kind as the service takes them (``details``)."""
    if kind not in EVENT_FIELDS:
        return None
    d = p + "d_"
    out = {k[len(d):]: v for k, v in ss.items() if isinstance(k, str) and k.startswith(d) and v not in (None, "")}
    help_ = {k[len("help_"):]: out.pop(k) for k in list(out) if k.startswith("help_")}
    if help_:
        out["help"] = help_
    if "count" in out:
        out["count"] = int(out["count"])
    if kind == "zittingsdatum" and out.get("hearing_date") and out.get("hearing_time"):
        out["hearing_at"] = datetime.combine(out.pop("hearing_date"), out.pop("hearing_time")).replace(tzinfo=AMS)
    return out


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
        if kind in EVENT_FIELDS:
            _detail_inputs(kind)
        st.text_area("Opmerking (vrije tekst; feiten horen in de velden hierboven)", key=p + "note",
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
                              event_date=ss.get(p + "edate") if _needs_date(ss.get(p + "kind")) else None,
                              details=_details(ss.get(p + "kind")), form=F)
            if eid:
                for k in [k for k in ss if isinstance(k, str) and k.startswith(p + "d_")]:
                    del ss[k]
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
                                "Uitkomst": e["outcome"] or "", "Gegevens": e.get("summary", ""),
                                "Opmerking": e["note"] or "",
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
