import type { Logger } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  fanOutEvents,
  recordDelivered,
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

export interface WebhookDrainerOptions {
  /** Any pino-style logger (the process logger, Fastify's). */
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Pause between passes when there was no full batch of work. @defaultValue 1000 */
  intervalMs?: number;
  /** Outbox events fanned out, and deliveries sent, per pass. @defaultValue 50 */
  batchSize?: number;
  /** Per-request timeout. @defaultValue 10000 */
  timeoutMs?: number;
  /** @defaultValue the global fetch (undici) */
  fetch?: typeof fetch;
  /** The clock, for tests that step time. @defaultValue () => new Date() */
  now?: () => Date;
  /** Stops the drainer when aborted (like `stop()`). */
  signal?: AbortSignal;
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

export interface WebhookDrainer {
  /** Stops the loop and waits for the pass in progress (bounded by the request timeout). */
  stop(): Promise<void>;
  /** Runs one pass now (after any pass in progress): fan out, then send what is due. */
  drainOnce(): Promise<WebhookDrainResult>;
}

/** One drain pass and what it did, with how many deliveries it claimed (a full batch means more wait). */
export type WebhookDrainPass = () => Promise<WebhookDrainResult & { claimed: number }>;

/**
 * One pass of the drainer, for a caller that schedules passes itself (the worker): fan out, then send
 * what is due. Safe to run in several processes at once.
 */
export function webhookDrainPass(
  db: Db,
  options: Omit<WebhookDrainerOptions, 'intervalMs' | 'signal'>,
): WebhookDrainPass {
  const { log } = options;
  const batchSize = options.batchSize ?? 50;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const retry: WebhookRetryPolicy = { ...defaultWebhookRetryPolicy, ...options.retry };
  const disable: WebhookDisableRule = { ...defaultWebhookDisableRule, ...options.disable };
  // A claim outlives any request, so no other drainer can take a delivery that is still being sent.
  const leaseMs = timeoutMs + 60_000;

  /** Sends one delivery and records the outcome; returns null when delivered, else when it is due again. */
  async function attempt(delivery: ClaimedDelivery): Promise<{ retryAt: Date | null } | null> {
    const sentAt = now();
    const started = performance.now();
    const response = await sendWebhook(delivery, { fetch: fetchFn, timeoutMs, sentAt });
    const outcome = {
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
    if (response.ok) {
      await db.transaction(async (tx) => {
        await recordDelivered(tx, delivery, outcome);
        await noteSubscriptionSuccess(tx, delivery.subscriptionId);
      });
      log.info(context, 'webhook delivered');
      return null;
    }
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
    return { retryAt: next };
  }

  /** One subscription's deliveries in event order; after a failure the rest wait, so a down receiver gets one try per pass. */
  async function sendInOrder(deliveries: ClaimedDelivery[], counts: WebhookDrainResult): Promise<void> {
    for (const [index, delivery] of deliveries.entries()) {
      const failure = await attempt(delivery);
      if (!failure) {
        counts.delivered += 1;
        continue;
      }
      counts.failed += 1;
      await releaseDeliveries(db, deliveries.slice(index + 1), failure.retryAt ?? now());
      return;
    }
  }

  async function pass(): Promise<WebhookDrainResult & { claimed: number }> {
    const counts: WebhookDrainResult = { fannedOut: 0, delivered: 0, failed: 0 };
    counts.fannedOut = await fanOutEvents(db, { now: now(), batchSize });
    const claimed = await claimDueDeliveries(db, { now: now(), limit: batchSize, leaseMs });
    const bySubscription = new Map<string, ClaimedDelivery[]>();
    for (const delivery of claimed) {
      bySubscription.set(delivery.subscriptionId, [
        ...(bySubscription.get(delivery.subscriptionId) ?? []),
        delivery,
      ]);
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

/**
 * Starts draining the outbox to webhook subscriptions. Safe to run in several processes at once: every
 * event is fanned out once and every delivery is claimed by one drainer at a time. The first pass runs
 * after `intervalMs`.
 */
export function startWebhookDrainer(db: Db, options: WebhookDrainerOptions): WebhookDrainer {
  const { log } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const batchSize = options.batchSize ?? 50;
  const pass = webhookDrainPass(db, options);

  let tail: Promise<unknown> = Promise.resolve();
  function serial(): Promise<WebhookDrainResult & { claimed: number }> {
    const run = tail.then(pass);
    tail = run.catch(() => {});
    return run;
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  function schedule(delayMs: number): void {
    if (!stopped) timer = setTimeout(tick, delayMs);
  }
  async function tick(): Promise<void> {
    try {
      const result = await serial();
      // A full batch means more is waiting: go again at once (bounded by the data, not by a loop count).
      schedule(result.fannedOut === batchSize || result.claimed === batchSize ? 0 : intervalMs);
    } catch (error) {
      log.error({ err: error }, 'webhook drain pass failed; will try again');
      schedule(intervalMs);
    }
  }

  async function stop(): Promise<void> {
    stopped = true;
    if (timer) clearTimeout(timer);
    await tail;
  }

  if (options.signal?.aborted) stopped = true;
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  schedule(intervalMs);

  return {
    stop,
    async drainOnce() {
      const { fannedOut, delivered, failed } = await serial();
      return { fannedOut, delivered, failed };
    },
  };
}
