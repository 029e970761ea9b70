/**
 * One customer known to two ERPs — an Odoo partner and an ERPNext customer sharing their keys, one order in
 * each — written the way a sync writes it (source records, orders, then profile resolution and metrics).
 */
import { type Config, Customer, Order, type TaxId } from '@crm-bridge/core';
import { profilesSettings, updateProfiles } from '@crm-bridge/profiles';
import { contentHash, type Db, upsertOrders, upsertSourceRecords } from '@crm-bridge/store';
import { twoErpConfig } from './two-erp-config';

/** One order as an ERP holds it. */
export interface ErpOrder {
  externalId: string;
  number: string;
  status: 'fulfilled' | 'confirmed';
  erpStatus: string;
  orderedAt: string;
  currency: string;
  net: number;
  tax: number;
  total: number;
}

/** What differs between customers; every field has a default (the defaults make the customer of the scenarios). */
export interface TwoErpCustomerOptions {
  /** The keys both records carry, so resolution joins them. */
  keys?: { emails?: string[]; phones?: string[]; taxIds?: Array<{ kind: TaxId['kind']; value: string }> };
  odoo?: { id: string; order: ErpOrder };
  erpnext?: { id: string; order: ErpOrder };
  /** Resolution settings come from it (default region, base currency). @defaultValue twoErpConfig() */
  config?: Config;
  /** The clock of resolution and metrics. @defaultValue 2026-03-02T09:00:00Z */
  now?: Date;
  /** Marks the customer dormant with this reason after the metrics are computed (as if long quiet). */
  dormantReason?: string;
}

const DEFAULTS = {
  keys: { emails: ['buyer@roga-kopyta.de'], taxIds: [{ kind: 'ru_inn' as const, value: '7707083893' }] },
  odoo: {
    id: '42',
    order: {
      externalId: '7',
      number: 'SO_0007',
      status: 'fulfilled',
      erpStatus: 'done',
      orderedAt: '2026-02-01T10:00:00Z',
      currency: 'EUR',
      net: 100,
      tax: 19,
      total: 119,
    },
  },
  erpnext: {
    id: 'CUST-0001',
    order: {
      externalId: 'SO-2026-00009',
      number: 'SO-2026-00009',
      status: 'fulfilled',
      erpStatus: 'Completed',
      orderedAt: '2026-02-15T10:00:00Z',
      currency: 'EUR',
      net: 200,
      tax: 0,
      total: 200,
    },
  },
} satisfies Required<Pick<TwoErpCustomerOptions, 'keys' | 'odoo' | 'erpnext'>>;

/** The moment the default customer is resolved at. */
export const TWO_ERP_NOW = new Date('2026-03-02T09:00:00.000Z');

/** Writes the customer and its orders into both sources and resolves profiles; returns the profile id. */
export async function customerInTwoErps(
  db: Db,
  name: string,
  options: TwoErpCustomerOptions = {},
): Promise<string> {
  const keys = options.keys ?? DEFAULTS.keys;
  const sides = [
    { sourceId: 'odoo', ...(options.odoo ?? DEFAULTS.odoo) },
    { sourceId: 'erpnext', ...(options.erpnext ?? DEFAULTS.erpnext) },
  ];
  for (const side of sides) {
    const customer = Customer.parse({
      sourceId: side.sourceId,
      externalId: side.id,
      kind: 'organization',
      displayName: name,
      ...keys,
    });
    await upsertSourceRecords(db, side.sourceId, 'customers', [
      { customer, raw: null, contentHash: contentHash(customer) },
    ]);
    const order = Order.parse({
      sourceId: side.sourceId,
      externalId: side.order.externalId,
      number: side.order.number,
      customerExternalId: side.id,
      status: side.order.status,
      erpStatus: side.order.erpStatus,
      orderedAt: side.order.orderedAt,
      currency: side.order.currency,
      netAmount: side.order.net,
      taxAmount: side.order.tax,
      totalAmount: side.order.total,
    });
    await upsertOrders(db, side.sourceId, [{ order, raw: null, contentHash: contentHash(order) }]);
  }
  await updateProfiles(db, profilesSettings(options.config ?? twoErpConfig()), {
    now: options.now ?? TWO_ERP_NOW,
  });
  const [row] = await db.query<{ profile_id: string | null }>(
    `SELECT profile_id FROM source_records WHERE source = 'odoo' AND external_id = $1`,
    [sides[0]!.id],
  );
  if (!row?.profile_id) throw new Error(`customerInTwoErps: ${name} was not resolved to a profile`);
  if (options.dormantReason !== undefined) {
    await db.query(`UPDATE profile_metrics SET dormant = true, reason = $2 WHERE profile_id = $1`, [
      row.profile_id,
      options.dormantReason,
    ]);
  }
  return row.profile_id;
}
