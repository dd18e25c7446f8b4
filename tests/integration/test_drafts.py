"""Form drafts (issue 7, Reliability): a form left half-way keeps its draft for the same user only."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from procedure.drafts import DRAFT_DAYS
from procedure.errors import NotAuthorized, ValidationError


def test_round_trip_keeps_types(svc, actors, clock):
    h = actors["hovj.noord"]
    values = {"mf_street": "Kerkstraat <b>1</b>", "mf_incident_date": date(2026, 5, 12),
              "mf_incident_time": time(13, 40), "mf_q_domestic": True, "mf_n": 2, "mf_person_birth_date": None,
              "when": datetime(2026, 5, 12, 12, 0, tzinfo=timezone.utc), "amount": Decimal("12.50"),
              "tags": ["a", "b"], "mf_new_facts": "regel 1\nregel 2 — ‮omgekeerd‬ \u200b"}
    saved = svc.save_form_draft(h, "melding", values)
    assert saved == clock()
    got = svc.form_draft(h, "melding")
    assert got == {"values": values, "saved_at": clock()}


def test_only_the_same_user_sees_the_draft(svc, actors):
    svc.save_form_draft(actors["hovj.noord"], "melding", {"mf_street": "Geheimstraat"})
    assert svc.form_draft(actors["politie.noord"], "melding") is None
    assert svc.form_draft(actors["hovj.noord"], "gebeurtenis:HV-2026-00001") is None
    assert [d["form_key"] for d in svc.my_form_drafts(actors["hovj.noord"])] == ["melding"]


def test_replace_and_discard(svc, actors, clock):
    h = actors["hovj.noord"]
    svc.save_form_draft(h, "melding", {"mf_street": "Eerst"})
    clock.advance(minutes=3)
    svc.save_form_draft(h, "melding", {"mf_street": "Daarna"})
    assert svc.form_draft(h, "melding")["values"] == {"mf_street": "Daarna"}
    svc.discard_form_draft(h, "melding")
    assert svc.form_draft(h, "melding") is None


def test_old_drafts_expire(svc, actors, clock):
    h = actors["hovj.noord"]
    svc.save_form_draft(h, "melding", {"mf_street": "Oud"})
    clock.advance(days=DRAFT_DAYS, minutes=1)
    assert svc.form_draft(h, "melding") is None
    assert svc.db.scalar("SELECT count(*) FROM form_draft") == 0


def test_lone_surrogates_are_replaced_not_refused(svc, actors):
    h = actors["hovj.noord"]
    svc.save_form_draft(h, "melding", {"mf_street": "a\ud800b\x00c"})
    street = svc.form_draft(h, "melding")["values"]["mf_street"]
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
def test_bad_input_gives_dutch_message(svc, actors, key, values, match):
    with pytest.raises(ValidationError, match=match):
        svc.save_form_draft(actors["hovj.noord"], key, values)


def test_no_actor(svc):
    with pytest.raises(NotAuthorized, match="Log opnieuw in"):
        svc.save_form_draft(None, "melding", {})


def test_a_draft_survives_a_restart(svc, actors, db, clock):
    from procedure.service import WthService
    from store.db import Database

    svc.save_form_draft(actors["hovj.noord"], "melding", {"mf_city": "Venlo"})
    path = db.path
    db.close()
    d2 = Database(path)
    try:
        svc2 = WthService(d2, clock=clock)
        clock.advance(hours=20)
        assert svc2.form_draft(actors["hovj.noord"], "melding")["values"] == {"mf_city": "Venlo"}
    finally:
        d2.close()
