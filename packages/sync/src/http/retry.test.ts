import {
  ConfigError,
  InvalidRecordError,
  NotFoundError,
  RateLimitedError,
  SessionExpiredError,
  TransientError,
} from '@crm-bridge/core';
import { abortableSleep, type RetryOptions, withRetry } from './retry';

function harness(options: Partial<RetryOptions> = {}) {
  const sleeps: number[] = [];
  const retries: Array<[string, number, number]> = [];
  const base: RetryOptions = {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onRetry: (error, attempt, delayMs) => retries.push([(error as Error).message, attempt, delayMs]),
    ...options,
  };
  return { sleeps, retries, options: base };
}

/** A fn that throws the given errors in turn, then returns 'ok'. */
function failing(...errors: Error[]) {
  const attempts: number[] = [];
  const fn = async (attempt: number) => {
    attempts.push(attempt);
    const error = errors.shift();
    if (error !== undefined) throw error;
    return 'ok';
  };
  return { fn, attempts };
}

describe('withRetry', () => {
  it('returns the first success without waiting', async () => {
    const { sleeps, options } = harness();
    await expect(withRetry(async () => 42, options)).resolves.toBe(42);
    expect(sleeps).toEqual([]);
  });

  it('backs off exponentially with full jitter, capped at maxDelayMs', async () => {
    const { sleeps, options } = harness({
      random: () => 0.999,
      maxAttempts: 8,
      baseDelayMs: 500,
      maxDelayMs: 10_000,
    });
    const { fn, attempts } = failing(...Array.from({ length: 7 }, () => new TransientError('flap')));
    await expect(withRetry(fn, options)).resolves.toBe('ok');
    expect(attempts).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(sleeps).toEqual([499, 999, 1998, 3996, 7992, 9990, 9990]);
  });

  it('draws each wait between 0 and the ceiling', async () => {
    let draw = 0;
    const draws = [0, 0.25, 0.75];
    const { sleeps, options } = harness({ random: () => draws[draw++] ?? 0 });
    const { fn } = failing(new TransientError('a'), new TransientError('b'), new TransientError('c'));
    await withRetry(fn, options);
    expect(sleeps).toEqual([0, 250, 1500]);
  });

  it('gives up after maxAttempts and rethrows the last error', async () => {
    const { sleeps, options } = harness({ maxAttempts: 3 });
    const { fn, attempts } = failing(
      new TransientError('1'),
      new TransientError('2'),
      new TransientError('3'),
      new TransientError('4'),
    );
    await expect(withRetry(fn, options)).rejects.toThrow('3');
    expect(attempts).toEqual([1, 2, 3]);
    expect(sleeps).toHaveLength(2);
  });

  it("retries an application's own 500 only three times by default", async () => {
    const { options } = harness();
    const serverError = () => new TransientError('500', { code: 'sync.http_server_error' });
    const { fn, attempts } = failing(serverError(), serverError(), serverError(), serverError());
    await expect(withRetry(fn, options)).rejects.toThrow('500');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('waits exactly the Retry-After of a RateLimitedError', async () => {
    const { sleeps, retries, options } = harness();
    const { fn } = failing(new RateLimitedError('slow down', { retryAfterMs: 7_000 }));
    await expect(withRetry(fn, options)).resolves.toBe('ok');
    expect(sleeps).toEqual([7_000]);
    expect(retries).toEqual([['slow down', 1, 7_000]]);
  });

  it('backs off on a RateLimitedError without Retry-After', async () => {
    const { sleeps, options } = harness();
    const { fn } = failing(new RateLimitedError('slow down'));
    await withRetry(fn, options);
    expect(sleeps).toEqual([250]);
  });

  it('rethrows at once a Retry-After longer than maxRetryAfterMs (4 × maxDelayMs by default)', async () => {
    const { sleeps, options } = harness({ maxDelayMs: 1_000 });
    const { fn, attempts } = failing(new RateLimitedError('come back tomorrow', { retryAfterMs: 4_001 }));
    await expect(withRetry(fn, options)).rejects.toThrow('come back tomorrow');
    expect(attempts).toEqual([1]);
    expect(sleeps).toEqual([]);
  });

  it('re-logs in once on SessionExpiredError and replays at once', async () => {
    const relogin = jest.fn(async () => {});
    const { sleeps, retries, options } = harness({ relogin, maxAttempts: 1 });
    const { fn, attempts } = failing(new SessionExpiredError('expired'));
    await expect(withRetry(fn, options)).resolves.toBe('ok');
    expect(relogin).toHaveBeenCalledTimes(1);
    expect(attempts).toEqual([1, 2]);
    expect(sleeps).toEqual([]);
    expect(retries).toEqual([['expired', 1, 0]]);
  });

  it('fails with a ConfigError when the session expires again in the same call', async () => {
    const relogin = jest.fn(async () => {});
    const { options } = harness({ relogin });
    const { fn, attempts } = failing(
      new SessionExpiredError('expired'),
      new SessionExpiredError('expired again'),
    );
    const error = await withRetry(fn, options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('sync.session_expired_again');
    expect((error as Error).message).toMatch(
      /^The session expired again right after re-login: expired again/,
    );
    expect((error as Error).cause).toBeInstanceOf(SessionExpiredError);
    expect(relogin).toHaveBeenCalledTimes(1);
    expect(attempts).toEqual([1, 2]);
  });

  it('rethrows SessionExpiredError when no relogin is given', async () => {
    const { options } = harness();
    const { fn, attempts } = failing(new SessionExpiredError('expired'));
    await expect(withRetry(fn, options)).rejects.toBeInstanceOf(SessionExpiredError);
    expect(attempts).toEqual([1]);
  });

  it('retries a re-login that fails transiently before replaying', async () => {
    const relogin = jest
      .fn()
      .mockRejectedValueOnce(new TransientError('login flap'))
      .mockResolvedValue(undefined);
    const { sleeps, options } = harness({ relogin });
    const { fn, attempts } = failing(new SessionExpiredError('expired'));
    await expect(withRetry(fn, options)).resolves.toBe('ok');
    expect(relogin).toHaveBeenCalledTimes(2);
    expect(attempts).toEqual([1, 3]);
    expect(sleeps).toEqual([250]);
  });

  it.each([
    new ConfigError('bad config'),
    new NotFoundError('gone'),
    new InvalidRecordError('bad record'),
    new TypeError('a bug'),
  ])('does not retry %p', async (error) => {
    const { sleeps, options } = harness({ relogin: async () => {} });
    const { fn, attempts } = failing(error);
    await expect(withRetry(fn, options)).rejects.toBe(error);
    expect(attempts).toEqual([1]);
    expect(sleeps).toEqual([]);
  });

  it('stops waiting when aborted, with the signal reason', async () => {
    const controller = new AbortController();
    const { fn, attempts } = failing(new TransientError('flap'));
    const pending = withRetry(fn, { signal: controller.signal, baseDelayMs: 60_000, random: () => 0.99 });
    setTimeout(() => controller.abort(new Error('shutdown')), 10);
    const started = Date.now();
    await expect(pending).rejects.toThrow('shutdown');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(attempts).toEqual([1]);
  });

  it('does not start when already aborted', async () => {
    const fn = jest.fn(async () => 'ok');
    await expect(withRetry(fn, { signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow('gone');
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('abortableSleep', () => {
  it('resolves after the delay', async () => {
    const started = Date.now();
    await abortableSleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(abortableSleep(60_000, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});
