import { type DatasetRow, PRODUCTS, type WorldOrder } from '@crm-bridge/sync/testing';
import { msToOdoo } from '../odoo-time';
import type { OdooRecord } from '../odoo-values';
import { CURRENCIES, type RenderContext, timestamps } from './render-context';

/** Line ids: each order owns 16 (≤ 5 product lines, a section, a note). */
export const LINES_PER_ORDER = 16;
/** Items of orders added by change(): they reuse a world order of the same company as a template. */
export const ADDED_ORDER_ITEM = 1_000_000;

const UOMS: Record<string, [number, string]> = {
  шт: [1, 'Units'],
  кг: [12, 'kg'],
  м: [5, 'm'],
  ч: [4, 'Hours'],
};
const PRODUCT_INDEX = new Map(PRODUCTS.map((product, index) => [product.code, index]));
const round2 = (value: number) => Math.round(value * 100) / 100;

/** The world order a sale.order row stands for (with a one-company cache: rows come grouped by company). */
export function createOrderLookup(ctx: RenderContext): (row: DatasetRow) => WorldOrder {
  let last: { company: number; orders: WorldOrder[] } | null = null;
  return (row) => {
    const { company, item } = row.key;
    if (last?.company !== company) last = { company, orders: ctx.world.orders('odoo', company) };
    const orders = last.orders;
    return orders[item < ADDED_ORDER_ITEM ? item : (item - ADDED_ORDER_ITEM) % orders.length]!;
  };
}

interface OrderState {
  state: string;
  locked: boolean;
  invoiceStatus: string;
}

/**
 * The world's stage in this version's words. Each edit moves an order on (quotation → sent → confirmed,
 * confirmed → delivered); an "archived" row is a cancelled order, since sale.order has no `active` (1.4).
 */
function stateOf(ctx: RenderContext, order: WorldOrder, row: DatasetRow): OrderState {
  const edits = row.version;
  let stage: WorldOrder['stage'] | 'sent' = row.archived ? 'cancelled' : order.stage;
  if (stage === 'draft')
    stage = edits >= 2 ? 'confirmed' : edits === 1 || row.id % 3 === 0 ? 'sent' : 'draft';
  else if (stage === 'confirmed' && edits >= 1) stage = 'delivered';
  switch (stage) {
    case 'draft':
    case 'sent':
      return { state: stage, locked: false, invoiceStatus: 'no' };
    case 'confirmed':
      return { state: 'sale', locked: false, invoiceStatus: 'to invoice' };
    case 'cancelled':
      return { state: 'cancel', locked: false, invoiceStatus: 'no' };
    default:
      // Delivered and invoiced: "Locked" was a state up to 16, a flag since 17.
      return ctx.version <= 16
        ? { state: 'done', locked: false, invoiceStatus: 'invoiced' }
        : { state: 'sale', locked: true, invoiceStatus: 'invoiced' };
  }
}

/** Line layout: a section heads every fifth order, a note closes every seventh. */
function lineSlots(order: WorldOrder, orderId: number): ('section' | 'note' | number)[] {
  const slots: ('section' | 'note' | number)[] = orderId % 5 === 0 ? ['section'] : [];
  for (let i = 0; i < order.lines.length; i++) slots.push(i);
  if (orderId % 7 === 0) slots.push('note');
  return slots;
}

export const orderName = (id: number) => `S${String(id).padStart(5, '0')}`;

/** A sale.order row; a malformed one has `currency_id: false`. */
export function renderOrder(ctx: RenderContext, row: DatasetRow, order: WorldOrder): OdooRecord {
  const partnerId = ctx.companyRowId(row.key.company);
  const partner: [number, string] | false =
    partnerId === null ? false : [partnerId, ctx.written(row.key.company).name];
  const { state, locked, invoiceStatus } = stateOf(ctx, order, row);
  const malformed = ctx.faults.isMalformed('sale.order', row.id);
  return {
    id: row.id,
    name: orderName(row.id),
    display_name: orderName(row.id),
    partner_id: partner,
    partner_invoice_id: partner,
    partner_shipping_id: partner,
    date_order: msToOdoo(order.orderedAt),
    state,
    ...(ctx.version >= 17 ? { locked } : {}),
    currency_id: malformed ? false : (CURRENCIES[order.currency] ?? false),
    amount_untaxed: order.net,
    amount_tax: order.tax,
    amount_total: order.total,
    client_order_ref: false,
    invoice_status: invoiceStatus,
    order_line: lineSlots(order, row.id).map((_, k) => row.id * LINES_PER_ORDER + k),
    company_id: [1, 'CRM Bridge Sandbox'],
    ...timestamps(row),
  };
}

/** The sale.order.line rows of one order, in sequence order (built field by field: this is the hot path). */
export function renderOrderLines(ctx: RenderContext, row: DatasetRow, order: WorldOrder): OdooRecord[] {
  const { state, invoiceStatus } = stateOf(ctx, order, row);
  const currency = CURRENCIES[order.currency] ?? false;
  const delivered = invoiceStatus === 'invoiced';
  const uomField = ctx.version >= 19 ? 'product_uom_id' : 'product_uom';
  const taxField = ctx.version >= 19 ? 'tax_ids' : 'tax_id';
  const taxId = Math.round(order.taxRate * 100);
  const { create_date, write_date } = timestamps(row);
  const orderRef = [row.id, orderName(row.id)];
  return lineSlots(order, row.id).map((slot, k) => {
    const record: OdooRecord = {
      id: row.id * LINES_PER_ORDER + k,
      order_id: orderRef,
      sequence: 10 * (k + 1),
    };
    if (typeof slot !== 'number') {
      record.display_type = slot === 'section' ? 'line_section' : 'line_note';
      record.product_id = false;
      record.name = slot === 'section' ? 'Products' : 'Delivery on working days only';
      record.product_uom_qty = 0;
      record[uomField] = false;
      record.price_unit = 0;
      record.discount = 0;
      record[taxField] = [];
      record.price_subtotal = 0;
      record.price_tax = 0;
      record.price_total = 0;
      record.qty_delivered = 0;
      record.qty_invoiced = 0;
    } else {
      const line = order.lines[slot]!;
      const product = PRODUCT_INDEX.get(line.productCode) ?? 0;
      const label = `[${line.productCode}] ${line.productName}`;
      const tax = round2(line.amount * order.taxRate);
      record.display_type = false;
      record.product_id = [product + 1, label];
      record.name = label;
      record.product_uom_qty = line.quantity;
      record[uomField] = UOMS[PRODUCTS[product]?.uom ?? 'шт'] ?? false;
      record.price_unit = line.unitPrice;
      record.discount = round2(line.discount * 100);
      record[taxField] = [taxId];
      record.price_subtotal = line.amount;
      record.price_tax = tax;
      record.price_total = round2(line.amount + tax);
      record.qty_delivered = delivered ? line.quantity : 0;
      record.qty_invoiced = delivered ? line.quantity : 0;
    }
    record.currency_id = currency;
    record.state = state;
    record.create_date = create_date;
    record.write_date = write_date;
    return record;
  });
}
