"""Zaakdossier: where the case stands, the next step for this user, data, deadlines, documents, timeline.
Implements art. 2 lid 1 and 6 and art. 9 Wth (end, contact address, latest extension) as the user reads them.
"""
import pandas as pd
import streamlit as st

from procedure.domain.case import dwelling, person_name
from procedure.domain.documents import DOC_LABELS, is_correction
from procedure.domain.mandates import BASIS_LABELS
from procedure.domain.roles import PAGES, Page
from procedure.domain.rules import RELATIONS, Residence
from procedure.domain.states import CaseState
from ui import common, tables

TXT = {"title": "Zaakdossier", "pick": "Zaak", "none": "Kies eerst een zaak op de pagina Zaken.",
       "next": "Volgende stap voor u", "status": "Stand van zaken", "data": "Gegevens", "household": "Huisgenoten",
       "deadlines": "Termijnen", "docs": "Documenten", "timeline": "Tijdlijn", "download": "Downloaden",
       "go": "Naar deze stap"}
STEPS = [("Melding", lambda c: True), ("RiHG afgerond", lambda c: c["rihg_finalised_at"] is not None),
         ("Besluit huisverbod", lambda c: bool(c["decision_huisverbod"])),
         ("Beschikking ter ondertekening", lambda c: c["draft_submitted_at"] is not None),
         ("Ondertekend", lambda c: c["decided_at"] is not None),
         ("Uitgereikt (T0)", lambda c: c["served_at"] is not None)]
STEP_PAGE = {CaseState.RISICOTAXATIE: Page.RIHG, CaseState.BESLUIT: Page.ONDERTEKENEN}

common.header(TXT["title"])
actor = common.actor()
app = common.app()
if st.query_params.get("zaak"):            # a case number link (Zaken on a phone): open that case, within scope
    st.session_state["case_id"] = st.session_state["case_request"] = str(st.query_params.pop("zaak"))[:40]
rows = common.paged(app.lists.list_cases, actor, key="zaak_list", sort="nieuw")
case_id = common.case_picker(TXT["pick"], rows, key="zaak_pick")
if not case_id:
    st.info(TXT["none"])
    st.stop()
view = common.call(app.case_file.get_case, actor, case_id)
if view is None:
    common.show_flash()
    st.stop()
c = view.case

st.subheader(f"{c['id']} · {view.status_label}")
for banner in common.call(app.aftercare.banners, actor, case_id) or []:
    st.error(banner, icon=":material/warning:")
if view.state == CaseState.GEEN_HUISVERBOD:
    st.markdown("**Geen huisverbod** — de RiHG is bewaard.")
cols = st.columns(len(STEPS))
for col, (label, done) in zip(cols, STEPS):
    col.markdown((":green[:material/check_circle:] " if done(c) else ":gray[:material/radio_button_unchecked:] ") + label)

with st.container(border=True):
    st.markdown(f"**{TXT['status']}:** {common.escape_md(view.status_text)}")
    st.markdown(f"**{TXT['next']}:** {common.escape_md(view.next_step)}")
    if view.open_questions:   # issue 14: what the documents can't state because nobody answered it
        st.warning("Nog niet beantwoord (de documenten zeggen hier daarom niets over):"
                   + "".join(f"\n- {common.escape_md(q)}" for q in view.open_questions))
    target = None
    if view.state == CaseState.RISICOTAXATIE:
        target = Page.RIHG if c["rihg_finalised_at"] is None else Page.BESCHIKKING
    elif view.state == CaseState.BESLUIT:
        target = Page.ONDERTEKENEN if c["decided_at"] is None else Page.UITREIKING
    if target and actor.role in PAGES[target] and not view.next_step.startswith("Wacht"):
        if st.button(TXT["go"], type="primary"):
            st.switch_page(f"pages/{target.value}.py")

left, right = st.columns(2)
with left:
    st.markdown(f"#### {TXT['data']}")
    st.markdown(
        f"- **Gemeente:** {common.escape_md(c['municipality_name'])}\n"
        f"- **Woning:** {common.escape_md(dwelling(c))}\n"
        f"- **Betrokkene (uithuis te plaatsen):** {common.escape_md(person_name(c))}, geboren "
        f"{c['person_birth_date'].strftime('%d-%m-%Y')}\n"
        f"- **Incident:** {common.dt(c['incident_at'])} — {common.escape_md(c['incident_description'])}\n"
        + (f"- **Eerdere zaak:** {c['previous_case_id']} — nieuwe feiten: {common.escape_md(c['new_facts'])}\n"
           if c["previous_case_id"] else "")
        + (f"- **Besluit door:** {common.escape_md(c['decided_by_name'])} "
           f"({BASIS_LABELS.get(c['decision_basis'], c['decision_basis'])})\n"
           if c["decided_by_name"] else ""))
with right:
    st.markdown(f"#### {TXT['deadlines']}")
    if view.end_at:
        ended = (f"- **Ingetrokken op:** {common.dt(c['withdrawn_at'])} (gepland einde {common.dt(view.end_at)})\n"
                 if c.get("withdrawn_at") else f"- **Einde huisverbod:** {common.dt(view.end_at)}\n")
        running = view.state in (CaseState.OPGELEGD, CaseState.VERLENGD)
        st.markdown(f"- **Ingang (T0, uitreiking):** {common.dt(c['served_at'])}\n"
                    + ended
                    + (f"- **Verlengd:** oorspronkelijk einde {common.dt(c['original_end_at'])}\n"
                       if c.get("original_end_at") else "")
                    # deadlines that only mean something while the order runs
                    + ((f"- **Uiterste einde bij verlenging (T0 + 28 dagen):** {common.dt(view.latest_extension_end)}\n"
                        f"- **Contactadres uiterlijk:** {common.dt(view.contact_address_deadline)}"
                        + (" — ontvangen" if c["contact_address"] else " — :orange-badge[nog niet ontvangen]"))
                       if running else ""))
    else:
        st.markdown("Termijnen beginnen bij de uitreiking (T0).")

