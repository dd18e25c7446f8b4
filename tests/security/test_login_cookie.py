"""The login cookie can't be forged and can't outlive its server-side session (issue 11, point 2).

``accounts.session_from_token`` decides for every new connection whose browser sends a cookie. Forged, foreign and
garbage cookies are refused without an exception; a cookie needs a session the server knows, that has not ended
and has not expired by the server's own clock — the ``exp_date`` inside the token is not trusted beyond it; logout
ends every session, so every cookie issued before it is refused, forged ones included."""
from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

import jwt
import pytest

from procedure.services import accounts

KEY = "k" * 48
IDLE = timedelta(minutes=30)
T0 = datetime(2026, 5, 12, 9, 0, tzinfo=timezone.utc)
USER = "burgemeester.venlo"


def _b64(obj) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def forged_tokens(sid: str) -> dict[str, object]:
    far = (T0 + timedelta(days=3650)).timestamp()
    claims = {"username": USER, "exp_date": far, "sid": sid}
    return {
        "garbage": "dit-is-geen-token",
        "empty parts": "..",
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.",
        "alg None with a signature": f"{_b64({'alg': 'None'})}.{_b64(claims)}.abc",
        "wrong key": jwt.encode(claims, "een-andere-sleutel-" + "x" * 40, algorithm="HS256"),
        "HS512 with the right key": jwt.encode(claims, KEY, algorithm="HS512"),
        "the library's own format (no session id)": jwt.encode({"username": USER, "exp_date": far}, KEY,
                                                               algorithm="HS256"),
        "unknown session id, right key": jwt.encode(dict(claims, sid="verzonnen"), KEY, algorithm="HS256"),
        "real session, other user": jwt.encode(dict(claims, username="beheer"), KEY, algorithm="HS256"),
        "sid not a string": jwt.encode(dict(claims, sid=["x"]), KEY, algorithm="HS256"),
        "username not a string": jwt.encode(dict(claims, username={"a": 1}), KEY, algorithm="HS256"),
        "payload a list": f"{_b64({'alg': 'HS256'})}.{_b64([1, 2])}.x",
        "huge": "a" * 100_000,
        "lone surrogate": "\ud800." + "x" * 10,
        "not text": 12345,
        "none": None,
    }


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")     # the HS512 forgery, on purpose
def test_forged_and_foreign_cookies_are_refused_without_an_exception(db):
    sid, _ = accounts.start_session(db, USER, T0)
    for name, token in forged_tokens(sid).items():
        user, message = accounts.session_from_token(db, token, KEY, T0 + timedelta(minutes=1), IDLE)
        assert user is None and message == "", name
    good = accounts.make_token(USER, sid, T0 + accounts.SESSION_LIFETIME, KEY)
    assert accounts.session_from_token(db, good, KEY, T0 + timedelta(minutes=1), IDLE) == (USER, "")


def test_a_cookie_cannot_outlive_its_server_side_session(db):
    sid, expires = accounts.start_session(db, USER, T0)
    # the token claims ten years; the server says twelve hours
    token = accounts.make_token(USER, sid, T0 + timedelta(days=3650), KEY)
    accounts.touch(db, USER, expires - timedelta(minutes=5), None, sid)      # active right up to the end
    assert accounts.session_from_token(db, token, KEY, expires - timedelta(minutes=1), IDLE)[0] == USER
    assert accounts.session_from_token(db, token, KEY, expires, IDLE)[0] is None
    assert accounts.session_from_token(db, token, KEY, expires + timedelta(days=1), IDLE)[0] is None


def test_logout_ends_every_cookie_issued_before_it(db):
    tokens = []
    for minutes in (0, 5, 10):                     # three devices
        sid, exp = accounts.start_session(db, USER, T0 + timedelta(minutes=minutes))
        tokens.append(accounts.make_token(USER, sid, exp, KEY))
    now = T0 + timedelta(minutes=11)
    accounts.touch(db, USER, now, None)
    assert all(accounts.session_from_token(db, t, KEY, now, IDLE)[0] == USER for t in tokens)
    accounts.revoke_sessions(db, USER, now + timedelta(seconds=1))
    later = now + timedelta(minutes=1)
    assert all(accounts.session_from_token(db, t, KEY, later, IDLE) == (None, "") for t in tokens)
    assert db.scalar("SELECT count(*) FROM login_session WHERE username = ? AND ended_at IS NULL", [USER]) == 0
    # a new login after the logout works again
    sid, exp = accounts.start_session(db, USER, later)
    assert accounts.session_from_token(db, accounts.make_token(USER, sid, exp, KEY), KEY, later, IDLE)[0] == USER


