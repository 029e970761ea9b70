/**
 * The subset of Frappe's query language the sandbox speaks: `fields` (own columns, `*`, and child columns
 * as `` `tabDynamic Link`.`link_name` ``), `filters` / `or_filters` as lists of [field, op, value] or
 * [doctype, field, op, value] (or a dict for equality), `order_by`, and the operators of db_query.
 */
import { dataError, validationError } from './frappe-error';
import type { Doc } from './render-parties';

export interface Filter {
  /** null = a column of the queried DocType; else the child DocType joined (e.g. "Dynamic Link"). */
  child: string | null;
  field: string;
  op: string;
  value: unknown;
}

export interface FieldRef {
  child: string | null;
  field: string;
  /** The key in the answer: the alias, else the column name. */
  key: string;
}

export interface OrderKey {
  field: string;
  desc: boolean;
}

const OPERATORS = new Set([
  '=',
  '!=',
  '>',
  '<',
  '>=',
  '<=',
  'like',
  'not like',
  'in',
  'not in',
  'is',
  'between',
]);

/** A query argument that may arrive as a JSON string (GET) or as JSON already (POST body). */
export function jsonArg(value: unknown, what: string): unknown {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw validationError(`${what} must be valid JSON`);
  }
}

export function parseFilters(value: unknown, doctype: string, what = 'filters'): Filter[] {
  const parsed = jsonArg(value, what);
  if (parsed === undefined || parsed === null) return [];
  const list: unknown[] = Array.isArray(parsed)
    ? parsed
    : typeof parsed === 'object'
      ? Object.entries(parsed as Record<string, unknown>).map(([field, v]) =>
          Array.isArray(v) && v.length === 2 && typeof v[0] === 'string'
            ? [field, v[0], v[1]]
            : [field, '=', v],
        )
      : [];
  return list.map((item) => {
    if (!Array.isArray(item) || item.length < 3 || item.length > 4) {
      throw validationError(`Invalid filter: ${JSON.stringify(item)}`);
    }
    const [table, field, op, v] = item.length === 4 ? item : [doctype, ...item];
    const operator = String(op).toLowerCase();
    if (!OPERATORS.has(operator)) throw validationError(`Operator not supported: ${String(op)}`);
    return { child: table === doctype ? null : String(table), field: String(field), op: operator, value: v };
  });
}

/** `name`, `` `name` ``, `name as x`, `` `tabDynamic Link`.`link_name` ``, `tabDynamic Link.link_name as l`. */
export function parseFields(value: unknown): FieldRef[] | '*' {
  const parsed = jsonArg(value, 'fields') ?? ['name'];
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 1 && list[0] === '*') return '*';
  return list.map((item) => {
    const text = String(item).trim();
    const match = /^(?:`?tab([^`.]+)`?\.)?`?([A-Za-z_][\w]*)`?(?:\s+as\s+`?(\w+)`?)?$/i.exec(text);
    if (match === null) throw dataError(`Field not permitted in query: ${text}`);
    const [, child, field, alias] = match;
    return { child: child ?? null, field: field!, key: alias ?? field! };
  });
}

/** `modified asc, name asc`, optionally `` `tabCustomer`.`modified` ``-qualified. */
export function parseOrderBy(value: unknown, fallback: OrderKey[]): OrderKey[] {
  if (value === undefined || value === null || String(value).trim() === '') return fallback;
  return String(value)
    .split(',')
    .map((part) => {
      const match = /^\s*(?:`?tab[^`.]+`?\.)?`?(\w+)`?(?:\s+(asc|desc))?\s*$/i.exec(part);
      if (match === null) throw validationError(`Invalid order_by: ${String(value)}`);
      return { field: match[1]!, desc: (match[2] ?? 'asc').toLowerCase() === 'desc' };
    });
}

/** Loose comparison as MariaDB does it for the values Frappe sends: numbers as numbers, else text. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a === null || a === undefined) a = '';
  if (b === null || b === undefined) b = '';
  if (typeof a === 'number' || typeof b === 'number') {
    const x = Number(a);
    const y = Number(b);
    if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  }
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function like(value: unknown, pattern: unknown): boolean {
  const source = String(pattern ?? '')
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${source}$`, 'is').test(String(value ?? ''));
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return String(value ?? '')
    .split(',')
    .map((item) => item.trim());
}

const memberSets = new WeakMap<Filter, Set<string>>();

/** An `in` list as a set (a page's `parent in [...]` meets thousands of child rows). */
function members(filter: Filter, expected: unknown): Set<string> {
  let set = memberSets.get(filter);
  if (set === undefined) {
    set = new Set(listOf(expected).map((item) => String(item ?? '')));
    memberSets.set(filter, set);
  }
  return set;
}

/** One condition against one value (`get` reads the column, datetimes already comparable). */
export function test(filter: Filter, actual: unknown, expected: unknown = filter.value): boolean {
  switch (filter.op) {
    case '=':
      return compareValues(actual, expected) === 0;
    case '!=':
      return compareValues(actual, expected) !== 0;
    case '>':
      return compareValues(actual, expected) > 0;
    case '<':
      return compareValues(actual, expected) < 0;
    case '>=':
      return compareValues(actual, expected) >= 0;
    case '<=':
      return compareValues(actual, expected) <= 0;
    case 'like':
      return like(actual, expected);
    case 'not like':
      return !like(actual, expected);
    case 'in':
      return members(filter, expected).has(String(actual ?? ''));
    case 'not in':
      return !members(filter, expected).has(String(actual ?? ''));
    case 'is':
      return expected === 'set' ? actual !== null && actual !== '' : actual === null || actual === '';
    case 'between': {
      const [from, to] = listOf(expected);
      return compareValues(actual, from) >= 0 && compareValues(actual, to) <= 0;
    }
    default:
      return false;
  }
}

/** Rows of a child table that satisfy every condition on that table (the join's rows). */
export function matchingChildren(children: readonly Doc[], filters: readonly Filter[]): Doc[] {
  return children.filter((child) => filters.every((filter) => test(filter, child[filter.field])));
}
