import type { Db } from '@crm-bridge/store';
import { profileRef } from './profile-lookup';

/** The customer 360: the golden record, every record behind it, related profiles, metrics and history. */
export interface CustomerCard {
  profile: {
    id: string;
    /** The id that was asked for, when a merge folded it into this profile. */
    mergedFrom: string | null;
    kind: 'organization' | 'person';
    displayName: string;
    legalName: string | null;
    primaryEmail: string | null;
    primaryPhone: string | null;
    taxIds: { kind: string; value: string }[];
    address: Record<string, unknown> | null;
    status: 'active' | 'inactive';
    owner: { id: string; name: string } | null;
    createdAt: string;
    updatedAt: string;
  };
  records: CardRecord[];
  /** For a person: the organisations their records belong to; for an organisation: its contact persons. */
  related: { profileId: string; displayName: string; kind: 'organization' | 'person' }[];
  metrics: CardMetrics | null;
  orders: CardOrder[];
  /** Orders in every ERP, of which `orders` holds the newest. */
  orderTotal: number;
  tickets: {
    id: string;
    number: number;
    title: string;
    status: string;
    priority: string;
    createdAt: string;
  }[];
  reminders: { id: string; text: string; dueAt: string; status: string }[];
  notes: { id: string; kind: string; body: string; occurredAt: string }[];
}

export interface CardRecord {
  id: number;
  source: string;
  stream: string;
  externalId: string;
  kind: 'organization' | 'person';
  displayName: string;
  emails: string[];
  phones: string[];
  status: string;
  sourceModifiedAt: string | null;
  updatedAt: string;
  /** How it joined: a key kind (inn, email …) or manual; null for the profile's first record. */
  joinedBy: string | null;
  joinedKey: string | null;
}

export interface CardMetrics {
  baseCurrency: string;
  revenue: Record<string, string>;
  revenueBase: string;
  orderCount: number;
  averageOrderValue: string | null;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  typicalGapDays: number | null;
  rfm: { r: number; f: number; m: number } | null;
  segment: string | null;
  lifetimeValue: string | null;
  vip: boolean;
  dormant: boolean;
  churnRisk: boolean;
  reason: string | null;
  churnReason: string | null;
  missingRates: string[];
  computedAt: string;
}

