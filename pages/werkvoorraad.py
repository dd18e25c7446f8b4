"""Mijn werkvoorraad: what this user must do next, sorted by deadline."""
import streamlit as st

from procedure.roles import PAGES, Page
from ui import common

TXT = {"title": "Mijn werkvoorraad", "sub": "Wat u nu moet doen, het eerst verlopende bovenaan.",
       "empty": "Er staat niets voor u klaar.", "open": "Openen", "overdue": ":red-badge[te laat]",
       "soon": ":orange-badge[binnen 24 uur]", "nodeadline": "zo snel mogelijk"}

#: the page where a task is done (the Zaakdossier for everything else)
TASK_PAGES = {"RiHG invullen en besluiten": "pages/rihg.py", "Conceptbeschikking opstellen": "pages/beschikking.py",
              "Beschikking ondertekenen": "pages/ondertekenen.py", "Beschikking uitreiken": "pages/uitreiking.py"}

common.header(TXT["title"], TXT["sub"])
actor = common.actor()
tasks = common.call(common.service().work_queue, actor) or []
if not tasks:
    st.success(TXT["empty"])
for i, t in enumerate(tasks[:200]):
    with st.container(border=True):
        c1, c2 = st.columns([4, 1])
        mark = TXT["overdue"] if t["overdue"] else (TXT["soon"] if t["due_24h"] else
                                                    (":red-badge[acuut]" if t["urgent"] else ""))
        deadline = common.dt(t["deadline"]) if t["deadline"] else TXT["nodeadline"]
        c1.markdown(f"**{common.escape_md(t['task'])}** · {t['case_id']} · {common.escape_md(t['municipality'])}  \n"
                    f"{common.escape_md(t['person'])} — termijn: {deadline} {mark}")
        if c2.button(TXT["open"], key=f"open_{i}_{t['case_id']}"):
            page = TASK_PAGES.get(t["task"])
            allowed = page and actor.role in PAGES[Page(page.removeprefix("pages/").removesuffix(".py"))]
            common.open_case(t["case_id"], page if allowed else "pages/zaak.py")
