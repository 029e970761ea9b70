-- 008 chat: each employee's zone, language and chat channels; one-time binding codes; chat messages
-- kept for later edits; notifications per employee and channel, fanned out from the outbox.

ALTER TABLE employees
  -- IANA zone (Europe/Moscow); null = the config's bots.defaultTimeZone.
  ADD COLUMN time_zone text,
  -- Language of every bot message; null = the config's bots.defaultLanguage.
  ADD COLUMN language text CHECK (language IN ('en', 'ru')),
  -- Where notifications go.
  ADD COLUMN notify_via text NOT NULL DEFAULT 'both' CHECK (notify_via IN ('slack', 'telegram', 'both')),
  -- The Slack workspace of slack_user_id (user ids are unique per workspace).
  ADD COLUMN slack_team_id text,
  -- Set when the employee blocked the Telegram bot (403 or my_chat_member "kicked"); notifications wait
  -- until it is cleared by the next message from them.
  ADD COLUMN telegram_blocked_at timestamptz;

-- One-time binding codes (Telegram deep links t.me/<bot>?start=<code>): only a hash is stored.
CREATE TABLE chat_bind_codes (
  code_hash text PRIMARY KEY,
  employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('slack', 'telegram')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX chat_bind_codes_employee ON chat_bind_codes (employee_id, created_at DESC);

-- One row per (outbox event, employee, channel): the notification an employee gets in one chat.
-- pending: to send at next_attempt_at; waiting: the channel is unreachable now (not bound, blocked),
-- sent again when it becomes reachable; sent: delivered once (message_ref says where, for edits);
-- failed: given up (a 400 from the platform), with the reason.
CREATE TABLE chat_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  outbox_id bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('slack', 'telegram')),
  topic text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'waiting', 'sent', 'failed')),
  attempt integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
  next_attempt_at timestamptz,
  error text,
  -- Where the message went ({"channel":"D1","ts":"1.2"} or {"chatId":1,"messageId":2}).
  message_ref jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CONSTRAINT chat_notifications_once UNIQUE (outbox_id, employee_id, channel),
  CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL)),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX chat_notifications_due ON chat_notifications (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX chat_notifications_waiting ON chat_notifications (employee_id, channel) WHERE status = 'waiting';

-- Chat messages the bots may edit later (a reminder's Done/Snooze card, a ticket card): by subject.
CREATE TABLE chat_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel text NOT NULL CHECK (channel IN ('slack', 'telegram')),
  subject_kind text NOT NULL CHECK (subject_kind IN ('reminder', 'ticket', 'customer')),
  subject_id text NOT NULL,
  employee_id uuid REFERENCES employees (id) ON DELETE CASCADE,
  message_ref jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_messages_subject ON chat_messages (subject_kind, subject_id);

-- A Slack thread a ticket was opened from ("Create ticket from message").
ALTER TABLE tickets ADD COLUMN chat_thread jsonb;
