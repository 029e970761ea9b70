import type { Config, OrderStatus } from '@crm-bridge/core';
import { copyText, type Db } from '@crm-bridge/store';
import { dormancy } from '../analytics/dormancy';
import { lifetimeValue } from '../analytics/lifetime-value';
import { type FactsOrder, orderFacts } from '../analytics/order-facts';
import { rfmInput, rfmOfBase } from '../analytics/rfm';

/** What the metrics are computed with: config's currency and analytics blocks, and the clock. */
export interface MetricsSettings {
  currency: Pick<Config['currency'], 'base' | 'rates'>;
  analytics: Config['analytics'];
  now: Date;
}

const CHUNK = 2_000;

/** Profiles whose orders changed since their metrics were computed (orders are linked to profiles first). */
export async function profilesWithPendingOrders(db: Db): Promise<string[]> {
  await db.query(
    `UPDATE orders o SET profile_id = s.profile_id FROM source_records s
     WHERE o.counted_hash IS DISTINCT FROM o.content_hash
       AND s.source = o.source AND s.external_id = o.customer_external_id
       AND s.profile_id IS NOT NULL AND o.profile_id IS DISTINCT FROM s.profile_id`,
  );
  const rows = await db.query<{ profile_id: string }>(
    `SELECT DISTINCT profile_id FROM orders WHERE counted_hash IS DISTINCT FROM content_hash AND profile_id IS NOT NULL`,
  );
  return rows.map((r) => r.profile_id);
}

/** Profiles whose metrics were computed over a day ago: time alone moves dormancy, churn risk and recency. */
export async function profilesWithStaleMetrics(db: Db, now: Date): Promise<string[]> {
  const rows = await db.query<{ profile_id: string }>(
    `SELECT profile_id FROM profile_metrics WHERE computed_at < $1::timestamptz - interval '1 day'`,
    [now],
  );
  return rows.map((r) => r.profile_id);
}

interface OrderRow {
  profile_id: string;
  status: OrderStatus;
  record_status: FactsOrder['recordStatus'];
  currency: string;
  total_amount: string;
  ordered_at: Date;
}

/**
 * Recomputes the stored metrics of these profiles from their orders in every ERP: revenue per currency
 * and in the base currency, order count, first and last order, typical gap, average order value, the
 * lifetime value, dormancy and churn risk with their reasons, and the RFM inputs. R, F, M scores,
 * segment and VIP need the whole base: rescoreBase does them.
 */
export async function refreshMetrics(
  db: Db,
  profileIds: Iterable<string>,
  settings: MetricsSettings,
): Promise<number> {
  const ids = [...new Set(profileIds)];
  for (let i = 0; i < ids.length; i += CHUNK) await refreshChunk(db, ids.slice(i, i + CHUNK), settings);
  return ids.length;
}

async function refreshChunk(db: Db, ids: readonly string[], settings: MetricsSettings): Promise<void> {
  const json = JSON.stringify(ids);
  const live = await db.query<{ id: string }>(
    `SELECT id FROM profiles WHERE status <> 'merged' AND id IN (SELECT json_array_elements_text($1::json)::uuid)`,
    [json],
  );
  const orders = await db.query<OrderRow>(
    `SELECT profile_id, status, record_status, currency, total_amount::text AS total_amount, ordered_at FROM orders
     WHERE profile_id IN (SELECT json_array_elements_text($1::json)::uuid)`,
    [json],
  );
  const byProfile = new Map<string, FactsOrder[]>(live.map((p) => [p.id, []]));
  for (const o of orders) {
    byProfile.get(o.profile_id)?.push({
      status: o.status,
      recordStatus: o.record_status,
      currency: o.currency,
      totalAmount: Number(o.total_amount),
      orderedAt: o.ordered_at.toISOString(),
    });
  }
  const { currency, analytics, now } = settings;
  const rows = [...byProfile].map(([id, list]) => {
    const facts = orderFacts(list, {
      baseCurrency: currency.base,
      rates: currency.rates,
      now,
      minOrdersForGap: analytics.minOrdersForGap,
    });
    const verdict = dormancy(facts, analytics, now);
    const ltv = lifetimeValue(facts, analytics.ltvHorizonMonths);
    const rfm = rfmInput(facts, now, analytics.rfmWindowDays);
    return copyText([
      id,
      JSON.stringify(facts.revenueByCurrency),
      facts.revenueBase,
      currency.base,
      facts.orderCount,
      facts.firstOrderAt,
      facts.lastOrderAt,
      facts.typicalGapDays,
      facts.averageOrderValue,
      ltv?.value ?? null,
      verdict.status === 'dormant',
      verdict.churnRisk,
      verdict.reason,
      verdict.churnReason,
      `{${facts.missingRates.join(',')}}`,
      rfm?.recencyDays ?? null,
      rfm?.frequency ?? null,
      rfm?.monetary ?? null,
      now.toISOString(),
    ]);
  });
  await db.transaction(async (tx) => {
    await tx.exec(`CREATE TEMP TABLE fresh_metrics (LIKE profile_metrics INCLUDING DEFAULTS) ON COMMIT DROP`);
    await tx.copyFrom(
      'fresh_metrics',
      [
        'profile_id',
        'revenue',
        'revenue_base',
        'base_currency',
        'order_count',
        'first_order_at',
        'last_order_at',
        'typical_gap_days',
        'average_order_value',
        'ltv',
        'dormant',
        'churn_risk',
        'reason',
        'churn_reason',
        'missing_rates',
        'rfm_recency_days',
        'rfm_frequency',
        'rfm_monetary',
        'computed_at',
      ],
      rows,
    );
    await tx.exec(`
      INSERT INTO profile_metrics AS m (profile_id, revenue, revenue_base, base_currency, order_count, first_order_at,
        last_order_at, typical_gap_days, average_order_value, ltv, dormant, churn_risk, reason, churn_reason,
        missing_rates, rfm_recency_days, rfm_frequency, rfm_monetary, computed_at)
      SELECT profile_id, revenue, revenue_base, base_currency, order_count, first_order_at, last_order_at,
        typical_gap_days, average_order_value, ltv, dormant, churn_risk, reason, churn_reason, missing_rates,
        rfm_recency_days, rfm_frequency, rfm_monetary, computed_at
      FROM fresh_metrics
      ON CONFLICT (profile_id) DO UPDATE SET revenue = excluded.revenue, revenue_base = excluded.revenue_base,
        base_currency = excluded.base_currency, order_count = excluded.order_count,
        first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at,
        typical_gap_days = excluded.typical_gap_days, average_order_value = excluded.average_order_value,
        ltv = excluded.ltv, dormant = excluded.dormant, churn_risk = excluded.churn_risk, reason = excluded.reason,
        churn_reason = excluded.churn_reason, missing_rates = excluded.missing_rates,
        rfm_recency_days = excluded.rfm_recency_days, rfm_frequency = excluded.rfm_frequency,
        rfm_monetary = excluded.rfm_monetary, computed_at = excluded.computed_at;
      DROP TABLE fresh_metrics`);
    await tx.query(
      `UPDATE orders SET counted_hash = content_hash
       WHERE profile_id IN (SELECT json_array_elements_text($1::json)::uuid)
         AND counted_hash IS DISTINCT FROM content_hash`,
      [JSON.stringify(ids)],
    );
  });
}

