"""Retention wipes personal data everywhere (issue 11 attack finding 4; art. 10 Wth, AVG art. 5 lid 1 e).

After the retention run no text column of any table — case row, audit details, drafts, contacts, the anonymous
copies — still holds the synthetic names, street or description of the destroyed case.
"""
from __future__ import annotations

from datetime import timedelta

from tests.conftest import FACTS, WHY, full_assessment, household_answers, melding_form, walk

# Unusual synthetic words (Faker-style, never real people) so a hit can only come from this case.
GIVEN, SURNAME, PARTNER = "Quirijn Zebedeus", "Vlaskampius", "Ottoline Vlaskampius"
STREET, DESCRIPTION = "Wolkenkrabberlaan", "Synthetisch-incident-Xylofoon bij de voordeur."
NEEDLES = ("Quirijn", "Zebedeus", "Vlaskampius", "Ottoline", "Wolkenkrabberlaan", "Xylofoon")


def text_hits(db, needles) -> list[str]:
    """Every (table.column) whose text holds one of ``needles`` (case-insensitive), over all tables of the database."""
    hits = []
    cols = db.query("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' "
                    "AND data_type IN ('VARCHAR', 'TEXT', 'JSON') AND table_name IN (SELECT table_name FROM "
                    "information_schema.tables WHERE table_type = 'BASE TABLE')")
    for c in cols:
        t, col = c["table_name"], c["column_name"]
        for n in needles:
            cnt = db.scalar(f'SELECT count(*) FROM "{t}" WHERE lower(CAST("{col}" AS VARCHAR)) LIKE ?',
                            [f"%{n.lower()}%"])
            if cnt:
                hits.append(f"{t}.{col}: {n} ×{cnt}")
    return hits


def test_after_retention_no_text_column_of_any_table_holds_the_names(app, actors, clock, db):
    members = [{"name": PARTNER, "birth_date": __import__("datetime").date(1982, 7, 1), "relation": "partner",
                "residence": "woont", "residence_basis": "BRP", "threatened": True}]
    h, g = actors["hovj.noord"], actors["oov.venlo"]
    case_id = app.intake.create_melding(h, melding_form(person_given_names=GIVEN, person_surname=SURNAME,
                                                        street=STREET, incident_description=DESCRIPTION,
                                                        members=members))
    # free text that lands in audit details: the decision's reasons and the RiHG advice name the people
    v = app.assessment.save_rihg(h, case_id, app.case_file.get_case(h, case_id).version,
                                 full_assessment(app.assessment.catalogue()))
    app.assessment.decide(h, case_id, v, True, f"Acuut gevaar voor {PARTNER}; {GIVEN} {SURNAME} dreigde opnieuw.")
    app.decision.save_draft(h, case_id, app.case_file.get_case(h, case_id).version, facts=FACTS + " " + SURNAME,
                            threatened_persons=PARTNER, why_this_person=WHY,
                            **household_answers(members))
    app.decision.submit_for_signature(h, case_id, app.case_file.get_case(h, case_id).version)
    app.clock.advance(minutes=10)
    app.decision.sign(actors["burgemeester.venlo"], case_id, app.case_file.get_case(h, case_id).version)
    app.clock.advance(minutes=10)
    app.service_of_order.serve(h, case_id, app.case_file.get_case(h, case_id).version,
                               served_at=app.now() - timedelta(minutes=2), keys_taken_in="ja",
                               key_description="2 huissleutels", contact_address="")
    # an unsent form draft about this case (a user's half-typed text)
    app.form_drafts.save_form_draft(h, f"extensie:{case_id}", {"reasons": f"{GIVEN} belde {PARTNER}"})
    # Personal data goes into audit details too (e.g. a household member's name on a change)
    before = text_hits(db, NEEDLES)
    assert any(b.startswith("audit_log.detail") for b in before), before   # the leak the attack found
    assert any(b.startswith("form_draft.body") for b in before), before
    end = app.case_file.get_case(g, case_id).end_at
    clock.at = end + timedelta(days=1)
    app.archive.archive_case(g, case_id, app.case_file.get_case(g, case_id).version)
    clock.at = end + timedelta(days=365 * 5 + 2)
    assert app.archive.run_retention(g, [case_id])["destroyed"] == [case_id]
    hits = text_hits(db, NEEDLES)
    assert hits == [], f"personal data left after retention: {hits}"
    print(f"\nretention: before {len(before)} column hits, after 0")


def test_the_sql_box_copy_follows_a_retention_run_at_once(app, actors, clock, db):
    """Attack finding 15: the SQL box's anonymous copy was rebuilt at most every 15 s, so right after a retention run
    it still held the destroyed case's row as it was."""
    from store import sqlbox

    case_id = walk(app, actors, until="served")
    g = actors["oov.venlo"]
    end = app.case_file.get_case(g, case_id).end_at
    clock.at = end + timedelta(days=1)
    app.archive.archive_case(g, case_id, app.case_file.get_case(g, case_id).version)
    clock.at = end + timedelta(days=365 * 5 + 2)
    cols = ", ".join(c["column"] for c in app.sql_box.sql_schema(actors["beleid.regio"]) if c["view"] == "v_case_anon")
    target = sqlbox.ensure_snapshot(db, force=True)              # the advisor just queried: a fresh copy
    assert app.archive.run_retention(g, [case_id])["destroyed"] == [case_id]
    q = f"SELECT {cols} FROM v_case_anon ORDER BY ALL"
    live = db.query_tuples(q)
    copy = sqlbox.run(sqlbox.ensure_snapshot(db), [q], wrap=False).results[0]
    assert copy.error is None, copy.message
    assert [tuple(r) for r in copy.rows] == [tuple(r) for r in live]
