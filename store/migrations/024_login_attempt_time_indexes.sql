-- 024: the login throttle's look-ups by name + time and by address prefix + time (issue 16; store/admin_repo.py
-- failure_summary, address_known, failures_from_address). With only the index on the name, PostgreSQL read every
-- stored attempt of a name for each refused attempt, however old (bench/bench_login_flood.py: 5.6 ms at 1,000
-- failures, 305 ms at 100,000). With these it reads only the rows inside the counting window:
--   name + time            the name's failures of the last hour (a distributed attack on one name);
--   name + outcome + time  the last unlock / successful login that resets the count, and "logged in from here";
--   name + address + time  the failures of one name from one address prefix;
--   address + time         the failures from one address prefix for any name.
-- The address is matched as coalesce(client_hash, '') (rows from before migration 011 have none), so the index is
-- on that expression. Plain CREATE INDEX in the subset both engines accept.
CREATE INDEX login_attempt_user_time ON login_attempt (username_hash, attempted_at);
CREATE INDEX login_attempt_user_outcome_time ON login_attempt (username_hash, outcome, attempted_at);
CREATE INDEX login_attempt_pair_time ON login_attempt (username_hash, (coalesce(client_hash, '')), attempted_at);
CREATE INDEX login_attempt_client_time ON login_attempt ((coalesce(client_hash, '')), attempted_at);