/**
 * Scores R, F and M in quintiles over every customer with orders, names their segment and applies the
 * VIP rule; rewrites only the rows whose scores changed. Customers without orders get no score.
 */
export async function rescoreBase(
  db: Db,
  analytics: Config['analytics'],
): Promise<{ scored: number; changed: number }> {
  const rows = await db.query<{
    profile_id: string;
    rfm_recency_days: number;
    rfm_frequency: number;
    rfm_monetary: string;
    revenue_base: string;
    order_count: number;
    rfm_r: number | null;
    rfm_f: number | null;
    rfm_m: number | null;
    segment: string | null;
    vip: boolean;
  }>(
    `SELECT profile_id, rfm_recency_days, rfm_frequency, rfm_monetary::text AS rfm_monetary,
       revenue_base::text AS revenue_base, order_count, rfm_r, rfm_f, rfm_m, segment, vip
     FROM profile_metrics WHERE rfm_recency_days IS NOT NULL`,
  );
  const scores = rfmOfBase(
    rows.map((r) => ({
      recencyDays: r.rfm_recency_days,
      frequency: r.rfm_frequency,
      monetary: Number(r.rfm_monetary),
    })),
  );
  const { vip } = analytics;
  const changed: string[] = [];
  rows.forEach((row, i) => {
    const s = scores[i]!;
    const isVip =
      (vip.minRevenue !== null && Number(row.revenue_base) >= vip.minRevenue) ||
      (vip.minOrders !== null && row.order_count >= vip.minOrders) ||
      vip.segments.includes(s.segment);
    if (
      row.rfm_r === s.r &&
      row.rfm_f === s.f &&
      row.rfm_m === s.m &&
      row.segment === s.segment &&
      row.vip === isVip
    )
      return;
    changed.push(copyText([row.profile_id, s.r, s.f, s.m, s.segment, isVip]));
  });
  if (changed.length > 0) {
    await db.transaction(async (tx) => {
      await tx.exec(
        `CREATE TEMP TABLE fresh_scores (profile_id uuid, r smallint, f smallint, m smallint, segment text, vip boolean) ON COMMIT DROP`,
      );
      await tx.copyFrom('fresh_scores', ['profile_id', 'r', 'f', 'm', 'segment', 'vip'], changed);
      await tx.exec(`
        UPDATE profile_metrics p SET rfm_r = s.r, rfm_f = s.f, rfm_m = s.m, segment = s.segment, vip = s.vip
        FROM fresh_scores s WHERE p.profile_id = s.profile_id;
        DROP TABLE fresh_scores`);
    });
  }
  await db.query(
    `UPDATE profile_metrics SET rfm_r = NULL, rfm_f = NULL, rfm_m = NULL, segment = NULL, vip = false
     WHERE rfm_recency_days IS NULL AND (segment IS NOT NULL OR vip)`,
  );
  return { scored: rows.length, changed: changed.length };
}
