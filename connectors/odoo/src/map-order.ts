import { InvalidRecordError, type OrderInput, type OrderStatus } from '@crm-bridge/core';
import type { MapContext } from '@crm-bridge/sync';
import { odooToIso } from './odoo-time';
import { many2oneId, many2oneName, numberOf, type OdooRecord, text } from './odoo-values';

/** sale.order fields the orders stream asks for (1.2). */
export const ORDER_FIELDS = [
  'id',
  'name',
  'partner_id',
  'date_order',
  'state',
  'locked',
  'currency_id',
  'amount_untaxed',
  'amount_tax',
  'amount_total',
  'client_order_ref',
  'invoice_status',
  'order_line',
  'write_date',
] as const;

/** sale.order.line fields; `product_uom`/`tax_id` were renamed `product_uom_id`/`tax_ids` in 19 (1.6). */
export const ORDER_LINE_FIELDS = [
  'id',
  'order_id',
  'sequence',
  'display_type',
  'product_id',
  'name',
  'product_uom_qty',
  'product_uom',
  'product_uom_id',
  'price_unit',
  'discount',
  'price_subtotal',
  'price_total',
  'write_date',
] as const;

/** An order with its lines, read by the second query of its page. */
export interface OdooOrderRaw {
  order: OdooRecord;
  lines: OdooRecord[];
}

/** A sale.order (+ its sale.order.line rows) as a canonical order. */
export function mapOrder(raw: OdooOrderRaw, context: Pick<MapContext, 'sourceId'>): OrderInput {
  const { order } = raw;
  const id = order.id;
  if (typeof id !== 'number') throw new InvalidRecordError('sale.order row without a numeric id');
  const fail = (reason: string) => new InvalidRecordError(`sale.order ${id} ${reason}`);
  const number = text(order.name);
  if (number === null) throw fail('has no name');
  const customerId = many2oneId(order.partner_id);
  if (customerId === null) throw fail('has no partner_id');
  const currency = many2oneName(order.currency_id);
  if (currency === null) throw fail('has no currency_id');
  const orderedAt = odooToIso(order.date_order);
  if (orderedAt === null) throw fail(`has no valid date_order (${JSON.stringify(order.date_order)})`);
  const modifiedAt = odooToIso(order.write_date);
  if (modifiedAt === null) throw fail(`has no valid write_date (${JSON.stringify(order.write_date)})`);
  const amounts = [order.amount_untaxed, order.amount_tax, order.amount_total].map(numberOf);
  if (amounts.some((amount) => amount === null)) throw fail('has non-numeric amounts');
  const state = typeof order.state === 'string' ? order.state : '';
  const locked = order.locked === true;
  return {
    sourceId: context.sourceId,
    externalId: String(id),
    number,
    customerExternalId: String(customerId),
    status: statusOf(state, locked, order.invoice_status, fail),
    erpStatus: locked && state !== 'done' ? `${state} (locked)` : state,
    orderedAt,
    currency,
    netAmount: amounts[0]!,
    taxAmount: amounts[1]!,
    totalAmount: amounts[2]!,
    lines: mapLines(raw.lines, fail),
    recordStatus: 'active',
    sourceModifiedAt: modifiedAt,
  };
}

/**
 * draft/sent are quotations, sale a confirmed order, cancel cancelled (orders are never archived, 1.4).
 * `done` ("Locked", ≤ 16) and a locked or fully invoiced `sale` (17+) count as fulfilled.
 */
function statusOf(
  state: string,
  locked: boolean,
  invoiceStatus: unknown,
  fail: (r: string) => Error,
): OrderStatus {
  switch (state) {
    case 'draft':
      return 'draft';
    case 'sent':
      return 'sent';
    case 'sale':
      return locked || invoiceStatus === 'invoiced' ? 'fulfilled' : 'confirmed';
    case 'done':
      return 'fulfilled';
    case 'cancel':
      return 'cancelled';
    default:
      throw fail(`has an unknown state ${JSON.stringify(state)}`);
  }
}

/** Product lines in sequence order; sections and notes (display_type set) carry no product and are skipped. */
function mapLines(lines: OdooRecord[], fail: (r: string) => Error): OrderInput['lines'] {
  return lines
    .filter((line) => !line.display_type)
    .map((line, index) => {
      const quantity = numberOf(line.product_uom_qty);
      const unitPrice = numberOf(line.price_unit);
      const amount = numberOf(line.price_subtotal);
      if (quantity === null || unitPrice === null || amount === null)
        throw fail(`line ${line.id} has no amounts`);
      const product = many2oneName(line.product_id);
      const name = text(line.name) ?? product;
      if (name === null) throw fail(`line ${line.id} has neither a description nor a product`);
      return { lineNo: index + 1, productCode: productCode(product), name, quantity, unitPrice, amount };
    });
}

/** "[FURN_8888] Office Lamp" → "FURN_8888": the internal reference Odoo puts in the product's display name. */
function productCode(displayName: string | null): string | null {
  return displayName === null ? null : (/^\[([^\]]+)\]/.exec(displayName)?.[1] ?? null);
}
