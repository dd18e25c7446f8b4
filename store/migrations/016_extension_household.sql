-- 016: the household parts of the EXTENSION kept apart from those of the imposition (issue 14, H2), so a later
-- herstelbesluit of the imposition prints the imposition's own texts. NULL = the extension did not restate the
-- part; the extension then uses the imposition's text. SQL in the subset DuckDB and PostgreSQL share.
ALTER TABLE hv_case ADD COLUMN ext_children_care VARCHAR;
ALTER TABLE hv_case ADD COLUMN ext_children_meaning VARCHAR;
ALTER TABLE household_member ADD COLUMN ext_role_note VARCHAR;

-- Cases extended before this migration: extend() wrote the extension's children texts over the imposition's; the
-- imposition's own text cannot be recovered, so the stored text is kept for both (what the last document said).
UPDATE hv_case SET ext_children_care = children_care, ext_children_meaning = children_meaning
 WHERE extended_at IS NOT NULL;
