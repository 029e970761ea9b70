import type { Dataset, DatasetRow } from '@crm-bridge/sync/testing';
import type { OdooRecord } from '../odoo-values';
import { compareValue, type DomainNode, matches, parseDomain } from './odoo-domain';
import { compareValues, type FieldSpec, parseOrder, pickFields, type SandboxModel } from './odoo-model';
import { LINES_PER_ORDER } from './render-order';
import type { WriteDates } from './write-dates';

interface LineRow {
  order: DatasetRow;
  record: OdooRecord;
}

export interface LineModelOptions {
  orders: Dataset;
  fields: Record<string, FieldSpec>;
  writeDates: WriteDates;
  /** All lines of one order row. */
  linesOf(order: DatasetRow): OdooRecord[];
}

const LINE = 'sale.order.line';

/**
 * sale.order.line, derived from its orders (a line shares its order's write_date). `order_id in [...]`
 * reads only those orders; any other domain scans every order, which is fine for a test server.
 */
export function createLineModel(options: LineModelOptions): SandboxModel<LineRow> {
  const fieldNames = new Set(Object.keys(options.fields));
  const leaf = (row: LineRow, field: string, op: string, operand: unknown) =>
    field === 'write_date'
      ? options.writeDates.test(row.order, op, operand)
      : compareValue(row.record[field], op, operand);
  const linesOfOrders = (orderIds: Iterable<number>): LineRow[] => {
    const rows: LineRow[] = [];
    for (const id of orderIds) {
      const order = options.orders.get(id);
      if (order) for (const record of options.linesOf(order)) rows.push({ order, record });
    }
    return rows;
  };
  const candidates = (node: DomainNode): LineRow[] => {
    const named = orderIdsOf(node);
    if (named) return linesOfOrders(named);
    const all = function* () {
      for (let id = 1; id <= options.orders.maxId(); id++) yield id;
    };
    return linesOfOrders(all());
  };
  const select = (domain: unknown) => {
    const node = parseDomain(domain, fieldNames, LINE);
    return candidates(node).filter((row) => matches(node, row, leaf));
  };
  return {
    name: LINE,
    fields: () => options.fields,
    idOf: (row) => row.record.id as number,
    count: (query) => select(query.domain).length,
    browse(ids) {
      const wanted = new Set(ids);
      const orderIds = new Set(ids.map((id) => Math.floor(id / LINES_PER_ORDER)));
      return linesOfOrders(orderIds).filter((row) => wanted.has(row.record.id as number));
    },
    render: (row, fields) => pickFields(row.record, fields, options.fields, LINE),
    search(query) {
      const keys = parseOrder(query.order ?? 'order_id, sequence, id', options.fields, LINE);
      const rows = select(query.domain);
      const decorated = rows.map((row) => ({ row, values: keys.map((key) => row.record[key.field]) }));
      decorated.sort((a, b) => {
        for (let i = 0; i < keys.length; i++) {
          const c = compareValues(a.values[i], b.values[i]);
          if (c !== 0) return keys[i]!.desc ? -c : c;
        }
        return 0;
      });
      const sorted = decorated.map((entry) => entry.row);
      const limit = query.limit || undefined;
      return sorted.slice(query.offset, limit === undefined ? undefined : query.offset + limit);
    },
  };
}

/** Order ids named by a top-level `order_id in [...]` / `order_id = n`. */
function orderIdsOf(node: DomainNode): number[] | null {
  if (node.kind === 'and') {
    for (const child of node.children) {
      const ids = orderIdsOf(child);
      if (ids) return ids;
    }
    return null;
  }
  if (node.kind !== 'leaf' || node.field !== 'order_id') return null;
  if (node.op === '=' && typeof node.value === 'number') return [node.value];
  if (node.op === 'in' && Array.isArray(node.value))
    return node.value.filter((v): v is number => typeof v === 'number');
  return null;
}
