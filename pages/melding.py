"""Nieuwe melding (politie / HOvJ): dwelling, incident, person, household, door questions.
Implements art. 1 and 2 lid 1-2 Wth: domestic, resident, adult; the household the ban protects.
"""
from datetime import date

import streamlit as st

from procedure.domain.answers import ANSWER_CHOICES, Answer
from procedure.domain.case import local_time_default
from procedure.domain.rules import RELATIONS, Residence
from ui import common, drafts
from ui.moment import moment_input

F = "melding"
TXT = {
    "title": "Nieuwe melding", "sub": "Registreer de melding. Alles wat u hier invult komt automatisch in de "
    "RiHG, de beschikking en de andere formulieren.",
    "dwelling": "Woning (de gezamenlijke woning)", "incident": "Incident", "person": "Betrokkene (uithuis te plaatsen)",
    "household": "Huisgenoten", "door": "De drie deurvragen", "submit": "Melding registreren",
    "add": "Huisgenoot toevoegen", "remove": "Laatste huisgenoot verwijderen", "done": "Melding {id} is geregistreerd.",
    "open": "Zaak openen",
}
FORM_KEYS = ["municipality_code", "street", "house_number", "postcode", "city", "incident_date", "incident_time",
             "incident_time__dst", "incident_description", "person_given_names", "person_surname", "person_birth_date", "person_bsn",
             "person_phone", "person_brp_differs", "person_residence_basis", "aangifte_done", "arrested",
             "child_abuse_ground", "new_facts", "q_domestic", "q_resident", "q_adult"]
#: session keys (endings) of the selection boxes and radio groups: emptied to None, not ""
CHOICE_KEYS = ("_municipality_code", "_aangifte_done", "_arrested", "_child_abuse_ground", "_relation", "_residence",
               "_threatened")
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state
# Every change is kept as a draft; a new session finds it back (issue 7).
drafts.keep("melding", "mf_", ignore={"mf_incident_date", "mf_incident_time", "mf_n"})
ss.setdefault("mf_n", 1)
now = app.now()
today, now_time = local_time_default(now)


def _members() -> list[dict]:
    out = []
    for i in range(ss["mf_n"]):
        out.append({"name": ss.get(f"mf_m{i}_name"), "birth_date": ss.get(f"mf_m{i}_birth"),
                    "relation": ss.get(f"mf_m{i}_relation"), "residence": ss.get(f"mf_m{i}_residence"),
                    "residence_basis": ss.get(f"mf_m{i}_basis"), "threatened": ss.get(f"mf_m{i}_threatened")})
    return out


def _submit() -> None:
    form = {k: ss.get(f"mf_{k}") for k in FORM_KEYS}
    form["members"] = _members()
    case_id = common.call(app.intake.create_melding, actor, form, form=F)
    if case_id:
        ss["case_id"] = case_id
        ss["melding_done"] = case_id
        # empty the form by setting values: a deleted key keeps its old text in the browser
        for k in [k for k in ss.keys() if isinstance(k, str) and k.startswith("mf_")]:
            if k in ("mf_n", "mf_incident_date", "mf_incident_time"):
                del ss[k]
            elif k.endswith(CHOICE_KEYS):
                # a choice goes back to "nothing chosen": "" is no option, so the box kept showing the old one
                # (issue 17: municipality and "Verblijf huisgenoot 1" stayed filled in after registering)
                ss[k] = None
            else:
                v = ss[k]
                ss[k] = "" if isinstance(v, str) else False if isinstance(v, bool) else None
        drafts.done("melding")
        common.flash("success", TXT["done"].format(id=case_id))
        ss["melding_focus_open"] = True


if ss.get("melding_done"):
    if st.button(TXT["open"] + f" {ss['melding_done']}", type="primary", key="melding_open"):
        done = ss.pop("melding_done")
        common.open_case(done, "pages/rihg.py" if actor.role.value == "hovj" else "pages/zaak.py")
    if ss.pop("melding_focus_open", False):
        # the next step gets the focus: the submit button sits below the (now empty) form, this one at the top
        common.focus_button("melding_open")

munis = app.intake.municipalities_for(actor)
err = lambda f: common.field_error(F, f)  # noqa: E731

st.subheader(TXT["dwelling"])
st.selectbox("Gemeente van de woning", [m["code"] for m in munis], index=None, key="mf_municipality_code",
             format_func=lambda c: next(m["name"] for m in munis if m["code"] == c), placeholder="Kies de gemeente")
err("municipality_code")
c1, c2, c3, c4 = st.columns([3, 2, 2, 2])  # wide enough for a field error under each
with c1:
    st.text_input("Straat", key="mf_street", max_chars=200)
    err("street")
with c2:
    st.text_input("Huisnummer", key="mf_house_number", max_chars=20)
    err("house_number")
with c3:
    st.text_input("Postcode", key="mf_postcode", max_chars=7, placeholder="5911 AB")
    err("postcode")
with c4:
    st.text_input("Plaats", key="mf_city", max_chars=200)
    err("city")

st.subheader(TXT["incident"])
moment_input("mf_incident_date", "mf_incident_time", label_date="Datum incident", label_time="Tijd incident",
             default_date=today, default_time=now_time, max_date=today)
