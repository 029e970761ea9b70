import { orderAt } from './analytics-fixture.test-support';
import { dormancy } from './dormancy';
import { orderFacts } from './order-facts';

const now = new Date('2026-01-01T00:00:00Z');
const thresholds = { dormantAfterDays: 180, dormantGapFactor: 2.5, churnRiskGapFactor: 1.5 };

function factsOf(daysBefore: number[]) {
  return orderFacts(
    daysBefore.map((d) => orderAt(now, d)),
    { baseCurrency: 'EUR', rates: {}, now },
  );
}

/** Four orders every `gap` days, the last `since` days ago. */
function regular(since: number, gap: number) {
  return factsOf([since, since + gap, since + 2 * gap, since + 3 * gap]);
}

describe('dormancy', () => {
  it('says why in a sentence', () => {
    const verdict = dormancy(regular(243, 61), thresholds, now);
    expect(verdict.status).toBe('dormant');
    expect(verdict.daysSinceLastOrder).toBe(243);
    expect(verdict.reason).toBe('no order for 243 days; usually orders every 61 days');
    expect(verdict.churnRisk).toBe(false);
  });

  it('is active exactly at the floor and dormant one day after', () => {
    expect(dormancy(regular(180, 61), thresholds, now).status).toBe('active');
    expect(dormancy(regular(181, 61), thresholds, now).status).toBe('dormant');
  });

  it('needs both the floor and the customer gap multiple', () => {
    // gap 100 → 2.5 × 100 = 250 days
    const slow = dormancy(regular(243, 100), thresholds, now);
    expect(slow.status).toBe('active');
    expect(slow.dormantAfterDays).toBe(250);
    expect(slow.churnRisk).toBe(true);
    // both signals: orders at 243, 343 and 443 days ago are all in the prior year
    expect(slow.churnReason).toBe(
      '0 orders in the last 90 days against 3 in the year before (about 0.7 expected); no order for 243 days; usually orders every 100 days',
    );
    expect(dormancy(regular(250, 100), thresholds, now).status).toBe('active');
    expect(dormancy(regular(251, 100), thresholds, now).status).toBe('dormant');
  });

  it('uses the floor alone when the gap is unknown', () => {
    expect(dormancy(factsOf([180]), thresholds, now).status).toBe('active');
    const one = dormancy(factsOf([181]), thresholds, now);
    expect(one.status).toBe('dormant');
    expect(one.reason).toBe('no order for 181 days');
  });

  it('flags a drop in order rate against the year before', () => {
    // 12 orders every 30 days in the prior year, one order 10 days ago
    const prior = Array.from({ length: 12 }, (_, i) => 100 + 30 * i);
    const verdict = dormancy(factsOf([10, ...prior]), thresholds, now);
    expect(verdict.status).toBe('active');
    expect(verdict.churnRisk).toBe(true);
    expect(verdict.churnReason).toBe(
      '1 order in the last 90 days against 12 in the year before (about 3 expected)',
    );
  });

  it('sees no risk in a steady customer', () => {
    const steady = Array.from({ length: 15 }, (_, i) => 5 + 30 * i);
    const verdict = dormancy(factsOf(steady), thresholds, now);
    expect(verdict).toMatchObject({ status: 'active', churnRisk: false, churnReason: null, reason: null });
  });

  it('knows a customer who never ordered', () => {
    expect(dormancy(factsOf([]), thresholds, now).status).toBe('never_ordered');
  });
});
