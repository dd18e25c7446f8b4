"""Mijn werkvoorraad: what this user must do next, sorted by deadline; every task counted, 50 per page.
Implements the terms of art. 2 lid 6-8, art. 3 lid 2, art. 5, 6 and 9 Wth as tasks.
"""
import streamlit as st

from procedure.domain.lists import PAGE_SIZE, CaseList
from procedure.domain.notifications import TOPICS
from procedure.domain.roles import PAGES, Page
from ui import common

TXT = {"title": "Mijn werkvoorraad", "sub": "Wat u nu moet doen, het eerst verlopende bovenaan.",
       "empty": "Er staat niets voor u klaar.", "open": "Open {case}", "overdue": ":red-badge[te laat]",
       "soon": ":orange-badge[binnen 24 uur]", "nodeadline": "zo snel mogelijk"}

#: the page where a task is done (the Zaakdossier for everything else)
TASK_PAGES = {"RiHG invullen en besluiten": "pages/rihg.py", "Conceptbeschikking opstellen": "pages/beschikking.py",
              "Beschikking ondertekenen": "pages/ondertekenen.py", "Beschikking uitreiken": "pages/uitreiking.py"}

common.header(TXT["title"], TXT["sub"])
actor = common.actor()
ss = st.session_state
tasks = common.call(common.app().work_queue.work_queue, actor) or []
if not tasks:
    st.success(TXT["empty"])
pages = max(1, -(-len(tasks) // PAGE_SIZE))
page = min(ss.get("wq_page", 0), pages - 1)
shown = CaseList(tasks[page * PAGE_SIZE:(page + 1) * PAGE_SIZE], total=len(tasks), offset=page * PAGE_SIZE)
if tasks:
    late = sum(1 for t in tasks if t["overdue"])
    st.caption(f"{shown.range_text()} taken" + (f", waarvan {late} te laat" if late else ""))
twice = {t["case_id"] for t in shown if sum(1 for u in shown if u["case_id"] == t["case_id"]) > 1}
for i, t in enumerate(shown):
    with st.container(border=True):
        c1, c2 = st.columns([4, 1])
        mark = TXT["overdue"] if t["overdue"] else (TXT["soon"] if t["due_24h"] else
                                                    (":red-badge[acuut]" if t["urgent"] else ""))
        deadline = common.dt(t["deadline"]) if t["deadline"] else TXT["nodeadline"]
        c1.markdown(f"**{common.escape_md(t['task'])}** · {t['case_id']} · {common.escape_md(t['municipality'])}  \n"
                    f"{common.escape_md(t['person'])} — termijn: {deadline} {mark}")
        if t.get("rule"):
            c1.caption(f"Regel {t['rule']}")
        if t.get("notice_id") and c2.button(f"Gelezen {t['case_id']}", key=f"ack_{t['notice_id']}"):
            if common.call(common.app().notices.acknowledge, actor, t["case_id"], t["notice_id"]) is not None:
                st.rerun()
        # the button names what it opens (WCAG 2.4.6): "Open HV-2026-00053", with the task when a case has two
        label = TXT["open"].format(case=t["case_id"]) + (f" ({t['task']})" if t["case_id"] in twice else "")
        if c2.button(label, key=f"open_{shown.offset + i}_{t['case_id']}"):
            target = TASK_PAGES.get(t["task"])
            allowed = target and actor.role in PAGES[Page(target.removeprefix("pages/").removesuffix(".py"))]
            common.open_case(t["case_id"], target if allowed else "pages/zaak.py")
if pages > 1:
    b1, b2, _ = st.columns([1, 1, 3])
    b1.button("Vorige", key="wq_prev", disabled=page == 0, on_click=lambda: ss.update(wq_page=page - 1),
              width="stretch")
    b2.button("Volgende", key="wq_next", disabled=page >= pages - 1, on_click=lambda: ss.update(wq_page=page + 1),
              width="stretch")

with st.expander("E-mailmeldingen"):
    st.caption("U krijgt een e-mail zonder persoonsgegevens: zaaknummer, gemeente, wat er wacht en een link.")
    prefs = common.call(common.app().notifications.preferences, actor) or {}
    for topic, label in TOPICS.items():
        on = st.toggle(label, value=prefs.get(topic, True), key=f"pref_{topic}")
        if on != prefs.get(topic, True):
            common.call(common.app().notifications.set_preference, actor, topic, on)
