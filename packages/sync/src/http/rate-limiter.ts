/**
 * A token bucket: `requestsPerSecond` tokens a second, at most `burst` saved up. Hand-written for the same
 * reasons as the semaphore (CommonJS, FIFO, AbortSignal-aware waits) and small enough to test whole.
 */
export interface RateLimiterOptions {
  requestsPerSecond: number;
  /** Tokens that may be saved up while idle. @defaultValue 1 */
  burst?: number;
  /** Injectable clock for tests. @defaultValue Date.now */
  now?: () => number;
}

// Float tolerance: after waiting exactly one interval the bucket may hold 0.9999999 of a token.
const EPSILON = 1e-9;

export class RateLimiter {
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private updatedAt: number;
  private readonly waiters: Array<{ grant: () => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(options: RateLimiterOptions) {
    if (!(options.requestsPerSecond > 0)) {
      throw new RangeError(`requestsPerSecond must be > 0, got ${options.requestsPerSecond}`);
    }
    this.ratePerMs = options.requestsPerSecond / 1000;
    this.burst = Math.max(1, options.burst ?? 1);
    this.now = options.now ?? Date.now;
    this.tokens = this.burst;
    this.updatedAt = this.now();
  }

  /** Waits for a token (first come, first served); an abort rejects at once and gives the place up. */
  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.refill();
    if (this.waiters.length === 0 && this.tokens >= 1 - EPSILON) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        if (this.waiters.length === 0) this.stopTimer();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) * this.ratePerMs);
    this.updatedAt = now;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.waiters.length === 0) return;
    const waitMs = Math.max(0, Math.ceil((1 - this.tokens) / this.ratePerMs));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refill();
      while (this.waiters.length > 0 && this.tokens >= 1 - EPSILON) {
        this.tokens -= 1;
        this.waiters.shift()?.grant();
      }
      this.schedule();
    }, waitMs);
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
