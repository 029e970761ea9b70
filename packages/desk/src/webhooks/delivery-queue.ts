import { Secret } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { fanOutChatNotifications } from '../notifications/chat-fan-out';

/** A delivery this drainer holds a lease on, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  /** This attempt's number, 1 for the first try. */
  attempt: number;
  subscriptionId: string;
  url: string;
  secret: Secret;
  eventId: string;
  topic: string;
  eventCreatedAt: string;
  data: unknown;
}

interface ClaimRow {
  id: string;
  attempt: number;
  subscription_id: string;
  url: string;
  secret: string;
  outbox_id: number | bigint;
  topic: string;
  payload: unknown;
  created_at: Date;
}

/**
 * Fans unpublished outbox events out into one pending delivery per active subscription that lists the
 * topic and into the chat notifications of their recipients, and marks them published, in one
 * transaction. Concurrent drainers skip each other's rows.
 * Returns how many events were published.
 */
export async function fanOutEvents(db: Db, options: { now: Date; batchSize: number }): Promise<number> {
  return db.transaction(async (tx) => {
    const events = await tx.query<{ id: number; topic: string; payload: unknown }>(
      `SELECT id, topic, payload FROM outbox WHERE published_at IS NULL AND available_at <= $1
       ORDER BY available_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [options.now, options.batchSize],
    );
    if (events.length === 0) return 0;
    const ids = events.map((event) => Number(event.id));
    // Auto-disabled subscriptions still get rows (held until re-enabled); inactive ones get none.
    await tx.query(
      `INSERT INTO webhook_deliveries (outbox_id, subscription_id, next_attempt_at)
       SELECT o.id, s.id, $2 FROM outbox o
       JOIN webhook_subscriptions s ON s.active AND s.events @> ARRAY[o.topic]
       WHERE o.id = ANY ($1::bigint[])
       ON CONFLICT (outbox_id, subscription_id) DO NOTHING`,
      [ids, options.now],
    );
    await fanOutChatNotifications(tx, events, options.now);
    await tx.query('UPDATE outbox SET published_at = $2 WHERE id = ANY ($1::bigint[])', [ids, options.now]);
    return ids.length;
  });
}

/**
 * Claims up to `limit` due deliveries of sendable subscriptions with `FOR UPDATE SKIP LOCKED` and, in the
 * same statement, counts the attempt and moves the due time forward by `leaseMs`: no other drainer takes
 * them while this one sends, and if this process dies they become due again when the lease runs out.
 */
export async function claimDueDeliveries(
  db: Db,
  options: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  const rows = await db.query<ClaimRow>(
    `WITH due AS (
       SELECT d.id FROM webhook_deliveries d
       JOIN webhook_subscriptions s ON s.id = d.subscription_id
       WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= $1
         AND s.active AND s.disabled_at IS NULL
       ORDER BY d.next_attempt_at, d.id
       LIMIT $2
       FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE webhook_deliveries d SET attempt = d.attempt + 1, next_attempt_at = $3
     FROM due, webhook_subscriptions s, outbox o
     WHERE d.id = due.id AND s.id = d.subscription_id AND o.id = d.outbox_id
     RETURNING d.id, d.attempt, d.subscription_id, s.url, s.secret, o.id AS outbox_id, o.topic, o.payload,
       o.created_at`,
    [options.now, options.limit, new Date(options.now.getTime() + options.leaseMs)],
  );
  return rows
    .map((row) => ({
      id: row.id,
      attempt: Number(row.attempt),
      subscriptionId: row.subscription_id,
      url: row.url,
      secret: new Secret(row.secret),
      eventId: String(row.outbox_id),
      topic: row.topic,
      eventCreatedAt: row.created_at.toISOString(),
      data: row.payload,
    }))
    .sort((a, b) => Number(a.eventId) - Number(b.eventId));
}

/** Hands claimed deliveries back untried (the attempt is not counted), due again at `dueAt`. */
export async function releaseDeliveries(db: Db, deliveries: readonly ClaimedDelivery[], dueAt: Date) {
  if (deliveries.length === 0) return;
  await db.query(
    `UPDATE webhook_deliveries SET attempt = attempt - 1, next_attempt_at = $2
     WHERE id = ANY ($1::uuid[]) AND status IN ('pending', 'failed')`,
    [deliveries.map((delivery) => delivery.id), dueAt],
  );
}

/** The outcome of one attempt, as recorded on the delivery row. */
export interface AttemptOutcome {
  responseStatus: number | null;
  /** Why it failed (null when delivered): truncated, never a secret or a response body. */
  error: string | null;
  durationMs: number;
  at: Date;
}

/**
 * Records 2xx answers, many in one statement. Each is guarded by its attempt number, so a stale lease never
 * overwrites a newer one.
 */
export async function recordDeliveredMany(
  tx: Db,
  delivered: readonly { delivery: ClaimedDelivery; outcome: AttemptOutcome }[],
) {
  if (delivered.length === 0) return;
  await tx.query(
    `UPDATE webhook_deliveries d
     SET status = 'delivered', response_status = a.status, error = NULL, duration_ms = a.duration_ms,
         next_attempt_at = NULL, last_attempt_at = a.at, delivered_at = a.at
     FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::timestamptz[])
       AS a(id, attempt, status, duration_ms, at)
     WHERE d.id = a.id AND d.attempt = a.attempt`,
    [
      delivered.map(({ delivery }) => delivery.id),
      delivered.map(({ delivery }) => delivery.attempt),
      // A 2xx answer always has its status.
      delivered.map(({ outcome }) => outcome.responseStatus ?? 200),
      delivered.map(({ outcome }) => outcome.durationMs),
      delivered.map(({ outcome }) => outcome.at.toISOString()),
    ],
  );
}

/** Records a failed attempt: `failed` with the next due time, or `dead` when `nextAttemptAt` is null. */
export async function recordFailure(
  tx: Db,
  delivery: ClaimedDelivery,
  outcome: AttemptOutcome,
  nextAttemptAt: Date | null,
) {
  await tx.query(
    `UPDATE webhook_deliveries
     SET status = $3, response_status = $4, error = $5, duration_ms = $6, next_attempt_at = $7,
         last_attempt_at = $8
     WHERE id = $1 AND attempt = $2`,
    [
      delivery.id,
      delivery.attempt,
      nextAttemptAt === null ? 'dead' : 'failed',
      outcome.responseStatus,
      outcome.error,
      outcome.durationMs,
      nextAttemptAt,
      outcome.at,
    ],
  );
}
