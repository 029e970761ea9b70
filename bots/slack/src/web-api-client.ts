/**
 * How we call the Slack Web API: a timeout on every call, a couple of quick retries for network failures, and
 * no silent 30-minute wait on a 429 (the library default pauses its whole queue): a rate-limited call throws
 * WebAPIRateLimitedError at once and the caller decides — wait the Retry-After here, or hand it to the queue.
 */
import { webApi } from '@slack/bolt';

/** Per-call timeout. @defaultValue 10 s */
export const DEFAULT_WEB_API_TIMEOUT_MS = 10_000;

/** Options for every WebClient this package creates (Bolt's `clientOptions`, the sender's client). */
export function webClientOptions(options: {
  slackApiUrl?: string;
  timeoutMs?: number;
}): webApi.WebClientOptions {
  return {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    timeout: options.timeoutMs ?? DEFAULT_WEB_API_TIMEOUT_MS,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000, randomize: false },
  };
}

/** The wait a 429 asks for, in ms, or null when the error is not a rate limit. */
export function rateLimitDelayMs(error: unknown): number | null {
  if (error instanceof webApi.WebAPIRateLimitedError) return Math.max(0, error.retryAfter) * 1000;
  return null;
}

/** The platform error code (`users_not_found`, `expired_trigger_id` …) of a failed call, or null. */
export function platformErrorCode(error: unknown): string | null {
  if (error instanceof webApi.WebAPIPlatformError) return error.data.error;
  return null;
}

export interface RateLimitRetry {
  /** Calls in all, the first included. @defaultValue 3 */
  attempts?: number;
  /** A longer Retry-After is not waited for here: the error goes to the caller. @defaultValue 30 s */
  maxWaitMs?: number;
  /** Told before each wait (a log line). */
  onWait?: (waitMs: number, attempt: number) => void;
}

/** Runs a Web API call from an interactive path; a 429 is retried after its Retry-After, a bounded number of times. */
export async function withRateLimitRetry<T>(call: () => Promise<T>, retry: RateLimitRetry = {}): Promise<T> {
  const attempts = retry.attempts ?? 3;
  const maxWaitMs = retry.maxWaitMs ?? 30_000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const waitMs = rateLimitDelayMs(error);
      if (waitMs === null || attempt >= attempts || waitMs > maxWaitMs) throw error;
      retry.onWait?.(waitMs, attempt);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
