import type { OdooRecord } from '../odoo-values';
import { valueError } from './odoo-exception';

/** A field as fields_get describes it. */
export interface FieldSpec {
  type: string;
  string: string;
  relation?: string;
}

export interface SearchQuery {
  domain: unknown;
  offset: number;
  /** 0 or undefined: no limit (1.3). */
  limit: number | undefined;
  order: string | undefined;
  /** `active_test` (default true): archived rows are left out unless the domain names `active`. */
  activeTest: boolean;
}

/** One sandboxed Odoo model: search over its rows, render them as search_read does. */
export interface SandboxModel<Row = unknown> {
  readonly name: string;
  fields(): Record<string, FieldSpec>;
  search(query: SearchQuery): Row[];
  count(query: Omit<SearchQuery, 'offset' | 'limit' | 'order'>): number;
  idOf(row: Row): number;
  /** Rows by id, missing ones left out (read). */
  browse(ids: readonly number[]): Row[];
  render(row: Row, fields: readonly string[]): OdooRecord;
}

/** One `order` term: a field and its direction. */
export interface OrderKey {
  field: string;
  desc: boolean;
}

/** Parses an `order` spec ("write_date asc, id asc"); unknown fields are Odoo's ValueError. */
export function parseOrder(order: string, fields: Record<string, FieldSpec>, model: string): OrderKey[] {
  return order
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [field = '', direction = 'asc'] = part.split(/\s+/);
      if (!(field in fields))
        throw valueError(`Invalid field ${JSON.stringify(field)} on model ${JSON.stringify(model)}`);
      const dir = direction.toLowerCase();
      if (dir !== 'asc' && dir !== 'desc') throw valueError(`Invalid "order" specified (${order})`);
      return { field, desc: dir === 'desc' };
    });
}

/** Orders two rendered values as PostgreSQL would: empty (NULL) last ascending, many2one by id here. */
export function compareValues(a: unknown, b: unknown): number {
  const x = Array.isArray(a) ? a[0] : a;
  const y = Array.isArray(b) ? b[0] : b;
  if (x === y) return 0;
  if (x === false || x === null || x === undefined) return 1;
  if (y === false || y === null || y === undefined) return -1;
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : 1;
  return (x as number) < (y as number) ? -1 : 1;
}

/** The requested fields of a full record, in the order asked; an unknown one is Odoo's ValueError. */
export function pickFields(
  record: OdooRecord,
  fields: readonly string[],
  spec: Record<string, FieldSpec>,
  model: string,
): OdooRecord {
  if (fields.length === 0) return record;
  const picked: OdooRecord = { id: record.id };
  for (const field of fields) {
    if (!(field in spec))
      throw valueError(`Invalid field ${JSON.stringify(field)} on model ${JSON.stringify(model)}`);
    picked[field] = record[field];
  }
  return picked;
}
