-- 003: a record too broken to have an id is quarantined once per content, not once per read.
-- Without this, NULL external ids never conflict and every re-read adds a row that nothing can clear.
CREATE UNIQUE INDEX quarantine_unidentified_key ON quarantine (source, stream, md5(raw::text))
  WHERE external_id IS NULL;
