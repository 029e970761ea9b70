import type { Order, OrderLine, OrderStatus, RecordStatus } from '@crm-bridge/core';
import type { Db } from '../db/db';
import { decimal, iso, isoOrNull } from './row-values';
import { lastPerKey, type UpsertCounts, upsertCounts } from './upsert-counts';

/** One mapped ERP order to store, with its raw payload and content hash. */
export interface OrderInput {
  order: Order;
  raw: unknown;
  contentHash: string;
}

/** A stored order with its lines. */
export interface StoredOrder {
  id: number;
  order: Order;
  contentHash: string;
  profileId: string | null;
  firstSeenAt: string;
  updatedAt: string;
}

/*
 * Takes $1 source, $2 a JSON array of orders. Same-hash orders are filtered out before the INSERT
 * (see source-records.ts). Returns id, external_id and inserted for every order written.
 */
const upsertOrdersSql = `
WITH input AS (
  SELECT * FROM json_to_recordset($2::json) AS r(
    external_id text, number text, customer_external_id text, status text, erp_status text,
    ordered_at timestamptz, currency text, net_amount numeric, tax_amount numeric, total_amount numeric,
    record_status text, source_modified_at timestamptz, raw json, content_hash text)
), changed AS (
  SELECT i.* FROM input i
  WHERE NOT EXISTS (
    SELECT 1 FROM orders o
    WHERE o.source = $1 AND o.external_id = i.external_id AND o.content_hash = i.content_hash)
)
INSERT INTO orders AS o (source, external_id, number, customer_external_id, status, erp_status, ordered_at,
  currency, net_amount, tax_amount, total_amount, record_status, source_modified_at, raw, content_hash)
SELECT $1, external_id, number, customer_external_id, status, erp_status, ordered_at, currency, net_amount,
  tax_amount, total_amount, record_status, source_modified_at, raw, content_hash
FROM changed
ON CONFLICT (source, external_id) DO UPDATE SET
  number = excluded.number, customer_external_id = excluded.customer_external_id, status = excluded.status,
  erp_status = excluded.erp_status, ordered_at = excluded.ordered_at, currency = excluded.currency,
  net_amount = excluded.net_amount, tax_amount = excluded.tax_amount, total_amount = excluded.total_amount,
  record_status = excluded.record_status, source_modified_at = excluded.source_modified_at,
  raw = excluded.raw, content_hash = excluded.content_hash, updated_at = now()
RETURNING o.id, o.external_id, (o.xmax = 0) AS inserted`;

/* Takes $1 a JSON array of order ids whose lines are replaced. */
const deleteLinesSql = `
DELETE FROM order_lines WHERE order_id IN (SELECT value::bigint FROM json_array_elements_text($1::json))`;

/* Takes $1 source, $2 a JSON array of lines keyed by their order's external id; joins to the orders' ids. */
const insertLinesSql = `
INSERT INTO order_lines (order_id, line_no, product_code, name, quantity, unit_price, amount)
SELECT o.id, l.line_no, l.product_code, l.name, l.quantity, l.unit_price, l.amount
FROM json_to_recordset($2::json) AS l(external_id text, line_no integer, product_code text, name text,
  quantity numeric, unit_price numeric, amount numeric)
JOIN orders o ON o.source = $1 AND o.external_id = l.external_id`;

/** Inserts the lines of orders just written (their old lines already gone), in one statement. */
export async function insertOrderLines(db: Db, source: string, orders: readonly Order[]): Promise<void> {
  const lines = orders.flatMap((order) =>
    order.lines.map((line) => ({
      external_id: order.externalId,
      line_no: line.lineNo,
      product_code: line.productCode,
      name: line.name,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      amount: line.amount,
    })),
  );
  if (lines.length > 0) await db.query(insertLinesSql, [source, JSON.stringify(lines)]);
}

/**
 * Upserts orders by (source, external id): new ones inserted, changed ones rewritten with their lines
 * replaced, same-hash ones untouched. Runs in one transaction (a savepoint inside the caller's).
 */
