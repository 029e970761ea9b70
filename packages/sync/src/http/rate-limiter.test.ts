import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  async function grantTimes(limiter: RateLimiter, count: number, advanceMs: number): Promise<number[]> {
    const times: number[] = [];
    const started = Date.now();
    const all = Array.from({ length: count }, () =>
      limiter.take().then(() => times.push(Date.now() - started)),
    );
    await jest.advanceTimersByTimeAsync(advanceMs);
    await Promise.all(all);
    return times;
  }

  it('spaces grants by 1/requestsPerSecond after the first', async () => {
    expect(await grantTimes(new RateLimiter({ requestsPerSecond: 4 }), 4, 1_000)).toEqual([0, 250, 500, 750]);
  });

  it('lets a saved-up burst through at once, then goes at the rate', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 2 });
    expect(await grantTimes(limiter, 4, 1_000)).toEqual([0, 0, 100, 200]);
  });

  it('refills while idle, never past the burst', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 2 });
    await grantTimes(limiter, 2, 0);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(await grantTimes(limiter, 3, 1_000)).toEqual([0, 0, 100]);
  });

  it('rejects an aborted wait at once and does not spend a token on it', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 1 });
    await limiter.take();
    const controller = new AbortController();
    const aborted = limiter.take(controller.signal);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(await grantTimes(limiter, 1, 1_000)).toEqual([1_000]);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new RateLimiter({ requestsPerSecond: 0 })).toThrow(RangeError);
  });
});
