/** Sales Order documents (+ Sales Order Item rows) rendered from a Dataset row and the world's order. */
import { type DatasetRow, hash32, saltOf, type WorldOrder } from '@crm-bridge/sync/testing';
import {
  childName,
  customerName,
  type Doc,
  GARBAGE_DATETIME,
  type RenderContext,
  type Rendered,
  standard,
} from './render-parties';

const DAY_MS = 86_400_000;
const STATUS_SALT = saltOf('erpnext:so-status');
const IN_PROGRESS = [
  'To Deliver and Bill',
  'To Deliver and Bill',
  'To Deliver and Bill',
  'To Bill',
  'To Deliver',
  'On Hold',
];

/** `SAL-ORD-2025-00042`: the naming series `SAL-ORD-.YYYY.-`. */
export function salesOrderName(ctx: RenderContext, row: DatasetRow): string {
  return `SAL-ORD-${ctx.clock.date(row.createdMs).slice(0, 4)}-${String(row.id).padStart(5, '0')}`;
}

/** ERPNext's status + docstatus for the world's stage; each edit moves a live order one step on. */
function lifecycle(
  stage: string,
  row: DatasetRow,
): { status: string; docstatus: number; delivered: number; billed: number } {
  if (stage === 'cancelled') return { status: 'Cancelled', docstatus: 2, delivered: 0, billed: 0 };
  const steps = ['draft', 'confirmed', 'delivered'];
  const at = Math.min(steps.indexOf(stage) + row.version, steps.length - 1);
  if (row.archived && at > 0) return { status: 'Closed', docstatus: 1, delivered: 50, billed: 50 };
  if (at === 0) return { status: 'Draft', docstatus: 0, delivered: 0, billed: 0 };
  if (at === 2) return { status: 'Completed', docstatus: 1, delivered: 100, billed: 100 };
  const status = IN_PROGRESS[hash32(row.key.company, row.key.item, STATUS_SALT) % IN_PROGRESS.length]!;
  return {
    status,
    docstatus: 1,
    delivered: status === 'To Bill' ? 100 : 0,
    billed: status === 'To Deliver' ? 100 : 0,
  };
}

const ordersCache = new Map<string, WorldOrder[]>();

/** A company's orders, built once for the rows of one company that come one after another. */
function ordersOf(ctx: RenderContext, company: number): WorldOrder[] {
  const key = `${ctx.data.world.seed}/${company}`;
  let orders = ordersCache.get(key);
  if (orders === undefined) {
    orders = ctx.data.world.orders('erpnext', company);
    if (ordersCache.size >= 256) ordersCache.clear(); // bounded
    ordersCache.set(key, orders);
  }
  return orders;
}

export function renderSalesOrder(ctx: RenderContext, row: DatasetRow): Rendered | null {
  const { world } = ctx.data;
  const { company, item } = row.key;
  const order = ordersOf(ctx, company)[item];
  const customerId = ctx.data.customerIdOf(company);
  const customer = customerId === null ? null : ctx.data.customers.get(customerId);
  if (!order || !customer) return null;
  const name = salesOrderName(ctx, row);
  const state = lifecycle(order.stage, row);
  const rate = order.currency === 'RUB' ? 1 : order.currency === 'EUR' ? 98.5 : 91.2;
  const doc: Doc = {
    ...standard(ctx, name, row, state.docstatus),
    naming_series: 'SAL-ORD-.YYYY.-',
    customer: customerName(ctx, customer),
    customer_name: world.written('erpnext', company).name,
    order_type: 'Sales',
    transaction_date: ctx.clock.date(order.orderedAt),
    delivery_date: ctx.clock.date(order.orderedAt + 7 * DAY_MS),
    po_no: row.version > 0 ? `PO-${item + 1}/${row.version}` : null,
    company: 'CRM Bridge Demo LLC',
    currency: order.currency,
    conversion_rate: rate,
    selling_price_list: 'Standard Selling',
    price_list_currency: order.currency,
    total_qty: order.lines.reduce((sum, line) => sum + line.quantity, 0),
    total: order.net,
    net_total: order.net,
    total_taxes_and_charges: order.tax,
    grand_total: order.total,
    rounded_total: Math.round(order.total),
    base_grand_total: Math.round(order.total * rate * 100) / 100,
    status: state.status,
    per_delivered: state.delivered,
    per_billed: state.billed,
    delivery_status: state.delivered === 100 ? 'Fully Delivered' : 'Not Delivered',
    billing_status: state.billed === 100 ? 'Fully Billed' : 'Not Billed',
  };
  if (ctx.faults.isMalformed('Sales Order', row.id)) {
    if (row.id % 2 === 0) doc.grand_total = null;
    else doc.modified = GARBAGE_DATETIME;
  }
  const items = order.lines.map((line, i): Doc => {
    const discounted = Math.round(line.unitPrice * (1 - line.discount) * 100) / 100;
    return {
      name: childName(name, i + 1),
      parent: name,
      parenttype: 'Sales Order',
      parentfield: 'items',
      idx: i + 1,
      docstatus: state.docstatus,
      item_code: line.productCode,
      item_name: line.productName,
      description: line.productName,
      qty: line.quantity,
      uom: 'Nos',
      stock_uom: 'Nos',
      conversion_factor: 1,
      price_list_rate: line.unitPrice,
      discount_percentage: Math.round(line.discount * 100),
      rate: discounted,
      amount: line.amount,
      net_rate: discounted,
      net_amount: line.amount,
      delivery_date: doc.delivery_date,
      warehouse: 'Stores - CBD',
    };
  });
  return { doc, children: { items } };
}
