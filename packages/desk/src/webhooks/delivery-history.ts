import { NotFoundError, Timestamp, Uuid } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { z } from 'zod';
import { authorize } from '../permissions';
import { findSubscriptionRow } from './subscription-rows';
import type { WebhookCaller } from './webhook-caller';

export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed', 'dead']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

/** One event's delivery to one subscription and how its attempts went. */
export const WebhookDelivery = z.strictObject({
  id: Uuid,
  subscriptionId: Uuid,
  eventId: z.string(),
  topic: z.string(),
  status: WebhookDeliveryStatus,
  attempt: z.number().int().nonnegative(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  nextAttemptAt: Timestamp.nullable(),
  lastAttemptAt: Timestamp.nullable(),
  createdAt: Timestamp,
  deliveredAt: Timestamp.nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryFilter = z.strictObject({
  status: WebhookDeliveryStatus.optional(),
  /** @defaultValue 50 */
  limit: z.number().int().min(1).max(200).default(50),
});
export type WebhookDeliveryFilter = z.input<typeof WebhookDeliveryFilter>;

interface DeliveryRow {
  id: string;
  subscription_id: string;
  outbox_id: number | bigint;
  topic: string;
  status: WebhookDeliveryStatus;
  attempt: number;
  response_status: number | null;
  error: string | null;
  duration_ms: number | null;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  created_at: Date;
  delivered_at: Date | null;
}

const isoOrNull = (value: Date | null) => (value === null ? null : value.toISOString());

/** A subscription's deliveries, newest first (admins only). */
export async function listWebhookDeliveries(
  db: Db,
  caller: WebhookCaller,
  subscriptionId: string,
  filter: WebhookDeliveryFilter = {},
): Promise<WebhookDelivery[]> {
  authorize(caller, 'webhooks.manage');
  const { status, limit } = WebhookDeliveryFilter.parse(filter);
  if (!(await findSubscriptionRow(db, subscriptionId))) {
    throw new NotFoundError(`No webhook subscription ${subscriptionId}`, {
      code: 'webhooks.subscription_not_found',
    });
  }
  const rows = await db.query<DeliveryRow>(
    `SELECT d.id, d.subscription_id, d.outbox_id, o.topic, d.status, d.attempt, d.response_status, d.error,
       d.duration_ms, d.next_attempt_at, d.last_attempt_at, d.created_at, d.delivered_at
     FROM webhook_deliveries d JOIN outbox o ON o.id = d.outbox_id
     WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.status = $2)
     ORDER BY d.created_at DESC, d.outbox_id DESC LIMIT $3`,
    [subscriptionId, status ?? null, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: String(row.outbox_id),
    topic: row.topic,
    status: row.status,
    attempt: Number(row.attempt),
    responseStatus: row.response_status,
    error: row.error,
    durationMs: row.duration_ms,
    nextAttemptAt: isoOrNull(row.next_attempt_at),
    lastAttemptAt: isoOrNull(row.last_attempt_at),
    createdAt: row.created_at.toISOString(),
    deliveredAt: isoOrNull(row.delivered_at),
  }));
}
