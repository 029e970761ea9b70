import type { RfmSegment } from '@crm-bridge/core';
import { DAY_MS, daysBetween, roundMoney } from './numbers';
import type { OrderFacts } from './order-facts';

export type RfmScore = 1 | 2 | 3 | 4 | 5;

export type { RfmSegment };

export interface RfmResult {
  /** Whole days since the last order. */
  recencyDays: number;
  /** Counted orders within the window. */
  frequency: number;
  /** Base-currency revenue within the window (orders without a rate add nothing). */
  monetary: number;
  r: RfmScore;
  f: RfmScore;
  m: RfmScore;
  segment: RfmSegment;
}

/**
 * Quintile score of each value against all values, higher value → higher score:
 * score = 1 + floor(5 × (number of values strictly lower) / n). Ties share the score of the
 * tie group's lowest position, so the result does not depend on input order, and a base where
 * everyone is equal scores everyone 1.
 */
export function quintileScores(values: readonly number[]): RfmScore[] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = values.length;
  return values.map((value) => {
    let lower = 0;
    let hi = n;
    while (lower < hi) {
      const mid = (lower + hi) >> 1;
      if ((sorted[mid] as number) < value) lower = mid + 1;
      else hi = mid;
    }
    return Math.min(5, 1 + Math.floor((5 * lower) / n)) as RfmScore;
  });
}

/**
 * Segments from R and F (the usual RFM map; M is scored and reported but does not change the
 * segment). First matching row wins:
 *
 * | segment             | R   | F   |
 * |---------------------|-----|-----|
 * | champions           | 5   | 4–5 |
 * | loyal               | 3–4 | 4–5 |
 * | potential loyalists | 4–5 | 2–3 |
 * | new                 | 5   | 1   |
 * | promising           | 4   | 1   |
 * | need attention      | 3   | 3   |
 * | about to sleep      | 3   | 1–2 |
 * | cannot lose         | 1–2 | 5   |
 * | at risk             | 1–2 | 3–4 |
 * | lost                | 1   | 1   |
 * | hibernating         | 1–2 | 1–2 | (the rest)
 */
export function rfmSegment(r: RfmScore, f: RfmScore): RfmSegment {
  if (r === 5 && f >= 4) return 'champions';
  if (r >= 3 && f >= 4) return 'loyal';
  if (r >= 4 && f >= 2) return 'potential loyalists';
  if (r === 5) return 'new';
  if (r === 4) return 'promising';
  if (r === 3 && f === 3) return 'need attention';
  if (r === 3) return 'about to sleep';
  if (f === 5) return 'cannot lose';
  if (f >= 3) return 'at risk';
  if (r === 1 && f === 1) return 'lost';
  return 'hibernating';
}

/**
 * RFM over the whole base: recency = days since the last order (fewer → higher R), frequency =
 * orders in the last `windowDays`, monetary = base revenue in the last `windowDays`. Customers
 * without any counted order get no score (null) and do not take part in the quintiles.
 */
export function rfmScores(
  allFacts: readonly OrderFacts[],
  now: Date,
  windowDays: number,
): (RfmResult | null)[] {
  const inputs = allFacts.map((facts) => rfmInput(facts, now, windowDays));
  const scored = inputs.filter((input) => input !== null);
  const scores = rfmOfBase(scored);
  let next = 0;
  return inputs.map((input) => (input === null ? null : scores[next++]!));
}

/** One customer's R, F, M inputs: days since the last order, orders and base revenue in the window; null without orders. */
export function rfmInput(facts: OrderFacts, now: Date, windowDays: number): RfmInput | null {
  if (facts.lastOrderAt === null) return null;
  const windowFrom = now.getTime() - windowDays * DAY_MS;
  let frequency = 0;
  let monetary = 0;
  for (const order of facts.timeline) {
    const at = new Date(order.orderedAt).getTime();
    if (at > windowFrom && at <= now.getTime()) {
      frequency += 1;
      monetary += order.baseAmount ?? 0;
    }
  }
  const recencyDays = Math.max(0, Math.floor(daysBetween(facts.lastOrderAt, now)));
  return { recencyDays, frequency, monetary: roundMoney(monetary) };
}

/** The R, F, M inputs of one customer. */
export interface RfmInput {
  recencyDays: number;
  frequency: number;
  monetary: number;
}

/** Scores and segments every customer of the base from their inputs (quintiles over the whole base). */
export function rfmOfBase(inputs: readonly RfmInput[]): RfmResult[] {
  const r = quintileScores(inputs.map((s) => -s.recencyDays));
  const f = quintileScores(inputs.map((s) => s.frequency));
  const m = quintileScores(inputs.map((s) => s.monetary));
  return inputs.map((s, i) => {
    const ri = r[i] as RfmScore;
    const fi = f[i] as RfmScore;
    return {
      recencyDays: s.recencyDays,
      frequency: s.frequency,
      monetary: s.monetary,
      r: ri,
      f: fi,
      m: m[i] as RfmScore,
      segment: rfmSegment(ri, fi),
    };
  });
}
