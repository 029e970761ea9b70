import { type FactsOrder, orderFacts } from './order-facts';

const now = new Date('2025-09-01T00:00:00Z');
const base = { baseCurrency: 'EUR', rates: { USD: 0.9 }, now };

function order(status: FactsOrder['status'], currency: string, totalAmount: number, day: string): FactsOrder {
  return { status, currency, totalAmount, orderedAt: `${day}T00:00:00Z` };
}

describe('orderFacts', () => {
  const orders: FactsOrder[] = [
    order('closed', 'USD', 200, '2025-05-01'),
    order('confirmed', 'EUR', 100, '2025-01-01'),
    order('fulfilled', 'EUR', 300, '2025-03-02'),
    order('cancelled', 'EUR', 1000, '2025-06-01'),
    order('draft', 'EUR', 500, '2025-08-01'),
    order('sent', 'EUR', 700, '2025-08-02'),
    order('on_hold', 'GBP', 50, '2025-07-01'),
  ];

  it('counts sales only and computes the figures by hand', () => {
    const facts = orderFacts(orders, base);
    expect(facts.orderCount).toBe(4);
    expect(facts.revenueByCurrency).toEqual({ EUR: 400, GBP: 50, USD: 200 });
    expect(facts.revenueBase).toBe(580);
    expect(facts.averageOrderValue).toBe(193.3333);
    expect(facts.firstOrderAt).toBe('2025-01-01T00:00:00Z');
    expect(facts.lastOrderAt).toBe('2025-07-01T00:00:00Z');
    // gaps 60, 60, 61 days
    expect(facts.typicalGapDays).toBe(60);
    expect(facts.timeline.map((o) => o.baseAmount)).toEqual([100, 300, 180, null]);
  });

  it('reports a currency without a rate instead of dropping it silently', () => {
    const facts = orderFacts(orders, base);
    expect(facts.missingRates).toEqual(['GBP']);
    expect(facts.unconvertedOrders).toBe(1);
  });

  it('ignores cancelled orders and deleted records entirely', () => {
    const facts = orderFacts(
      [
        order('cancelled', 'EUR', 1000, '2025-06-01'),
        { ...order('fulfilled', 'EUR', 10, '2025-06-02'), recordStatus: 'deleted' },
      ],
      base,
    );
    expect(facts.orderCount).toBe(0);
    expect(facts.revenueBase).toBe(0);
    expect(facts.revenueByCurrency).toEqual({});
    expect(facts.averageOrderValue).toBeNull();
    expect(facts.lastOrderAt).toBeNull();
    expect(facts.typicalGapDays).toBeNull();
  });

  it('gives no typical gap below minOrdersForGap orders; median of an even count', () => {
    const two = [order('fulfilled', 'EUR', 1, '2025-01-01'), order('fulfilled', 'EUR', 1, '2025-01-11')];
    expect(orderFacts(two, base).typicalGapDays).toBeNull();
    expect(orderFacts(two, { ...base, minOrdersForGap: 2 }).typicalGapDays).toBe(10);
    const four = [
      ...two,
      order('fulfilled', 'EUR', 1, '2025-01-31'),
      order('fulfilled', 'EUR', 1, '2025-03-02'),
    ];
    // gaps 10, 20, 30 → median 20
    expect(orderFacts(four, base).typicalGapDays).toBe(20);
    // gaps 10, 20 of three orders plus a fourth at +5 days: 10, 20, 5 → 10
    const odd = [
      ...two,
      order('fulfilled', 'EUR', 1, '2025-01-31'),
      order('fulfilled', 'EUR', 1, '2025-02-05'),
    ];
    expect(orderFacts(odd, { ...base, minOrdersForGap: 4 }).typicalGapDays).toBe(10);
  });

  it('treats the base currency as rate 1 even when rates omit it', () => {
    const facts = orderFacts([order('fulfilled', 'USD', 10, '2025-01-01')], { ...base, baseCurrency: 'USD' });
    expect(facts.revenueBase).toBe(10);
    expect(facts.missingRates).toEqual([]);
  });
});
