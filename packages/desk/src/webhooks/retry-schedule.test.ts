import { defaultWebhookRetryPolicy, nextAttemptAt } from './retry-schedule';

const start = new Date('2026-06-01T00:00:00.000Z');
const after = (attempt: number, random: number) =>
  (nextAttemptAt(defaultWebhookRetryPolicy, attempt, start, () => random)?.getTime() ?? Number.NaN) -
  start.getTime();

describe('the webhook retry schedule', () => {
  it('waits 30 s, 2 min, 10 min, 1 h, 6 h, 12 h, 24 h, then gives up after the 8th attempt', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => after(attempt, 0) / 1000)).toEqual([
      30, 120, 600, 3600, 21_600, 43_200, 86_400,
    ]);
    expect(nextAttemptAt(defaultWebhookRetryPolicy, 8, start)).toBeNull();
  });

  it('adds up to 10% jitter', () => {
    expect(after(1, 0.999_999)).toBe(33_000);
    expect(after(4, 0.5)).toBe(3_780_000);
  });

  it('repeats the last delay when more attempts are allowed than delays are listed', () => {
    const policy = { delaysMs: [1000, 5000], maxAttempts: 5, jitter: 0 };
    expect(
      [1, 2, 3, 4].map((attempt) => nextAttemptAt(policy, attempt, start)!.getTime() - start.getTime()),
    ).toEqual([1000, 5000, 5000, 5000]);
    expect(nextAttemptAt(policy, 5, start)).toBeNull();
  });
});
