-- 017: "bedreigd" per household member as an answer, not a checkbox (issue 14, M6): 'ja' | 'nee' | 'onbekend';
-- NULL = not answered (the melding report prints "niet vastgesteld", never "nee"). The boolean ``threatened``
-- stays for the rules (only 'ja' counts as threatened). SQL in the subset DuckDB and PostgreSQL share.
ALTER TABLE household_member ADD COLUMN threatened_answer VARCHAR;
-- a ticked box was an answer; an unticked one was not (it is "niet vastgesteld", not "nee")
UPDATE household_member SET threatened_answer = 'ja' WHERE threatened;
