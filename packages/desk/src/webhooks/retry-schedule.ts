/** How long to wait before each retry, and when to give up. */
export interface WebhookRetryPolicy {
  /**
   * Delay before retry n (index n-1), in milliseconds; past the end the last delay repeats.
   * @defaultValue 30 s, 2 min, 10 min, 1 h, 6 h, 12 h, 24 h
   */
  delaysMs: readonly number[];
  /** Attempts in all (the first try included) before a delivery is `dead`. @defaultValue 8 */
  maxAttempts: number;
  /** Up to this share of each delay is added at random, so retries after an outage do not arrive at once. @defaultValue 0.1 */
  jitter: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const defaultWebhookRetryPolicy: WebhookRetryPolicy = {
  delaysMs: [30_000, 2 * MINUTE, 10 * MINUTE, HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR],
  maxAttempts: 8,
  jitter: 0.1,
};

/**
 * When the next attempt is due after `attempt` attempts have failed, or null when the delivery is dead.
 * `random` is in [0, 1).
 */
export function nextAttemptAt(
  policy: WebhookRetryPolicy,
  attempt: number,
  now: Date,
  random: () => number = Math.random,
): Date | null {
  if (attempt >= policy.maxAttempts) return null;
  const base = policy.delaysMs[Math.min(attempt, policy.delaysMs.length) - 1] ?? policy.delaysMs[0] ?? 0;
  return new Date(now.getTime() + Math.round(base * (1 + policy.jitter * random())));
}
