import { createFaults, type FaultAction } from './faults';

function run(plan: Parameters<typeof createFaults>[0], requests: number): (FaultAction | null)[] {
  const faults = createFaults(plan);
  return Array.from({ length: requests }, () => faults.beforeRequest({ method: 'GET', url: '/x' }));
}

describe('createFaults', () => {
  it('injects the same faults for the same seed and different ones for another seed', () => {
    const plan = { serverErrorRate: 0.1, rateLimitRate: 0.1, slowRate: 0.05, slowMs: 5, seed: 7 };
    expect(run(plan, 500)).toEqual(run(plan, 500));
    expect(run(plan, 500)).not.toEqual(run({ ...plan, seed: 8 }, 500));
  });

  it('injects faults at about the configured rates and counts them', () => {
    const faults = createFaults({
      serverErrorRate: 0.05,
      rateLimitRate: 0.1,
      slowRate: 0.02,
      truncateRate: 0.01,
      seed: 3,
    });
    const kinds: Record<string, number> = {};
    const statuses = new Set<number>();
    let withoutRetryAfter = 0;
    for (let i = 0; i < 20_000; i++) {
      const action = faults.beforeRequest();
      const kind = action?.kind ?? 'none';
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      if (action?.kind === 'server-error') statuses.add(action.status);
      if (action?.kind === 'rate-limit' && action.retryAfterSeconds === null) withoutRetryAfter += 1;
      if (action?.kind === 'rate-limit' && action.retryAfterSeconds !== null) {
        expect(action.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      }
    }
    expect(kinds['server-error']! / 20_000).toBeCloseTo(0.05, 1);
    expect(kinds['rate-limit']! / 20_000).toBeCloseTo(0.1, 1);
    expect(kinds.slow! / 20_000).toBeCloseTo(0.02, 1);
    expect(kinds.truncate! / 20_000).toBeCloseTo(0.01, 1);
    expect([...statuses].sort()).toEqual([502, 503, 504]);
    expect(withoutRetryAfter).toBeGreaterThan(0);
    expect(withoutRetryAfter).toBeLessThan(kinds['rate-limit']!);
    expect(faults.counters()).toEqual({
      requests: 20_000,
      serverErrors: kinds['server-error'],
      rateLimits: kinds['rate-limit'],
      rateLimitsWithoutRetryAfter: withoutRetryAfter,
      sessionExpiries: 0,
      slow: kinds.slow,
      truncated: kinds.truncate,
    });
  });

  it('expires the session every n-th request and delays the first answer when asked', () => {
    const actions = run({ sessionExpiryEveryRequests: 4, slowFirstMs: 300 }, 12);
    expect(actions.map((a) => a?.kind ?? null)).toEqual([
      'slow',
      null,
      null,
      'session-expired',
      null,
      null,
      null,
      'session-expired',
      null,
      null,
      null,
      'session-expired',
    ]);
  });

  it('marks the same records malformed on every read, at about the configured share', () => {
    const faults = createFaults({ malformedRate: 0.02, seed: 5 });
    const first = Array.from({ length: 10_000 }, (_, i) => faults.isMalformed('customers', i + 1));
    const again = Array.from({ length: 10_000 }, (_, i) => faults.isMalformed('customers', i + 1));
    expect(again).toEqual(first);
    const share = first.filter(Boolean).length / 10_000;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.03);
    const orders = Array.from({ length: 10_000 }, (_, i) => faults.isMalformed('orders', i + 1));
    expect(orders).not.toEqual(first);
    expect(faults.isMalformed('customers', 'CUST-0001')).toBe(faults.isMalformed('customers', 'CUST-0001'));
    faults.setPlan({});
    expect(faults.isMalformed('customers', first.indexOf(true) + 1)).toBe(false);
    expect(faults.beforeRequest()).toBeNull();
  });
});
