import { NotFoundError } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { CUSTOMER_CARD_SQL } from './customer-card-sql';

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
/** A timestamp read from JSON (ISO text with an offset) as the driver would give it: UTC, milliseconds. */
const isoText = (s: string | null) => (s === null ? null : new Date(s).toISOString());
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The 360 of a profile (an id folded by a merge gives the survivor's); NotFoundError for an unknown id. */
export async function customerCard(
  db: Db,
  id: string,
  options: { orders?: number } = {},
): Promise<CustomerCard> {
  const [row] = UUID.test(id)
    ? await db.query<CardRow>(CUSTOMER_CARD_SQL, [id.toLowerCase(), options.orders ?? 20])
    : [];
  if (!row) throw new NotFoundError(`no profile ${id}`, { code: 'profiles.not_found' });
  if (row.id === null) throw new Error(`profile ${row.asked} vanished while read`);
  return {
    profile: {
      id: row.id,
      mergedFrom: row.folded ? row.asked : null,
      kind: row.kind,
      displayName: row.display_name,
      legalName: row.legal_name,
      primaryEmail: row.primary_email,
      primaryPhone: row.primary_phone,
      taxIds: row.tax_ids,
      address: row.address,
      status: row.status,
      owner: row.owner_id && row.owner_name ? { id: row.owner_id, name: row.owner_name } : null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    },
    records: row.records.map((r) => ({
      ...r,
      id: Number(r.id),
      sourceModifiedAt: isoText(r.sourceModifiedAt),
      updatedAt: isoText(r.updatedAt)!,
    })),
    related: row.related,
    metrics: cardMetrics(row),
    orders: row.orders.map(({ recordStatus, ...o }) => ({
      ...o,
      orderedAt: isoText(o.orderedAt)!,
      deleted: recordStatus === 'deleted',
    })),
    orderTotal: row.order_total,
    tickets: row.tickets.map((t) => ({ ...t, number: Number(t.number), createdAt: isoText(t.createdAt)! })),
    reminders: row.reminders.map((r) => ({ ...r, dueAt: isoText(r.dueAt)! })),
    notes: row.notes.map((n) => ({ ...n, occurredAt: isoText(n.occurredAt)! })),
  };
}

function cardMetrics(m: CardRow): CardMetrics | null {
  if (m.m_profile_id === null) return null;
  return {
    baseCurrency: m.m_base_currency,
    revenue: Object.fromEntries(Object.entries(m.m_revenue).map(([c, v]) => [c, String(v)])),
    revenueBase: m.m_revenue_base,
    orderCount: m.m_order_count,
    averageOrderValue: m.m_average_order_value,
    firstOrderAt: iso(m.m_first_order_at),
    lastOrderAt: iso(m.m_last_order_at),
    typicalGapDays: m.m_typical_gap_days === null ? null : Number(m.m_typical_gap_days),
    rfm: m.m_rfm_r === null ? null : { r: m.m_rfm_r, f: m.m_rfm_f!, m: m.m_rfm_m! },
    segment: m.m_segment,
    lifetimeValue: m.m_ltv,
    vip: m.m_vip,
    dormant: m.m_dormant,
    churnRisk: m.m_churn_risk,
    reason: m.m_reason,
    churnReason: m.m_churn_reason,
    missingRates: m.m_missing_rates,
    computedAt: m.m_computed_at.toISOString(),
  };
}

/** The row of CUSTOMER_CARD_SQL (metrics columns hold values only when `m_profile_id` is set). */
interface CardRow {
  asked: string;
  folded: boolean;
  id: string | null;
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
  m_profile_id: string | null;
  m_base_currency: string;
  m_revenue: Record<string, number>;
  m_revenue_base: string;
  m_order_count: number;
  m_average_order_value: string | null;
  m_first_order_at: Date | null;
  m_last_order_at: Date | null;
  m_typical_gap_days: string | null;
  m_rfm_r: number | null;
  m_rfm_f: number | null;
  m_rfm_m: number | null;
  m_segment: string | null;
  m_ltv: string | null;
  m_vip: boolean;
  m_dormant: boolean;
  m_churn_risk: boolean;
  m_reason: string | null;
  m_churn_reason: string | null;
  m_missing_rates: string[];
  m_computed_at: Date;
  order_total: number;
  records: Array<
    Omit<CardRecord, 'sourceModifiedAt' | 'updatedAt'> & {
      sourceModifiedAt: string | null;
      updatedAt: string;
    }
  >;
  related: CustomerCard['related'];
  orders: Array<Omit<CardOrder, 'deleted'> & { recordStatus: string }>;
  tickets: CustomerCard['tickets'];
  reminders: CustomerCard['reminders'];
  notes: CustomerCard['notes'];
}