def test_idle_and_deactivation_refuse_a_valid_session(db, app, actors):
    sid, exp = accounts.start_session(db, USER, T0)
    token = accounts.make_token(USER, sid, exp, KEY)
    accounts.touch(db, USER, T0, None)
    user, msg = accounts.session_from_token(db, token, KEY, T0 + IDLE + timedelta(minutes=1), IDLE)
    assert user is None and "30 minuten" in msg
    app.clock.at = T0 + timedelta(minutes=2)
    app.users.set_user_active(actors["beheer"], USER, False)
    assert accounts.session_from_token(db, token, KEY, T0 + timedelta(minutes=3), IDLE) == (None, "")


def test_only_a_hash_of_the_session_id_is_stored(db):
    sid, _ = accounts.start_session(db, USER, T0)
    stored = [r["id_hash"] for r in db.query("SELECT id_hash FROM login_session")]
    assert sid not in stored and len(stored[0]) == 64


@pytest.mark.parametrize("key, ok", [("abcdefghijklmnopqrstuvwxyz01234", False),
                                     ("éàèùâêîôûëïüçñöä", True), ("abcdefghijklmnopqrstuvwxyz012345", True)])
def test_production_refuses_a_cookie_key_shorter_than_32_bytes(key, ok):
    from ui.config import ConfigError, load_settings

    sec = {"mode": "productie", "cookie_key": key}
    if ok:
        assert load_settings(sec, env={}).cookie_key == key
    else:
        with pytest.raises(ConfigError, match="te kort"):
            load_settings(sec, env={})


@pytest.mark.parametrize("key, problem", [
    (" " * 40, "witruimte"), ("\t \n" * 20, "witruimte"), ("k" * 40, "te voorspelbaar"),
    ("wachtwoord" * 4, "te voorspelbaar"), ("change-me-to-a-long-random-string", "te voorspelbaar")])
def test_production_refuses_a_whitespace_or_low_entropy_cookie_key(key, problem):
    """Break-it report (December 2026): the key was checked for length only."""
    from ui.config import ConfigError, load_settings

    with pytest.raises(ConfigError, match=problem):
        load_settings({"mode": "productie", "cookie_key": key}, env={})
    with pytest.raises(ConfigError, match=problem):
        load_settings({}, env={"WTH_MODE": "productie", "WTH_COOKIE_KEY": key})


def test_conflicting_modes_in_environment_and_secrets_stop_start_up(tmp_path):
    """Break-it report (December 2026): WTH_MODE=demo in the environment silently overrode mode = "productie" in the
    secrets (the demo's known passwords on a production install)."""
    from ui.config import ConfigError, load_settings

    sec = {"mode": "productie", "cookie_key": "Sleutel-voor-de-test-0123456789-abcdefXYZ"}
    env = {"WTH_DB_PATH": str(tmp_path / "wth.duckdb")}
    with pytest.raises(ConfigError, match="tegenstrijdig") as e:
        load_settings(sec, env=dict(env, WTH_MODE="demo"))
    assert "WTH_MODE=demo" in e.value.args[0] and "productie" in e.value.args[0]
    assert load_settings(sec, env=dict(env, WTH_MODE="productie")).mode == "productie"
    assert load_settings(sec, env=env).mode == "productie"


