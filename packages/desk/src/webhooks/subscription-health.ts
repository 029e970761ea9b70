import { appendAudit, type Db } from '@crm-bridge/store';

/** When the system stops sending to a subscription that keeps failing. */
export interface WebhookDisableRule {
  /** Failed attempts in a row, across its deliveries. @defaultValue 20 */
  afterFailures: number;
  /** Or: every attempt has failed for this long. @defaultValue 24 h */
  afterFailingMs: number;
}

export const defaultWebhookDisableRule: WebhookDisableRule = {
  afterFailures: 20,
  afterFailingMs: 24 * 60 * 60 * 1000,
};

/** A 2xx answer ends the subscription's failure streak (writes only when there is one). */
export async function noteSubscriptionSuccess(tx: Db, subscriptionId: string): Promise<void> {
  await tx.query(
    `UPDATE webhook_subscriptions SET consecutive_failures = 0, failing_since = NULL
     WHERE id = $1 AND (consecutive_failures > 0 OR failing_since IS NOT NULL)`,
    [subscriptionId],
  );
}

/**
 * Counts a failed attempt and, when the rule says so, disables the subscription with a reason and an
 * audit row by the system. Returns the reason when this call disabled it.
 */
export async function noteSubscriptionFailure(
  tx: Db,
  subscriptionId: string,
  now: Date,
  rule: WebhookDisableRule,
): Promise<string | null> {
  const [streak] = await tx.query<{ consecutive_failures: number; failing_since: Date; disabled: boolean }>(
    `UPDATE webhook_subscriptions
     SET consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, $2)
     WHERE id = $1 RETURNING consecutive_failures, failing_since, disabled_at IS NOT NULL AS disabled`,
    [subscriptionId, now],
  );
  if (!streak || streak.disabled) return null;
  const failures = Number(streak.consecutive_failures);
  const failingMs = now.getTime() - streak.failing_since.getTime();
  const reason =
    failures >= rule.afterFailures
      ? `${failures} delivery attempts failed in a row`
      : failingMs >= rule.afterFailingMs
        ? `every delivery attempt failed since ${streak.failing_since.toISOString()}`
        : null;
  if (reason === null) return null;
  const disabled = await tx.query(
    `UPDATE webhook_subscriptions SET disabled_at = $2, disabled_reason = $3
     WHERE id = $1 AND disabled_at IS NULL RETURNING id`,
    [subscriptionId, now, reason],
  );
  if (disabled.length === 0) return null;
  await appendAudit(tx, {
    actor: { kind: 'system', id: null },
    action: 'webhook.subscription_disabled',
    target: { kind: 'webhook_subscription', id: subscriptionId },
    channel: 'system',
    details: {
      reason,
      consecutiveFailures: failures,
      failingSince: streak.failing_since.toISOString(),
    },
  });
  return reason;
}
