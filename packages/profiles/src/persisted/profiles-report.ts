import type { Db } from '@crm-bridge/store';
import { churnRiskCustomers, dormantCustomers, type QuietCustomers } from './dormant-list';
import type { ProfileExplanation } from './explain';

/** What identity resolution and the metrics made of the store, for the demo and a first look. */
export interface ProfilesReport {
  /** ERP records (customers and contacts, whatever their status) behind the profiles. */
  records: { customers: number; contacts: number; total: number };
  /** Live profiles (merged ones are left out). */
  profiles: { total: number; organizations: number; persons: number; inactive: number };
  /** How many profiles hold records of 1, 2, 3 … ERPs; sums to profiles.total. */
  byErpCount: { erps: number; profiles: number }[];
  /** A few profiles that join records of several ERPs, with how each record joined (as explain says it). */
  crossErp: {
    profileId: string;
    displayName: string;
    kind: 'organization' | 'person';
    erps: number;
    records: ProfileExplanation['records'];
  }[];
  /** Joins the resolver refused (link and key refusals), by reason, with up to two examples each. */
  keptApart: { reason: string; count: number; examples: RefusalExample[] }[];
  /** Written values that were not used as keys (bad checksums, placeholders, role addresses …). */
  refusedValues: { kind: string; reason: string; count: number }[];
  topByLtv: {
    profileId: string;
    displayName: string;
    ltv: string;
    baseCurrency: string;
    revenueBase: string;
    orderCount: number;
    segment: string | null;
    vip: boolean;
  }[];
  /** RFM segments by size; `vip` counts the VIP customers in each. */
  segments: { segment: string; customers: number; vip: number }[];
  dormant: QuietCustomers;
  churnRisk: QuietCustomers;
}

/** One refused join: two records kept apart (link), or a key that links nothing (key). */
export interface RefusalExample {
  type: 'link' | 'key';
  kind: string;
  key: string | null;
  holders: number | null;
  records: { ref: string; displayName: string }[];
}

export interface ProfilesReportOptions {
  /** Rows in the top-N lists (LTV, dormant, churn risk). @defaultValue 5 */
  top?: number;
  /** Cross-ERP examples. @defaultValue 3 */
  examples?: number;
  /** What dormancy days are counted to. @defaultValue the current time */
  now?: Date;
}

const LIVE = `status <> 'merged'`;

/** Reads the report; every list has a fixed order (by size, then by name or reference) so runs compare. */
export async function profilesReport(db: Db, options: ProfilesReportOptions = {}): Promise<ProfilesReport> {
  const top = options.top ?? 5;
  const now = options.now ?? new Date();
  const [records, profiles, byErpCount, keptApart, refusedValues, topByLtv, segments, dormant, churnRisk] =
    await Promise.all([
      recordCounts(db),
      profileCounts(db),
      db.query<{ erps: number; profiles: number }>(
        `SELECT erps, count(*)::int AS profiles FROM (
           SELECT p.id, count(DISTINCT s.source)::int AS erps FROM profiles p
           LEFT JOIN source_records s ON s.profile_id = p.id WHERE p.${LIVE} GROUP BY p.id) x
         GROUP BY erps ORDER BY erps`,
      ),
      keptApartByReason(db),
      db.query<{ kind: string; reason: string; count: number }>(
        `SELECT kind, reason, count(*)::int AS count FROM profile_refusals WHERE type = 'value'
         GROUP BY kind, reason ORDER BY count DESC, kind, reason`,
      ),
      topLifetimeValues(db, top),
      db.query<{ segment: string; customers: number; vip: number }>(
        `SELECT m.segment, count(*)::int AS customers, count(*) FILTER (WHERE m.vip)::int AS vip
         FROM profile_metrics m JOIN profiles p ON p.id = m.profile_id AND p.${LIVE}
         WHERE m.segment IS NOT NULL GROUP BY m.segment ORDER BY customers DESC, m.segment`,
      ),
      dormantCustomers(db, { limit: top, now }),
      churnRiskCustomers(db, { limit: top, now }),
    ]);
  return {
    records,
    profiles,
    byErpCount,
    crossErp: await crossErpExamples(db, options.examples ?? 3),
    keptApart,
    refusedValues,
    topByLtv,
    segments,
    dormant,
    churnRisk,
  };
}

async function recordCounts(db: Db): Promise<ProfilesReport['records']> {
  const [row] = await db.query<{ customers: number; contacts: number; total: number }>(
    `SELECT count(*) FILTER (WHERE stream = 'customers')::int AS customers,
       count(*) FILTER (WHERE stream = 'contacts')::int AS contacts, count(*)::int AS total
     FROM source_records`,
  );
  return row ?? { customers: 0, contacts: 0, total: 0 };
}

