import { lifetimeValue } from './lifetime-value';
import { type FactsOrder, orderFacts } from './order-facts';

const now = new Date('2026-01-01T00:00:00Z');

function facts(orders: [string, number, string?][]) {
  return orderFacts(
    orders.map(
      ([orderedAt, totalAmount, currency]): FactsOrder => ({
        status: 'fulfilled',
        orderedAt,
        totalAmount,
        currency: currency ?? 'EUR',
      }),
    ),
    { baseCurrency: 'EUR', rates: {}, now },
  );
}

describe('lifetimeValue', () => {
  it('is AOV × the customer own monthly rate of repeat orders up to now × horizon', () => {
    // First order 3 average months (91.3125 days) before now, 3 repeat orders since → 1 a month; AOV 250
    const ltv = lifetimeValue(
      facts([
        ['2025-10-01T16:30:00Z', 100],
        ['2025-11-01T00:00:00Z', 200],
        ['2025-12-01T00:00:00Z', 300],
        ['2025-12-20T00:00:00Z', 400],
      ]),
      36,
    );
    expect(ltv).toMatchObject({ averageOrderValue: 250, ordersPerMonth: 1, expectedOrders: 36, value: 9000 });
  });

  it('lets the rate fall while a customer stays away, so a lost customer is not extrapolated', () => {
    // Two orders a month apart, two years ago: 1 repeat order over 762 days (~25 months).
    const lost = lifetimeValue(
      facts([
        ['2023-12-01T00:00:00Z', 5000],
        ['2024-01-01T00:00:00Z', 5000],
      ]),
      36,
    );
    expect(lost!.expectedOrders).toBeCloseTo(36 / (762 / 30.4375), 6);
    expect(lost!.value).toBeLessThan(10_000);
  });

  it('floors one-time and very slow buyers at one order', () => {
    expect(lifetimeValue(facts([['2025-01-01T00:00:00Z', 250]]), 36)).toMatchObject({
      ordersPerMonth: null,
      expectedOrders: 1,
      value: 250,
    });
    const slow = lifetimeValue(
      facts([
        ['2020-01-01T00:00:00Z', 100],
        ['2025-01-01T00:00:00Z', 100],
      ]),
      12,
    );
    expect(slow).toMatchObject({ expectedOrders: 1, value: 100 });
  });

  it('floors the span at one month so a burst is not extrapolated wildly', () => {
    const burst = facts([
      ['2025-01-01T00:00:00Z', 100],
      ['2025-01-01T01:00:00Z', 100],
      ['2025-01-02T00:00:00Z', 100],
    ]);
    // The burst happened in the last month.
    const recent = facts([
      ['2025-12-20T00:00:00Z', 100],
      ['2025-12-20T01:00:00Z', 100],
      ['2025-12-21T00:00:00Z', 100],
    ]);
    expect(lifetimeValue(recent, 12)).toMatchObject({ ordersPerMonth: 2, expectedOrders: 24, value: 2400 });
    // A year on, the same burst is 2 repeat orders over 12 months.
    expect(lifetimeValue(burst, 12)!.expectedOrders).toBeCloseTo(24 / (365 / 30.4375), 6);
  });

  it('is null when nothing can be valued', () => {
    expect(lifetimeValue(facts([]), 12)).toBeNull();
    expect(lifetimeValue(facts([['2025-01-01T00:00:00Z', 100, 'GBP']]), 12)).toBeNull();
  });
});
