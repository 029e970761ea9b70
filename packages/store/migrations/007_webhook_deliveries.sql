-- 007 webhook deliveries: one row per (outbox event, subscription), and each subscription's failure streak.

-- A subscription is sent to only while `active` (the admin's switch) and `disabled_at` is null (the
-- system's breaker, tripped by a long failure streak). A disabled subscription still receives new
-- delivery rows, held until an admin re-enables it, so an outage loses no event.
ALTER TABLE webhook_subscriptions
  ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  -- When the current streak of failed attempts began; null while the receiver answers.
  ADD COLUMN failing_since timestamptz,
  ADD COLUMN disabled_at timestamptz,
  ADD COLUMN disabled_reason text,
  ADD CONSTRAINT webhook_subscriptions_disabled_reason CHECK ((disabled_at IS NULL) = (disabled_reason IS NULL));

CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  outbox_id bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  -- Attempts made so far (a claimed attempt counts even if the process dies during the POST).
  attempt integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
  -- pending: not tried yet; failed: last attempt failed, retry due at next_attempt_at;
  -- delivered: a 2xx answer; dead: every attempt failed, no more retries.
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'dead')),
  response_status integer,
  -- Why the last attempt failed, truncated; never a secret, a signature or a response body.
  error text,
  duration_ms integer,
  -- Due time while pending or failed (a claim moves it forward as a lease); null once finished.
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  CONSTRAINT webhook_deliveries_outbox_subscription_key UNIQUE (outbox_id, subscription_id),
  CHECK ((status IN ('pending', 'failed')) = (next_attempt_at IS NOT NULL)),
  CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
);
-- The drainer: unfinished deliveries by due time.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id)
  WHERE status IN ('pending', 'failed');
-- A subscription's delivery history, newest first.
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at DESC);
