import type { Order, OrderStatus } from '@crm-bridge/core';
import { daysBetween, median, roundMoney } from './numbers';

/**
 * Statuses that count as a sale. Cancelled orders count for nothing; drafts and sent quotations
 * are offers, not purchases, so they are left out too. on_hold and closed were confirmed sales.
 * Orders whose record was deleted in the ERP are left out as well; archived ones still count.
 */
export const COUNTED_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'confirmed',
  'on_hold',
  'fulfilled',
  'closed',
]);

export type FactsOrder = Pick<Order, 'status' | 'currency' | 'totalAmount' | 'orderedAt'> &
  Partial<Pick<Order, 'recordStatus'>>;

export interface FactsOptions {
  baseCurrency: string;
  /** Units of the base currency per 1 unit of each other currency (config `currency.rates`). */
  rates: Readonly<Record<string, number>>;
  now: Date;
  /** Orders needed before a typical gap is trusted (config `analytics.minOrdersForGap`); default 3. */
  minOrdersForGap?: number;
}

/** One counted order on the timeline: when, and its amount in the base currency (null: no rate). */
export interface TimelineOrder {
  orderedAt: string;
  baseAmount: number | null;
}

export interface OrderFacts {
  baseCurrency: string;
  /** Counted orders (see COUNTED_STATUSES). */
  orderCount: number;
  revenueByCurrency: Record<string, number>;
  /** Revenue in the base currency over the orders that could be converted. */
  revenueBase: number;
  /** Currencies with counted orders but no rate: their revenue is not in revenueBase. */
  missingRates: string[];
  /** Counted orders that could not be converted (their currency has no rate). */
  unconvertedOrders: number;
  /** revenueBase / converted orders; null when no order could be converted. */
  averageOrderValue: number | null;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  /** Median of the days between consecutive orders; null below minOrdersForGap orders. */
  typicalGapDays: number | null;
  /** Counted orders, oldest first. */
  timeline: TimelineOrder[];
  /** The `now` the facts were computed at (ISO). */
  asOf: string;
}

export function isCounted(order: FactsOrder): boolean {
  return COUNTED_STATUSES.has(order.status) && order.recordStatus !== 'deleted';
}

function rateOf(currency: string, options: FactsOptions): number | undefined {
  return currency === options.baseCurrency ? 1 : options.rates[currency];
}

/** The per-customer order facts everything else in analytics is computed from. */
export function orderFacts(orders: readonly FactsOrder[], options: FactsOptions): OrderFacts {
  const counted = orders
    .filter(isCounted)
    .sort((a, b) => new Date(a.orderedAt).getTime() - new Date(b.orderedAt).getTime());
  const byCurrency = new Map<string, number>();
  const missing = new Set<string>();
  let revenueBase = 0;
  let converted = 0;
  const timeline: TimelineOrder[] = [];
  for (const order of counted) {
    byCurrency.set(order.currency, (byCurrency.get(order.currency) ?? 0) + order.totalAmount);
    const rate = rateOf(order.currency, options);
    if (rate === undefined) {
      missing.add(order.currency);
      timeline.push({ orderedAt: order.orderedAt, baseAmount: null });
    } else {
      const baseAmount = order.totalAmount * rate;
      revenueBase += baseAmount;
      converted += 1;
      timeline.push({ orderedAt: order.orderedAt, baseAmount: roundMoney(baseAmount) });
    }
  }
  const gaps: number[] = [];
  for (let i = 1; i < counted.length; i += 1) {
    gaps.push(daysBetween((counted[i - 1] as FactsOrder).orderedAt, (counted[i] as FactsOrder).orderedAt));
  }
  const minOrders = options.minOrdersForGap ?? 3;
  return {
    baseCurrency: options.baseCurrency,
    orderCount: counted.length,
    revenueByCurrency: Object.fromEntries(
      [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => [c, roundMoney(v)]),
    ),
    revenueBase: roundMoney(revenueBase),
    missingRates: [...missing].sort(),
    unconvertedOrders: counted.length - converted,
    averageOrderValue: converted > 0 ? roundMoney(revenueBase / converted) : null,
    firstOrderAt: counted[0]?.orderedAt ?? null,
    lastOrderAt: counted.at(-1)?.orderedAt ?? null,
    typicalGapDays: counted.length >= minOrders && gaps.length > 0 ? median(gaps) : null,
    timeline,
    asOf: options.now.toISOString(),
  };
}