if view.case["served_at"] or view.case["oral_order_at"]:
    st.markdown("#### Besluiten, bekendmaking en beroepstermijn")
    common.decision_terms(common.call(app.appeals.decisions_made_known, actor, case_id) or [], app.now())

st.markdown(f"#### {TXT['household']}")
tables.table(pd.DataFrame([{"Naam": m["name"], "Relatie": RELATIONS.get(m["relation"], m["relation"]),
                            "Geboren": m["birth_date"].strftime("%d-%m-%Y") if m["birth_date"] else "",
                            "Verblijf": Residence(m["residence"]).label, "Bedreigd": m.get("threatened_answer") or "niet vastgesteld"}
                           for m in view.members]))

if c["served_at"] is not None:
    home = common.call(app.aftercare.household, actor, case_id) or []
    st.markdown("#### Wie woont nu in de woning")
    if home:
        tables.table(pd.DataFrame([{"Naam": p["name"],
                                    "Beschermd": {True: "ja", False: "nee", None: "onbekend"}[p["protected"]],
                                    "Sinds": p["since"].strftime("%d-%m-%Y") if p["since"] else "begin huisverbod"}
                                   for p in home]))
    else:
        st.caption("Volgens de vastgelegde wijzigingen woont er nu niemand in de woning.")

notices = common.call(app.notices.notices, actor, case_id) or []
if notices:
    st.markdown(f"#### Wie is geïnformeerd ({len(notices)})")
    tables.table(pd.DataFrame([{"Besluit": n["decision_label"], "Aan": n["recipient_label"],
                                "Hoe": n["channel_label"] + (f" ({n['document_id']})" if n["document_id"] else ""),
                                "Wanneer": common.dt(n["created_at"]),
                                "Werkelijk einde": common.dt(n["actual_end_at"]) if n["actual_end_at"] else "",
                                "Gelezen": (f"{common.dt(n['acknowledged_at'])} door {n['acknowledged_by']}"
                                            if n["acknowledged_at"] else ("" if n["channel"] == "brief" else "nog niet"))}
                               for n in notices]))

st.markdown(f"#### {TXT['docs']}")
if not view.documents:
    st.caption("Nog geen documenten.")
for d in view.documents:
    meta_pdf = common.call(app.documents.document_bytes, actor, d["id"])
    if not meta_pdf:
        continue
    meta, pdf = meta_pdf
    label = "Herstelbesluit (vervangt v" + str(d["version"] - 1) + ")" if is_correction(d) else DOC_LABELS.get(d["kind"], d["kind"])
    line = f"**{label}** v{d['version']} · {common.dt(d['created_at'])}"
    if d["signed"]:
        result, _ = app.documents.verify(actor, pdf)
        line += (f" · handtekening: {':green-badge[geldig]' if result.valid else ':red-badge[ongeldig]'} "
                 f"{common.escape_md(result.message)}")
    dc1, dc2 = st.columns([4, 1])
    dc1.markdown(line)
    dc2.download_button(TXT["download"], pdf, file_name=f"{d['id']}.pdf", mime="application/pdf", key=f"dl_{d['id']}")

avail = common.call(app.documents.available_documents, actor, case_id) or {}
if avail:
    st.markdown("**Documenten uit de zaakgegevens** (steeds opnieuw gemaakt uit de ingevoerde gegevens)")
    oc1, oc2 = st.columns([4, 1], vertical_alignment="bottom")
    kind = oc1.selectbox("Document", list(avail), format_func=avail.get, key=f"od_{case_id}")
    if oc2.button("PDF maken", key=f"odb_{case_id}"):
        made = common.call(app.documents.render_document, actor, case_id, kind)
        common.show_flash()
        if made:
            st.download_button(f"{avail[kind]} downloaden", made[1], file_name=made[0], mime="application/pdf",
                               on_click="ignore", type="primary")

events = common.call(app.aftercare.events, actor, case_id) or []
_annul = [e for e in events if e["kind"] in ("intrekking_vernietigd", "intrekking_vernietigd_gecorrigeerd")]
if _annul and _annul[-1]["kind"] == "intrekking_vernietigd" and not any(
        e["resolves_event_id"] == _annul[-1]["id"] for e in events):
    st.warning("De rechter heeft de intrekking vernietigd. Het huisverbod herleeft daardoor niet vanzelf: de "
               "burgemeester moet opnieuw beslissen (taak in de werkvoorraad).", icon=":material/gavel:")
if events:
    st.markdown("#### Gebeurtenissen tijdens het huisverbod")
    tables.table(pd.DataFrame([{"Moment": common.dt(e["occurred_at"]), "Gebeurtenis": e["label"],
                                "Kenmerk": e["reference"] or "", "Gegevens": e["summary"], "Uitkomst": e["outcome"] or "",
                                "Opmerking": e["note"] or "", "Door": e["recorded_by"]} for e in events]))

with st.expander(TXT["timeline"]):
    events = common.call(app.case_file.timeline, actor, case_id) or []
    tables.table(pd.DataFrame([{"Moment": common.dt(e["occurred_at"]), "Wie": e["name"], "Rol": e["role_label"],
                                "Handeling": e["action_label"],
                                "Status": (f"{CaseState(e['old_state']).label if e['old_state'] else '—'} → "
                                           f"{CaseState(e['new_state']).label}") if e["new_state"] else ""}
                               for e in events]))
