"""Risicotaxatie (RiHG): 20 signals with their items, a colour per signal, facts with sources,
the computed advice and the decision with reasons (Bth art. 2 and annex)."""
import streamlit as st

from procedure.domain.rihg import Assessment, Colour, Fact
from ui import common, drafts

F = "rihg"
TXT = {"title": "Risicotaxatie (RiHG)", "sub": "Per item ja/nee; per signaal een kleur; bij rood of blauw minstens "
       "één feit met bron (PV-nummer, registratie, verklaring).", "none": "Er zijn geen zaken met een open RiHG.",
       "pick": "Zaak", "save": "Concept opslaan", "saved": "RiHG opgeslagen.", "advice": "Advies (vuistregel)",
       "decide": "RiHG afronden en besluiten", "decision": "Besluit", "reasons": "Motivering van het besluit",
       "more": "Extra feit bij {code}", "authors": "Invullers per deel",
       "src_all": "Bron van de feiten (bijv. het PV van dit incident; geldt voor elk feit zonder eigen bron)"}
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state
rows = common.paged(app.lists.rihg_cases, actor, key="rihg_list")
case_id = common.case_picker(TXT["pick"], rows, key="rihg_pick")
if not case_id:
    st.info(TXT["none"])
    st.stop()
cat = app.assessment.catalogue()
p = f"rh_{case_id}_"   # widget keys per case, so switching cases never mixes answers
# Streamlit forgets a page's widget values when the user goes to another page, and a new login starts a new session:
# then what was typed (answers, colours, facts, the decision and its reasons) comes back from the user's draft, and
# what the draft does not hold from the stored RiHG (issue 17: the motivering was empty after logging in again).
fresh = not any(isinstance(k, str) and k.startswith(p) and "problems" not in k for k in ss.keys())
drafts.keep(f"rihg:{case_id}", p, skip=("more_", "problems"),
            ignore={p + "author_" + part.code for part in cat.parts} | {p + "nf_" + s.code for s in cat.signals})

if ss.get("rihg_loaded") != case_id or fresh:
    view = common.call(app.case_file.get_case, actor, case_id)
    loaded = common.call(app.assessment.get_rihg, actor, case_id)
    if view is None or loaded is None:
        st.stop()
    assessment, _ = loaded
    ss["rihg_version"] = view.version
    for item in cat.items:
        ss.setdefault(p + item.code, bool(assessment.answers.get(item.code, False)))
    for sig in cat.signals:
        if sig.code in assessment.colours:
            ss.setdefault(p + "col_" + sig.code, assessment.colours[sig.code].value)
        facts = [f for f in assessment.facts if f.signal_code == sig.code]
        ss.setdefault(p + "nf_" + sig.code, max(1, len(facts)))
        for j, f in enumerate(facts):
            ss.setdefault(f"{p}fd_{sig.code}_{j}", f.description)
            ss.setdefault(f"{p}fs_{sig.code}_{j}", f.source)
            ss.setdefault(f"{p}fx_{sig.code}_{j}", f.disputed)
    ss["rihg_loaded"] = case_id


def _assessment() -> Assessment:
    answers = {i.code: bool(ss.get(p + i.code, False)) for i in cat.items}
    colours = {s.code: Colour(ss[p + "col_" + s.code]) for s in cat.signals if ss.get(p + "col_" + s.code)}
    facts = []
    for s in cat.signals:
        for j in range(ss.get(p + "nf_" + s.code, 1)):
            d, src = ss.get(f"{p}fd_{s.code}_{j}") or "", ss.get(f"{p}fs_{s.code}_{j}") or ""
            if d.strip() and not src.strip():
                # one source typed once for all facts from it (usually the incident's PV), not again per signal
                src = ss.get(p + "src_all") or ""
            if d.strip() or src.strip():
                facts.append(Fact(s.code, d, src, bool(ss.get(f"{p}fx_{s.code}_{j}", False))))
    return Assessment(answers=answers, colours=colours, facts=facts)


def _authors() -> dict:
    return {part: ss.get(p + "author_" + part) or actor.name for part in ("A", "B", "C")}


def _save() -> None:
    nv = common.call(app.assessment.save_rihg, actor, case_id, ss["rihg_version"], _assessment(), _authors(), form=F)
    if nv:
        ss["rihg_version"] = nv
        common.flash("success", TXT["saved"])


def _remember_problems() -> None:
    """Keep what is missing per signal, to show it at the signal and at the button (the summary at the
    top of this long page is out of sight when the user clicks at the bottom)."""
    ss[p + "problems"] = common.call(app.assessment.rihg_problems, actor, case_id, _assessment()) or []


