"""Form drafts (issue 7, Reliability): a form left half-way keeps its draft for the same user only."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from procedure.domain.errors import NotAuthorized, ValidationError
from procedure.services.form_drafts import DRAFT_DAYS


def test_round_trip_keeps_types(app, actors, clock):
    h = actors["hovj.noord"]
    values = {"mf_street": "Kerkstraat <b>1</b>", "mf_incident_date": date(2026, 5, 12),
              "mf_incident_time": time(13, 40), "mf_q_domestic": True, "mf_n": 2, "mf_person_birth_date": None,
              "when": datetime(2026, 5, 12, 12, 0, tzinfo=timezone.utc), "amount": Decimal("12.50"),
              "tags": ["a", "b"], "mf_new_facts": "regel 1\nregel 2 — ‮omgekeerd‬ \u200b"}
    saved = app.form_drafts.save_form_draft(h, "melding", values)
    assert saved == clock()
    got = app.form_drafts.form_draft(h, "melding")
    assert got == {"values": values, "saved_at": clock()}


def test_only_the_same_user_sees_the_draft(app, actors):
    app.form_drafts.save_form_draft(actors["hovj.noord"], "melding", {"mf_street": "Geheimstraat"})
    assert app.form_drafts.form_draft(actors["politie.noord"], "melding") is None
    assert app.form_drafts.form_draft(actors["hovj.noord"], "gebeurtenis:HV-2026-00001") is None
    assert [d["form_key"] for d in app.form_drafts.my_form_drafts(actors["hovj.noord"])] == ["melding"]


def test_replace_and_discard(app, actors, clock):
    h = actors["hovj.noord"]
    app.form_drafts.save_form_draft(h, "melding", {"mf_street": "Eerst"})
    clock.advance(minutes=3)
    app.form_drafts.save_form_draft(h, "melding", {"mf_street": "Daarna"})
    assert app.form_drafts.form_draft(h, "melding")["values"] == {"mf_street": "Daarna"}
    app.form_drafts.discard_form_draft(h, "melding")
    assert app.form_drafts.form_draft(h, "melding") is None


def test_old_drafts_expire(app, actors, clock):
    h = actors["hovj.noord"]
    app.form_drafts.save_form_draft(h, "melding", {"mf_street": "Oud"})
    clock.advance(days=DRAFT_DAYS, minutes=1)
    assert app.form_drafts.form_draft(h, "melding") is None
    assert app.db.scalar("SELECT count(*) FROM form_draft") == 0


def test_lone_surrogates_are_replaced_not_refused(app, actors):
    h = actors["hovj.noord"]
    app.form_drafts.save_form_draft(h, "melding", {"mf_street": "a\ud800b\x00c"})
    street = app.form_drafts.form_draft(h, "melding")["values"]["mf_street"]
    assert street.startswith("a") and street.endswith("b\x00c") and "\ud800" not in street


@pytest.mark.parametrize("key, values, match", [
    ("Melding; DROP TABLE", {"a": 1}, "Onbekend formulier"),
    ("melding", {"a": object()}, "niet kan worden bewaard"),
    ("melding", {"a": float("nan")}, "niet kan worden bewaard"),
    ("melding", {1: "x"}, "niet goed doorgegeven"),
    ("melding", "geen dict", "niet goed doorgegeven"),
    ("melding", {"a": "x" * 500_000}, "te groot"),
    ("melding", {f"k{i}": i for i in range(1000)}, "te veel velden"),
])
def test_bad_input_gives_dutch_message(app, actors, key, values, match):
    with pytest.raises(ValidationError, match=match):
        app.form_drafts.save_form_draft(actors["hovj.noord"], key, values)


def test_no_actor(app):
    with pytest.raises(NotAuthorized, match="Log opnieuw in"):
        app.form_drafts.save_form_draft(None, "melding", {})


def test_a_draft_survives_a_restart(app, actors, db, clock):
    from procedure.app import WthApp
    from store.db import Database

    app.form_drafts.save_form_draft(actors["hovj.noord"], "melding", {"mf_city": "Venlo"})
    path = db.path
    db.close()
    d2 = Database(path)
    try:
        app2 = WthApp(d2, clock=clock)
        clock.advance(hours=20)
        assert app2.form_drafts.form_draft(actors["hovj.noord"], "melding")["values"] == {"mf_city": "Venlo"}
    finally:
        d2.close()
