import { daysBetween, roundMoney } from './numbers';
import type { OrderFacts } from './order-facts';

/** Average days in a month (365.25 / 12). */
export const DAYS_PER_MONTH = 30.4375;

export interface LifetimeValue {
  /** Expected revenue in the base currency over the horizon. */
  value: number;
  averageOrderValue: number;
  /** Orders per month from the customer's own history; null for one-time buyers. */
  ordersPerMonth: number | null;
  expectedOrders: number;
  horizonMonths: number;
}

/**
 * Expected revenue over the next `horizonMonths`, in the base currency:
 *
 *   LTV = AOV × max(1, ordersPerMonth × horizonMonths)
 *   ordersPerMonth = (orderCount − 1) / max(1, months from the first order to now)
 *   (months = days / 30.4375)
 *
 * AOV is the facts' average order value. The rate counts the repeat orders (all but the first) over the
 * customer's whole life so far, up to now rather than to the last order: a customer who stopped ordering
 * sees the rate fall month by month, so a lost customer's two orders long ago are not extrapolated over
 * the horizon. The span is floored at one month so a burst is not extrapolated wildly. One-time buyers
 * (no repeat) and slow buyers are floored at one expected order.
 * Null when no order could be valued (no counted order, or none with a rate).
 */
export function lifetimeValue(facts: OrderFacts, horizonMonths: number): LifetimeValue | null {
  const aov = facts.averageOrderValue;
  if (aov === null || facts.firstOrderAt === null || facts.lastOrderAt === null) return null;
  let ordersPerMonth: number | null = null;
  if (facts.orderCount >= 2) {
    const months = Math.max(1, daysBetween(facts.firstOrderAt, facts.asOf) / DAYS_PER_MONTH);
    ordersPerMonth = (facts.orderCount - 1) / months;
  }
  const expectedOrders = Math.max(1, (ordersPerMonth ?? 0) * horizonMonths);
  return {
    value: roundMoney(aov * expectedOrders),
    averageOrderValue: aov,
    ordersPerMonth,
    expectedOrders,
    horizonMonths,
  };
}
