"""The login can't lock out a mayor and can't tell who exists (issue 11, point 2).

Throttling falls on the (name, address) pair and on addresses, never on the name alone: an attacker's wrong
passwords for ``burgemeester.venlo`` do not stop her correct login from another address. Unknown and known names
take the same time: an unknown name is checked against a dummy bcrypt hash of the same cost.
"""
from __future__ import annotations

import statistics
import time
from datetime import datetime, timedelta, timezone

import pytest

from procedure.services import accounts

PW = "Demo-Wth-2026!"
MAYOR = "burgemeester.venlo"
ATTACKER = "198.51.100.66"
T0 = datetime(2026, 5, 12, 9, 0, tzinfo=timezone.utc)


def test_an_attackers_50_wrong_attempts_do_not_stop_the_mayor_from_another_address(db):
    t = T0
    for i in range(50):                         # one attempt a second, as fast as a script would
        assert not accounts.attempt_login(db, MAYOR, f"raden-{i}", t, ATTACKER).ok
        t += timedelta(seconds=1)
    checked = db.scalar("SELECT count(*) FROM login_attempt WHERE outcome = 'fout'")
    refused = 50 - checked
    assert checked <= accounts.FREE_PER_PAIR + 1          # the rest never reached bcrypt, and left no row behind
    assert db.scalar("SELECT count(*) FROM login_attempt") == checked
    # the mayor, from her own address, gets in at once
    r = accounts.attempt_login(db, MAYOR, PW, t, "203.0.113.10")
    assert r.ok and r.actor.username == MAYOR
    # the attacker's address still waits, even with the right password
    assert not accounts.attempt_login(db, MAYOR, PW, t + timedelta(seconds=1), ATTACKER).ok
    print(f"\n50 wrong attempts from one address: {checked} checked, {refused} refused without a check; the mayor's "
          f"login from another address: ok")


def test_an_attacker_who_waits_out_every_pause_still_cannot_lock_the_mayor_out(db):
    """50 checked wrong passwords from one address (the attacker waits for each pause): hours of waiting for him,
    nothing for her."""
    t = T0
    for i in range(50):
        until = accounts.locked_until(db, MAYOR, t, ATTACKER)
        if until:
            t = until
        assert not accounts.attempt_login(db, MAYOR, f"raden-{i}", t, ATTACKER).ok
        t += timedelta(seconds=1)
    assert db.scalar("SELECT count(*) FROM login_attempt WHERE outcome = 'fout'") == 50
    assert (t - T0) > timedelta(hours=30)                 # 50 guesses cost him more than a day
    assert accounts.attempt_login(db, MAYOR, PW, t, "203.0.113.10").ok


def test_a_distributed_attack_holds_new_addresses_but_not_the_mayors_known_one(db, app, actors):
    known = "203.0.113.10"
    assert accounts.attempt_login(db, MAYOR, PW, T0 - timedelta(days=3), known).ok     # she logged in here before
    t = T0
    for i in range(50):                          # 50 addresses, one wrong password each, within the hour
        accounts.attempt_login(db, MAYOR, f"raden-{i}", t, f"198.51.100.{i}")
        if i % 10 == 9:                          # her known address is never held, all through the attack
            assert accounts.attempt_login(db, MAYOR, PW, t + timedelta(seconds=1), known).ok
        t += timedelta(seconds=30)
    checked = db.scalar("SELECT count(*) FROM login_attempt WHERE outcome = 'fout'")
    assert checked < 30                          # the attack was slowed down: most guesses never reached bcrypt
    last = db.scalar("SELECT max(attempted_at) FROM login_attempt WHERE outcome = 'fout'")
    new = accounts.attempt_login(db, MAYOR, PW, last + timedelta(seconds=1), "192.0.2.200")
    assert not new.ok and "vanaf dit adres" in new.message          # a new address waits (at most 15 minutes)
    until = accounts.locked_until(db, MAYOR, last + timedelta(seconds=1), "192.0.2.200")
    assert until - last <= accounts.NAME_BACKOFF_MAX
    # the beheerder lifts it for her name at once
    app.users.unlock_user(actors["beheer"], MAYOR)
    assert accounts.attempt_login(db, MAYOR, PW, last + timedelta(seconds=2), "192.0.2.200").ok
    print(f"\n50 addresses, one guess each: {checked} checked; the mayor's known address never held")


def test_one_address_trying_many_names_waits_but_others_do_not(db):
    t = T0
    for i in range(accounts.FREE_PER_ADDRESS + 5):
        accounts.attempt_login(db, f"naam{i}.bestaat.niet", "x", t, ATTACKER)
        t += timedelta(seconds=1)
    # a name it never tried: held by the address rule
    r = accounts.attempt_login(db, "politie.noord", PW, t, ATTACKER)
    assert not r.ok and "vanaf dit adres" in r.message
    assert accounts.attempt_login(db, "politie.noord", PW, t, "203.0.113.11").ok


def test_colleagues_typos_behind_one_office_address_do_not_add_up(db):
    office = "192.0.2.1"
    users = ["politie.noord", "hovj.noord", "oov.venlo", "casemanager.noord", "loco.venlo", "manager.venlo"]
    t = T0 - timedelta(days=1)
    for u in users:                               # everyone logged in from the office before
        assert accounts.attempt_login(db, u, PW, t, office).ok
    t = T0
    for round_ in range(2):                       # two typos each: 12 failures from one address in a day
        for u in users:
            assert accounts.attempt_login(db, u, "tiepfout", t, office).message == accounts.FAILED_MESSAGE
            t += timedelta(minutes=5)
    for u in users:
        assert accounts.attempt_login(db, u, PW, t, office).ok


@pytest.fixture
def timing_db():
    """One user with a production-cost hash (bcrypt 12), nothing else."""
    from store import repo
    from store.db import Database

    d = Database(":memory:")
    with d.transaction() as cur:
        repo.insert_user(cur, {"username": "echt.bestaand", "name": "E. Bestaand", "email": "e@x.nl", "role": "politie",
                               "password_hash": accounts.hash_password("Correct-paard-batterij"),
                               "subregion": "Noord-Limburg", "is_demo": False, "created_at": T0})
    yield d
    d.close()


def test_unknown_and_known_names_take_the_same_time(timing_db):
    """Medians of 31 tries each (interleaved, a fresh address and clock each time so no pause interferes); the test
    fails when they differ by more than 20 %. (A deactivated name takes the dummy path too: same code.)"""
    times: dict[str, list[float]] = {"bestaand": [], "onbekend": []}
    names = {"bestaand": "echt.bestaand", "onbekend": "niet.bestaand"}
    t = T0
    for i in range(31):
        for kind, name in names.items():
            t += timedelta(hours=2)
            start = time.perf_counter()
            r = accounts.attempt_login(timing_db, name, "verkeerd-wachtwoord", t, f"10.0.{i}.{len(kind)}")
            times[kind].append(time.perf_counter() - start)
            assert r.message == accounts.FAILED_MESSAGE
    med = {k: statistics.median(v) for k, v in times.items()}
    print("\nlogin timing, median of 31 (ms): " + ", ".join(f"{k} {v * 1000:.0f}" for k, v in med.items()))
    base = med["bestaand"]
    assert abs(med["onbekend"] - base) / base <= 0.20, med
