-- 001: initial schema. SQL kept to the subset DuckDB and PostgreSQL share (design.md, Storage).
-- No foreign keys (DuckDB refuses some ALTERs on keyed columns); integrity is kept by the services.

CREATE TABLE municipality (
    code VARCHAR PRIMARY KEY,            -- CBS code, e.g. GM0983
    name VARCHAR NOT NULL,
    subregion VARCHAR NOT NULL,          -- Noord-Limburg | Midden-Limburg
    letterhead VARCHAR                   -- address lines for documents, '\n'-separated
);

CREATE TABLE population (
    municipality_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    inhabitants INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    PRIMARY KEY (municipality_code, year)
);

CREATE TABLE tariff (
    year INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    amount DECIMAL(12,2) NOT NULL,       -- euros, ex VAT unless kind says otherwise
    is_example BOOLEAN NOT NULL,         -- demo figures, never a quote
    note VARCHAR,
    PRIMARY KEY (year, kind)
);

CREATE TABLE rihg_catalogue (
    version VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    body VARCHAR NOT NULL,               -- the JSON file as loaded
    loaded_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE setting (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE app_user (
    username VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    email VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL,      -- bcrypt
    role VARCHAR NOT NULL,
    municipality_code VARCHAR,           -- burgemeester, loco, gemeente, manager
    subregion VARCHAR,                   -- politie, hovj, care partners
    active BOOLEAN NOT NULL,
    failed_logins INTEGER NOT NULL,
    locked_until TIMESTAMPTZ,
    is_demo BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Mandate (HOvJ imposes for the burgemeester, art. 3 Wth) and substitution (loco-burgemeester).
CREATE SEQUENCE mandate_seq START 1;
CREATE TABLE mandate (
    id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,               -- mandaat | vervanging
    holder_username VARCHAR NOT NULL,
    municipality_code VARCHAR NOT NULL,
    reference VARCHAR NOT NULL,          -- e.g. the mandaatbesluit number
    valid_from DATE NOT NULL,
    valid_to DATE,                       -- inclusive; NULL = open-ended
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE signer_certificate (
    username VARCHAR PRIMARY KEY,
    p12 BLOB NOT NULL,
    passphrase VARCHAR NOT NULL,         -- demo certificates only; production reads secrets
    subject VARCHAR NOT NULL,
    is_demo BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE trust_root (
    name VARCHAR PRIMARY KEY,
    cert_pem VARCHAR NOT NULL,
    is_demo BOOLEAN NOT NULL
);

CREATE SEQUENCE case_seq START 1;
CREATE TABLE hv_case (
    id VARCHAR PRIMARY KEY,              -- HV-<year>-<number>
    municipality_code VARCHAR NOT NULL,
    state VARCHAR NOT NULL,
    is_demo BOOLEAN NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by VARCHAR NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by VARCHAR NOT NULL,
    -- melding
    street VARCHAR, house_number VARCHAR, postcode VARCHAR, city VARCHAR,
    incident_at TIMESTAMPTZ,
    incident_description VARCHAR,
    q_domestic BOOLEAN, q_resident BOOLEAN, q_adult BOOLEAN,
    person_given_names VARCHAR, person_surname VARCHAR, person_birth_date DATE,
    person_bsn VARCHAR, person_phone VARCHAR, person_email VARCHAR,
    person_brp_differs BOOLEAN, person_residence_basis VARCHAR,
    aangifte_done BOOLEAN, arrested BOOLEAN,
    child_abuse_ground BOOLEAN,
    vt_consulted_at TIMESTAMPTZ, vt_consulted_with VARCHAR, vt_consult_outcome VARCHAR,
    -- risicotaxatie
    rihg_version VARCHAR,
    rihg_author_a VARCHAR, rihg_author_b VARCHAR, rihg_author_c VARCHAR,
    rihg_finalised_at TIMESTAMPTZ, rihg_finalised_by VARCHAR,
    advice_indicated BOOLEAN, advice_text VARCHAR,
    decision_huisverbod BOOLEAN, decision_reasons VARCHAR,
    decision_recorded_at TIMESTAMPTZ, decision_recorded_by VARCHAR,
    -- beschikking (draft)
    facts VARCHAR, threatened_persons VARCHAR, why_this_person VARCHAR,
    duration_days INTEGER,
    draft_submitted_at TIMESTAMPTZ, draft_submitted_by VARCHAR,
    -- decision (signature)
    decided_at TIMESTAMPTZ, decided_by VARCHAR, decided_by_name VARCHAR,
    decision_basis VARCHAR,              -- burgemeester | loco_burgemeester | hovj_mandaat
    mandate_id INTEGER,
    -- uitreiking: served_at is T0 (art. 2 lid 1 Wth); end_at the planned end
    served_at TIMESTAMPTZ, served_by VARCHAR, end_at TIMESTAMPTZ,
    keys_taken_in BOOLEAN, key_description VARCHAR, contact_address VARCHAR,
    -- repeat orders (procedure.md 3.8)
    previous_case_id VARCHAR, new_facts VARCHAR
);
CREATE INDEX hv_case_municipality ON hv_case (municipality_code);

CREATE SEQUENCE member_seq START 1;
CREATE TABLE household_member (
    id INTEGER PRIMARY KEY,
    case_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    birth_date DATE,
    relation VARCHAR NOT NULL,           -- relation to the uithuisgeplaatste
    residence VARCHAR NOT NULL,          -- woont | verblijft | incidenteel
    residence_basis VARCHAR,
    threatened BOOLEAN NOT NULL,
    phone VARCHAR
);
CREATE INDEX household_member_case ON household_member (case_id);

CREATE TABLE rihg_answer (
    case_id VARCHAR NOT NULL,
    item_code VARCHAR NOT NULL,
    answer BOOLEAN NOT NULL,
    PRIMARY KEY (case_id, item_code)
);

CREATE TABLE rihg_signal (
    case_id VARCHAR NOT NULL,
    signal_code VARCHAR NOT NULL,
    colour VARCHAR NOT NULL,             -- rood | blauw | geel
    PRIMARY KEY (case_id, signal_code)
);

CREATE SEQUENCE fact_seq START 1;
CREATE TABLE rihg_fact (
    id INTEGER PRIMARY KEY,
    case_id VARCHAR NOT NULL,
    signal_code VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    disputed BOOLEAN NOT NULL
);
CREATE INDEX rihg_fact_case ON rihg_fact (case_id);

-- Documents are append-only: a signed document is never overwritten (design.md).
CREATE TABLE document (
    id VARCHAR PRIMARY KEY,              -- <case>-<KIND>-v<n>
    case_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by VARCHAR NOT NULL,
    signed BOOLEAN NOT NULL,
    signer_username VARCHAR,
    signed_at TIMESTAMPTZ,
    sha256 VARCHAR NOT NULL,
    content BLOB NOT NULL
);
CREATE INDEX document_case ON document (case_id);

CREATE SEQUENCE audit_seq START 1;
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
    username VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    case_id VARCHAR,
    old_state VARCHAR,
    new_state VARCHAR,
    detail VARCHAR
);
CREATE INDEX audit_case ON audit_log (case_id);

-- Statistics read through a view without names, BSN, addresses or free text (design.md, Audit).
CREATE VIEW v_case_stats AS
SELECT c.id AS case_id, c.municipality_code, m.name AS municipality, m.subregion, c.state, c.is_demo,
       c.created_at, c.rihg_finalised_at, c.decision_huisverbod, c.advice_indicated,
       c.decided_at, c.decision_basis, c.served_at, c.end_at, c.child_abuse_ground
FROM hv_case c JOIN municipality m ON m.code = c.municipality_code;
