import type { Db } from '@crm-bridge/store';
import { profileRef } from './profile-lookup';

/** An order of a customer, from any ERP, with its lines; amounts exactly as stored (decimal text). */
export interface CustomerOrder {
  id: number;
  source: string;
  externalId: string;
  number: string;
  orderedAt: string;
  status: string;
  erpStatus: string;
  currency: string;
  netAmount: string;
  taxAmount: string;
  total: string;
  deleted: boolean;
  lines: {
    lineNo: number;
    productCode: string | null;
    name: string;
    quantity: string;
    unitPrice: string;
    amount: string;
  }[];
}

export interface CustomerOrdersPage {
  /** The live profile the id resolved to (a merged id gives its survivor's orders). */
  profileId: string;
  orders: CustomerOrder[];
  /** Whether older orders follow the last one. */
  more: boolean;
}

/**
 * A profile's orders in every ERP, newest first, a page at a time: `after` continues from the last
 * order of the previous page. NotFoundError for an unknown profile.
 */
export async function customerOrders(
  db: Db,
  id: string,
  options: { limit: number; after?: { orderedAt: string; id: number } },
): Promise<CustomerOrdersPage> {
  const ref = await profileRef(db, id);
  const rows = await db.query<{
    id: number | string;
    source: string;
    external_id: string;
    number: string;
    ordered_at: Date;
    status: string;
    erp_status: string;
    currency: string;
    net_amount: string;
    tax_amount: string;
    total_amount: string;
    record_status: string;
  }>(
    `SELECT id, source, external_id, number, ordered_at, status, erp_status, currency, net_amount, tax_amount,
       total_amount, record_status
     FROM orders WHERE profile_id = $1
       AND ($3::timestamptz IS NULL OR (ordered_at, id) < ($3::timestamptz, $4::bigint))
     ORDER BY ordered_at DESC, id DESC LIMIT $2`,
    [ref.id, options.limit + 1, options.after?.orderedAt ?? null, options.after?.id ?? null],
  );
  const shown = rows.slice(0, options.limit);
  const lines = shown.length
    ? await db.query<{
        order_id: number | string;
        line_no: number;
        product_code: string | null;
        name: string;
        quantity: string;
        unit_price: string;
        amount: string;
      }>(
        `SELECT order_id, line_no, product_code, name, quantity, unit_price, amount FROM order_lines
         WHERE order_id IN (SELECT json_array_elements_text($1::json)::bigint) ORDER BY order_id, line_no`,
        [JSON.stringify(shown.map((row) => Number(row.id)))],
      )
    : [];
  return {
    profileId: ref.id,
    more: rows.length > options.limit,
    orders: shown.map((row) => ({
      id: Number(row.id),
      source: row.source,
      externalId: row.external_id,
      number: row.number,
      orderedAt: row.ordered_at.toISOString(),
      status: row.status,
      erpStatus: row.erp_status,
      currency: row.currency,
      netAmount: row.net_amount,
      taxAmount: row.tax_amount,
      total: row.total_amount,
      deleted: row.record_status === 'deleted',
      lines: lines
        .filter((line) => Number(line.order_id) === Number(row.id))
        .map((line) => ({
          lineNo: line.line_no,
          productCode: line.product_code,
          name: line.name,
          quantity: line.quantity,
          unitPrice: line.unit_price,
          amount: line.amount,
        })),
    })),
  };
}
