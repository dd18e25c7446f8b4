"""Verlengen of intrekken (burgemeester / loco-burgemeester): extension before the end with a
zorgadvies (art. 9 Wth), withdrawal at any time (art. 2 lid 9), reassessment after household changes."""
import streamlit as st

from procedure.domain import confirmations
from procedure.domain.answers import ANSWER_CHOICES, Answer
from procedure.domain.case import dwelling, person_name
from procedure.domain.deadlines import extension_end, is_adult_on
from ui import common, confirm, drafts
from ui.confirm import confirm_button

F = "verlenging"
TXT = {"title": "Verlengen of intrekken", "sub": "Alleen de burgemeester (of de loco-burgemeester die hem vervangt) "
       "beslist hierover; dat kan niet in mandaat.", "none": "Er zijn geen lopende huisverboden in uw gemeente.",
       "pick": "Lopend huisverbod", "ext": "Verlengen (art. 9 Wth)", "wd": "Intrekken (art. 2 lid 9 Wth)",
       "re": "Herbeoordeling na wijziging in het huishouden"}
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state

common.signed_download(app, actor, ss.get("lifecycle_doc"), "Ondertekende beschikking")

rows = common.paged(app.lists.active_orders, actor, key="verl_list", noun="lopende huisverboden")
if not rows:
    st.info(TXT["none"])
    st.stop()
case_id = common.case_picker(TXT["pick"], rows, key="verl_pick")
view = common.call(app.case_file.get_case, actor, case_id)
opts = common.call(app.extension_withdrawal.extension_options, actor, case_id)
if view is None or opts is None:
    st.stop()
c = view.case
p = f"vl_{case_id}_"
drafts.keep(f"verlenging:{case_id}", p, skip=("keep_", "wdr_", "days", "ext", "_wd"), ignore={p + "adate"})
st.markdown(f"**Betrokkene:** {common.escape_md(person_name(c))}  \n**Woning:** {common.escape_md(dwelling(c))}  \n"
            f"**Opgelegd (T0):** {common.dt(opts['t0'])}  \n**Huidig einde:** {common.dt(opts['current_end'])}  \n"
            f"**Uiterste einde (T0 + 28 dagen):** {common.dt(opts['latest_end'])}")

reassess = common.call(app.extension_withdrawal.open_reassessments, actor, case_id) or []
if reassess:
    with st.container(border=True):
        st.markdown(f"#### {TXT['re']}")
        for e in reassess:
            st.markdown(f":red-badge[herbeoordelen · regel {e['rule']}] {common.dt(e['occurred_at'])} — "
                        f"{common.escape_md(e['label'])}: {common.escape_md(e['summary'] or e['note'] or '')}")
            st.text_area("Motivering (handhaven of intrekken)", key=f"{p}re_{e['id']}", max_chars=2000)
            common.field_error(F, "reasons")

            def _keep(eid=e["id"]):
                if common.call(app.extension_withdrawal.keep_after_reassessment, actor, case_id, eid,
                               reasons=ss.get(f"{p}re_{eid}", ""), form=F):
                    common.flash("success", "Herbeoordeling vastgelegd: het huisverbod blijft.")

            def _wd(eid=e["id"]):
                doc = common.call(app.extension_withdrawal.withdraw, actor, case_id,
                                  confirm.seen(f"{p}wdr_{eid}", view.version),
                                  reasons=ss.get(f"{p}re_{eid}", ""), resolves_event_id=eid, form=F)
                if doc:
                    ss["lifecycle_doc"] = doc
                    common.flash("success", f"Huisverbod ingetrokken; beschikking {doc} is ondertekend.")
            st.button("Handhaven", key=f"{p}keep_{e['id']}", on_click=_keep)
            confirm_button("Intrekken", f"{p}wdr_{e['id']}", lambda: confirmations.withdrawal(c, app.now()), _wd,
                           primary=False, seen=view.version)

st.subheader(TXT["ext"])
for problem in opts.get("not_ready", []):
    st.warning(problem, icon=":material/assignment_late:")
for decision, label in (("verlenging", "Dossier verlenging"), ("intrekking", "Dossier intrekking")):
    gaps = (common.call(app.documents.dossier, actor, case_id, decision) or {}).get("missing", [])
    if gaps:
        st.caption(f"{label}: ontbreekt nog — " + ", ".join(gaps))
if st.button("Dossier voor de burgemeester (PDF) maken", key=f"dossier_{case_id}"):   # not under p: drafts
    made = common.call(app.documents.dossier_pdf, actor, case_id, "verlenging")
    if made:
        st.download_button("Dossier downloaden", made[1], file_name=made[0], mime="application/pdf",
                           on_click="ignore")
for w in opts["warnings"]:
    st.warning(w)
if opts["max_days"] < 1:
    st.info("Dit huisverbod staat al op het uiterste einde (T0 + 28 dagen); verder verlengen kan niet.")
