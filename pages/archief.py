"""Archief en bewaartermijn: ended cases and RiHGs without an order, with their documents; the
retention run (art. 10 Wth: 5 years) with a dry-run list first and legal holds skipped (R06).
Both lists show their true total and page on screen (issue 12)."""
import pandas as pd
import streamlit as st

from procedure.domain import confirmations
from procedure.domain.roles import Role
from ui import common, tables
from ui.confirm import confirm_button

TXT = {"title": "Archief en bewaartermijn", "sub": "Afgelopen zaken en risicotaxaties zonder huisverbod. Beslissingen "
       "en documenten worden vijf jaar na het einde vernietigd (art. 10 Wth); een lopend beroep houdt dat tegen.",
       "none": "Het archief is leeg.", "dry": "Proefrun: wat zou nu worden vernietigd?",
       "run": "Vernietigen", "arch": "Zaak archiveren"}
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state
rows = common.paged(app.lists.archive, actor, key="arch_list", noun="zaken in het archief")
if not rows:
    st.info(TXT["none"])
else:
    tables.table(pd.DataFrame([{
        "Zaak": r["id"], "Status": r["status_label"], "Gemeente": r["municipality_name"],
        "Einde": common.dt(r["ended_at"]),
        "Bewaren tot": common.dt(r["retention_until"]), "Beroep loopt": "ja" if r["legal_hold"] else "nee"}
        for r in rows]))
    c1, c2 = st.columns([3, 1])
    with c1:
        case_id = common.case_picker("Zaak", rows, key="arch_pick")
    if c2.button("Dossier openen"):
        common.open_case(case_id)
    if actor.role == Role.GEMEENTE:
        row = next((r for r in [getattr(rows, "requested", None), *rows] if r and r["id"] == case_id), None)
        if row and row["effective_state"].value not in ("gearchiveerd", "vernietigd_archief"):
            def _archive():
                if common.call(app.archive.archive_case, actor, case_id, row["version"]):
                    common.flash("success", f"Zaak {case_id} is gearchiveerd.")
            st.button(TXT["arch"], on_click=_archive)

if actor.role == Role.GEMEENTE:
    st.subheader("Bewaartermijn uitvoeren")
    if st.button(TXT["dry"]):
        ss["retention_dry"] = True
    if ss.get("retention_dry"):
        cands = common.paged(app.lists.retention_candidates, actor, key="ret_list", noun="zaken over de bewaartermijn")
        if not cands.total:
            st.info("Er is niets te vernietigen.")
        else:
            tables.table(pd.DataFrame([{"Zaak": r["id"], "Status": r["status_label"], "Gemeente": r["municipality_name"],
                                        "Bewaren tot": common.dt(r["retention_until"]),
                                        "Wordt": "overgeslagen: beroep loopt" if r["legal_hold"] else "vernietigd"}
                                       for r in cands]))
            everything = common.call(app.lists.retention_candidates, actor) or []     # the whole list, not the page
            held = sum(1 for r in everything if r["legal_hold"])
            n = len(everything) - held
            st.download_button("Hele lijst downloaden (CSV)", pd.DataFrame([{
                "Zaak": r["id"], "Status": r["status_label"], "Gemeente": r["municipality_name"],
                "Bewaren tot": common.dt(r["retention_until"]),
                "Wordt": "overgeslagen: beroep loopt" if r["legal_hold"] else "vernietigd"} for r in everything]
            ).to_csv(sep=";", index=False).encode("utf-8-sig"), file_name="bewaartermijn-proefrun.csv",
                mime="text/csv", on_click="ignore")
            st.warning(f"Vernietigen verwijdert van {n} zaken de persoonsgegevens en documenten"
                       + (f" ({held} met een lopend beroep worden overgeslagen)" if held else "")
                       + "; alleen een anonieme statistiekregel per zaak blijft. Dit kan niet ongedaan worden gemaakt.")
            sure = st.checkbox(f"Ik heb de lijst van {len(everything)} zaken gecontroleerd.")

            def _run():
                res = common.call(app.archive.run_retention, actor, [r["id"] for r in everything])
                if res:
                    ss["retention_dry"] = None
                    common.flash("success", f"Vernietigd: {len(res['destroyed'])} zaken; overgeslagen (beroep): "
                                            f"{len(res['skipped'])}.")
            confirm_button(TXT["run"], "ret_run", lambda: confirmations.retention(
                [r["id"] for r in everything if not r["legal_hold"]], held), _run, disabled=not sure)
