"""Ondertekenen: the burgemeester (or loco / HOvJ under mandate) reads the RiHG and the draft and signs.
Implements art. 2 lid 1 and art. 3 Wth (who decides); one column, so it works on a 390 px phone.
"""
import streamlit as st

from procedure.domain.case import dwelling, person_name
from procedure.domain.rules import RELATIONS
from ui import common

TXT = {"title": "Ondertekenen", "sub": "Beschikkingen die op uw handtekening wachten.",
       "none": "Er wacht niets op uw handtekening.", "pick": "Te ondertekenen", "rihg": "Risicotaxatie (RiHG)",
       "draft": "Conceptbeschikking", "sign": "Beschikking ondertekenen", "confirm": "Ik heb de RiHG en de "
       "conceptbeschikking gelezen en neem dit besluit.", "signed": "Ondertekend", "download": "Ondertekende PDF downloaden"}
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state

last = ss.get("last_signed")
if last:
    meta_pdf = common.call(app.documents.document_bytes, actor, last)
    if meta_pdf:
        meta, pdf = meta_pdf
        result, _ = app.documents.verify(actor, pdf)
        (st.success if result.valid else st.error)(f"{TXT['signed']}: {meta['id']} — {result.message}")
        st.download_button(TXT["download"], pdf, file_name=f"{meta['id']}.pdf", mime="application/pdf",
                           type="primary", width="stretch", key="sign_download")
        if ss.pop("sign_focus_download", False):
            # the signing button is gone: the keyboard focus goes to what comes next, not back to the page's top
            common.focus_button("sign_download")
        if ss.get("sign_show_done"):
            # Right after signing the page stays short: on a phone the confirmation and the download are
            # in view instead of the next case's long text (the user goes on when he wants).
            st.button("Volgende beschikking bekijken", width="stretch",
                      on_click=lambda: ss.update({"sign_show_done": False}))
            st.stop()

rows = common.paged(app.lists.to_sign, actor, key="sign_list", noun="beschikkingen ter ondertekening")
if not rows:
    st.info(TXT["none"])
    st.stop()
case_id = common.case_picker(TXT["pick"], rows, key="sign_pick")
view = common.call(app.case_file.get_case, actor, case_id)
if view is None:
    st.stop()
c = view.case

st.markdown(f"### {c['id']} · {common.escape_md(c['municipality_name'])}")
st.markdown(f"**Betrokkene:** {common.escape_md(person_name(c))} (geb. {c['person_birth_date'].strftime('%d-%m-%Y')})  \n"
            f"**Woning:** {common.escape_md(dwelling(c))}  \n"
            f"**Incident:** {common.dt(c['incident_at'])}  \n"
            f"**Voorbereid door:** {common.escape_md(view.draft_submitted_by_name)} op {common.dt(c['draft_submitted_at'])}")

# The mayor sees before signing what the beschikking still lacks and who completes it (art. 2 lid 4 Wth, R04);
# signing is refused until then.
open_parts = common.call(app.decision.draft_problems, actor, case_id, read=True) or []
if open_parts:
    st.warning("Deze beschikking is nog niet compleet en kan nog niet worden ondertekend:"
               + "".join(f"\n- {common.escape_md(x)}" for x in open_parts)
               + "\n\nDe hulpofficier van justitie vult dit aan op de pagina 'Beschikking opstellen'.")

with st.expander(TXT["rihg"], expanded=False):
    loaded = common.call(app.assessment.get_rihg, actor, case_id)
    if loaded:
        assessment, advice = loaded
        st.markdown(f"**Advies:** {common.escape_md(advice.text)}")
        cat = app.assessment.catalogue()
        for sig in cat.signals:
            col = assessment.colours.get(sig.code)
            dot = {"rood": ":red-badge[rood]", "blauw": ":blue-badge[blauw]", "geel": ":orange-badge[geel]"}.get(
                col.value if col else "", ":gray-badge[geen kleur]")
            facts = [f for f in assessment.facts if f.signal_code == sig.code]
            st.markdown(f"{dot} **{sig.code}** {sig.label}" + "".join(
                f"  \n  – {common.escape_md(f.description)} (bron: {common.escape_md(f.source)})" for f in facts))
        st.markdown(f"**Besluit HOvJ:** {common.escape_md(c['decision_reasons'])}")

with st.expander(TXT["draft"], expanded=True):
    st.markdown("**Feiten en omstandigheden**")
    st.text(c["facts"] or "")
    st.markdown(f"**Wie is bedreigd:** {common.escape_md(c['threatened_persons'])}")
    st.markdown("**Waarom deze persoon**")
    st.text(c["why_this_person"] or "")
    st.markdown("**Contactverbod met:** " + "; ".join(
        f"{common.escape_md(m['name'])} ({RELATIONS.get(m['relation'], m['relation'])})"
        for m in view.members if m["residence"] in ("woont", "verblijft")))
    if st.button("Dossier als PDF maken (RiHG, melding, concept)", width="stretch"):
        made = common.call(app.documents.render_document, actor, case_id, "dossier_burgemeester")
        common.show_flash()
        if made:
            st.download_button("Dossier downloaden", made[1], file_name=made[0], mime="application/pdf",
                               width="stretch", on_click="ignore")


def _sign():
    doc_id = common.call(app.decision.sign, actor, case_id, view.version)
    if doc_id:
        ss["last_signed"] = doc_id
        ss["sign_show_done"] = True
        ss["sign_focus_download"] = True
        common.flash("success", f"Beschikking {doc_id} is digitaal ondertekend.")


confirmed = st.checkbox(TXT["confirm"], key=f"confirm_{case_id}")
st.button(TXT["sign"], type="primary", disabled=not confirmed, on_click=_sign, width="stretch")
