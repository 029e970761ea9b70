import type { Dataset, DatasetRow, RowPosition } from '@crm-bridge/sync/testing';
import type { OdooRecord } from '../odoo-values';
import { type Bounds, boundsOf, compareValue, type DomainNode, matches, parseDomain } from './odoo-domain';
import {
  compareValues,
  type FieldSpec,
  type OrderKey,
  parseOrder,
  pickFields,
  type SandboxModel,
  type SearchQuery,
} from './odoo-model';
import type { WriteDates } from './write-dates';

export interface DatasetModelOptions {
  name: string;
  dataset: Dataset;
  fields: Record<string, FieldSpec>;
  /** The model's `_order`. */
  defaultOrder: string;
  writeDates: WriteDates;
  /** Every field of the row, rendered (write_date and create_date included). */
  render(row: DatasetRow): OdooRecord;
  /** A field's value without rendering the whole row, or undefined when that needs the render. */
  quick?(row: DatasetRow, field: string): unknown;
}

const CHUNK = 2000;

/** A model over a shared Dataset: scans in (modifiedMs, id) or id order, picking the scan from the domain's bounds. */
export function createDatasetModel(options: DatasetModelOptions): SandboxModel<DatasetRow> {
  const { dataset, writeDates, name } = options;
  const fieldNames = new Set(Object.keys(options.fields));
  let cached: { id: number; version: number; record: OdooRecord } | null = null;
  const rendered = (row: DatasetRow): OdooRecord => {
    if (cached?.id !== row.id || cached.version !== row.version) {
      cached = { id: row.id, version: row.version, record: options.render(row) };
    }
    return cached.record;
  };
  const value = (row: DatasetRow, field: string): unknown => {
    if (field === 'id') return row.id;
    if (field === 'active') return !row.archived;
    return options.quick?.(row, field) ?? rendered(row)[field];
  };
  const leaf = (row: DatasetRow, field: string, op: string, operand: unknown): boolean =>
    field === 'write_date' ? writeDates.test(row, op, operand) : compareValue(value(row, field), op, operand);

  function parse(query: Pick<SearchQuery, 'domain' | 'activeTest'>): DomainNode {
    const node = parseDomain(query.domain, fieldNames, name);
    if (!query.activeTest || !fieldNames.has('active') || mentions(node, 'active')) return node;
    return { kind: 'and', children: [node, { kind: 'leaf', field: 'active', op: '=', value: true }] };
  }

  function scan(node: DomainNode, keys: OrderKey[], need: number): DatasetRow[] {
    const explicit = explicitIds(node);
    if (explicit)
      return explicit
        .map((id) => dataset.get(id))
        .filter((r): r is DatasetRow => r !== null && matches(node, r, leaf));
    const time = boundsOf(node, 'write_date', writeDates.leafBounds);
    const first = keys[0];
    if ((first?.field === 'write_date' && !first.desc) || time.lo !== null) {
      return scanByTime(
        node,
        time,
        first?.field === 'write_date' && !first.desc ? need : Number.POSITIVE_INFINITY,
      );
    }
    const ids = boundsOf(node, 'id', idBounds);
    return scanById(node, ids, first?.field === 'id' && !first.desc ? need : Number.POSITIVE_INFINITY);
  }

  /** Dataset order is (modifiedMs, id); the stored microseconds reorder rows only inside one second. */
  function scanByTime(node: DomainNode, time: Bounds, need: number): DatasetRow[] {
    const out: DatasetRow[] = [];
    let after: RowPosition | undefined;
    let stopSecond: number | null = null;
    for (;;) {
      const chunk = dataset.range({
        ...(time.lo === null ? {} : { sinceMs: time.lo }),
        ...(after ? { after } : {}),
        limit: CHUNK,
      });
      for (const row of chunk) {
        if (time.hi !== null && row.modifiedMs > time.hi) return out;
        const second = Math.floor(row.modifiedMs / 1000);
        if (stopSecond !== null && second > stopSecond) return out;
        if (!matches(node, row, leaf)) continue;
        out.push(row);
        if (out.length >= need && stopSecond === null) stopSecond = second;
      }
      if (chunk.length < CHUNK) return out;
      const last = chunk[chunk.length - 1]!;
      after = { modifiedMs: last.modifiedMs, id: last.id };
    }
  }

  function scanById(node: DomainNode, ids: Bounds, need: number): DatasetRow[] {
    const out: DatasetRow[] = [];
    const hi = Math.min(dataset.maxId(), ids.hi ?? Number.POSITIVE_INFINITY);
    for (let id = Math.max(1, ids.lo ?? 1); id <= hi && out.length < need; id++) {
      const row = dataset.get(id);
      if (row && matches(node, row, leaf)) out.push(row);
    }
    return out;
  }

  const sortKey = (row: DatasetRow, field: string): unknown =>
    field === 'write_date' ? writeDates.storedUs(row) : value(row, field);

  return {
    name,
    fields: () => options.fields,
    idOf: (row) => row.id,
    browse: (ids) => ids.map((id) => dataset.get(id)).filter((row): row is DatasetRow => row !== null),
    render: (row, fields) => pickFields(rendered(row), fields, options.fields, name),
    count: (query) => scan(parse(query), [], Number.POSITIVE_INFINITY).length,
    search(query) {
      const node = parse(query);
      const keys = parseOrder(query.order ?? options.defaultOrder, options.fields, name);
      const limit = query.limit || undefined; // 0 = all (1.3)
      const rows = scan(node, keys, limit === undefined ? Number.POSITIVE_INFINITY : query.offset + limit);
      const sorted = sortRows(rows, keys, sortKey);
      return sorted.slice(query.offset, limit === undefined ? undefined : query.offset + limit);
    },
  };
}

