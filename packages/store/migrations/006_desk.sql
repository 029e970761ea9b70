-- 006 the service desk: ticket status `new`, the ERP order a ticket is about, the SLA clock (pauses, the
-- at-risk moments), ticket comments, reminder kinds with a dedupe key, and the indexes the desk reads by.

-- Tickets -----------------------------------------------------------------------------------------------

ALTER TABLE tickets DROP CONSTRAINT tickets_status_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_status_check
  CHECK (status IN ('new', 'open', 'pending', 'resolved', 'closed'));
-- The default stays 'open' for rows written by hand; the desk writes every new ticket as 'new'.

ALTER TABLE tickets ADD COLUMN order_id bigint REFERENCES orders (id) ON DELETE SET NULL;
ALTER TABLE tickets ADD COLUMN closed_at timestamptz;
-- The customer was VIP when the SLA targets were set (tightened by tickets.vipFactor).
ALTER TABLE tickets ADD COLUMN sla_vip boolean NOT NULL DEFAULT false;
-- The SLA clock: stopped since sla_paused_at (pending, resolved, closed), and the business time it stood
-- still in earlier pauses. Due and at-risk moments are (re)computed from these at every write.
ALTER TABLE tickets ADD COLUMN sla_paused_at timestamptz;
ALTER TABLE tickets ADD COLUMN sla_paused_ms bigint NOT NULL DEFAULT 0 CHECK (sla_paused_ms >= 0);
ALTER TABLE tickets ADD COLUMN first_response_risk_at timestamptz;
ALTER TABLE tickets ADD COLUMN resolution_risk_at timestamptz;
-- Tickets written before this migration: a stopped ticket's clock stopped when it last changed.
UPDATE tickets SET sla_paused_at = COALESCE(resolved_at, updated_at) WHERE status <> 'open';
ALTER TABLE tickets ADD CONSTRAINT tickets_sla_clock_check
  CHECK ((sla_paused_at IS NULL) = (status IN ('new', 'open')));

-- The partial indexes of 002 knew only open and pending as live statuses.
DROP INDEX tickets_open_by_assignee;
DROP INDEX tickets_open_by_resolution_due;
DROP INDEX tickets_awaiting_first_response;
CREATE INDEX tickets_open_by_assignee ON tickets (assignee_id, number DESC)
  WHERE status IN ('new', 'open', 'pending');
-- The SLA sweep: running clocks by the moment they turn at risk.
CREATE INDEX tickets_resolution_running ON tickets (resolution_risk_at) WHERE sla_paused_at IS NULL;
CREATE INDEX tickets_awaiting_first_response ON tickets (first_response_risk_at)
  WHERE first_responded_at IS NULL AND sla_paused_at IS NULL;
-- Lists page newest first by number; filters by status and customer.
CREATE INDEX tickets_status_number ON tickets (status, number DESC);
CREATE INDEX tickets_order ON tickets (order_id) WHERE order_id IS NOT NULL;

-- Comments: internal (the team only) or public (a reply the customer sees). The history lives in ticket_events.
CREATE TABLE ticket_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  visibility text NOT NULL CHECK (visibility IN ('internal', 'public')),
  body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 20000),
  author_id uuid REFERENCES employees (id) ON DELETE SET NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('employee', 'cli', 'api_key', 'system')),
  actor_id text,
  channel text NOT NULL CHECK (channel IN ('slack', 'telegram', 'api', 'cli', 'n8n', 'system')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_comments_ticket ON ticket_comments (ticket_id, created_at, id);
CREATE INDEX ticket_events_ticket_id ON ticket_events (ticket_id, id);

-- Reminders ---------------------------------------------------------------------------------------------

ALTER TABLE reminders ADD COLUMN kind text NOT NULL DEFAULT 'manual'
  CHECK (kind IN ('manual', 'dormant_customer', 'sla_at_risk', 'follow_up'));
-- What a sweep made the reminder for (`dormant:<profile>:<last order>`): the same cause never makes two.
ALTER TABLE reminders ADD COLUMN dedupe_key text CONSTRAINT reminders_dedupe_key_key UNIQUE;
-- The due sweep: pending reminders by due time.
CREATE INDEX reminders_pending_due ON reminders (due_at, id) WHERE status = 'pending';
-- The customer timeline.
CREATE INDEX reminders_profile ON reminders (profile_id, created_at DESC) WHERE profile_id IS NOT NULL;
CREATE INDEX reminders_ticket ON reminders (ticket_id) WHERE ticket_id IS NOT NULL;
