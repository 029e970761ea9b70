import type { Db } from '@crm-bridge/store';
import { DAY_MS } from '../analytics/numbers';

/** A customer who went quiet: dormant, or at risk of churning, with the sentence that says why. */
export interface QuietCustomer {
  profileId: string;
  kind: 'organization' | 'person';
  displayName: string;
  lastOrderAt: string | null;
  /** Whole days from the last order to `now`. */
  daysSinceLastOrder: number | null;
  revenueBase: string;
  baseCurrency: string;
  segment: string | null;
  vip: boolean;
  /** The dormancy reason for a dormant customer, the churn-risk reason for one at risk. */
  reason: string;
  owner: { id: string; name: string } | null;
}

/** One page of quiet customers, biggest revenue first, and how many there are in all. */
export interface QuietCustomers {
  total: number;
  customers: QuietCustomer[];
}

export interface QuietOptions {
  /** @defaultValue 20 */
  limit?: number;
  /** What the days are counted to. @defaultValue the current time */
  now?: Date;
  /**
   * Only this employee's customers: owned by them by hand, or, with no owner set, those the dormant sweep
   * gave them a reminder for (the config's owner rules picked them).
   */
  ownerId?: string;
}

/** Dormant customers, the ones worth most in the base currency first. */
export function dormantCustomers(db: Db, options: QuietOptions = {}): Promise<QuietCustomers> {
  return quietCustomers(db, 'dormant', 'reason', options);
}

/** Customers at risk of churning (not dormant yet), the ones worth most first, with the churn reason. */
export function churnRiskCustomers(db: Db, options: QuietOptions = {}): Promise<QuietCustomers> {
  return quietCustomers(db, 'churn_risk', 'churn_reason', options);
}

/** SQL: profile `p` belongs to the employee in `param` (or `param` is null: everyone's). */
const OWNED_BY = (param: string) => `(${param}::uuid IS NULL OR p.owner_id = ${param}
  OR (p.owner_id IS NULL AND EXISTS (SELECT 1 FROM reminders r WHERE r.profile_id = p.id
    AND r.employee_id = ${param} AND r.kind = 'dormant_customer' AND r.status <> 'cancelled')))`;

/*
 * Reads the flagged metrics rows of live profiles; the flag column and its reason column are fixed names
 * from the two callers above, never user input. Ties in revenue fall back to the name and id so the
 * order is the same on every run.
 */
async function quietCustomers(
  db: Db,
  flag: 'dormant' | 'churn_risk',
  reason: 'reason' | 'churn_reason',
  options: QuietOptions,
): Promise<QuietCustomers> {
  const now = options.now ?? new Date();
  const [rows, counted] = await Promise.all([
    db.query<{
      id: string;
      kind: 'organization' | 'person';
      display_name: string;
      last_order_at: Date | null;
      revenue_base: string;
      base_currency: string;
      segment: string | null;
      vip: boolean;
      reason: string | null;
      owner_id: string | null;
      owner_name: string | null;
    }>(
      `SELECT p.id, p.kind, p.display_name, m.last_order_at, m.revenue_base::text AS revenue_base,
         m.base_currency, m.segment, m.vip, m.${reason} AS reason, p.owner_id, e.name AS owner_name
       FROM profile_metrics m
       JOIN profiles p ON p.id = m.profile_id AND p.status <> 'merged'
       LEFT JOIN employees e ON e.id = p.owner_id
       WHERE m.${flag} AND ${OWNED_BY('$2')}
       ORDER BY m.revenue_base DESC, p.display_name, p.id
       LIMIT $1`,
      [options.limit ?? 20, options.ownerId ?? null],
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM profile_metrics m
       JOIN profiles p ON p.id = m.profile_id AND p.status <> 'merged'
       WHERE m.${flag} AND ${OWNED_BY('$1')}`,
      [options.ownerId ?? null],
    ),
  ]);
  return {
    total: counted[0]?.n ?? 0,
    customers: rows.map((r) => ({
      profileId: r.id,
      kind: r.kind,
      displayName: r.display_name,
      lastOrderAt: r.last_order_at?.toISOString() ?? null,
      daysSinceLastOrder:
        r.last_order_at === null ? null : Math.floor((now.getTime() - r.last_order_at.getTime()) / DAY_MS),
      revenueBase: r.revenue_base,
      baseCurrency: r.base_currency,
      segment: r.segment,
      vip: r.vip,
      reason: r.reason ?? '',
      owner: r.owner_id && r.owner_name ? { id: r.owner_id, name: r.owner_name } : null,
    })),
  };
}
