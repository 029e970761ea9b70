import { ConfigError, RateLimitedError, SessionExpiredError, TransientError } from '@crm-bridge/core';
import { HttpErrorCode } from './default-errors';

export interface RetryOptions {
  /** Most calls of `fn`, not counting the one replay after a re-login. @defaultValue 6 */
  maxAttempts?: number;
  /** Cap on calls per error code, below maxAttempts: an application's own 500 is rarely fixed by waiting. @defaultValue `{ 'sync.http_server_error': 3 }` */
  maxAttemptsByCode?: Record<string, number>;
  /** First backoff ceiling; doubles each retry. @defaultValue 500 */
  baseDelayMs?: number;
  /** Backoff ceiling. @defaultValue 30_000 */
  maxDelayMs?: number;
  /**
   * The longest Retry-After we wait inside one call. A longer one is rethrown at once: holding a run open for
   * minutes helps nobody, the next scheduled run starts after it anyway. @defaultValue 4 × maxDelayMs (2 min)
   */
  maxRetryAfterMs?: number;
  /** Stops the waiting: the pending sleep rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called before each wait (and before a re-login, with delay 0): for logs and metrics. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Logs in again; called at most once per withRetry call, on SessionExpiredError. Without it that error is rethrown. */
  relogin?: () => Promise<void>;
  /** Injectable for tests. @defaultValue an abortable setTimeout */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable for tests; [0, 1). @defaultValue Math.random */
  random?: () => number;
}

const DEFAULT_MAX_ATTEMPTS_BY_CODE: Record<string, number> = { [HttpErrorCode.serverError]: 3 };

/**
 * Runs `fn` (a whole page read) until it succeeds, within bounds (erp-apis.md §0.7): TransientError waits an
 * exponential backoff with full jitter; RateLimitedError waits its Retry-After (or the backoff); a
 * SessionExpiredError re-logs in once and replays at once; anything else is rethrown as it is.
 * `attempt` counts the tries from 1 (a try is a re-login when one is due, then `fn`).
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? maxDelayMs * 4;
  const byCode = options.maxAttemptsByCode ?? DEFAULT_MAX_ATTEMPTS_BY_CODE;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const { signal } = options;

  let relogged = false;
  let loginPending = false;
  let retries = 0;
  for (let attempt = 1; ; attempt += 1) {
    signal?.throwIfAborted();
    try {
      // Inside the try: a re-login that fails transiently is retried like the read itself.
      if (loginPending) await options.relogin?.();
      loginPending = false;
      return await fn(attempt);
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof SessionExpiredError && options.relogin !== undefined) {
        if (relogged) {
          throw new ConfigError(
            `The session expired again right after re-login: ${error.message}. Check the ERP's session settings and that the integration user is not logged in elsewhere`,
            { code: 'sync.session_expired_again', cause: error },
          );
        }
        relogged = true;
        loginPending = true;
        options.onRetry?.(error, attempt, 0);
        continue;
      }
      const budget = Math.min(maxAttempts, byCode[codeOf(error)] ?? maxAttempts) + (relogged ? 1 : 0);
      if (attempt >= budget) throw error;
      retries += 1;
      const delayMs = retryDelay(error, retries, { baseDelayMs, maxDelayMs, maxRetryAfterMs, random });
      if (delayMs === undefined) throw error;
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs, signal);
    }
  }
}

/** The wait before retry number `retry` (from 1), or undefined when the error is not worth retrying. */
function retryDelay(
  error: unknown,
  retry: number,
  limits: { baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number; random: () => number },
): number | undefined {
  if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= limits.maxRetryAfterMs ? error.retryAfterMs : undefined;
  }
  if (error instanceof RateLimitedError || error instanceof TransientError) {
    const ceiling = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (retry - 1));
    return Math.floor(limits.random() * ceiling);
  }
  return undefined;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** setTimeout as a promise that an abort rejects at once with the signal's reason. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
