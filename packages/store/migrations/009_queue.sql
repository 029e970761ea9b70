-- 009 queue: a version on every reminder, so a delayed job (`reminder-<id>-v<version>`) acts only on the
-- row as it was when the job was made, and the worker finds the reminders changed since it last looked.

-- Versions come from one sequence: every insert or update of a reminder (a snooze, an edit, sending it)
-- gives it a new, larger version, whoever wrote it.
CREATE SEQUENCE reminders_version_seq;

ALTER TABLE reminders ADD COLUMN version bigint NOT NULL DEFAULT nextval('reminders_version_seq');

CREATE FUNCTION reminders_next_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := nextval('reminders_version_seq');
  RETURN NEW;
END
$$;

CREATE TRIGGER reminders_version BEFORE UPDATE ON reminders
  FOR EACH ROW EXECUTE FUNCTION reminders_next_version();

-- The worker's poll: reminders changed since the largest version it has seen.
CREATE INDEX reminders_version ON reminders (version);
