-- 002: the lifecycle after imposition (issue 3): extension, withdrawal, oral order, events,
-- appeals, contacts, archive and retention.

ALTER TABLE hv_case ADD COLUMN original_end_at TIMESTAMPTZ;      -- end before any extension
ALTER TABLE hv_case ADD COLUMN extended_at TIMESTAMPTZ;
ALTER TABLE hv_case ADD COLUMN extended_by VARCHAR;
ALTER TABLE hv_case ADD COLUMN withdrawn_at TIMESTAMPTZ;         -- actual end when withdrawn
ALTER TABLE hv_case ADD COLUMN withdrawn_by VARCHAR;
ALTER TABLE hv_case ADD COLUMN withdrawal_reasons VARCHAR;
ALTER TABLE hv_case ADD COLUMN oral_order_at TIMESTAMPTZ;        -- art. 2 lid 7 Wth
ALTER TABLE hv_case ADD COLUMN oral_order_by VARCHAR;
ALTER TABLE hv_case ADD COLUMN made_known_at TIMESTAMPTZ;        -- written decision made known
ALTER TABLE hv_case ADD COLUMN made_known_how VARCHAR;           -- uitreiking | depot
ALTER TABLE hv_case ADD COLUMN annulled_at TIMESTAMPTZ;          -- court annulled the order
ALTER TABLE hv_case ADD COLUMN archived_at TIMESTAMPTZ;
ALTER TABLE hv_case ADD COLUMN archived_by VARCHAR;
ALTER TABLE hv_case ADD COLUMN destroyed_at TIMESTAMPTZ;

-- Events on an active order (procedure.md section 6): no state change, each with time and author.
CREATE SEQUENCE event_seq START 1;
CREATE TABLE case_event (
    id INTEGER PRIMARY KEY,
    case_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,    -- when it happened (may be earlier than recorded)
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    organisation VARCHAR,
    reference VARCHAR,                   -- police report number, receipt number, ...
    outcome VARCHAR,
    note VARCHAR,
    event_date DATE,                     -- e.g. the date of a zorgadvies
    resolves_event_id INTEGER            -- a reassessment decision resolves a household change
);
CREATE INDEX case_event_case ON case_event (case_id);

-- Beroep / voorlopige voorziening per decision (procedure.md section 5; R06).
CREATE SEQUENCE appeal_seq START 1;
CREATE TABLE appeal (
    id INTEGER PRIMARY KEY,
    case_id VARCHAR NOT NULL,
    decision_kind VARCHAR NOT NULL,      -- oplegging | verlenging | intrekking
    kind VARCHAR NOT NULL,               -- beroep | voorlopige_voorziening
    filed_at TIMESTAMPTZ NOT NULL,
    hearing_at TIMESTAMPTZ,
    outcome VARCHAR,                     -- NULL while pending
    damages_amount DECIMAL(12,2),
    outcome_at TIMESTAMPTZ,
    outcome_note VARCHAR,
    recorded_by VARCHAR NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX appeal_case ON appeal (case_id);

-- Contact details of everyone involved, per case.
CREATE SEQUENCE contact_seq START 1;
CREATE TABLE case_contact (
    id INTEGER PRIMARY KEY,
    case_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,               -- professional | persoon
    role VARCHAR NOT NULL,               -- e.g. casemanager, advocaat, uithuisgeplaatste
    organisation VARCHAR,
    name VARCHAR NOT NULL,
    phone VARCHAR,
    email VARCHAR,
    address VARCHAR,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by VARCHAR NOT NULL
);
CREATE INDEX case_contact_case ON case_contact (case_id);

-- What stays of a destroyed case: anonymous figures only (art. 10 Wth retention).
CREATE TABLE case_stats_archive (
    case_id VARCHAR PRIMARY KEY,
    municipality_code VARCHAR NOT NULL,
    final_state VARCHAR NOT NULL,
    created_month DATE NOT NULL,
    served BOOLEAN NOT NULL,
    extended BOOLEAN NOT NULL,
    withdrawn BOOLEAN NOT NULL,
    appealed BOOLEAN NOT NULL,
    children_present BOOLEAN NOT NULL,
    destroyed_at TIMESTAMPTZ NOT NULL
);