else:
    advies = opts["zorgadvies"]
    if advies and p + "org" not in ss:
        ss[p + "org"] = advies["organisation"] or ""
        ss[p + "adate"] = advies["event_date"]
        ss[p + "asum"] = advies["note"] or ""
    st.number_input(f"Aantal dagen verlengen (gebruikelijk {opts['suggested_days']}, maximaal {opts['max_days']})",
                    min_value=1, max_value=opts["max_days"], value=opts["suggested_days"], step=1, key=p + "days")
    common.field_error(F, "days")
    st.text_input("Zorgadvies van (organisatie)", key=p + "org", max_chars=200)
    common.field_error(F, "zorgadvies_organisation")
    ss.setdefault(p + "adate", None)    # empty until known; the value lives in session state only (no default beside it)
    st.date_input("Datum zorgadvies", key=p + "adate", format="DD-MM-YYYY")
    common.field_error(F, "zorgadvies_date")
    st.text_area("Samenvatting zorgadvies", key=p + "asum", max_chars=2000)
    common.field_error(F, "zorgadvies_summary")
    # An explicit answer (issue 14): the decision states exactly this; nothing chosen is refused, never read as "nee".
    st.radio("Heeft betrokkene de aangeboden hulp aanvaard?", ANSWER_CHOICES, index=None, key=p + "help",
             horizontal=True, format_func=lambda a: Answer(a).label)
    common.field_error(F, "help_accepted")
    # The household parts (art. 2 lid 4 Wth): the last decision's texts, to confirm or bring up to date.
    ext_adults = [m for m in view.members if m["residence"] in ("woont", "verblijft")
                  and (m["birth_date"] is None or is_adult_on(m["birth_date"], opts["t0"]))]
    for m in ext_adults:
        ss.setdefault(p + f"role_{m['id']}", m.get("ext_role_note") or m.get("role_note") or "")
        st.text_area(f"Rol van {m['name']} en waarom de verlenging niet aan deze persoon wordt opgelegd",
                     key=p + f"role_{m['id']}", max_chars=2000)
        common.field_error(F, f"role_{m['id']}")
    if any(m["residence"] in ("woont", "verblijft") and m["birth_date"] is not None
           and not is_adult_on(m["birth_date"], opts["t0"]) for m in view.members):
        ss.setdefault(p + "kcare", c.get("ext_children_care") or c["children_care"] or "")
        ss.setdefault(p + "kmeaning", c.get("ext_children_meaning") or c["children_meaning"] or "")
        st.text_area("Kinderen: wie zorgt nu voor hen?", key=p + "kcare", max_chars=2000)
        common.field_error(F, "children_care")
        st.text_area("Kinderen: wat betekent de verlenging voor hen?", key=p + "kmeaning", max_chars=2000)
        common.field_error(F, "children_meaning")
    common.field_error(F, "household")
    st.text_area("Actuele feiten (wat is er sinds het opleggen gebeurd?)", key=p + "facts", max_chars=2000)
    common.field_error(F, "current_facts")
    st.text_area("Motivering: waarom dreigt het gevaar nog (en waarom is aanvaarde hulp niet genoeg)?",
                 key=p + "reasons", max_chars=2000)
    common.field_error(F, "reasons")

    def _extend():
        doc = common.call(app.extension_withdrawal.extend, actor, case_id, confirm.seen(p + "ext", view.version),
                          days=confirm.named(p + "ext", 0), zorgadvies_organisation=ss.get(p + "org", ""),
                          zorgadvies_date=ss.get(p + "adate"),
                          zorgadvies_summary=ss.get(p + "asum", ""), help_accepted=ss.get(p + "help"),
                          reasons=ss.get(p + "reasons", ""), current_facts=ss.get(p + "facts", ""),
                          children_care=ss.get(p + "kcare"), children_meaning=ss.get(p + "kmeaning"),
                          adult_roles={m["id"]: ss.get(p + f"role_{m['id']}", "") for m in ext_adults} or None, form=F)
        if doc:
            ss["lifecycle_doc"] = doc
            drafts.done(f"verlenging:{case_id}")
            common.flash("success", f"Huisverbod verlengd; beschikking {doc} is ondertekend.")
    def _ext_question(days: int) -> confirmations.Confirmation:
        try:
            new_end = extension_end(opts["t0"], opts["current_end"], days)
        except ValueError:          # the service refuses it with its own message after "Ja"
            new_end = opts["latest_end"]
        return confirmations.extension(c, opts["current_end"], new_end, days)
    confirm_button("Verlenging ondertekenen", p + "ext", _ext_question, _extend, seen=view.version,
                   values=lambda: int(ss.get(p + "days") or 0))    # what the question names is what is signed

st.subheader(TXT["wd"])
st.text_area("Motivering van de intrekking (bijv. hulp aanvaard en bevestigd door de hulpverlening, gevaar geweken)",
             key=p + "wreasons", max_chars=2000)
common.field_error(F + "_wd", "reasons")


def _withdraw():
    doc = common.call(app.extension_withdrawal.withdraw, actor, case_id, confirm.seen(p + "wd", view.version),
                      reasons=ss.get(p + "wreasons", ""),
                      form=F + "_wd")
    if doc:
        ss["lifecycle_doc"] = doc
        drafts.done(f"verlenging:{case_id}")
        common.flash("success", f"Huisverbod ingetrokken; beschikking {doc} is ondertekend. Het werkelijke einde "
                                "is het moment van intrekking; het geplande einde blijft vastgelegd.")


confirm_button("Intrekking ondertekenen", p + "wd", lambda: confirmations.withdrawal(c, app.now()), _withdraw,
               primary=False, seen=view.version)