def _decide() -> None:
    nv = common.call(app.assessment.save_rihg, actor, case_id, ss["rihg_version"], _assessment(), _authors(), form=F)
    _remember_problems()
    if not nv:
        return
    ss["rihg_version"] = nv
    choice = ss.get(p + "decision")
    if choice is None:
        # Say everything that is still missing at once, not in two rounds.
        problems = common.call(app.assessment.rihg_problems, actor, case_id, _assessment()) or []
        ss.setdefault("errors", {})[F] = {"decision": "Kies: huisverbod wel of niet opleggen."}
        if problems:
            common.flash("error", "De risicotaxatie is nog niet compleet.", problems)
        return
    nv = common.call(app.assessment.decide, actor, case_id, nv, choice == "ja", ss.get(p + "reasons") or "", form=F)
    if nv:
        ss["rihg_loaded"] = None
        drafts.done(f"rihg:{case_id}")
        common.flash("success", "RiHG afgerond en besluit vastgelegd." + (
            " Stel nu de beschikking op." if choice == "ja" else " De zaak is afgesloten als 'geen huisverbod'."))
        ss["case_id"] = ss["case_request"] = case_id      # the next page opens this case
        ss["goto"] = "pages/beschikking.py" if choice == "ja" else "pages/zaak.py"


with st.expander(TXT["authors"]):
    for part in cat.parts:
        st.text_input(f"Deel {part.code}: ingevuld door", value=actor.name, key=p + "author_" + part.code,
                      max_chars=200)

st.text_input(TXT["src_all"], key=p + "src_all", max_chars=200, placeholder="PV-nummer, registratie…",
              help="Geldt voor elk feit hieronder zonder eigen bron. Typ bij een feit alleen een bron als die anders is.")
colour_labels = {c.value: c.label for c in Colour}
if ss.get(p + "problems"):   # once shown, follow the screen: fixed problems disappear as the user fixes them
    _remember_problems()
problems_by_signal: dict[str, list[str]] = {}
for msg in ss.get(p + "problems", []):
    code = msg.split()[1] if msg.startswith("Signaal ") and len(msg.split()) > 1 else "_"
    problems_by_signal.setdefault(code, []).append(msg)
for part in cat.parts:
    st.subheader(f"Deel {part.code} — {part.label}")
    for sig in part.signals:
        with st.container(border=True):
            st.markdown(f"**{sig.code} {sig.label}**")
            for msg in problems_by_signal.get(sig.code, []):
                st.error(common.escape_md(msg), icon=":material/error:")
            cols = st.columns(2)
            for k, item in enumerate(sig.items):
                cols[k % 2].checkbox(f"{item.label}", key=p + item.code)
            st.radio(f"Kleur {sig.code}", [c.value for c in Colour], key=p + "col_" + sig.code, horizontal=True,
                     index=None, format_func=colour_labels.get)
            colour = ss.get(p + "col_" + sig.code)
            if colour in ("rood", "blauw"):
                for j in range(ss.get(p + "nf_" + sig.code, 1)):
                    c1, c2, c3 = st.columns([4, 2, 1])
                    c1.text_input(f"Feit {sig.code}" + (f" ({j + 1})" if j else ""), key=f"{p}fd_{sig.code}_{j}",
                                  max_chars=2000)
                    c2.text_input(f"Bron {sig.code}" + (f" ({j + 1})" if j else ""), key=f"{p}fs_{sig.code}_{j}",
                                  max_chars=200, placeholder=("zelfde als de bron bovenaan" if ss.get(p + "src_all")
                                                              else "PV-nummer, registratie…"))
                    c3.checkbox("Betwist", key=f"{p}fx_{sig.code}_{j}")
                st.button(TXT["more"].format(code=sig.code), key=p + "more_" + sig.code,
                          on_click=lambda c=sig.code: ss.update({p + "nf_" + c: ss.get(p + "nf_" + c, 1) + 1}))

st.divider()
current = _assessment()
advice = app.assessment.advice(current.colours)
st.subheader(TXT["advice"])
(st.warning if advice.indicated else st.info)(advice.text)
st.caption(" · ".join(f"Deel {k}: {v} rood" for k, v in advice.red_per_part.items()))
common.field_error(F, "_")
st.button(TXT["save"], on_click=_save)

st.subheader(TXT["decision"])
st.radio("Huisverbod opleggen?", ["ja", "nee"], index=None, key=p + "decision", horizontal=True,
         format_func={"ja": "Ja, huisverbod", "nee": "Nee, geen huisverbod"}.get)
common.field_error(F, "decision")
st.text_area(TXT["reasons"], key=p + "reasons", max_chars=5000,
             help="Altijd verplicht, ook als u het advies volgt; extra belangrijk als u ervan afwijkt.")
common.field_error(F, "reasons")
st.button(TXT["decide"], type="primary", on_click=_decide)
if ss.get(p + "problems"):
    st.error("Nog niet compleet (de meldingen staan ook bij de signalen hierboven):\n"
             + "\n".join(f"- {common.escape_md(m)}" for m in ss[p + "problems"]))