async function profileCounts(db: Db): Promise<ProfilesReport['profiles']> {
  const [row] = await db.query<ProfilesReport['profiles']>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE kind = 'organization')::int AS organizations,
       count(*) FILTER (WHERE kind = 'person')::int AS persons,
       count(*) FILTER (WHERE status = 'inactive')::int AS inactive
     FROM profiles WHERE ${LIVE}`,
  );
  return row ?? { total: 0, organizations: 0, persons: 0, inactive: 0 };
}

/**
 * Candidates hold records of several ERPs, most ERPs and most kinds of joining key first; examples are
 * then picked one at a time to show key kinds the earlier ones did not (INN, then e-mail, then phone …).
 */
async function crossErpExamples(db: Db, count: number): Promise<ProfilesReport['crossErp']> {
  const candidates = await db.query<{
    id: string;
    display_name: string;
    kind: 'organization' | 'person';
    erps: number;
    joined_by: string[] | null;
  }>(
    `SELECT p.id, p.display_name, p.kind, count(DISTINCT s.source)::int AS erps,
       array_agg(DISTINCT s.joined_by) FILTER (WHERE s.joined_by IS NOT NULL) AS joined_by,
       min(s.source || '/' || s.external_id) AS first_ref
     FROM profiles p JOIN source_records s ON s.profile_id = p.id
     WHERE p.${LIVE}
     GROUP BY p.id, p.display_name, p.kind
     HAVING count(DISTINCT s.source) > 1
     ORDER BY erps DESC, count(DISTINCT s.joined_by) DESC, p.display_name, first_ref
     LIMIT 200`,
  );
  const covered = new Set<string>();
  const chosen: typeof candidates = [];
  const left = [...candidates];
  while (chosen.length < count && left.length > 0) {
    const fresh = (c: (typeof left)[number]) => (c.joined_by ?? []).filter((k) => !covered.has(k)).length;
    let best = 0;
    for (let i = 1; i < left.length; i++) {
      const [a, b] = [left[i]!, left[best]!];
      if (a.erps > b.erps || (a.erps === b.erps && fresh(a) > fresh(b))) best = i;
    }
    const [pick] = left.splice(best, 1);
    for (const k of pick!.joined_by ?? []) covered.add(k);
    chosen.push(pick!);
  }
  const records = await db.query<{
    profile_id: string;
    id: number;
    ref: string;
    display_name: string;
    joined_by: string | null;
    joined_key: string | null;
    via: string | null;
  }>(
    `SELECT s.profile_id, s.id, s.source || '/' || s.external_id AS ref, s.display_name, s.joined_by,
       s.joined_key, v.source || '/' || v.external_id AS via
     FROM source_records s LEFT JOIN source_records v ON v.id = s.joined_via
     WHERE s.profile_id IN (SELECT json_array_elements_text($1::json)::uuid)
     ORDER BY s.joined_via NULLS FIRST, s.source, s.external_id`,
    [JSON.stringify(chosen.map((c) => c.id))],
  );
  return chosen.map((c) => ({
    profileId: c.id,
    displayName: c.display_name,
    kind: c.kind,
    erps: c.erps,
    records: records
      .filter((r) => r.profile_id === c.id)
      .map((r) => ({
        id: Number(r.id),
        ref: r.ref,
        displayName: r.display_name,
        joinedBy: r.joined_by,
        joinedKey: r.joined_key,
        joinedVia: r.via,
      })),
  }));
}

async function keptApartByReason(db: Db): Promise<ProfilesReport['keptApart']> {
  const rows = await db.query<{
    type: 'link' | 'key';
    kind: string;
    key: string | null;
    reason: string;
    holders: number | null;
    a_ref: string | null;
    a_name: string | null;
    b_ref: string | null;
    b_name: string | null;
    n: number;
  }>(
    `SELECT * FROM (
       SELECT r.type, r.kind, r.key, r.reason, r.holders,
         a.source || '/' || a.external_id AS a_ref, a.display_name AS a_name,
         b.source || '/' || b.external_id AS b_ref, b.display_name AS b_name,
         count(*) OVER (PARTITION BY r.reason)::int AS n,
         row_number() OVER (PARTITION BY r.reason
           ORDER BY r.type, r.kind, r.key, a.source, a.external_id, b.source, b.external_id) AS rn
       FROM profile_refusals r
       LEFT JOIN source_records a ON a.id = r.source_record_id
       LEFT JOIN source_records b ON b.id = r.other_source_record_id
       WHERE r.type IN ('link', 'key')) x
     WHERE rn <= 2 ORDER BY n DESC, reason, rn`,
  );
  const groups = new Map<string, ProfilesReport['keptApart'][number]>();
  for (const r of rows) {
    const group = groups.get(r.reason) ?? { reason: r.reason, count: r.n, examples: [] };
    groups.set(r.reason, group);
    group.examples.push({
      type: r.type,
      kind: r.kind,
      key: r.key,
      holders: r.holders,
      records: [
        ...(r.a_ref ? [{ ref: r.a_ref, displayName: r.a_name ?? '' }] : []),
        ...(r.b_ref ? [{ ref: r.b_ref, displayName: r.b_name ?? '' }] : []),
      ],
    });
  }
  return [...groups.values()];
}

async function topLifetimeValues(db: Db, limit: number): Promise<ProfilesReport['topByLtv']> {
  const rows = await db.query<{
    id: string;
    display_name: string;
    ltv: string;
    base_currency: string;
    revenue_base: string;
    order_count: number;
    segment: string | null;
    vip: boolean;
  }>(
    `SELECT p.id, p.display_name, m.ltv::text AS ltv, m.base_currency, m.revenue_base::text AS revenue_base,
       m.order_count, m.segment, m.vip
     FROM profile_metrics m JOIN profiles p ON p.id = m.profile_id AND p.${LIVE}
     WHERE m.ltv IS NOT NULL ORDER BY m.ltv DESC, p.display_name, p.id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    profileId: r.id,
    displayName: r.display_name,
    ltv: r.ltv,
    baseCurrency: r.base_currency,
    revenueBase: r.revenue_base,
    orderCount: r.order_count,
    segment: r.segment,
    vip: r.vip,
  }));
}
