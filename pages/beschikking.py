"""Beschikking opstellen (HOvJ): the draft from the data entered; only facts and reasoning are typed here.
Implements art. 2 lid 3 and 4 Wth (Veilig Thuis consulted; a complete decision) and art. 2 lid 7 (oral).
"""

import streamlit as st

from procedure.domain.case import dwelling, local_time_default, person_name
from procedure.domain.deadlines import ORDER_DAYS, is_adult_on
from procedure.domain.rules import RELATIONS, Residence
from ui import common, drafts
from ui.moment import moment_input, moment_value

F = "beschikking"
TXT = {"title": "Beschikking opstellen", "sub": "De conceptbeschikking wordt gemaakt uit de ingevulde gegevens; "
       "u vult alleen de feiten en de motivering aan.", "none": "Er zijn geen zaken die op een beschikking wachten.",
       "pick": "Zaak", "save": "Concept opslaan", "pdf": "Concept-PDF maken", "submit": "Aanbieden ter ondertekening",
       "missing": "Nog niet compleet (art. 2 lid 4 Wth):", "complete": "Alle onderdelen van art. 2 lid 4 Wth zijn aanwezig.",
       "vt": "Raadpleging Veilig Thuis (verplicht bij kindermishandeling, art. 2 lid 3 Wth)"}
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state


def _save_household(cid: str, version: int, adult_ids: list[int], with_children: bool):
    """Store only the household parts of a beschikking that awaits signature (issue 14)."""
    q = f"hh_{cid}_"
    nv = common.call(app.decision.save_household_parts, actor, cid, version,
                     adult_roles={i: ss.get(q + f"role_{i}", "") for i in adult_ids} or None,
                     children_care=ss.get(q + "kcare", "") if with_children else None,
                     children_meaning=ss.get(q + "kmeaning", "") if with_children else None, form=f"hh_{cid}")
    if nv:
        common.flash("success", f"De huisgenoten in de beschikking van {cid} zijn aangevuld.")


# Submitted before the household parts were asked (or completed elsewhere): the burgemeester can't sign these
# until the HOvJ describes the other adults and the children (art. 2 lid 4 Wth, issue 14).
waiting = common.call(app.decision.awaiting_household_parts, actor, read=True) or []
if waiting:
    with st.container(border=True):
        st.markdown(f"**Ter ondertekening, maar de huisgenoten ontbreken nog ({len(waiting)})**")
        st.caption("De burgemeester kan deze beschikkingen pas ondertekenen als de rol van de andere volwassenen "
                   "en (bij kinderen) de zorg voor hen en de betekenis van het huisverbod zijn beschreven. "
                   "Feiten en motivering blijven zoals ze zijn aangeboden.")
        labels = {w["id"]: f"{w['id']} · {w['person_name']} · {w['municipality_name']}" for w in waiting}
        cid = st.selectbox("Zaak ter ondertekening", list(labels), format_func=labels.get, key="hh_pick")
        w = next(x for x in waiting if x["id"] == cid)
        st.markdown("".join(f"- {common.escape_md(x)}\n" for x in w["open_parts"]))
        wv = common.call(app.case_file.get_case, actor, cid, read=True)
        if wv is not None:
            q = f"hh_{cid}_"
            t = wv.case["served_at"] or app.now()
            cov = [m for m in wv.members if m["residence"] in ("woont", "verblijft")]
            adults = [m for m in cov if m["birth_date"] is None or is_adult_on(m["birth_date"], t)]
            kids = [m for m in cov if m["birth_date"] is not None and not is_adult_on(m["birth_date"], t)]
            for m in adults:
                ss.setdefault(q + f"role_{m['id']}", m.get("role_note") or "")
                st.text_area(f"Rol van {common.escape_md(m['name'])} "
                             f"({RELATIONS.get(m['relation'], m['relation'])}) en waarom het huisverbod niet aan "
                             "deze persoon wordt opgelegd", key=q + f"role_{m['id']}", max_chars=2000)
                common.field_error(f"hh_{cid}", f"role_{m['id']}")
            if kids:
                ss.setdefault(q + "kcare", wv.case["children_care"] or "")
                ss.setdefault(q + "kmeaning", wv.case["children_meaning"] or "")
                names = ", ".join(common.escape_md(m["name"]) for m in kids)
                st.text_area(f"Kinderen ({names}): wie zorgt nu voor hen?", key=q + "kcare", max_chars=2000)
                common.field_error(f"hh_{cid}", "children_care")
                st.text_area(f"Kinderen ({names}): wat betekent het huisverbod voor hen?", key=q + "kmeaning",
                             max_chars=2000)
                common.field_error(f"hh_{cid}", "children_meaning")
            st.button(f"Huisgenoten opslaan ({cid})", key=q + "save", on_click=_save_household,
                      args=(cid, wv.version, [m["id"] for m in adults], bool(kids)))

