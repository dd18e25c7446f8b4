"""Aansluiting (managers view, beheerder edits): each municipality's council decision and the go / no-go.
Implements no article of the Wth: the system is only introduced when all municipalities agree.
"""
from datetime import date

import streamlit as st

from costs.accession import AccessionStatus
from procedure.domain.roles import Action, may
from ui import common
from ui.costs_ui import table

F = "aansluiting"
app = common.app()
actor = common.actor()
common.header("Aansluiting", "Raadsbesluiten per gemeente en de regionale go / no-go")
ss = st.session_state
res = common.call(app.costs.accession_overview, actor)
if res is None:
    common.show_flash()
    st.stop()
rows, decision = res
if decision.go:
    st.success(decision.text(), icon=":material/check_circle:")
else:
    st.warning(decision.text() + " Zolang de regio NO-GO is, wordt niets gefactureerd: *Kosten* en het kostenrapport "
               "tonen de bedragen als prognose.", icon=":material/block:")
c1, c2, c3 = st.columns(3)
c1.metric("Akkoord", f"{len(decision.agreed)} van {len(rows)}", border=True)
c2.metric("Nog niet besloten", len(decision.pending), border=True)
c3.metric("Afgewezen", len(decision.rejected), border=True)
st.progress(len(decision.agreed) / max(1, len(rows)), text=f"{len(decision.agreed)} van {len(rows)} gemeenten akkoord")

BADGE = {"akkoord": ":green-badge[Akkoord]", "in_behandeling": ":orange-badge[Nog niet besloten]",
         "afgewezen": ":red-badge[Afgewezen]"}
for sub in ("Noord-Limburg", "Midden-Limburg"):
    st.markdown(f"#### {sub}")
    for r in [r for r in rows if r["subregion"] == sub]:
        mine = actor.municipality_code == r["code"]
        when = f" op {r['decided_on']:%d-%m-%Y}" if r["decided_on"] else ""
        ref = f" · kenmerk {common.escape_md(r['reference'])}" if r["reference"] else ""
        st.markdown(f"{BADGE[r['status']]} **{common.escape_md(r['name'])}**{' (uw gemeente)' if mine else ''}"
                    f"{when}{ref}" + (" · *demo*" if r["is_demo"] else ""))
with st.expander("Als tabel (met export)"):
    table("Aansluiting", [("name", "Gemeente", "text"), ("subregion", "Subregio", "text"),
                          ("status_label", "Raadsbesluit", "text"), ("decided_on", "Datum", "text"),
                          ("reference", "Kenmerk", "text"), ("note", "Toelichting", "text")], rows, "aansluiting")

if may(actor, Action.MANAGE_COSTS):
    st.subheader("Raadsbesluit vastleggen")
    codes = [r["code"] for r in rows]
    by = {r["code"]: r for r in rows}
    code = st.selectbox("Gemeente", codes, format_func=lambda c: by[c]["name"], key="acc_code")
    r = by[code]
    p = f"acc_{code}_v{r['version'] or 0}_"
    if p + "status" not in ss:
        ss[p + "status"] = r["status"]
        ss[p + "date"] = r["decided_on"]
        ss[p + "ref"] = r["reference"] or ""
        ss[p + "note"] = r["note"] or ""
    st.radio("Stand", [s.value for s in AccessionStatus], format_func=lambda s: AccessionStatus(s).label,
             key=p + "status", horizontal=True)
    common.field_error(F, "status")
    st.date_input("Datum raadsbesluit", key=p + "date", format="DD-MM-YYYY", min_value=date(2010, 1, 1),
                  max_value=app.now().date())
    common.field_error(F, "decided_on")
    st.text_input("Kenmerk raadsbesluit", key=p + "ref", max_chars=200)
    common.field_error(F, "reference")
    st.text_area("Toelichting (optioneel)", key=p + "note", max_chars=2000, height=80)
    common.field_error(F, "note")

    def _save():
        v = common.call(app.costs.set_accession, actor, code, r["version"], status=ss[p + "status"],
                        decided_on=ss.get(p + "date"), reference=ss.get(p + "ref", ""), note=ss.get(p + "note", ""),
                        form=F)
        if v:
            common.flash("success", f"Raadsbesluit van {r['name']} vastgelegd.")
    st.button("Opslaan", type="primary", on_click=_save, key="acc_save")
    hist = common.call(app.costs.accession_history, actor, code) or []
    if hist:
        with st.expander(f"Geschiedenis van {r['name']}"):
            table(f"Geschiedenis {r['name']}", [("when", "Wanneer", "text"), ("changed_by", "Door", "text"),
                                                 ("old", "Van", "text"), ("new", "Naar", "text"),
                                                 ("decided_on", "Datum besluit", "text"), ("reference", "Kenmerk", "text")],
                  [dict(h, when=common.dt(h["changed_at"]), new=AccessionStatus(h["new_status"]).label,
                        old=AccessionStatus(h["old_status"]).label if h["old_status"] else None) for h in hist],
                  f"aansluiting_geschiedenis_{code}")
else:
    st.caption("De beheerder legt de raadsbesluiten vast.")
