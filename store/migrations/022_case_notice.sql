-- 022: who was informed of a decision, how and when (issue 15, art. 2 lid 8 Wth). One row per recipient per
-- decision, written in the same transaction as the decision. recipient_kind: politie | zorgpartners |
-- veilig_thuis | uithuisgeplaatste | beschermde_personen. channel: taak | brief. document_id: the letter, if any.
CREATE SEQUENCE notice_seq START 1;
CREATE TABLE case_notice (
    id INTEGER PRIMARY KEY,
    case_id VARCHAR NOT NULL,
    decision_kind VARCHAR NOT NULL,
    decision_at TIMESTAMPTZ NOT NULL,
    recipient_kind VARCHAR NOT NULL,
    recipient_role VARCHAR,
    channel VARCHAR NOT NULL,
    document_id VARCHAR,
    actual_end_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    created_by VARCHAR NOT NULL,
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by VARCHAR
);
CREATE INDEX case_notice_case ON case_notice (case_id);
