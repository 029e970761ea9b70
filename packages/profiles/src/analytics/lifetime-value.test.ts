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
  it('is AOV × the customer own monthly rate × horizon', () => {
    // 4 orders over exactly 3 average months (91.3125 days) → 1 order a month; AOV 250
    const ltv = lifetimeValue(
      facts([
        ['2025-01-01T00:00:00Z', 100],
        ['2025-02-01T00:00:00Z', 200],
        ['2025-03-01T00:00:00Z', 300],
        ['2025-04-02T07:30:00Z', 400],
      ]),
      36,
    );
    expect(ltv).toMatchObject({ averageOrderValue: 250, ordersPerMonth: 1, expectedOrders: 36, value: 9000 });
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
    expect(lifetimeValue(burst, 12)).toMatchObject({ ordersPerMonth: 2, expectedOrders: 24, value: 2400 });
  });

  it('is null when nothing can be valued', () => {
    expect(lifetimeValue(facts([]), 12)).toBeNull();
    expect(lifetimeValue(facts([['2025-01-01T00:00:00Z', 100, 'GBP']]), 12)).toBeNull();
  });
});