export interface CardOrder {
  source: string;
  number: string;
  orderedAt: string;
  status: string;
  currency: string;
  total: string;
  deleted: boolean;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** The 360 of a profile (an id folded by a merge gives the survivor's); NotFoundError for an unknown id. */
export async function customerCard(
  db: Db,
  id: string,
  options: { orders?: number } = {},
): Promise<CustomerCard> {
  const ref = await profileRef(db, id);
  const [p] = await db.query<{
    id: string;
    kind: 'organization' | 'person';
    display_name: string;
    legal_name: string | null;
    primary_email: string | null;
    primary_phone: string | null;
    tax_ids: { kind: string; value: string }[];
    address: Record<string, unknown> | null;
    status: 'active' | 'inactive';
    owner_id: string | null;
    owner_name: string | null;
    created_at: Date;
    updated_at: Date;
  }>(
    `SELECT p.*, e.name AS owner_name FROM profiles p LEFT JOIN employees e ON e.id = p.owner_id WHERE p.id = $1`,
    [ref.id],
  );
  if (!p) throw new Error(`profile ${ref.id} vanished while read`);
  const [records, related, metrics, orders, orderTotal, tickets, reminders, notes] = await Promise.all([
    cardRecords(db, ref.id),
    relatedProfiles(db, ref.id, p.kind),
    cardMetrics(db, ref.id),
    cardOrders(db, ref.id, options.orders ?? 20),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE profile_id = $1`, [ref.id]),
    db.query<{
      id: string;
      number: string;
      title: string;
      status: string;
      priority: string;
      created_at: Date;
    }>(
      `SELECT id, number, title, status, priority, created_at FROM tickets WHERE profile_id = $1
       ORDER BY created_at DESC LIMIT 20`,
      [ref.id],
    ),
    db.query<{ id: string; text: string; due_at: Date; status: string }>(
      `SELECT id, text, due_at, status FROM reminders WHERE profile_id = $1 AND status = 'pending' ORDER BY due_at LIMIT 20`,
      [ref.id],
    ),
    db.query<{ id: string; kind: string; body: string; occurred_at: Date }>(
      `SELECT id, kind, body, occurred_at FROM interactions WHERE profile_id = $1 ORDER BY occurred_at DESC LIMIT 20`,
      [ref.id],
    ),
  ]);
  return {
    profile: {
      id: p.id,
      mergedFrom: ref.mergedFrom,
      kind: p.kind,
      displayName: p.display_name,
      legalName: p.legal_name,
      primaryEmail: p.primary_email,
      primaryPhone: p.primary_phone,
      taxIds: p.tax_ids,
      address: p.address,
      status: p.status,
      owner: p.owner_id && p.owner_name ? { id: p.owner_id, name: p.owner_name } : null,
      createdAt: p.created_at.toISOString(),
      updatedAt: p.updated_at.toISOString(),
    },
    records,
    related,
    metrics,
    orders,
    orderTotal: orderTotal[0]?.n ?? 0,
    tickets: tickets.map((t) => ({
      id: t.id,
      number: Number(t.number),
      title: t.title,
      status: t.status,
      priority: t.priority,
      createdAt: t.created_at.toISOString(),
    })),
    reminders: reminders.map((r) => ({
      id: r.id,
      text: r.text,
      dueAt: r.due_at.toISOString(),
      status: r.status,
    })),
    notes: notes.map((n) => ({
      id: n.id,
      kind: n.kind,
      body: n.body,
      occurredAt: n.occurred_at.toISOString(),
    })),
  };
}

async function cardRecords(db: Db, profileId: string): Promise<CardRecord[]> {
  const rows = await db.query<{
    id: number;
    source: string;
    stream: string;
    external_id: string;
    kind: 'organization' | 'person';
    display_name: string;
    emails: string[];
    phones: string[];
    status: string;
    source_modified_at: Date | null;
    updated_at: Date;
    joined_by: string | null;
    joined_key: string | null;
  }>(
    `SELECT id, source, stream, external_id, kind, display_name, emails, phones, status, source_modified_at,
       updated_at, joined_by, joined_key
     FROM source_records WHERE profile_id = $1 ORDER BY source, external_id`,
    [profileId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    source: r.source,
    stream: r.stream,
    externalId: r.external_id,
    kind: r.kind,
    displayName: r.display_name,
    emails: r.emails,
    phones: r.phones,
    status: r.status,
    sourceModifiedAt: iso(r.source_modified_at),
    updatedAt: r.updated_at.toISOString(),
    joinedBy: r.joined_by,
    joinedKey: r.joined_key,
  }));
}

/** Organisation ↔ person links, read from the records: a person record names its organisation record. */
async function relatedProfiles(db: Db, profileId: string, kind: 'organization' | 'person') {
  const [mine, theirs] = kind === 'person' ? ['p', 'o'] : ['o', 'p'];
  const rows = await db.query<{ id: string; display_name: string; kind: 'organization' | 'person' }>(
    `SELECT DISTINCT r.id, r.display_name, r.kind FROM source_records p
     JOIN source_records o ON o.source = p.source AND o.external_id = p.organization_external_id
       AND o.kind = 'organization'
     JOIN profiles r ON r.id = ${theirs}.profile_id
     WHERE ${mine}.profile_id = $1 AND p.kind = 'person' AND r.id <> $1
     ORDER BY r.display_name, r.id LIMIT 50`,
    [profileId],
  );
  return rows.map((r) => ({ profileId: r.id, displayName: r.display_name, kind: r.kind }));
}

async function cardMetrics(db: Db, profileId: string): Promise<CardMetrics | null> {
  const [m] = await db.query<{
    base_currency: string;
    revenue: Record<string, number>;
    revenue_base: string;
    order_count: number;
    average_order_value: string | null;
    first_order_at: Date | null;
    last_order_at: Date | null;
    typical_gap_days: string | null;
    rfm_r: number | null;
    rfm_f: number | null;
    rfm_m: number | null;
    segment: string | null;
    ltv: string | null;
    vip: boolean;
    dormant: boolean;
    churn_risk: boolean;
    reason: string | null;
    churn_reason: string | null;
    missing_rates: string[];
    computed_at: Date;
  }>(`SELECT * FROM profile_metrics WHERE profile_id = $1`, [profileId]);
  if (!m) return null;
  return {
    baseCurrency: m.base_currency,
    revenue: Object.fromEntries(Object.entries(m.revenue).map(([c, v]) => [c, String(v)])),
    revenueBase: m.revenue_base,
    orderCount: m.order_count,
    averageOrderValue: m.average_order_value,
    firstOrderAt: iso(m.first_order_at),
    lastOrderAt: iso(m.last_order_at),
    typicalGapDays: m.typical_gap_days === null ? null : Number(m.typical_gap_days),
    rfm: m.rfm_r === null ? null : { r: m.rfm_r, f: m.rfm_f!, m: m.rfm_m! },
    segment: m.segment,
    lifetimeValue: m.ltv,
    vip: m.vip,
    dormant: m.dormant,
    churnRisk: m.churn_risk,
    reason: m.reason,
    churnReason: m.churn_reason,
    missingRates: m.missing_rates,
    computedAt: m.computed_at.toISOString(),
  };
}

async function cardOrders(db: Db, profileId: string, limit: number): Promise<CardOrder[]> {
  const rows = await db.query<{
    source: string;
    number: string;
    ordered_at: Date;
    status: string;
    currency: string;
    total_amount: string;
    record_status: string;
  }>(
    `SELECT source, number, ordered_at, status, currency, total_amount, record_status FROM orders
     WHERE profile_id = $1 ORDER BY ordered_at DESC, id DESC LIMIT $2`,
    [profileId, limit],
  );
  return rows.map((o) => ({
    source: o.source,
    number: o.number,
    orderedAt: o.ordered_at.toISOString(),
    status: o.status,
    currency: o.currency,
    total: o.total_amount,
    deleted: o.record_status === 'deleted',
  }));
}
