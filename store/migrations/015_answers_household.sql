-- 015: explicit answers (ja | nee | onbekend) for the facts the documents state, and the household parts of a
-- decision (issue 14). SQL in the subset DuckDB and PostgreSQL share.

-- At the uitreiking: were keys taken in (art. 4 lid 2 Wth), was a contact address given (art. 2 lid 6 Wth).
-- NULL = not answered (the documents then state nothing, the case lists it as an open question).
ALTER TABLE hv_case ADD COLUMN keys_answer VARCHAR;
ALTER TABLE hv_case ADD COLUMN contact_address_answer VARCHAR;
-- At the last extension: has the removed person accepted the help offered (art. 9 Wth).
ALTER TABLE hv_case ADD COLUMN help_accepted VARCHAR;
-- Minors in the household: who cares for them now, what the order means for them (art. 2 lid 4 Wth).
ALTER TABLE hv_case ADD COLUMN children_care VARCHAR;
ALTER TABLE hv_case ADD COLUMN children_meaning VARCHAR;
-- Another adult in the household: his or her role, and why the order is not addressed to him or her (R04).
ALTER TABLE household_member ADD COLUMN role_note VARCHAR;

-- Cases served before this migration: their signed proces-verbaal already states what the boolean said (a
-- receipt, or "geen sleutels ingenomen"; an address, or the 24-hour duty); the answer records the same.
UPDATE hv_case SET keys_answer = CASE WHEN keys_taken_in THEN 'ja' ELSE 'nee' END
 WHERE keys_taken_in IS NOT NULL AND served_at IS NOT NULL;
UPDATE hv_case SET contact_address_answer = CASE WHEN contact_address IS NOT NULL AND contact_address <> '' THEN 'ja'
                                                 ELSE 'nee' END
 WHERE served_at IS NOT NULL AND oral_order_at IS NULL;