rows = common.paged(app.lists.draft_cases, actor, key="besch_list")
case_id = common.case_picker(TXT["pick"], rows, key="besch_pick")
if not case_id:
    st.info(TXT["none"])
    st.stop()
view = common.call(app.case_file.get_case, actor, case_id)
if view is None:
    st.stop()
c = view.case
p = f"bs_{case_id}_"
TEXT_KEYS = ["facts", "threatened", "why", *(f"role_{m['id']}" for m in view.members), "kcare", "kmeaning"]
mirror = f"_bs_shown_{case_id}_"     # the texts on screen, in plain session keys: they outlive a visit to another page
if ss.get("besch_loaded") == case_id and p + "facts" not in ss:
    # Back from another page: Streamlit dropped the fields, this session's texts (saved or refused because someone
    # else saved first) come back as they were on screen; before, the fields came back empty (issue 17).
    for k in TEXT_KEYS:
        ss[p + k] = ss.get(mirror + k, "")
if ss.get("besch_loaded") != case_id:
    pre = common.call(app.decision.draft_prefill, actor, case_id) or {}
    ss[p + "facts"] = pre.get("facts", "")
    ss[p + "threatened"] = pre.get("threatened_persons", "")
    ss[p + "why"] = pre.get("why_this_person", "")
    for m in view.members:
        ss[p + f"role_{m['id']}"] = m.get("role_note") or ""
    ss[p + "kcare"] = c["children_care"] or ""
    ss[p + "kmeaning"] = c["children_meaning"] or ""
    ss["besch_version"] = view.version
    ss["besch_loaded"] = case_id


# The household parts (art. 2 lid 4 Wth, R04): asked in exactly the households that need them (issue 14).
_at = c["served_at"] or app.now()
_covered = [m for m in view.members if m["residence"] in ("woont", "verblijft")]
# a housemate whose birth date is unknown is asked for like another adult (issue 14, M4)
other_adults = [m for m in _covered if m["birth_date"] is None or is_adult_on(m["birth_date"], _at)]
minors = [m for m in _covered if m["birth_date"] is not None and not is_adult_on(m["birth_date"], _at)]


def _save(quiet: bool = False):
    nv = common.call(app.decision.save_draft, actor, case_id, ss["besch_version"], facts=ss.get(p + "facts", ""),
                     threatened_persons=ss.get(p + "threatened", ""), why_this_person=ss.get(p + "why", ""),
                     duration_days=ORDER_DAYS,
                     adult_roles={m["id"]: ss.get(p + f"role_{m['id']}", "") for m in other_adults} or None,
                     children_care=ss.get(p + "kcare", "") if minors else None,
                     children_meaning=ss.get(p + "kmeaning", "") if minors else None, form=F)
    if nv:
        ss["besch_version"] = nv
        if not quiet:
            common.flash("success", "Concept opgeslagen.")
    return nv


def _submit():
    if not _save(quiet=True):
        return
    nv = common.call(app.decision.submit_for_signature, actor, case_id, ss["besch_version"], form=F)
    if nv:
        ss["besch_loaded"] = None
        common.flash("success", f"Zaak {case_id} staat nu bij de burgemeester ter ondertekening.")
        ss["goto"] = "pages/zaak.py"


