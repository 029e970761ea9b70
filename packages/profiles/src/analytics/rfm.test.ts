import { orderAt } from './analytics-fixture.test-support';
import { orderFacts } from './order-facts';
import { quintileScores, rfmScores, rfmSegment } from './rfm';

const now = new Date('2026-01-01T00:00:00Z');

describe('quintileScores', () => {
  it('gives ties the score of their lowest position', () => {
    expect(quintileScores([10, 20, 20, 30, 40])).toEqual([1, 2, 2, 4, 5]);
    expect(quintileScores([40, 20, 10, 30, 20])).toEqual([5, 2, 1, 4, 2]);
    expect(quintileScores([7, 7, 7])).toEqual([1, 1, 1]);
  });

  it('cuts ten values into five pairs', () => {
    expect(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });
});

describe('rfmSegment', () => {
  it.each([
    [5, 5, 'champions'],
    [5, 4, 'champions'],
    [4, 5, 'loyal'],
    [3, 4, 'loyal'],
    [5, 2, 'potential loyalists'],
    [5, 1, 'new'],
    [4, 1, 'promising'],
    [3, 3, 'need attention'],
    [3, 1, 'about to sleep'],
    [1, 5, 'cannot lose'],
    [2, 3, 'at risk'],
    [1, 1, 'lost'],
    [2, 1, 'hibernating'],
  ] as const)('R%i F%i is %s', (r, f, segment) => {
    expect(rfmSegment(r, f)).toBe(segment);
  });
});

describe('rfmScores', () => {
  function customer(lastDaysAgo: number, orders: number, extra: number[] = []) {
    const days = [...Array.from({ length: orders }, (_, i) => lastDaysAgo + i), ...extra];
    return orderFacts(
      days.map((d) => orderAt(now, d)),
      { baseCurrency: 'EUR', rates: {}, now },
    );
  }

  it('scores the whole base and names segments; customers without orders get none', () => {
    const results = rfmScores(
      [
        customer(1, 5),
        customer(10, 4),
        customer(100, 3),
        customer(300, 2),
        customer(600, 1, [1000]),
        customer(0, 0),
      ],
      now,
      730,
    );
    expect(results.map((r) => r && `${r.r}${r.f}${r.m} ${r.segment}`)).toEqual([
      '555 champions',
      '444 loyal',
      '333 need attention',
      '222 hibernating',
      '111 lost',
      null,
    ]);
    // the order 1000 days ago is outside the window
    expect(results[4]).toMatchObject({ recencyDays: 600, frequency: 1, monetary: 100 });
  });
});
