/** Sales Order (+ Sales Order Item rows) → canonical Order; `status` + `docstatus` → our status. */
import { InvalidRecordError, type OrderInput, type OrderStatus } from '@crm-bridge/core';
import type { MapContext } from '@crm-bridge/sync';
import type { Row } from './frappe-query';
import { amount, siteTime, text } from './map-values';
import type { OrderRaw } from './raw-records';
import { siteTimeToUtc } from './site-time';

/** ERPNext's status words for a submitted order (docstatus 1). */
const SUBMITTED: Record<string, OrderStatus> = {
  'On Hold': 'on_hold',
  'To Deliver and Bill': 'confirmed',
  'To Bill': 'confirmed',
  'To Deliver': 'confirmed',
  'To Pay': 'confirmed',
  Completed: 'fulfilled',
  Closed: 'closed',
  Cancelled: 'cancelled',
};

/** docstatus decides first: 0 is a draft whatever `status` says, 2 is cancelled; 1 reads the status word. */
export function orderStatus(status: string | null, docstatus: number): OrderStatus | null {
  if (docstatus === 0) return 'draft';
  if (docstatus === 2) return 'cancelled';
  if (docstatus !== 1) return null;
  // "" (never set on old sites) or Draft on a submitted order: submitted, so in progress.
  if (status === null || status === 'Draft') return 'confirmed';
  return SUBMITTED[status] ?? null;
}

/** Maps one order; `tombstone` marks one read from `Deleted Document`. */
export function mapOrder(
  raw: Pick<OrderRaw, 'order' | 'items'>,
  context: MapContext,
  tombstone?: { modifiedAt: string },
): OrderInput {
  const row = raw.order;
  const name = text(row.name);
  if (name === null) throw new InvalidRecordError('Sales Order without a name');
  const label = `Sales Order ${name}`;
  const customer = text(row.customer);
  if (customer === null) throw new InvalidRecordError(`${label}: customer is empty`);
  const currency = text(row.currency);
  if (currency === null || !/^[A-Z]{3}$/.test(currency)) {
    throw new InvalidRecordError(`${label}: currency is not an ISO code (${JSON.stringify(row.currency)})`);
  }
  const docstatus = Number(row.docstatus ?? 0);
  const erpStatus = text(row.status) ?? '';
  const status = orderStatus(erpStatus === '' ? null : erpStatus, docstatus);
  if (status === null) {
    throw new InvalidRecordError(`${label}: unknown status "${erpStatus}" with docstatus ${row.docstatus}`);
  }
  // transaction_date is a Date: the order happened on that day in the site's zone, so midnight there.
  const orderedAt = siteTimeToUtc(row.transaction_date, context.timeZone);
  if (orderedAt === null) {
    throw new InvalidRecordError(
      `${label}: transaction_date is not a date (${JSON.stringify(row.transaction_date)})`,
    );
  }

  return {
    sourceId: context.sourceId,
    externalId: name,
    number: name,
    customerExternalId: customer,
    status,
    erpStatus: erpStatus === '' ? (docstatus === 0 ? 'Draft' : '') : erpStatus,
    orderedAt,
    currency,
    netAmount: amount(row, 'net_total', label),
    taxAmount: amount(row, 'total_taxes_and_charges', label),
    totalAmount: amount(row, 'grand_total', label),
    lines: [...raw.items].sort((a, b) => Number(a.idx) - Number(b.idx)).map((item) => mapLine(item, label)),
    // Cancelled documents stay in ERPNext (docstatus 2): kept, but no longer live.
    recordStatus: tombstone ? 'deleted' : docstatus === 2 ? 'archived' : 'active',
    sourceModifiedAt: tombstone ? tombstone.modifiedAt : siteTime(row, 'modified', context.timeZone, label),
  };
}

function mapLine(item: Row, label: string): NonNullable<OrderInput['lines']>[number] {
  const idx = Number(item.idx);
  const line = `${label} line ${item.idx}`;
  if (!Number.isInteger(idx) || idx < 0) throw new InvalidRecordError(`${label}: an item has no idx`);
  const name = text(item.item_name) ?? text(item.description) ?? text(item.item_code);
  if (name === null) throw new InvalidRecordError(`${line}: item_name, description and item_code are empty`);
  return {
    lineNo: idx,
    productCode: text(item.item_code),
    name,
    quantity: amount(item, 'qty', line),
    unitPrice: amount(item, 'rate', line),
    amount: amount(item, 'amount', line),
  };
}
