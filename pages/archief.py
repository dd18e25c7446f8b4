"""Archief en bewaartermijn: ended cases and RiHGs without an order, with their documents; the
retention run (art. 10 Wth: 5 years) with a dry-run list first and legal holds skipped (R06)."""
import pandas as pd
import streamlit as st

from procedure.roles import Role
from ui import common

TXT = {"title": "Archief en bewaartermijn", "sub": "Afgelopen zaken en risicotaxaties zonder huisverbod. Beslissingen "
       "en documenten worden vijf jaar na het einde vernietigd (art. 10 Wth); een lopend beroep houdt dat tegen.",
       "none": "Het archief is leeg.", "dry": "Proefrun: wat zou nu worden vernietigd?",
       "run": "Vernietigen", "arch": "Zaak archiveren"}
svc = common.service()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state
rows = common.call(svc.archive, actor) or []
if not rows:
    st.info(TXT["none"])
else:
    st.dataframe(pd.DataFrame([{
        "Zaak": r["id"], "Status": r["status_label"], "Gemeente": r["municipality_name"],
        "Einde": common.dt(r["ended_at"]),
        "Bewaren tot": common.dt(r["retention_until"]), "Beroep loopt": "ja" if r["legal_hold"] else "nee"}
        for r in rows]), hide_index=True, width="stretch")
    c1, c2 = st.columns([3, 1])
    with c1:
        case_id = common.case_picker("Zaak", [r for r in rows], key="arch_pick")
    if c2.button("Dossier openen"):
        common.open_case(case_id)
    if actor.role == Role.GEMEENTE:
        row = next(r for r in rows if r["id"] == case_id)
        if row["effective_state"].value not in ("gearchiveerd", "vernietigd_archief"):
            def _archive():
                if common.call(svc.archive_case, actor, case_id, row["version"]):
                    common.flash("success", f"Zaak {case_id} is gearchiveerd.")
            st.button(TXT["arch"], on_click=_archive)

if actor.role == Role.GEMEENTE:
    st.subheader("Bewaartermijn uitvoeren")
    if st.button(TXT["dry"]):
        ss["retention_dry"] = [r["id"] for r in (common.call(svc.retention_candidates, actor) or [])]
    dry = ss.get("retention_dry")
    if dry is not None:
        cands = {r["id"]: r for r in (common.call(svc.retention_candidates, actor) or [])}
        if not cands:
            st.info("Er is niets te vernietigen.")
        else:
            st.dataframe(pd.DataFrame([{"Zaak": r["id"], "Status": r["status_label"],
                                        "Bewaren tot": common.dt(r["retention_until"]),
                                        "Wordt": "overgeslagen: beroep loopt" if r["legal_hold"] else "vernietigd"}
                                       for r in cands.values()]), hide_index=True, width="stretch")
            st.warning("Vernietigen verwijdert de persoonsgegevens en documenten; alleen een anonieme statistiekregel "
                       "blijft. Dit kan niet ongedaan worden gemaakt.")
            sure = st.checkbox("Ik heb de lijst gecontroleerd.")

            def _run():
                res = common.call(svc.run_retention, actor, list(cands))
                if res:
                    ss["retention_dry"] = None
                    common.flash("success", f"Vernietigd: {len(res['destroyed'])} zaken; overgeslagen (beroep): "
                                            f"{len(res['skipped'])}.")
            st.button(TXT["run"], type="primary", disabled=not sure, on_click=_run)
