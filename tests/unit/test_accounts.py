"""Password rules, throttling (counted in DuckDB per name and address, exponential back-off; issue 11), session
revocation and idle timeout (procedure/services/accounts.py; issue 7). The tests use an in-memory DuckDB with the
migrations."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from procedure.domain.errors import ValidationError
from procedure.services import accounts

T = datetime(2026, 5, 12, 10, 0, tzinfo=timezone.utc)
PW = "Correct-paard-batterij"


# -- password rules ------------------------------------------------------------------------------------
@pytest.mark.parametrize("pw,fragment", [
    ("kort-1", "minimaal 12 tekens"),
    ("a" * 73, "maximaal 72 bytes"),
    ("é" * 40, "maximaal 72 bytes"),                 # 40 characters, 80 bytes: bcrypt would cut it off
    ("xx-j.jansen-xx-2026", "gebruikersnaam"),
    (" Correct-paard-batterij", "spatie"),
    ("", "Vul een wachtwoord in"),
])
def test_password_rules_refuse_with_a_dutch_message(pw, fragment):
    problems = accounts.password_problems(pw, "j.jansen")
    assert problems and any(fragment in p for p in problems), problems


def test_password_rules_accept_a_good_password_and_the_72_byte_edge():
    assert accounts.password_problems(PW, "j.jansen") == []
    assert accounts.password_problems("a" * 72, "j.jansen") == []
    assert accounts.password_problems("é" * 36, "x.y") == []        # exactly 72 bytes


def test_check_password_raises_on_the_field():
    with pytest.raises(ValidationError) as e:
        accounts.check_password("kort", "a.b", field="new")
    assert e.value.field == "new" and "12 tekens" in e.value.message


def test_hash_and_match_and_over_long_input_is_just_false():
    h = accounts.hash_password(PW, rounds=4)
    assert accounts.password_matches(PW, h)
    assert not accounts.password_matches(PW + "x", h)
    assert not accounts.password_matches("x" * 200, h)               # bcrypt refuses > 72 bytes: no exception


def test_name_hash_ignores_case_and_spaces_and_hides_the_text():
    assert accounts.name_hash(" J.Jansen ") == accounts.name_hash("j.jansen")
    assert "jansen" not in accounts.name_hash("j.jansen")


# -- lockout -----------------------------------------------------------------------------------------------
@pytest.fixture
def mem():
    from store import repo
    from store.db import Database

    d = Database(":memory:")
    with d.transaction() as cur:
        repo.insert_user(cur, {"username": "j.jansen", "name": "J. Jansen", "email": "j@x.nl",
                               "password_hash": accounts.hash_password(PW, rounds=4), "role": "hovj",
                               "subregion": "Noord-Limburg", "is_demo": False, "created_at": T})
    yield d
    d.close()


def test_three_failures_then_an_exponential_wait_for_that_address_only(mem):
    a = "198.51.100.7"
    for i in range(accounts.FREE_PER_PAIR - 1):
        r = accounts.attempt_login(mem, "j.jansen", "fout", T + timedelta(seconds=i), a)
        assert not r.ok and r.message == accounts.FAILED_MESSAGE
    r = accounts.attempt_login(mem, "j.jansen", "fout", T + timedelta(seconds=10), a)
    assert not r.ok and "Te veel mislukte pogingen vanaf dit adres" in r.message
    assert accounts.locked_until(mem, "j.jansen", T + timedelta(seconds=11), a) == T + timedelta(seconds=40)
    # the right password from that address waits too ...
    r = accounts.attempt_login(mem, "J.Jansen", PW, T + timedelta(seconds=20), a)
    assert not r.ok and "vanaf dit adres" in r.message
    # ... but not from another address
    assert accounts.attempt_login(mem, "j.jansen", PW, T + timedelta(seconds=21), "203.0.113.9").ok
    # each further failure doubles the wait: 30 s, 1 min, 2 min, 4 min
    t = T + timedelta(seconds=40)
    waits = []
    for _ in range(4):
        accounts.attempt_login(mem, "j.jansen", "fout", t, a)
        until = accounts.locked_until(mem, "j.jansen", t, a)
        waits.append((until - t).total_seconds())
        t = until
    assert waits == [60, 120, 240, 480]
    # after the wait the right password works from that address, and a success resets its count
    r = accounts.attempt_login(mem, "j.jansen", PW, t, a)
    assert r.ok and r.actor.username == "j.jansen"
    assert accounts.locked_until(mem, "j.jansen", t + timedelta(seconds=1), a) is None


def test_refused_attempts_while_waiting_are_not_checked_and_do_not_count(mem):
    a = "198.51.100.7"
    for i in range(accounts.FREE_PER_PAIR):
        accounts.attempt_login(mem, "j.jansen", "fout", T, a)
    until = accounts.locked_until(mem, "j.jansen", T, a)
    for i in range(20):                     # hammering during the wait changes nothing
        accounts.attempt_login(mem, "j.jansen", PW, T + timedelta(seconds=1), a)
    assert accounts.locked_until(mem, "j.jansen", T + timedelta(seconds=1), a) == until
    # refused attempts leave nothing behind (a flood can't grow the table: break-it report, December 2026)
    assert mem.scalar("SELECT count(*) FROM login_attempt WHERE outcome = 'geblokkeerd'") == 0
    assert mem.scalar("SELECT count(*) FROM login_attempt") == accounts.FREE_PER_PAIR


def test_failures_spread_over_more_than_a_day_do_not_add_up(mem):
    for i in range(8):
        accounts.attempt_login(mem, "j.jansen", "fout", T + timedelta(hours=25 * i), "x")
    assert accounts.locked_until(mem, "j.jansen", T + timedelta(hours=25 * 7, minutes=1), "x") is None


def test_backoff_formula():
    assert accounts.backoff(2, 3, accounts.BACKOFF_MAX) is None
    assert [accounts.backoff(k, 3, accounts.BACKOFF_MAX).total_seconds() for k in (3, 4, 5, 6)] == [30, 60, 120, 240]
    assert accounts.backoff(40, 3, accounts.BACKOFF_MAX) == accounts.BACKOFF_MAX


def test_unknown_user_gets_the_same_messages_as_a_known_one(mem):
    known = [accounts.attempt_login(mem, "j.jansen", "fout", T + timedelta(seconds=i), "a").message for i in range(6)]
    unknown = [accounts.attempt_login(mem, "niemand", "fout", T + timedelta(seconds=i), "b").message for i in range(6)]
    assert known == unknown     # the answer never tells whether the user exists
    # and only known users reach the audit log; typed names are stored as a hash only
    audited = {r["username"] for r in mem.query("SELECT username FROM audit_log")}
    assert audited == {"j.jansen"}
    assert not mem.query("SELECT * FROM login_attempt WHERE username_hash IN ('niemand', 'j.jansen')")


def test_deactivated_user_cannot_log_in(mem):
    with mem.transaction() as cur:
        cur.execute("UPDATE app_user SET active = FALSE")
    r = accounts.attempt_login(mem, "j.jansen", PW, T)
    assert not r.ok and r.message == accounts.FAILED_MESSAGE


# -- sessions ------------------------------------------------------------------------------------------------
def test_cookie_refused_after_logout_deactivation_and_idle(mem):
    idle = timedelta(minutes=30)
    issued = T
    assert accounts.cookie_refusal(mem, "j.jansen", issued, T + timedelta(minutes=1), idle) is None
    accounts.touch(mem, "j.jansen", T + timedelta(minutes=2), None)
    # idle: not seen for more than 30 minutes -> refused with the Dutch idle message
    msg = accounts.cookie_refusal(mem, "j.jansen", issued, T + timedelta(minutes=33), idle)
    assert msg and "30 minuten" in msg
    # a logout ends every cookie issued before it, silently
    accounts.touch(mem, "j.jansen", T + timedelta(minutes=40), T)
    accounts.revoke_sessions(mem, "j.jansen", T + timedelta(minutes=41))
    assert accounts.cookie_refusal(mem, "j.jansen", issued, T + timedelta(minutes=42), idle) == ""
    assert accounts.session_revoked(mem, "j.jansen", T + timedelta(minutes=10))
    assert not accounts.session_revoked(mem, "j.jansen", T + timedelta(minutes=45))
    assert accounts.cookie_refusal(mem, "j.jansen", T + timedelta(minutes=45), T + timedelta(minutes=46), idle) is None
    assert accounts.cookie_refusal(mem, "wie.anders", T, T, idle) == ""


def test_touch_writes_at_most_once_a_minute(mem):
    first = accounts.touch(mem, "j.jansen", T, None)
    assert accounts.touch(mem, "j.jansen", T + timedelta(seconds=30), first) == first
    assert accounts.touch(mem, "j.jansen", T + timedelta(seconds=61), first) == T + timedelta(seconds=61)


def test_change_own_password(mem):
    with pytest.raises(ValidationError) as e:
        accounts.change_own_password(mem, "j.jansen", "fout", "Nieuw-wachtwoord-2026", "Nieuw-wachtwoord-2026", T)
    assert e.value.field == "current"
    with pytest.raises(ValidationError) as e:
        accounts.change_own_password(mem, "j.jansen", PW, "Nieuw-wachtwoord-2026", "Anders-wachtwoord-2026", T)
    assert e.value.field == "repeat"
    with pytest.raises(ValidationError) as e:
        accounts.change_own_password(mem, "j.jansen", PW, "kort", "kort", T)
    assert e.value.field == "new"
    accounts.change_own_password(mem, "j.jansen", PW, "Nieuw-wachtwoord-2026", "Nieuw-wachtwoord-2026", T)
    assert accounts.attempt_login(mem, "j.jansen", "Nieuw-wachtwoord-2026", T).ok
    assert not accounts.must_change_password(mem, "j.jansen")
