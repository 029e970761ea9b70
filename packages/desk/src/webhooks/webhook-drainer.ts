import type { Logger } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDueDeliveries,
  fanOutEvents,
  recordDeliveredMany,
  recordFailure,
  releaseDeliveries,
} from './delivery-queue';
import { defaultWebhookRetryPolicy, nextAttemptAt, type WebhookRetryPolicy } from './retry-schedule';
import { sendWebhook } from './send-webhook';
import {
  defaultWebhookDisableRule,
  noteSubscriptionFailure,
  noteSubscriptionSuccess,
  type WebhookDisableRule,
} from './subscription-health';

/** How a drain pass sends: the duties of packages/queue run passes on their schedule. */
export interface WebhookDrainOptions {
  /** Any pino-style logger (the process logger, Fastify's). */
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Outbox events fanned out, and deliveries sent, per pass. @defaultValue 50 */
  batchSize?: number;
  /** Per-request timeout. @defaultValue 10000 */
  timeoutMs?: number;
  /** POSTs through this fetch. @defaultValue node:http(s) with kept-alive connections */
  fetch?: typeof fetch;
  /** The clock, for tests that step time. @defaultValue () => new Date() */
  now?: () => Date;
  /** @defaultValue {@link defaultWebhookRetryPolicy} */
  retry?: Partial<WebhookRetryPolicy>;
  /** @defaultValue {@link defaultWebhookDisableRule} */
  disable?: Partial<WebhookDisableRule>;
  /** Source of jitter in [0, 1). @defaultValue Math.random */
  random?: () => number;
}

/** What one pass did. */
export interface WebhookDrainResult {
  /** Outbox events published (fanned out to their subscriptions). */
  fannedOut: number;
  /** Attempts answered with 2xx. */
  delivered: number;
  /** Attempts that failed (each is retried later or, past the last, dead). */
  failed: number;
}

/** One drain pass and what it did, with how many deliveries it claimed (a full batch means more wait). */
export type WebhookDrainPass = () => Promise<WebhookDrainResult & { claimed: number }>;

/**
 * One drain pass, for the caller that schedules passes (the worker, serve's embedded duties): fan out new
 * outbox events, then send what is due. Safe to run in several processes at once: every event is fanned
 * out once and every delivery is claimed by one pass at a time.
 */