def test_demo_mode_needs_an_explicit_wth_mode_demo_even_on_localhost(tmp_path):
    """Attack finding 3: a loopback-only server behind a same-host reverse proxy is public, so without WTH_MODE the
    app starts nowhere (it used to start the demo, with its known passwords, on 127.0.0.1)."""
    from ui.config import ConfigError, load_settings

    env = {"WTH_DB_PATH": str(tmp_path / "wth.duckdb")}
    for address in (None, "", "0.0.0.0", "192.0.2.5", "::", "127.0.0.1", "localhost", "::1"):
        with pytest.raises(ConfigError, match="WTH_MODE ontbreekt"):
            load_settings({}, env=env, bind_address=address)
    with pytest.raises(ConfigError, match="alleen\\s+met WTH_MODE=demo"):          # not from a secrets file
        load_settings({"mode": "demo"}, env=env, bind_address="127.0.0.1")
    explicit = load_settings({}, env=dict(env, WTH_MODE="demo"), bind_address="0.0.0.0")
    assert explicit.demo and "WTH_MODE=demo" in explicit.mode_notice


def test_x_forwarded_for_counts_only_from_a_configured_proxy():
    """Attack finding 7: uvicorn takes X-Forwarded-For from any 127.0.0.1 peer, so any local process could name any
    address. Without WTH_TRUSTED_PROXY every request with the header is one address (rotating it gains nothing)."""
    from ui.config import load_settings, throttle_address

    none = frozenset()
    seen = [throttle_address(f"198.51.100.{i}", {"X-Forwarded-For": f"198.51.100.{i}"}, none, None) for i in range(20)]
    assert set(seen) == {"onvertrouwde-proxy"}
    assert throttle_address("203.0.113.5", {}, none, None) == "203.0.113.5"           # a direct connection
    assert throttle_address(None, {}, none, None) is None                              # local, no proxy
    trusted = load_settings({"mode": "productie", "cookie_key": "Sleutel-voor-de-test-0123456789-abcdefXYZ"},
                            env={"WTH_TRUSTED_PROXY": "127.0.0.1"}).trusted_proxies
    assert trusted == {"127.0.0.1"}
    assert throttle_address("198.51.100.7", {"x-forwarded-for": "198.51.100.7"}, trusted, None) == "198.51.100.7"
    # uvicorn trusting more than the installation names (or everything) is not believed
    assert throttle_address("198.51.100.7", {"x-forwarded-for": "x"}, trusted, "*") == "onvertrouwde-proxy"
    assert throttle_address("198.51.100.7", {"x-forwarded-for": "x"}, trusted, "127.0.0.1,10.0.0.9") \
        == "onvertrouwde-proxy"


def test_a_running_session_ends_with_its_server_side_session(db):
    """An open, active browser tab does not outlive the server-side session either (app.py checks every click)."""
    sid, expires = accounts.start_session(db, USER, T0)
    token = accounts.make_token(USER, sid, expires, KEY)
    assert accounts.session_id_of(token, KEY) == sid and accounts.session_id_of("rommel", KEY) is None
    assert accounts.session_live(db, sid, expires - timedelta(seconds=1))
    assert not accounts.session_live(db, sid, expires)
    other, _ = accounts.start_session(db, USER, T0 + timedelta(minutes=1))
    accounts.revoke_sessions(db, USER, T0 + timedelta(minutes=2))
    assert not accounts.session_live(db, other, T0 + timedelta(minutes=3))
    assert not accounts.session_live(db, "verzonnen", T0)


def test_idle_time_counts_per_session_not_per_user(db):
    """Attack finding 6: activity in one browser kept another browser's idle session alive (``last_seen`` was per
    user). Two sessions; A stays active, B is left alone for 40 minutes: B's cookie is refused, A's is not."""
    sid_a, exp_a = accounts.start_session(db, USER, T0)
    sid_b, exp_b = accounts.start_session(db, USER, T0)
    last = None
    for minute in range(0, 41, 2):                      # A clicks every two minutes
        last = accounts.touch(db, USER, T0 + timedelta(minutes=minute), last, sid_a)
    now = T0 + timedelta(minutes=41)
    a = accounts.make_token(USER, sid_a, exp_a, KEY)
    b = accounts.make_token(USER, sid_b, exp_b, KEY)
    assert accounts.session_from_token(db, a, KEY, now, IDLE) == (USER, "")
    user, msg = accounts.session_from_token(db, b, KEY, now, IDLE)
    assert user is None and "30 minuten" in msg
