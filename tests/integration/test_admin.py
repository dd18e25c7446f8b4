"""Beheer services against a real DuckDB file (issue 7): users, mandates and substitutions (and what
they do to signing), signer certificates, the audit viewer and its export, and the start-up checks on
secrets."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from procedure.domain.errors import NotAuthorized, NotFound, RuleViolation, ValidationError
from procedure.services import accounts
from tests.conftest import walk

PW = "Beheer-test-2026!"


def new_user(app, beheer, username="a.nieuw", **over):
    form = {"username": username, "name": "A. Nieuw", "email": "a@gemeente.nl", "role": "hovj",
            "subregion": "Noord-Limburg", "password": PW}
    form.update(over)
    return app.users.create_user(beheer, form)


# -- users -----------------------------------------------------------------------------------------------
def test_create_user_checks_every_field_and_the_scope(app, actors):
    b = actors["beheer"]
    with pytest.raises(ValidationError) as e:
        app.users.create_user(b, {"username": "X", "name": "", "email": "geen-mail", "role": "burgemeester",
                            "password": "kort"})
    fe = e.value.field_errors
    assert {"username", "name", "email", "municipality_code", "password"} <= set(fe)
    assert "12 tekens" in fe["password"]
    with pytest.raises(ValidationError) as e:
        new_user(app, b, subregion=None)
    assert "subregio" in e.value.field_errors["subregion"]
    with pytest.raises(ValidationError) as e:
        new_user(app, b, password="xx-a.nieuw-2026-xx")
    assert "gebruikersnaam" in e.value.field_errors["password"]
    assert new_user(app, b) == "a.nieuw"
    with pytest.raises(RuleViolation):
        new_user(app, b)                                      # taken
    u = next(x for x in app.users.user_overview(b) if x["username"] == "a.nieuw")
    assert u["must_change_password"] and u["role"] == "hovj" and u["subregion"] == "Noord-Limburg"
    assert "password_hash" not in u
    # a municipal role gets its municipality and no sub-region, whatever the form says
    new_user(app, b, "b.gemeente", role="gemeente", municipality_code="GM0983", subregion="Midden-Limburg")
    g = accounts.actor_for(app.db, "b.gemeente")
    assert g.municipality_code == "GM0983" and g.subregion == "Noord-Limburg"


def test_deactivate_removes_login_and_ends_sessions(app, actors, clock):
    b = actors["beheer"]
    new_user(app, b)
    t = clock()
    assert accounts.attempt_login(app.db, "a.nieuw", PW, t).ok
    clock.advance(minutes=1)
    app.users.set_user_active(b, "a.nieuw", False)
    assert accounts.actor_for(app.db, "a.nieuw") is None
    assert "a.nieuw" not in accounts.login_credentials(app.db)["usernames"]
    assert accounts.session_revoked(app.db, "a.nieuw", t)
    assert accounts.cookie_refusal(app.db, "a.nieuw", t, clock(), timedelta(minutes=30)) == ""
    assert not accounts.attempt_login(app.db, "a.nieuw", PW, clock()).ok
    with pytest.raises(RuleViolation):
        app.users.set_user_active(b, "beheer", False)               # not yourself
    app.users.set_user_active(b, "a.nieuw", True)
    assert accounts.attempt_login(app.db, "a.nieuw", PW, clock()).ok
    with pytest.raises(NotFound):
        app.users.set_user_active(b, "bestaat.niet", False)


def test_reset_password_unlocks_and_forces_a_change(app, actors, clock):
    b = actors["beheer"]
    new_user(app, b)
    for _ in range(accounts.FREE_PER_PAIR):
        accounts.attempt_login(app.db, "a.nieuw", "fout", clock())
    assert accounts.locked_until(app.db, "a.nieuw", clock()) is not None
    assert next(u for u in app.users.user_overview(b) if u["username"] == "a.nieuw")["locked_until"] is not None
    with pytest.raises(ValidationError):
        app.users.reset_password(b, "a.nieuw", "kort")
    clock.advance(minutes=1)
    app.users.reset_password(b, "a.nieuw", "Tijdelijk-wachtwoord-9")
    assert accounts.locked_until(app.db, "a.nieuw", clock()) is None
    assert not accounts.attempt_login(app.db, "a.nieuw", PW, clock()).ok
    r = accounts.attempt_login(app.db, "a.nieuw", "Tijdelijk-wachtwoord-9", clock())
    assert r.ok and r.must_change_password


def test_unlock_user(app, actors, clock):
    for _ in range(accounts.FREE_PER_PAIR):
        accounts.attempt_login(app.db, "politie.noord", "fout", clock())
    assert accounts.locked_until(app.db, "politie.noord", clock())
    app.users.unlock_user(actors["beheer"], "politie.noord")
    assert accounts.attempt_login(app.db, "politie.noord", "Demo-Wth-2026!", clock()).ok


def test_role_change_ends_sessions_and_own_role_is_protected(app, actors, clock):
    b = actors["beheer"]
    new_user(app, b)
    t = clock()
    clock.advance(minutes=1)
    app.users.update_user(b, "a.nieuw", {"name": "A. Nieuw", "email": "a@gemeente.nl", "role": "politie",
                                   "subregion": "Midden-Limburg"})
    a = accounts.actor_for(app.db, "a.nieuw")
    assert a.role.value == "politie" and a.subregion == "Midden-Limburg"
    assert accounts.session_revoked(app.db, "a.nieuw", t)
    with pytest.raises(RuleViolation):
        app.users.update_user(b, "beheer", {"name": "G. Bakker", "email": "b@x.nl", "role": "manager"})


# -- mandates and substitutions ---------------------------------------------------------------------------------
def test_mandate_lets_the_hovj_sign_and_ending_it_stops_that(app, actors, clock):
    b, h = actors["beheer"], actors["hovj.noord"]
    case_id = walk(app, actors, until="submitted", municipality_code="GM1507", city="Horst aan de Maas")
    assert case_id not in {r["id"] for r in app.lists.to_sign(h)}       # no mandate for Horst aan de Maas yet
    with pytest.raises(NotAuthorized):
        app.decision.sign(h, case_id, app.case_file.get_case(h, case_id).version)
    today = clock().date()
    mid = app.users.add_mandate(b, {"kind": "mandaat", "holder_username": "hovj.noord", "municipality_code": "GM1507",
                              "reference": "MB-2026-11", "valid_from": today, "valid_to": today + timedelta(days=30)})
    assert case_id in {r["id"] for r in app.lists.to_sign(h)}
    row = next(m for m in app.users.mandates(b) if m["id"] == mid)
    assert row["valid_today"] and row["municipality_name"] == "Horst aan de Maas"
    with pytest.raises(ValidationError):
        app.users.end_mandate(b, mid, today - timedelta(days=1))          # before its start
    app.users.end_mandate(b, mid, today)
    clock.advance(days=1)
    assert case_id not in {r["id"] for r in app.lists.to_sign(h)}       # ended yesterday: no longer valid
    with pytest.raises(NotAuthorized):
        app.decision.sign(h, case_id, app.case_file.get_case(h, case_id).version)
    with pytest.raises(NotFound):
        app.users.end_mandate(b, 99999, today)


def test_mandate_records_are_checked(app, actors, clock):
    b = actors["beheer"]
    base = {"kind": "mandaat", "holder_username": "hovj.noord", "municipality_code": "GM0983", "reference": "MB-1",
            "valid_from": date(2026, 1, 1), "valid_to": None}
    for over, fld in [({"holder_username": "politie.noord"}, "holder_username"),      # not an HOvJ
                      ({"municipality_code": "GM0957"}, "municipality_code"),         # other sub-region
                      ({"kind": "vervanging"}, "holder_username"),                   # substitution is for a loco
                      ({"reference": ""}, "reference"),
                      ({"valid_to": date(2025, 12, 31)}, "valid_to"),
                      ({"kind": "iets"}, "kind")]:
        with pytest.raises(ValidationError) as e:
            app.users.add_mandate(b, dict(base, **over))
        assert fld in e.value.field_errors, (over, e.value.field_errors)
    with pytest.raises(ValidationError) as e:                      # a loco only for his own municipality
        app.users.add_mandate(b, dict(base, kind="vervanging", holder_username="loco.venlo", municipality_code="GM0984"))
    assert "municipality_code" in e.value.field_errors


def test_ended_substitution_stops_the_loco(app, actors, clock):
    b, loco = actors["beheer"], actors["loco.venlo"]
    case_id = walk(app, actors, until="submitted")
    assert case_id in {r["id"] for r in app.lists.to_sign(loco)}
    m = next(x for x in app.users.mandates(b) if x["holder_username"] == "loco.venlo")
    app.users.end_mandate(b, m["id"], clock().date() - timedelta(days=1))
    assert case_id not in {r["id"] for r in app.lists.to_sign(loco)}
    with pytest.raises(NotAuthorized):
        app.decision.sign(loco, case_id, app.case_file.get_case(loco, case_id).version)


# -- certificates -------------------------------------------------------------------------------------------
@pytest.fixture
def p12(clock):
    from forms import signing
    key, cert = signing.create_demo_ca("Test-CA gemeente", clock() - timedelta(days=1))
    return signing.issue_signer_p12(key, cert, name="M. Test", role="burgemeester", municipality="Venray",
                                    passphrase=b"juiste-passphrase", now=clock() - timedelta(days=1)), cert


def test_upload_checks_the_passphrase_and_signing_uses_it(app, actors, clock, p12):
    from store import repo
    b = actors["beheer"]
    data, ca_pem = p12
    with pytest.raises(ValidationError) as e:
        app.users.upload_certificate(b, "burgemeester.venray", data, "verkeerd")
    assert e.value.field == "passphrase"
    with pytest.raises(ValidationError) as e:
        app.users.upload_certificate(b, "burgemeester.venray", b"geen certificaat", "x")
    assert e.value.field in ("p12", "passphrase")
    with pytest.raises(RuleViolation):
        app.users.upload_certificate(b, "politie.noord", data, "juiste-passphrase")
    app.demo_mode = False      # production: the passphrase is not stored; it comes from secrets
    info = app.users.upload_certificate(b, "burgemeester.venray", data, "juiste-passphrase")
    assert info["subject"] == "M. Test"
    assert repo.get_signer_certificate(app.db, "burgemeester.venray")["passphrase"] == ""
    row = next(s for s in app.users.signer_overview(b) if s["username"] == "burgemeester.venray")
    assert row["source"] == "database" and row["problem"]             # no passphrase configured yet
    from procedure.app import SignerConfig, WthApp
    prod = WthApp(app.db, clock=clock, signers={"burgemeester.venray": SignerConfig("", "juiste-passphrase")})
    row = next(s for s in prod.users.signer_overview(b) if s["username"] == "burgemeester.venray")
    assert row["problem"] == "" and row["issuer"] == "Test-CA gemeente"
    case_id = walk(prod, actors, until="submitted", hovj="hovj.noord", municipality_code="GM0984", city="Venray")
    doc_id = prod.decision.sign(actors["burgemeester.venray"], case_id, prod.case_file.get_case(actors["hovj.noord"], case_id).version)
    assert doc_id.endswith("-v1")


def test_demo_certificates_only_in_demo_mode(app, actors):
    b = actors["beheer"]
    app.demo_mode = False
    with pytest.raises(RuleViolation):
        app.users.issue_demo_certificate(b, "burgemeester.weert")
    app.demo_mode = True
    info = app.users.issue_demo_certificate(b, "burgemeester.weert")
    assert info["subject"] == actors["burgemeester.weert"].name
    row = next(s for s in app.users.signer_overview(b) if s["username"] == "burgemeester.weert")
    assert row["source"] == "demo" and not row["problem"]


# -- audit ---------------------------------------------------------------------------------------------------
def test_every_admin_action_is_audited_and_the_viewer_filters(app, actors, clock):
    b = actors["beheer"]
    new_user(app, b)
    app.users.set_user_active(b, "a.nieuw", False)
    app.users.set_user_active(b, "a.nieuw", True)
    app.users.reset_password(b, "a.nieuw", "Tijdelijk-wachtwoord-9")
    app.users.unlock_user(b, "a.nieuw")
    app.users.add_mandate(b, {"kind": "mandaat", "holder_username": "a.nieuw", "municipality_code": "GM0983",
                        "reference": "MB-9", "valid_from": date(2026, 1, 1), "valid_to": None})
    rows = app.audit_viewer.audit_log(b, username="beheer")
    actions = [r["action"] for r in rows]
    for a in ("gebruiker_aangemaakt", "gebruiker_gedeactiveerd", "gebruiker_geactiveerd", "wachtwoord_gereset",
              "account_ontgrendeld", "mandaat_toegevoegd"):
        assert a in actions
    assert all(r["username"] == "beheer" for r in rows)
    only = app.audit_viewer.audit_log(b, action="mandaat_toegevoegd")
    assert [r["action"] for r in only] == ["mandaat_toegevoegd"] and "MB-9" in only[0]["detail"]
    assert app.audit_viewer.audit_log(b, date_from=clock().date() + timedelta(days=1)) == []
    with pytest.raises(ValidationError):
        app.audit_viewer.audit_log(b, date_from=date(2026, 5, 2), date_to=date(2026, 5, 1))
    assert "auditlog_ingezien" in {r["action"] for r in app.audit_viewer.audit_log(b)}


def test_case_rows_show_who_and_what_but_no_free_text(app, actors):
    b = actors["beheer"]
    case_id = walk(app, actors, until="rihg")
    app.case_file.get_case(actors["burgemeester.venlo"], case_id)      # an opening of the case file is audited too
    rows = app.audit_viewer.audit_log(b, case_id=case_id.lower())
    acts = {r["action"] for r in rows}
    assert {"melding_geregistreerd", "besluit_huisverbod", "zaak_ingezien"} <= acts
    assert all(r["detail"] is None for r in rows)            # the reasons text stays in the case file


def test_export_csv_and_xlsx(app, actors):
    from openpyxl import load_workbook
    b = actors["beheer"]
    app.users.create_user(b, {"username": "x.formule", "name": "=HYPERLINK(\"x\")", "email": "f@x.nl", "role": "beheerder",
                        "password": PW})
    name, data, mime = app.audit_viewer.audit_export(b, "csv", action="gebruiker_aangemaakt")
    assert name.endswith(".csv") and mime == "text/csv" and data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Nr", "Tijdstip (Nederlandse tijd)", "Tijdstip (UTC)", "Gebruiker"] and len(rows) == 2 \
        and rows[1][5] == "gebruiker_aangemaakt"
    name, data, mime = app.audit_viewer.audit_export(b, "xlsx")
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.cell(1, 6).value == "Handeling" and ws.max_row > 2
    assert not any(str(c.value or "").startswith("=") for row in ws.iter_rows() for c in row)
    assert "auditlog_geexporteerd" in {r["action"] for r in app.audit_viewer.audit_log(b)}
    with pytest.raises(ValidationError):
        app.audit_viewer.audit_export(b, "pdf")


# -- start-up checks on secrets ------------------------------------------------------------------------------
@pytest.mark.duckdb_only   # the start-up check reads WTH_DB_PATH, the DuckDB file; PostgreSQL uses WTH_DATABASE_URL
def test_production_needs_a_cookie_key_and_every_signer_passphrase(db):
    from ui.config import ConfigError, load_settings, missing_signer_secrets
    with pytest.raises(ConfigError, match="cookie-sleutel ontbreekt"):
        load_settings({"mode": "productie"}, env={})
    with pytest.raises(ConfigError, match="passphrase van het certificaat ontbreekt"):
        load_settings({"mode": "productie", "cookie_key": "Sleutel-voor-de-test-0123456789-abcdefXYZ", "signers": {"burgemeester.venlo": {"p12_path": "/x"}}},
                      env={})
    with pytest.raises(ConfigError, match="idle_timeout_minutes"):
        load_settings({"mode": "productie", "cookie_key": "Sleutel-voor-de-test-0123456789-abcdefXYZ"}, env={"WTH_IDLE_MINUTES": "nul"})
    ok = load_settings({"mode": "productie", "cookie_key": "Sleutel-voor-de-test-0123456789-abcdefXYZ",
                        "signers": {"burgemeester.venlo": {"passphrase": "p"}}}, env={"WTH_IDLE_MINUTES": "20"})
    assert ok.idle_minutes == 20 and ok.signers["burgemeester.venlo"].p12_path == ""
    stored = accounts.stored_signers(db)        # the demo certificates of the template database
    problems = missing_signer_secrets(stored, ok)
    assert problems and any("democertificaat" in p for p in problems)
    assert not any("burgemeester.venlo" in p for p in problems)      # configured in the secrets
    demo = load_settings({}, env={"WTH_MODE": "demo", "WTH_DB_PATH": str(db.path)})
    assert missing_signer_secrets(stored, demo) == []


def test_secrets_example_documents_every_key():
    from pathlib import Path
    text = (Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8")
    for key in ("mode", "db_path", "cookie_key", "idle_timeout_minutes", "[signers.", "p12_path", "passphrase",
                "WTH_MODE", "WTH_DB_PATH", "WTH_COOKIE_KEY", "WTH_IDLE_MINUTES"):
        assert key in text, key


def test_nothing_secret_is_tracked_in_git():
    """No secrets.toml, certificate, key or database in the repository (only the documented example)."""
    import re
    import shutil
    import subprocess
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    files = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    bad = [f for f in files if re.search(r"(^|/)secrets\.toml$|\.(p12|pfx|pem|key|duckdb)$|demo-cookie-key", f)]
    assert bad == []
    example = (root / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8")
    assert 'cookie_key = "change-me' in example       # a placeholder, not a key
