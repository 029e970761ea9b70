import type { Db } from '@crm-bridge/store';
import type { WebhookSubscription } from './subscription-schemas';
import type { WebhookTopic } from './topics';

/** A webhook_subscriptions row without its secret: the only shape reads outside the drainer select. */
export interface SubscriptionRow {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  consecutive_failures: number;
  failing_since: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
}

/** Every column but `secret`. */
export const subscriptionColumns =
  'id, url, events, active, created_by, created_at, updated_at, consecutive_failures, failing_since, disabled_at, disabled_reason';

const isoOrNull = (value: Date | null) => (value === null ? null : value.toISOString());

export function toSubscription(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookTopic[],
    active: row.active,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    consecutiveFailures: Number(row.consecutive_failures),
    failingSince: isoOrNull(row.failing_since),
    disabledAt: isoOrNull(row.disabled_at),
    disabledReason: row.disabled_reason,
  };
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The subscription row (locked when `forUpdate`), or null; an id that is not a uuid finds nothing. */
export async function findSubscriptionRow(
  db: Db,
  id: string,
  forUpdate = false,
): Promise<SubscriptionRow | null> {
  if (!uuidShape.test(id)) return null;
  const [row] = await db.query<SubscriptionRow>(
    `SELECT ${subscriptionColumns} FROM webhook_subscriptions WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row ?? null;
}

/** A URL as the audit log and log lines may show it: origin and path, without a query that may hold a token. */
export function describeWebhookUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}
