-- 018: appeals as a court needs them, and when each later decision was made known (issue 14, point 6).
-- Art. 6:7 and 6:8 Awb: the six-week term of each decision runs from the day after it was made known (service,
-- sending or depot), not from signing. SQL in the subset DuckDB and PostgreSQL both accept (BYTEA is BLOB in DuckDB).

-- Who lodged the appeal or the request for a voorlopige voorziening, the lawyer, the court and its case number.
-- NULL = not (yet) registered: the page shows what is still missing.
ALTER TABLE appeal ADD COLUMN lodged_by VARCHAR;          -- uithuisgeplaatste | beschermde_persoon | ander
ALTER TABLE appeal ADD COLUMN lodged_by_name VARCHAR;     -- name when not the removed person
ALTER TABLE appeal ADD COLUMN lawyer VARCHAR;             -- name and office of the lawyer, if any
ALTER TABLE appeal ADD COLUMN court VARCHAR;              -- e.g. Rechtbank Limburg
ALTER TABLE appeal ADD COLUMN court_case_number VARCHAR;  -- the court's own number, e.g. ROE 26/1234

-- The appeal letter itself, as received (PDF), one per appeal; removed with the case at retention (art. 10 Wth).
CREATE TABLE appeal_letter (
    appeal_id INTEGER PRIMARY KEY,
    case_id VARCHAR NOT NULL,
    filename VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes INTEGER NOT NULL,
    content BYTEA NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL,
    uploaded_by VARCHAR NOT NULL
);
CREATE INDEX appeal_letter_case ON appeal_letter (case_id);

-- When a signed later decision (verlenging, intrekking, herstelbesluit) reached the person: one row per document.
-- The imposition keeps its own columns on hv_case (served_at / made_known_at).
CREATE TABLE decision_made_known (
    document_id VARCHAR PRIMARY KEY,
    case_id VARCHAR NOT NULL,
    how VARCHAR NOT NULL,                 -- uitreiking | toezending | depot
    made_known_at TIMESTAMPTZ NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX decision_made_known_case ON decision_made_known (case_id);
