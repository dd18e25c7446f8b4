-- 021: events as data (issue 15). Each event keeps the fields of its kind (procedure/domain/events.py EVENT_FIELDS)
-- as one JSON object in text; the free-text note stays a remark. Text, not a JSON type: DuckDB and PostgreSQL
-- both accept VARCHAR, and the domain validates the shape before it is written.
ALTER TABLE case_event ADD COLUMN details VARCHAR;
