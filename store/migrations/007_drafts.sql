-- 007: drafts of forms left half-way (issue 7, Reliability). One row per user and form; the values
-- as JSON. Only the user who typed them reads them back; old drafts are removed by the service.
CREATE TABLE form_draft (
    username VARCHAR NOT NULL,
    form_key VARCHAR NOT NULL,           -- e.g. melding, gebeurtenis:HV-2026-00012
    body VARCHAR NOT NULL,               -- JSON object: widget key -> value (dates tagged)
    saved_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (username, form_key)
);
