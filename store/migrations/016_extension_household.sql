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

-- Migration 015 read the old checkboxes as answers: an unticked "sleutels ingenomen" became 'nee', an empty contact
-- address 'nee', and an address typed in later (event 'contactadres') 'ja' for the uitreiking. Nobody answered those
-- at the uitreiking ("unticked = no" is not an answer, issue 14): for cases served before 015 they become NULL again
-- (not answered, an open question on the case); a ticked box (keys 'ja') and an address given at the uitreiking stay.
UPDATE hv_case SET keys_answer = NULL, keys_taken_in = NULL
 WHERE keys_answer = 'nee' AND keys_taken_in = FALSE
   AND id IN (SELECT case_id FROM audit_log WHERE action = 'uitgereikt'
               AND occurred_at < (SELECT applied_at FROM schema_migration WHERE version = 15));
UPDATE hv_case SET contact_address_answer = NULL
 WHERE (contact_address_answer = 'nee'
        OR (contact_address_answer = 'ja' AND id IN (SELECT case_id FROM case_event WHERE kind = 'contactadres')))
   AND id IN (SELECT case_id FROM audit_log WHERE action = 'uitgereikt'
               AND occurred_at < (SELECT applied_at FROM schema_migration WHERE version = 15));
