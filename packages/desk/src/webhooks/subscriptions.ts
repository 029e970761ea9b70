import { randomBytes } from 'node:crypto';
import { NotFoundError } from '@crm-bridge/core';
import { appendAudit, type Db } from '@crm-bridge/store';
import { authorize } from '../permissions';
import {
  describeWebhookUrl,
  findSubscriptionRow,
  type SubscriptionRow,
  subscriptionColumns,
  toSubscription,
} from './subscription-rows';
import {
  NewWebhookSubscription,
  type WebhookSubscription,
  WebhookSubscriptionChanges,
  type WebhookSubscriptionWithSecret,
} from './subscription-schemas';
import type { WebhookCaller } from './webhook-caller';

const target = (id: string) => ({ kind: 'webhook_subscription', id });

/** 32 random bytes, base64url: the secret a subscription gets when none is given. */
export function generateWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`No webhook subscription ${id}`, { code: 'webhooks.subscription_not_found' });
}

/** What the audit log keeps of a subscription: never the secret, and the URL without its query. */
function auditView(row: Pick<SubscriptionRow, 'url' | 'events' | 'active'>) {
  return { url: describeWebhookUrl(row.url), events: row.events, active: row.active };
}

/** Subscribes a URL to topics; the result holds the signing secret, which is never shown again. */
export async function createWebhookSubscription(
  db: Db,
  caller: WebhookCaller,
  input: NewWebhookSubscription,
): Promise<WebhookSubscriptionWithSecret> {
  authorize(caller, 'webhooks.manage');
  const data = NewWebhookSubscription.parse(input);
  const secret = data.secret?.reveal() ?? generateWebhookSecret();
  return db.transaction(async (tx) => {
    const [row] = (await tx.query<SubscriptionRow>(
      `INSERT INTO webhook_subscriptions (url, events, secret, created_by)
       VALUES ($1, $2::text[], $3, $4) RETURNING ${subscriptionColumns}`,
      [data.url, data.events, secret, caller.actor.kind === 'employee' ? caller.actor.id : null],
    )) as [SubscriptionRow];
    await appendAudit(tx, {
      actor: caller.actor,
      action: 'webhook.subscription_created',
      target: target(row.id),
      channel: caller.actor.channel,
      details: auditView(row),
    });
    return { subscription: toSubscription(row), secret };
  });
}

/** Every subscription, oldest first, without secrets. */
export async function listWebhookSubscriptions(
  db: Db,
  caller: WebhookCaller,
): Promise<WebhookSubscription[]> {
  authorize(caller, 'webhooks.manage');
  const rows = await db.query<SubscriptionRow>(
    `SELECT ${subscriptionColumns} FROM webhook_subscriptions ORDER BY created_at, id`,
  );
  return rows.map(toSubscription);
}

/** One subscription without its secret; NotFoundError when there is none. */
export async function getWebhookSubscription(
  db: Db,
  caller: WebhookCaller,
  id: string,
): Promise<WebhookSubscription> {
  authorize(caller, 'webhooks.manage');
  const row = await findSubscriptionRow(db, id);
  if (!row) throw notFound(id);
  return toSubscription(row);
}

/**
 * Re-enabling a subscription the system disabled: clears its failure streak, makes its held deliveries
 * due now and revives the ones that went dead during the streak, so the outage loses no event.
 */
async function clearBreaker(tx: Db, row: SubscriptionRow): Promise<number> {
  const revived = await tx.query(
    `UPDATE webhook_deliveries SET status = 'pending', attempt = 0, next_attempt_at = now()
     WHERE subscription_id = $1 AND status = 'dead' AND last_attempt_at >= $2 RETURNING id`,
    [row.id, row.failing_since ?? row.disabled_at],
  );
  await tx.query(
    `UPDATE webhook_deliveries SET next_attempt_at = now()
     WHERE subscription_id = $1 AND status IN ('pending', 'failed') AND next_attempt_at > now()`,
    [row.id],
  );
  await tx.query(
    `UPDATE webhook_subscriptions
     SET consecutive_failures = 0, failing_since = NULL, disabled_at = NULL, disabled_reason = NULL
     WHERE id = $1`,
    [row.id],
  );
  return revived.length;
}

/** Changes the URL, the topics or the active switch; `active: true` also re-enables a disabled one. */
export async function updateWebhookSubscription(
  db: Db,
  caller: WebhookCaller,
  id: string,
  changes: WebhookSubscriptionChanges,
): Promise<WebhookSubscription> {
  authorize(caller, 'webhooks.manage');
  const data = WebhookSubscriptionChanges.parse(changes);
  return db.transaction(async (tx) => {
    const before = await findSubscriptionRow(tx, id, true);
    if (!before) throw notFound(id);
    const reEnabled = data.active === true && before.disabled_at !== null;
    const revived = reEnabled ? await clearBreaker(tx, before) : 0;
    const [after] = (await tx.query<SubscriptionRow>(
      `UPDATE webhook_subscriptions
       SET url = coalesce($2, url), events = coalesce($3::text[], events), active = coalesce($4, active),
           updated_at = now()
       WHERE id = $1 RETURNING ${subscriptionColumns}`,
      [id, data.url ?? null, data.events ?? null, data.active ?? null],
    )) as [SubscriptionRow];
    await appendAudit(tx, {
      actor: caller.actor,
      action: 'webhook.subscription_updated',
      target: target(id),
      channel: caller.actor.channel,
      details: {
        before: auditView(before),
        after: auditView(after),
        ...(reEnabled ? { reEnabled: true, revivedDeliveries: revived } : {}),
      },
    });
    return toSubscription(after);
  });
}

/** Deletes a subscription and its delivery history. */
export async function deleteWebhookSubscription(db: Db, caller: WebhookCaller, id: string): Promise<void> {
  authorize(caller, 'webhooks.manage');
  await db.transaction(async (tx) => {
    const row = await findSubscriptionRow(tx, id, true);
    if (!row) throw notFound(id);
    await tx.query('DELETE FROM webhook_subscriptions WHERE id = $1', [id]);
    await appendAudit(tx, {
      actor: caller.actor,
      action: 'webhook.subscription_deleted',
      target: target(id),
      channel: caller.actor.channel,
      details: auditView(row),
    });
  });
}

/**
 * Replaces the signing secret (a new random one unless given) and returns it once. Deliveries already
 * in flight were signed with the old secret.
 */
export async function rotateWebhookSecret(
  db: Db,
  caller: WebhookCaller,
  id: string,
  input: { secret?: string } = {},
): Promise<WebhookSubscriptionWithSecret> {
  authorize(caller, 'webhooks.manage');
  const given = NewWebhookSubscription.shape.secret.parse(input.secret);
  const secret = given?.reveal() ?? generateWebhookSecret();
  return db.transaction(async (tx) => {
    if (!(await findSubscriptionRow(tx, id, true))) throw notFound(id);
    const [row] = (await tx.query<SubscriptionRow>(
      `UPDATE webhook_subscriptions SET secret = $2, updated_at = now() WHERE id = $1
       RETURNING ${subscriptionColumns}`,
      [id, secret],
    )) as [SubscriptionRow];
    await appendAudit(tx, {
      actor: caller.actor,
      action: 'webhook.secret_rotated',
      target: target(id),
      channel: caller.actor.channel,
      details: {},
    });
    return { subscription: toSubscription(row), secret };
  });
}