def _vt():
    when = moment_value(p + "vt_date", p + "vt_time", form=F, field="vt_consulted_at",
                        label="Moment van het consult")
    if when is None:
        return
    nv = common.call(app.decision.record_vt_consultation, actor, case_id, ss["besch_version"],
                     consulted_with=ss.get(p + "vt_with", ""), outcome=ss.get(p + "vt_outcome", ""),
                     consulted_at=when, form=F)
    if nv:
        ss["besch_version"] = nv
        drafts.done(f"veilig_thuis:{case_id}")
        common.flash("success", "Raadpleging Veilig Thuis vastgelegd.")


if ss.get("besch_version") != view.version:
    # Someone else saved this case after this screen was loaded: the text below is still this user's;
    # he chooses, nothing is overwritten silently and nothing he typed is thrown away.
    with st.container(border=True):
        st.warning(f"Deze zaak is intussen gewijzigd door {common.escape_md(c['updated_by'])} "
                   f"({common.dt(c['updated_at'])}). Uw tekst staat hieronder nog; kies wat er moet gebeuren.")
        with st.expander("Tekst van de andere versie bekijken"):
            st.text(f"Feiten en omstandigheden:\n{c['facts'] or '—'}\n\nWie is bedreigd: {c['threatened_persons'] or '—'}"
                    f"\n\nWaarom deze persoon: {c['why_this_person'] or '—'}")

        def _keep_mine(v=view.version):
            ss["besch_version"] = v
            if _save(quiet=True):
                common.flash("success", "Uw tekst is opgeslagen over de nieuwe versie heen.")

        def _take_theirs():
            ss["besch_loaded"] = None
            common.flash("info", "De nieuwe versie is geladen.")
        k1, k2 = st.columns(2)
        k1.button("Mijn tekst opslaan over de nieuwe versie", on_click=_keep_mine)
        k2.button("De nieuwe versie laden (mijn tekst vervalt)", on_click=_take_theirs)

st.markdown("#### Uit de ingevulde gegevens")
covered = [m for m in view.members if m["residence"] in ("woont", "verblijft")]
st.markdown(
    f"- **Betrokkene:** {common.escape_md(person_name(c))}, geboren {c['person_birth_date'].strftime('%d-%m-%Y')}\n"
    f"- **Woning (plaats van het huisverbod):** {common.escape_md(dwelling(c))}\n"
    f"- **Duur:** {ORDER_DAYS} dagen, ingang bij uitreiking; einde {ORDER_DAYS} dagen later op hetzelfde tijdstip\n"
    f"- **Incident:** {common.dt(c['incident_at'])}\n"
    f"- **Advies RiHG:** {common.escape_md(c['advice_text'])}\n"
    f"- **Contactverbod met:** " + "; ".join(
        f"{common.escape_md(m['name'])} ({RELATIONS.get(m['relation'], m['relation'])}, "
        f"{Residence(m['residence']).label})" for m in covered))

st.markdown("#### Aan te vullen")
# Saved on every change: the completeness check below shows the screen's state, and nothing is lost.
st.text_area("Feiten en omstandigheden (wat is er gebeurd, wanneer, tegen wie)", key=p + "facts", height=220,
             max_chars=60000, on_change=_save, args=(True,))
common.field_error(F, "facts")
st.text_input("Wie is bedreigd", key=p + "threatened", max_chars=2000, on_change=_save, args=(True,))
common.field_error(F, "threatened_persons")
st.text_area("Waarom deze persoon (en niet een andere volwassene in de woning)", key=p + "why", max_chars=2000,
             on_change=_save, args=(True,))
common.field_error(F, "why_this_person")
for m in other_adults:
    st.text_area(f"Rol van {common.escape_md(m['name'])} ({RELATIONS.get(m['relation'], m['relation'])}) en waarom "
                 "het huisverbod niet aan deze persoon wordt opgelegd", key=p + f"role_{m['id']}", max_chars=2000, on_change=_save,
                 args=(True,))
    common.field_error(F, f"role_{m['id']}")
if minors:
    names = ", ".join(common.escape_md(m["name"]) for m in minors)   # labels are Markdown: names show literally
    st.text_area(f"Kinderen ({names}): wie zorgt nu voor hen?", key=p + "kcare", max_chars=2000, on_change=_save,
                 args=(True,))
    common.field_error(F, "children_care")
    st.text_area(f"Kinderen ({names}): wat betekent het huisverbod voor hen?", key=p + "kmeaning", max_chars=2000,
                 on_change=_save, args=(True,))
    common.field_error(F, "children_meaning")