export async function upsertOrders(
  db: Db,
  source: string,
  records: readonly OrderInput[],
): Promise<UpsertCounts> {
  const unique = lastPerKey(records, (record) => record.order.externalId);
  if (unique.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const byExternalId = new Map(unique.map((record) => [record.order.externalId, record.order]));
  const payload = unique.map(({ order, raw, contentHash }) => {
    if (order.sourceId !== source) {
      throw new Error(`Order ${order.externalId} belongs to source ${order.sourceId}, not ${source}`);
    }
    return {
      external_id: order.externalId,
      number: order.number,
      customer_external_id: order.customerExternalId,
      status: order.status,
      erp_status: order.erpStatus,
      ordered_at: order.orderedAt,
      currency: order.currency,
      net_amount: order.netAmount,
      tax_amount: order.taxAmount,
      total_amount: order.totalAmount,
      record_status: order.recordStatus,
      source_modified_at: order.sourceModifiedAt,
      raw: raw ?? null,
      content_hash: contentHash,
    };
  });
  return db.transaction(async (tx) => {
    const written = await tx.query<{ id: number; external_id: string; inserted: boolean }>(upsertOrdersSql, [
      source,
      JSON.stringify(payload),
    ]);
    const updatedIds = written.filter((row) => !row.inserted).map((row) => row.id);
    if (updatedIds.length > 0) await tx.query(deleteLinesSql, [JSON.stringify(updatedIds)]);
    await insertOrderLines(
      tx,
      source,
      written.map((row) => byExternalId.get(row.external_id)!),
    );
    const inserted = written.filter((row) => row.inserted).length;
    return upsertCounts(unique.length, inserted, written.length);
  });
}

interface OrderRow {
  id: number;
  source: string;
  external_id: string;
  number: string;
  customer_external_id: string;
  status: OrderStatus;
  erp_status: string;
  ordered_at: Date;
  currency: string;
  net_amount: string;
  tax_amount: string;
  total_amount: string;
  record_status: RecordStatus;
  source_modified_at: Date | null;
  content_hash: string;
  profile_id: string | null;
  first_seen_at: Date;
  updated_at: Date;
  lines: {
    line_no: number;
    product_code: string | null;
    name: string;
    quantity: string;
    unit_price: string;
    amount: string;
  }[];
}

function toLine(line: OrderRow['lines'][number]): OrderLine {
  return {
    lineNo: line.line_no,
    productCode: line.product_code,
    name: line.name,
    quantity: decimal(line.quantity),
    unitPrice: decimal(line.unit_price),
    amount: decimal(line.amount),
  };
}

function toStoredOrder(row: OrderRow): StoredOrder {
  return {
    id: row.id,
    order: {
      sourceId: row.source,
      externalId: row.external_id,
      number: row.number,
      customerExternalId: row.customer_external_id,
      status: row.status,
      erpStatus: row.erp_status,
      orderedAt: iso(row.ordered_at),
      currency: row.currency,
      netAmount: decimal(row.net_amount),
      taxAmount: decimal(row.tax_amount),
      totalAmount: decimal(row.total_amount),
      lines: row.lines.map(toLine),
      recordStatus: row.record_status,
      sourceModifiedAt: isoOrNull(row.source_modified_at),
    },
    contentHash: row.content_hash,
    profileId: row.profile_id,
    firstSeenAt: iso(row.first_seen_at),
    updatedAt: iso(row.updated_at),
  };
}

/*
 * Takes $1 source, $2 external id. Lines come back as a json array; numerics inside it are cast
 * to text so they stay exact and arrive as strings on both drivers, like top-level numerics.
 */
const findOrderSql = `
SELECT o.id, o.source, o.external_id, o.number, o.customer_external_id, o.status, o.erp_status, o.ordered_at,
  o.currency, o.net_amount, o.tax_amount, o.total_amount, o.record_status, o.source_modified_at,
  o.content_hash, o.profile_id, o.first_seen_at, o.updated_at,
  coalesce((
    SELECT json_agg(json_build_object('line_no', l.line_no, 'product_code', l.product_code, 'name', l.name,
      'quantity', l.quantity::text, 'unit_price', l.unit_price::text, 'amount', l.amount::text)
      ORDER BY l.line_no)
    FROM order_lines l WHERE l.order_id = o.id), '[]') AS lines
FROM orders o WHERE o.source = $1 AND o.external_id = $2`;

/** One order with its lines by its ERP key, or null. */
export async function findOrder(db: Db, source: string, externalId: string): Promise<StoredOrder | null> {
  const rows = await db.query<OrderRow>(findOrderSql, [source, externalId]);
  return rows[0] ? toStoredOrder(rows[0]) : null;
}

/**
 * After a full reconciliation read: marks deleted every order of the source that was not seen.
 * An empty `seen` list is refused, as for source records.
 */
export async function markMissingOrdersDeleted(
  db: Db,
  source: string,
  seenExternalIds: readonly string[],
): Promise<number> {
  if (seenExternalIds.length === 0) {
    throw new Error(`Refusing to mark every ${source} order deleted from an empty read`);
  }
  const rows = await db.query(
    `WITH seen AS (SELECT json_array_elements_text($2::json) AS external_id),
     gone AS (
       SELECT o.id FROM orders o LEFT JOIN seen USING (external_id)
       WHERE o.source = $1 AND o.record_status <> 'deleted' AND seen.external_id IS NULL)
     UPDATE orders SET record_status = 'deleted', content_hash = '', updated_at = now()
     WHERE id IN (SELECT id FROM gone)
     RETURNING 1`,
    [source, JSON.stringify(seenExternalIds)],
  );
  return rows.length;
}
