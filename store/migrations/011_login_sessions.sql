-- 011: login throttling per name AND client address, server-side login sessions, gap-free case numbers (issue 11).

-- Throttling counts failures per (typed name, client address), per address and per name. The address is stored
-- as a SHA-256 only, like the typed name ('' = unknown address, e.g. a local connection).
ALTER TABLE login_attempt ADD COLUMN client_hash VARCHAR;
CREATE INDEX login_attempt_client ON login_attempt (client_hash);

-- One row per login. The cookie carries a random session id; only its SHA-256 is stored. The server decides
-- when a session ends: expires_at (the cookie's own date is not trusted beyond it), ended_at (logout or
-- revocation), and app_user.sessions_revoked_at / last_seen_at as before.
CREATE TABLE login_session (
    id_hash VARCHAR PRIMARY KEY,
    username VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ
);
CREATE INDEX login_session_user ON login_session (username);

-- Case numbers come from this row, updated in the same transaction as the new case: a save that fails takes its
-- number back with it (a sequence would keep it burned). Starts after the highest number ever used, also by cases
-- since destroyed (their id stays in the audit log).
CREATE TABLE case_counter (
    name VARCHAR PRIMARY KEY,
    last_value BIGINT NOT NULL
);
INSERT INTO case_counter
SELECT 'zaak', coalesce(max(n), 0) FROM (
    SELECT CAST(split_part(id, '-', 3) AS BIGINT) AS n FROM hv_case WHERE id LIKE 'HV-____-%'
    UNION ALL
    SELECT CAST(split_part(case_id, '-', 3) AS BIGINT) AS n FROM audit_log WHERE case_id LIKE 'HV-____-%'
) AS used;
