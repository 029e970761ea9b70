import { DAY_MS } from './numbers';
import type { FactsOrder } from './order-facts';

/** A counted order `daysBefore` days before `now`. */
export function orderAt(now: Date, daysBefore: number, totalAmount = 100, currency = 'EUR'): FactsOrder {
  return {
    status: 'fulfilled',
    currency,
    totalAmount,
    orderedAt: new Date(now.getTime() - daysBefore * DAY_MS).toISOString(),
  };
}
