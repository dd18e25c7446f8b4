"""Herstelbesluit (burgemeester / loco-burgemeester): correct a signed beschikking by a new signed decision.
Implements R03 (its own appeal term); T0 and the end stay (art. 2 lid 1, art. 9 Wth).

Herstelbesluit (burgemeester / loco-burgemeester): correct a signed beschikking oplegging by a new,
signed decision with its own appeal term. The earlier signed document stays in the dossier unchanged.
"""
from datetime import date

import streamlit as st

from procedure.domain import confirmations
from procedure.domain.case import dwelling, person_name
from ui import common, confirm, drafts
from ui.confirm import confirm_button

F = "herstel"
TXT = {"title": "Herstelbesluit",
       "sub": "Een ondertekende beschikking wordt nooit gewijzigd. Staat er een fout in (naam, geboortedatum, adres, "
              "feiten), dan neemt u een herstelbesluit: een nieuwe, ondertekende versie die de oude vervangt en een "
              "eigen beroepstermijn heeft. Begin en einde van het huisverbod veranderen niet.",
       "none": "Er zijn in uw gemeente geen ondertekende beschikkingen die hersteld kunnen worden.",
       "pick": "Zaak", "what": "Wat moet worden hersteld?",
       "help": "Pas alleen de gegevens aan die fout zijn. Ongewijzigde velden blijven zoals ze waren.",
       "reasons": "Reden van herstel (wat was er fout, hoe is dat ontdekt?)",
       "button": "Herstelbesluit ondertekenen"}

app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state

common.signed_download(app, actor, ss.get("herstel_doc"), "Ondertekend herstelbesluit")

rows = common.paged(app.lists.correctable_cases, actor, key="herstel_list")
if not rows:
    st.info(TXT["none"])
    st.stop()
case_id = common.case_picker(TXT["pick"], rows, key="herstel_pick")
form = common.call(app.correction.correction_form, actor, case_id)
view = common.call(app.case_file.get_case, actor, case_id)
if form is None or view is None:
    st.stop()
c = view.case
prev = form["replaces"]
st.markdown(f"**Betrokkene:** {common.escape_md(person_name(c))}  \n**Woning:** {common.escape_md(dwelling(c))}  \n"
            f"**Geldende beschikking:** {common.escape_md(prev['id'])}, ondertekend {common.dt(prev['signed_at'])}")

# Field keys per case (not per version): a refused save, also after someone else's herstelbesluit,
# keeps what was typed. "base" holds the values the form was loaded with: only fields the user
# changed are sent, so a field he didn't touch never reverts someone else's correction.
# The draft (issue 17) holds only those changes and the reason, under their own keys ``m``: one entry per field,
# ``[value]`` when changed, None when not. The fields themselves start from the case, so a draft of the prefilled
# values would come back as "Concept hervat" on every visit. Streamlit forgets the fields when the user goes to
# another page while ``_base`` stays: the form is then filled again from the case plus the changes (before, it came
# back empty while ``_base`` said "loaded", and every field counted as changed to "").
p = f"hs_{case_id}_"
m = f"hsd_{case_id}_"
base = ss.get(p + "_base")
current = {f: (v if v is not None or f == "person_birth_date" else "") for f, v in form["values"].items()}
fields = [*current, "reasons"]
shown = p + "reasons" in ss                         # the fields are on the screen (not a new page visit)
kept = any(isinstance(k, str) and k.startswith(m) for k in ss)
if base is None or not shown or not kept:           # first visit, another page, a new login, discarded or signed
    base = ss[p + "_base"] = dict(current)
    for field, value in current.items():
        ss[p + field] = value
    ss[p + "reasons"] = ""
else:
    for field, value in current.items():   # untouched fields follow the case
        if ss.get(p + field) == base.get(field) and value != base.get(field):
            ss[p + field] = value
            base[field] = value
if shown and kept:
    for f in fields:
        v = ss.get(p + f)
        ss[m + f] = [v] if v != base.get(f, "") else None
drafts.keep(f"herstel:{case_id}", m)
if not (shown and kept):
    for f in fields:                                # the changes of this session or of the draft put back
        if isinstance(ss.get(m + f), list) and ss[m + f]:
            ss[p + f] = ss[m + f][0]
        else:
            ss[m + f] = None


def _typed() -> dict:
    return {f: ss.get(p + f) for f in current if ss.get(p + f) != base.get(f)}


st.subheader(TXT["what"])
st.caption(TXT["help"])
labels = form["labels"]
c1, c2 = st.columns(2)
c1.text_input(labels["person_given_names"], key=p + "person_given_names", max_chars=200)
common.field_error(F, "person_given_names")
c2.text_input(labels["person_surname"], key=p + "person_surname", max_chars=200)
common.field_error(F, "person_surname")
st.date_input(labels["person_birth_date"], key=p + "person_birth_date", format="DD-MM-YYYY",
              min_value=date(1900, 1, 1), max_value=date.today())
common.field_error(F, "person_birth_date")
a1, a2, a3, a4 = st.columns([3, 1, 1, 2])
a1.text_input(labels["street"], key=p + "street", max_chars=200)
a2.text_input(labels["house_number"], key=p + "house_number", max_chars=20)
a3.text_input(labels["postcode"], key=p + "postcode", max_chars=10)
a4.text_input(labels["city"], key=p + "city", max_chars=200)
for f in ("street", "house_number", "postcode", "city"):
    common.field_error(F, f)
for f in ("facts", "threatened_persons", "why_this_person"):
    st.text_area(labels[f], key=p + f, height=160 if f == "facts" else 90, max_chars=60000 if f == "facts" else 2000)
    common.field_error(F, f)



changed = common.call(app.correction.correction_preview, actor, case_id, _typed()) or []
if changed:
    st.info("Wordt hersteld: " + ", ".join(changed))
    # A corrected name often also appears in the free texts of the decision: point at them.
    for f in ("person_given_names", "person_surname", "street"):
        old = base.get(f) or ""
        if ss.get(p + f) != base.get(f) and len(old) >= 3:
            texts = [labels[t] for t in ("facts", "threatened_persons", "why_this_person")
                     if old in (ss.get(p + t) or "")]
            if texts:
                st.warning(f"'{common.escape_md(old)}' staat ook nog in: {', '.join(texts)}. Pas die tekst ook "
                           "aan als de fout daar ook in staat.")
st.text_area(TXT["reasons"], key=p + "reasons", max_chars=2000)
common.field_error(F, "reasons")
common.field_error(F, "changes")


def _sign():
    doc = common.call(app.correction.correct_decision, actor, case_id, confirm.seen(p + "sign", form["version"]),
                      changes=_typed(),
                      reasons=ss.get(p + "reasons", ""), form=F)
    if doc:
        ss["herstel_doc"] = doc
        # The next correction starts from the new values: reset the form by setting values (a deleted
        # widget key would keep its old text in the browser).
        ss[p + "reasons"] = ""
        ss.pop(p + "_base", None)
        for f in fields:
            ss.pop(m + f, None)
        drafts.done(f"herstel:{case_id}")
        common.flash("success", f"Herstelbesluit {doc} is ondertekend en vervangt {prev['id']}. Maak het bekend aan "
                                "de betrokkene; het heeft een eigen beroepstermijn van zes weken.")


confirm_button(TXT["button"], p + "sign", lambda: confirmations.correction(c, prev["id"], changed), _sign,
               seen=form["version"])