/** Sorts by the order keys, then id; each key computed once per row (write_date's hashes are not free). */
function sortRows(
  rows: DatasetRow[],
  keys: OrderKey[],
  key: (row: DatasetRow, field: string) => unknown,
): DatasetRow[] {
  const decorated = rows.map((row) => ({ row, values: keys.map((k) => key(row, k.field)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareValues(a.values[i], b.values[i]);
      if (c !== 0) return keys[i]!.desc ? -c : c;
    }
    return a.row.id - b.row.id;
  });
  return decorated.map((entry) => entry.row);
}

function idBounds(op: string, operand: unknown): Bounds {
  if (typeof operand === 'number') {
    if (op === '>') return { lo: operand + 1, hi: null };
    if (op === '>=') return { lo: operand, hi: null };
    if (op === '<') return { lo: null, hi: operand - 1 };
    if (op === '<=') return { lo: null, hi: operand };
    if (op === '=') return { lo: operand, hi: operand };
  }
  if (op === 'in' && Array.isArray(operand) && operand.every((v) => typeof v === 'number')) {
    return operand.length === 0 ? { lo: 1, hi: 0 } : { lo: Math.min(...operand), hi: Math.max(...operand) };
  }
  return { lo: null, hi: null };
}

/** Ids named by a top-level `id in [...]` / `id = n` (inside nested ANDs too), so a lookup reads only those rows. */
function explicitIds(node: DomainNode): number[] | null {
  if (node.kind === 'and') {
    for (const child of node.children) {
      const ids = explicitIds(child);
      if (ids) return ids;
    }
    return null;
  }
  if (node.kind !== 'leaf' || node.field !== 'id') return null;
  if (node.op === '=' && typeof node.value === 'number') return [node.value];
  if (node.op === 'in' && Array.isArray(node.value)) {
    return [...new Set(node.value.filter((v): v is number => typeof v === 'number'))];
  }
  return null;
}

function mentions(node: DomainNode, field: string): boolean {
  if (node.kind === 'leaf') return node.field === field;
  if (node.kind === 'not') return mentions(node.child, field);
  if (node.kind === 'and' || node.kind === 'or') return node.children.some((child) => mentions(child, field));
  return false;
}
