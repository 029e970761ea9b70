import { DAY_MS, daysBetween } from './numbers';
import type { OrderFacts } from './order-facts';

export interface DormancyThresholds {
  /** Floor: no order for more than this many days (config `analytics.dormantAfterDays`). */
  dormantAfterDays: number;
  /** ... and more than this many of the customer's own typical gaps (`analytics.dormantGapFactor`). */
  dormantGapFactor: number;
  /** Overdue (churn risk) after this many typical gaps (`analytics.churnRiskGapFactor`). */
  churnRiskGapFactor: number;
}

export interface DormancyVerdict {
  status: 'never_ordered' | 'active' | 'dormant';
  /** Whole days since the last counted order; null when there is none. */
  daysSinceLastOrder: number | null;
  /** The days that must be exceeded to be dormant: max(floor, factor × typical gap). */
  dormantAfterDays: number | null;
  /** "no order for 243 days; usually orders every 61 days"; null unless dormant. */
  reason: string | null;
  churnRisk: boolean;
  /** The churn-risk signals as one sentence; null without risk. */
  churnReason: string | null;
}

/** The churn-rate rule compares the last RECENT_DAYS with the PRIOR_DAYS before them. */
export const RECENT_DAYS = 90;
export const PRIOR_DAYS = 365;
/** Orders needed in the prior year before a drop in rate means anything. */
export const MIN_PRIOR_ORDERS = 2;
/** Rate drop: the recent daily rate is below this fraction of the prior year's daily rate. */
export const RATE_DROP_FRACTION = 0.5;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Dormant when the whole days since the last order exceed BOTH the floor and
 * dormantGapFactor × the typical gap (the floor alone when the gap is unknown); exactly at the
 * threshold is still active.
 *
 * Churn risk (only for customers who are not dormant) is either signal:
 * - rate drop: with R orders in (now − 90 d, now] and P orders in (now − 455 d, now − 90 d],
 *   P ≥ 2 and R / 90 < 0.5 × P / 365 (the recent rate fell below half the year before's);
 * - overdue: days since the last order exceed churnRiskGapFactor × the typical gap.
 */
export function dormancy(facts: OrderFacts, thresholds: DormancyThresholds, now: Date): DormancyVerdict {
  if (facts.lastOrderAt === null) {
    return {
      status: 'never_ordered',
      daysSinceLastOrder: null,
      dormantAfterDays: null,
      reason: null,
      churnRisk: false,
      churnReason: null,
    };
  }
  const days = Math.max(0, Math.floor(daysBetween(facts.lastOrderAt, now)));
  const gap = facts.typicalGapDays;
  const limit =
    gap === null
      ? thresholds.dormantAfterDays
      : Math.max(thresholds.dormantAfterDays, thresholds.dormantGapFactor * gap);
  const dormant = days > limit;
  const usually = gap === null ? null : `usually orders every ${plural(Math.round(gap), 'day')}`;
  const reason = dormant ? [`no order for ${plural(days, 'day')}`, usually].filter(Boolean).join('; ') : null;

  const signals: string[] = [];
  if (!dormant) {
    const nowMs = now.getTime();
    const recentFrom = nowMs - RECENT_DAYS * DAY_MS;
    const priorFrom = recentFrom - PRIOR_DAYS * DAY_MS;
    let recent = 0;
    let prior = 0;
    for (const order of facts.timeline) {
      const at = new Date(order.orderedAt).getTime();
      if (at > recentFrom && at <= nowMs) recent += 1;
      else if (at > priorFrom && at <= recentFrom) prior += 1;
    }
    const expected = (prior * RECENT_DAYS) / PRIOR_DAYS;
    if (prior >= MIN_PRIOR_ORDERS && recent < RATE_DROP_FRACTION * expected) {
      signals.push(
        `${plural(recent, 'order')} in the last ${RECENT_DAYS} days against ${prior} in the year before (about ${Math.round(expected * 10) / 10} expected)`,
      );
    }
    if (gap !== null && days > thresholds.churnRiskGapFactor * gap) {
      signals.push(`no order for ${plural(days, 'day')}; ${usually}`);
    }
  }
  return {
    status: dormant ? 'dormant' : 'active',
    daysSinceLastOrder: days,
    dormantAfterDays: limit,
    reason,
    churnRisk: signals.length > 0,
    churnReason: signals.length > 0 ? signals.join('; ') : null,
  };
}
