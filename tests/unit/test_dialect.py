"""The one place where DuckDB and PostgreSQL differ (store/dialect.py, issue 16): SQL translation, URLs without
passwords, and choosing the engine from the settings (WTH_DATABASE_URL / database_url)."""
from __future__ import annotations

import pytest

from store import dialect


def test_placeholders_become_psycopg_outside_literals_only():
    sql = "SELECT ? AS a FROM t WHERE b LIKE 'HV-____-%' AND c = '?' AND d = ?"
    assert dialect.to_postgres(sql, True) == ("SELECT %s AS a FROM t WHERE b LIKE 'HV-____-%%' AND c = '?' "
                                              "AND d = %s")
    # without parameters psycopg reads the text as it is: nothing doubled
    assert dialect.to_postgres("SELECT 'a%b', 5 % 2", False) == "SELECT 'a%b', 5 % 2"
    assert dialect.to_postgres("SELECT 'it''s ?', ?", True) == "SELECT 'it''s ?', %s"


def test_duckdb_type_names_and_temp_tables_translate():
    ddl = "CREATE TABLE x (a DOUBLE, b BLOB, c DOUBLE PRECISION, note VARCHAR DEFAULT 'DOUBLE BLOB')"
    assert dialect.to_postgres(ddl, False) == ("CREATE TABLE x (a DOUBLE PRECISION, b BYTEA, c DOUBLE PRECISION, "
                                               "note VARCHAR DEFAULT 'DOUBLE BLOB')")
    assert dialect.to_postgres("CREATE OR REPLACE TEMP TABLE _plan (a INTEGER)", False) == \
        "DROP TABLE IF EXISTS _plan; CREATE TEMP TABLE _plan (a INTEGER)"


def test_urls_never_show_the_password():
    url = "postgresql://wth:s3cr%40t@db.example:5433/wth"
    assert dialect.safe_target(url) == "postgresql://wth:***@db.example:5433/wth"
    assert dialect.safe_target("var/wth.duckdb") == "var/wth.duckdb"
    assert dialect.database_name(url) == "wth"
    assert dialect.with_database(url, "wth_herstel").endswith("@db.example:5433/wth_herstel")
    assert dialect.is_postgres(url) and dialect.is_postgres("postgres://x/y") and not dialect.is_postgres("x.duckdb")


def test_settings_choose_postgresql_from_the_url(tmp_path):
    from ui.config import ConfigError, load_settings

    env = {"WTH_MODE": "demo", "WTH_DB_PATH": str(tmp_path / "wth.duckdb"), "WTH_COOKIE_KEY": "k" * 40}
    assert load_settings({}, env=env).db_path == str(tmp_path / "wth.duckdb")
    s = load_settings({"database_url": "postgresql://wth:pw@localhost/wth"}, env=env)
    assert s.db_path == "postgresql://wth:pw@localhost/wth"
    s = load_settings({}, env=dict(env, WTH_DATABASE_URL="postgresql://a:b@h/c"))
    assert s.db_path == "postgresql://a:b@h/c"
    with pytest.raises(ConfigError, match="PostgreSQL-adres"):
        load_settings({}, env=dict(env, WTH_DATABASE_URL="mysql://a/b"))
    # a URL in the DuckDB path would make folders named after it (with the password in their name)
    with pytest.raises(ConfigError, match="WTH_DATABASE_URL"):
        load_settings({}, env=dict(env, WTH_DB_PATH="postgresql://a:b@h/c"))
