-- 002 desk (tickets, reminders, timeline) and operations (sync state, quarantine, audit, outbox, webhooks).

-- Desk -------------------------------------------------------------------------------------------------

CREATE TABLE tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT tickets_number_key UNIQUE,
  profile_id uuid REFERENCES profiles (id) ON DELETE SET NULL,
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved', 'closed')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  assignee_id uuid REFERENCES employees (id) ON DELETE SET NULL,
  created_by uuid REFERENCES employees (id) ON DELETE SET NULL,
  channel text NOT NULL CHECK (channel IN ('slack', 'telegram', 'api', 'cli', 'n8n', 'system')),
  first_response_due_at timestamptz,
  resolution_due_at timestamptz,
  first_responded_at timestamptz,
  resolved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- "My open tickets" and the team queue.
CREATE INDEX tickets_open_by_assignee ON tickets (assignee_id, created_at DESC)
  WHERE status IN ('open', 'pending');
-- The SLA watch: open tickets by the next deadline.
CREATE INDEX tickets_open_by_resolution_due ON tickets (resolution_due_at)
  WHERE status IN ('open', 'pending');
CREATE INDEX tickets_awaiting_first_response ON tickets (first_response_due_at)
  WHERE first_responded_at IS NULL AND status IN ('open', 'pending');
CREATE INDEX tickets_profile ON tickets (profile_id, created_at DESC);

CREATE TABLE ticket_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN (
    'created', 'updated', 'assigned', 'status_changed', 'priority_changed', 'commented',
    'sla_warning', 'sla_breached'
  )),
  actor_kind text NOT NULL CHECK (actor_kind IN ('employee', 'cli', 'api_key', 'system')),
  actor_id text,
  data jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, at);

CREATE TABLE reminders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
  profile_id uuid REFERENCES profiles (id) ON DELETE SET NULL,
  ticket_id uuid REFERENCES tickets (id) ON DELETE SET NULL,
  text text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 2000),
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'done', 'cancelled')),
  created_by uuid REFERENCES employees (id) ON DELETE SET NULL,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The scheduler: due pending reminders (also re-creates lost jobs at worker start).
CREATE INDEX reminders_status_due ON reminders (status, due_at);
CREATE INDEX reminders_employee ON reminders (employee_id, status, due_at);

CREATE TABLE interactions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  profile_id uuid NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('note', 'call', 'meeting', 'email', 'chat_mention')),
  body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 20000),
  author_id uuid REFERENCES employees (id) ON DELETE SET NULL,
  channel text NOT NULL CHECK (channel IN ('slack', 'telegram', 'api', 'cli', 'n8n', 'system')),
  occurred_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- The profile timeline, newest first.
CREATE INDEX interactions_profile_timeline ON interactions (profile_id, occurred_at DESC);

-- Sync state ---------------------------------------------------------------------------------------------

CREATE TABLE sync_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  -- Null when the run covers every stream of the source.
  stream text,
  mode text NOT NULL CHECK (mode IN ('full', 'incremental', 'reconcile')),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  records_read bigint NOT NULL DEFAULT 0,
  inserted bigint NOT NULL DEFAULT 0,
  updated bigint NOT NULL DEFAULT 0,
  unchanged bigint NOT NULL DEFAULT 0,
  quarantined bigint NOT NULL DEFAULT 0,
  deleted bigint NOT NULL DEFAULT 0,
  error text,
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX sync_runs_source_started ON sync_runs (source, started_at DESC);
CREATE INDEX sync_runs_running ON sync_runs (source) WHERE status = 'running';

CREATE TABLE sync_cursors (
  source text NOT NULL,
  stream text NOT NULL,
  cursor jsonb NOT NULL,
  run_id bigint REFERENCES sync_runs (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, stream)
);

CREATE TABLE quarantine (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  stream text NOT NULL,
  -- Null when the record was too broken to have an id; such rows are never merged with each other.
  external_id text,
  reason text NOT NULL,
  issues jsonb NOT NULL DEFAULT '[]',
  raw json,
  run_id bigint REFERENCES sync_runs (id) ON DELETE SET NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 1,
  CONSTRAINT quarantine_source_stream_external_id_key UNIQUE (source, stream, external_id)
);
CREATE INDEX quarantine_recent ON quarantine (source, last_seen_at DESC);

-- Audit, events, webhooks ----------------------------------------------------------------------------------

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL CHECK (actor_kind IN ('employee', 'cli', 'api_key', 'system')),
  actor_id text,
  action text NOT NULL,
  target_kind text,
  target_id text,
  channel text NOT NULL CHECK (channel IN ('slack', 'telegram', 'api', 'cli', 'n8n', 'system')),
  -- Never secrets: the repository drops secret-looking keys before it writes.
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_target ON audit_log (target_kind, target_id, at DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_kind, actor_id, at DESC);

CREATE TABLE outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic text NOT NULL,
  -- Optional idempotency key: the same event enqueued twice is stored once.
  dedupe_key text UNIQUE,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  available_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX outbox_unpublished ON outbox (available_at, id) WHERE published_at IS NULL;

CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url text NOT NULL CHECK (url ~ '^https?://'),
  events text[] NOT NULL CHECK (cardinality(events) > 0),
  -- The HMAC signing secret. It must be readable to sign deliveries, so it cannot be hashed:
  -- never select it into a list, a log or an API response.
  secret text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES employees (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscriptions_events ON webhook_subscriptions USING gin (events) WHERE active;
