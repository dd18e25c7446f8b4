-- 012: login throttling that can't be turned against a known user; idle time per session (issue 11, attack 1/2/5/6).

-- A browser that logged a user in gets a random device token in a cookie; only its SHA-256 is stored, per user.
-- A correct password from a known device is never held up by other people's failures (the device's own failures
-- are limited instead).
CREATE TABLE known_device (
    device_hash VARCHAR NOT NULL,
    username VARCHAR NOT NULL,
    first_ok_at TIMESTAMPTZ NOT NULL,
    last_ok_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (device_hash, username)
);
ALTER TABLE login_attempt ADD COLUMN device_hash VARCHAR;

-- One row per typed name, updated first in the transaction that checks and records an attempt: concurrent attempts
-- for one name are checked one after the other (a row lock on PostgreSQL; the process write lock on DuckDB).
CREATE TABLE login_gate (
    username_hash VARCHAR PRIMARY KEY,
    touched_at TIMESTAMPTZ NOT NULL
);

-- The idle timeout counts per login session, not per user: activity in one browser does not keep another alive.
ALTER TABLE login_session ADD COLUMN last_seen_at TIMESTAMPTZ;
