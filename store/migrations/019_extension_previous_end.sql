-- 019: the end an extension extends (art. 9 Wth; procedure.md section 5: decided AND made known before the current
-- end). Kept per signed beschikking verlenging so a later making known can be checked against the end it extended,
-- also for a second extension. NULL for every other document (and for extensions signed before this migration: the
-- first one then extended hv_case.original_end_at).
ALTER TABLE document ADD COLUMN extends_end_at TIMESTAMPTZ;
