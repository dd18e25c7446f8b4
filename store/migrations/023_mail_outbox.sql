-- 023: notifications that leave the app (issue 15). A mail is written to the outbox in the same transaction as
-- the change that causes it; a worker delivers it with retries. dedup_key makes a second write of the same
-- notification a no-op (idempotency). No personal data: subject and body name the case number, the
-- municipality, what is waiting and a link.
CREATE SEQUENCE outbox_seq START 1;
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    dedup_key VARCHAR NOT NULL UNIQUE,
    recipient_username VARCHAR NOT NULL,
    recipient_email VARCHAR NOT NULL,
    topic VARCHAR NOT NULL,
    case_id VARCHAR,
    subject VARCHAR NOT NULL,
    body VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error VARCHAR,
    sent_at TIMESTAMPTZ,
    message_id VARCHAR NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);

-- Per user and topic: does the user want this mail (absent row = the topic's default).
CREATE TABLE notification_pref (
    username VARCHAR NOT NULL,
    topic VARCHAR NOT NULL,
    enabled BOOLEAN NOT NULL,
    PRIMARY KEY (username, topic)
);