export function webhookDrainPass(db: Db, options: WebhookDrainOptions): WebhookDrainPass {
  /** 2xx answers of one subscription recorded together at most (see `sendInOrder`). */
  const RECORD_EVERY = 100;
  /** Deliveries of one subscription in flight at once, once its receiver has answered (see `sendInOrder`). */
  const WINDOW = 8;
  const { log } = options;
  const batchSize = options.batchSize ?? 50;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const retry: WebhookRetryPolicy = { ...defaultWebhookRetryPolicy, ...options.retry };
  const disable: WebhookDisableRule = { ...defaultWebhookDisableRule, ...options.disable };
  // A claim outlives any request, so no other drainer can take a delivery that is still being sent.
  const leaseMs = timeoutMs + 60_000;

  /** Sends one delivery; what came of it and the log context. */
  async function post(delivery: ClaimedDelivery) {
    const sentAt = now();
    const started = performance.now();
    const response = await sendWebhook(delivery, { fetch: options.fetch, timeoutMs, sentAt });
    const outcome: AttemptOutcome = {
      responseStatus: response.responseStatus,
      error: response.error,
      durationMs: Math.round(performance.now() - started),
      at: now(),
    };
    const context = {
      subscriptionId: delivery.subscriptionId,
      deliveryId: delivery.id,
      eventId: delivery.eventId,
      topic: delivery.topic,
      attempt: delivery.attempt,
      status: response.responseStatus,
      durationMs: outcome.durationMs,
    };
    return { delivery, response, outcome, context };
  }
  type Sent = Awaited<ReturnType<typeof post>>;

  /** Records one subscription's run of 2xx answers in one transaction, and ends its failure streak. */
  async function recordSuccesses(subscriptionId: string, sent: readonly Sent[]): Promise<void> {
    if (sent.length === 0) return;
    await db.transaction(async (tx) => {
      await recordDeliveredMany(tx, sent);
      await noteSubscriptionSuccess(tx, subscriptionId);
    });
    for (const { context } of sent) log.info(context, 'webhook delivered');
  }

  /** Records a failed attempt (and maybe disables the subscription); returns when it is due again. */
  async function recordFailed({ delivery, response, outcome, context }: Sent): Promise<Date | null> {
    const next = nextAttemptAt(retry, delivery.attempt, outcome.at, random);
    const disabledReason = await db.transaction(async (tx) => {
      await recordFailure(tx, delivery, outcome, next);
      return noteSubscriptionFailure(tx, delivery.subscriptionId, outcome.at, disable);
    });
    const failure = { ...context, error: response.error, nextAttemptAt: next?.toISOString() ?? null };
    if (next) log.warn(failure, 'webhook delivery failed; will retry');
    else log.warn(failure, 'webhook delivery failed for the last time; it is dead');
    if (disabledReason) {
      log.warn(
        { subscriptionId: delivery.subscriptionId, reason: disabledReason },
        'webhook subscription disabled after repeated failure',
      );
    }
    return next;
  }

  /**
   * One subscription's deliveries in event order: one at a time until {@link WINDOW} of this run went
   * through, then up to WINDOW at once (started in order; they may arrive out of order, which
   * docs/webhooks.md allows), so a backlog is not held to one round trip per delivery while a receiver that
   * just recovered is probed one by one. After a failure the rest wait, so a down receiver gets one try per
   * pass. Successes are recorded together (at a failure, every {@link RECORD_EVERY} and at the end) rather
   * than a transaction each: a crash before the record re-sends them when the lease ends, which
   * at-least-once delivery allows.
   */
  async function sendInOrder(deliveries: ClaimedDelivery[], counts: WebhookDrainResult): Promise<void> {
    const subscriptionId = deliveries[0]!.subscriptionId;
    let delivered: Sent[] = [];
    let next = 0;
    while (next < deliveries.length) {
      const chunk = deliveries.slice(next, next + (next < WINDOW ? 1 : WINDOW));
      next += chunk.length;
      const results = await Promise.all(chunk.map(post));
      const failures = results.filter((sent) => !sent.response.ok);
      for (const sent of results) if (sent.response.ok) delivered.push(sent);
      counts.delivered += results.length - failures.length;
      if (failures.length === 0) {
        if (delivered.length < RECORD_EVERY) continue;
        await recordSuccesses(subscriptionId, delivered);
        delivered = [];
        continue;
      }
      await recordSuccesses(subscriptionId, delivered);
      counts.failed += failures.length;
      let retryAt: Date | null = null;
      for (const failure of failures) {
        const due = await recordFailed(failure);
        if (due && (!retryAt || due > retryAt)) retryAt = due;
      }
      await releaseDeliveries(db, deliveries.slice(next), retryAt ?? now());
      return;
    }
    await recordSuccesses(subscriptionId, delivered);
  }

  async function pass(): Promise<WebhookDrainResult & { claimed: number }> {
    const counts: WebhookDrainResult = { fannedOut: 0, delivered: 0, failed: 0 };
    counts.fannedOut = await fanOutEvents(db, { now: now(), batchSize });
    const claimed = await claimDueDeliveries(db, { now: now(), limit: batchSize, leaseMs });
    const bySubscription = new Map<string, ClaimedDelivery[]>();
    for (const delivery of claimed) {
      const run = bySubscription.get(delivery.subscriptionId);
      if (run) run.push(delivery);
      else bySubscription.set(delivery.subscriptionId, [delivery]);
    }
    const settled = await Promise.allSettled(
      [...bySubscription.values()].map((deliveries) => sendInOrder(deliveries, counts)),
    );
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    return { ...counts, claimed: claimed.length };
  }
  return pass;
}
