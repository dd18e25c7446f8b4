-- 005: login security and beheer (issue 7). Lockout is counted here, not in the session (design.md,
-- pitfalls); typed user names are stored as a SHA-256 only, because people type passwords into the
-- user-name box.
ALTER TABLE app_user ADD COLUMN password_changed_at TIMESTAMPTZ;
ALTER TABLE app_user ADD COLUMN must_change_password BOOLEAN DEFAULT FALSE;
ALTER TABLE app_user ADD COLUMN sessions_revoked_at TIMESTAMPTZ;   -- cookies issued before this are refused
ALTER TABLE app_user ADD COLUMN last_seen_at TIMESTAMPTZ;          -- server-side idle timeout for cookies
ALTER TABLE app_user ADD COLUMN deactivated_at TIMESTAMPTZ;

CREATE SEQUENCE login_attempt_seq START 1;
CREATE TABLE login_attempt (
    id BIGINT PRIMARY KEY,
    username_hash VARCHAR NOT NULL,      -- sha256 of the lower-cased typed name
    attempted_at TIMESTAMPTZ NOT NULL,
    outcome VARCHAR NOT NULL             -- ok | fout | geblokkeerd | ontgrendeld
);
CREATE INDEX login_attempt_user ON login_attempt (username_hash);

-- The demo CA the beheer page issues demo certificates from (demo mode only).
CREATE TABLE demo_ca (
    name VARCHAR PRIMARY KEY,
    key_pem VARCHAR NOT NULL,
    cert_pem VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