for k in TEXT_KEYS:
    if p + k in ss:
        ss[mirror + k] = ss[p + k]

# not answered / onbekend is never read as "nee" (art. 2 lid 3 Wth, issue 14)
if c["child_abuse_ground"] is not False:
    with st.container(border=True):
        st.markdown(f"**{TXT['vt']}**")
        if c["vt_consulted_at"]:
            st.success(f"Geraadpleegd op {common.dt(c['vt_consulted_at'])} met "
                       f"{common.escape_md(c['vt_consulted_with'])}: {common.escape_md(c['vt_consult_outcome'])}")
        else:
            # typed here, saved only by the button below: kept as a draft (issue 17)
            drafts.keep(f"veilig_thuis:{case_id}", p + "vt_",
                        ignore={p + "vt_date", p + "vt_time", p + "vt_time__dst"})
            d0, t0 = local_time_default(app.now())
            moment_input(p + "vt_date", p + "vt_time", label_date="Datum consult", label_time="Tijd consult",
                         default_date=d0, default_time=t0)
            common.field_error(F, "vt_consulted_at")
            st.text_input("Met wie bij Veilig Thuis", key=p + "vt_with", max_chars=200)
            common.field_error(F, "vt_consulted_with")
            st.text_input("Uitkomst", key=p + "vt_outcome", max_chars=2000)
            common.field_error(F, "vt_consult_outcome")
            st.button("Raadpleging vastleggen", on_click=_vt)

# Check what is on the screen (a prefilled "wie is bedreigd" counts before it is saved).
problems = common.call(app.decision.draft_problems, actor, case_id, {
    "facts": ss.get(p + "facts") or "", "threatened_persons": ss.get(p + "threatened") or "",
    "why_this_person": ss.get(p + "why") or "", "children_care": ss.get(p + "kcare") or "",
    "children_meaning": ss.get(p + "kmeaning") or ""}) or []
if problems:
    st.warning(TXT["missing"] + "".join(f"\n- {common.escape_md(x)}" for x in problems))
else:
    st.success(TXT["complete"])
if c["oral_order_at"]:
    st.info(f"Mondeling opgelegd op {common.dt(c['oral_order_at'])}. Leg de beschikking nu schriftelijk vast en laat "
            "haar ondertekenen; daarna bekendmaken (uitreiking of depot).")
elif app.service_of_order.may_impose(actor, case_id):
    with st.expander("Spoed: mondeling opleggen (art. 2 lid 7 Wth)"):
        st.caption("Alleen als er geen tijd is voor een schriftelijke beschikking. Het huisverbod gaat in op het "
                   "moment van het mondelinge bevel; de schriftelijke beschikking volgt direct daarna.")
        d0, t0 = local_time_default(app.now())
        moment_input(p + "oral_d", p + "oral_t", label_date="Datum mondeling bevel",
                     label_time="Tijd mondeling bevel", default_date=d0, default_time=t0)
        common.field_error(F, "ordered_at")

        def _oral():
            at = moment_value(p + "oral_d", p + "oral_t", form=F, field="ordered_at",
                              label="Moment van het mondelinge bevel")
            if at is None:
                return
            nv = common.call(app.service_of_order.record_oral_order, actor, case_id, ss["besch_version"], ordered_at=at,
                             form=F)
            if nv:
                ss["besch_version"] = nv
                common.flash("success", "Mondeling huisverbod vastgelegd. Het loopt vanaf dit moment; stel nu de "
                                        "schriftelijke beschikking op.")
        st.button("Mondeling huisverbod vastleggen", on_click=_oral)

c1, c2, c3 = st.columns(3)
c1.button(TXT["save"], on_click=_save)
if c2.button(TXT["pdf"]):
    pdf = common.call(app.decision.draft_pdf, actor, case_id) if _save(quiet=True) else None
    common.show_flash()
    if pdf:
        st.download_button("Concept downloaden (PDF)", pdf, file_name=f"{case_id}-concept.pdf", mime="application/pdf")
c3.button(TXT["submit"], type="primary", on_click=_submit)