err("incident_date")
st.text_area("Korte beschrijving van het incident", key="mf_incident_description", max_chars=2000,
             help="Wat gebeurde er, tegen wie? Dit wordt het begin van de feiten in de beschikking.")
err("incident_description")

st.subheader(TXT["person"])
c1, c2 = st.columns(2)
with c1:
    st.text_input("Voornamen", key="mf_person_given_names", max_chars=200)
    err("person_given_names")
    st.date_input("Geboortedatum", value=None, key="mf_person_birth_date", format="DD-MM-YYYY",
                  min_value=date(1900, 1, 1), max_value=today)
    err("person_birth_date")
    st.text_input("Telefoon (optioneel)", key="mf_person_phone", max_chars=40)
    err("person_phone")
with c2:
    st.text_input("Achternaam", key="mf_person_surname", max_chars=200)
    err("person_surname")
    st.text_input("BSN (optioneel)", key="mf_person_bsn", max_chars=9)
    err("person_bsn")
st.checkbox("BRP-adres wijkt af van de woning (feitelijk verblijf telt)", key="mf_person_brp_differs")
if ss.get("mf_person_brp_differs"):
    st.text_area("Waaruit blijkt het feitelijke verblijf in de woning?", key="mf_person_residence_basis", max_chars=2000)
    err("person_residence_basis")
# Explicit answers (issue 14): nothing chosen is "niet vastgesteld" on the melding report, never "nee".
c1, c2, c3 = st.columns(3)
c1.radio("Aangifte gedaan? (niet vereist)", ANSWER_CHOICES, index=None, key="mf_aangifte_done",
         format_func=lambda a: Answer(a).label)
c2.radio("Aangehouden? (niet vereist)", ANSWER_CHOICES, index=None, key="mf_arrested",
         format_func=lambda a: Answer(a).label)
c3.radio("Grond: (vermoeden van) kindermishandeling?", ANSWER_CHOICES, index=None, key="mf_child_abuse_ground",
         format_func=lambda a: Answer(a).label,
         help="Bij 'ja' moet Veilig Thuis vóór het opleggen worden geraadpleegd (art. 2 lid 3 Wth).")
err("child_abuse_ground")
st.text_area("Nieuwe feiten (alleen bij een eerdere zaak voor deze persoon)", key="mf_new_facts", max_chars=2000)
err("new_facts")

st.subheader(TXT["household"])
st.caption("Iedereen die in de woning woont of er meer dan incidenteel verblijft. Hieruit komen de namen van het "
           "contactverbod.")
for i in range(ss["mf_n"]):
    with st.container(border=True):
        c1, c2, c3 = st.columns([3, 2, 2])
        c1.text_input(f"Naam huisgenoot {i + 1}", key=f"mf_m{i}_name", max_chars=200)
        c2.date_input(f"Geboortedatum huisgenoot {i + 1}", value=None, key=f"mf_m{i}_birth", format="DD-MM-YYYY",
                      min_value=date(1900, 1, 1), max_value=today)
        c3.selectbox(f"Relatie huisgenoot {i + 1}", list(RELATIONS), index=None, key=f"mf_m{i}_relation",
                     format_func=RELATIONS.get, placeholder="Kies")
        c1, c2, c3 = st.columns([3, 3, 1])
        c1.selectbox(f"Verblijf huisgenoot {i + 1}", [r.value for r in Residence], index=None,
                     key=f"mf_m{i}_residence", format_func=lambda r: Residence(r).label, placeholder="Kies")
        c2.text_input(f"Basis verblijf huisgenoot {i + 1}", key=f"mf_m{i}_basis", max_chars=200,
                      placeholder="bijv. BRP, verklaring, spullen aanwezig")
        # an answer, not a checkbox: nothing chosen is "niet vastgesteld", never "nee" (issue 14)
        c3.selectbox(f"Bedreigd (huisgenoot {i + 1})", ANSWER_CHOICES, index=None, key=f"mf_m{i}_threatened",
                     format_func=lambda a: Answer(a).label, placeholder="Kies")
        for f in ("name", "birth_date", "relation", "residence", "residence_basis", "threatened"):
            err(f"member_{i}_{f}")
err("household")
c1, c2 = st.columns(2)
def _add_member():
    # a household shares its basis of residence (usually "BRP"): the new row starts with the previous one's,
    # so it is not typed again; the user changes it where it differs
    n = ss["mf_n"]
    if not ss.get(f"mf_m{n}_basis") and ss.get(f"mf_m{n - 1}_basis"):
        ss[f"mf_m{n}_basis"] = ss[f"mf_m{n - 1}_basis"]
    ss["mf_n"] = n + 1


c1.button(TXT["add"], on_click=_add_member)
if ss["mf_n"] > 1:
    c2.button(TXT["remove"], on_click=lambda: ss.update(mf_n=ss["mf_n"] - 1))

st.subheader(TXT["door"])
st.checkbox("Gaat de dreiging uit van iemand uit de huiselijke kring (geen buren of bezoek)?", key="mf_q_domestic")
st.checkbox("Woont de persoon in de woning of verblijft hij/zij er meer dan incidenteel?", key="mf_q_resident")
st.checkbox("Is de persoon 18 jaar of ouder?", key="mf_q_adult")
err("door_questions")
err("_")

st.button(TXT["submit"], type="primary", on_click=_submit)
