import { type OdooException, valueError } from './odoo-exception';

/** A parsed domain: prefix notation turned into a tree, consecutive terms ANDed (1.2). */
export type DomainNode =
  | { kind: 'and' | 'or'; children: DomainNode[] }
  | { kind: 'not'; child: DomainNode }
  | { kind: 'leaf'; field: string; op: string; value: unknown }
  | { kind: 'true' | 'false' };

const OPERATORS = new Set([
  '=',
  '!=',
  '<>',
  '>',
  '>=',
  '<',
  '<=',
  'in',
  'not in',
  'like',
  'ilike',
  'not like',
  'not ilike',
  '=like',
  '=ilike',
]);

/** Parses a domain as Odoo's `normalize_domain` reads it; a malformed one is Odoo's ValueError. */
export function parseDomain(domain: unknown, fields: ReadonlySet<string>, model: string): DomainNode {
  if (!Array.isArray(domain)) throw valueError(`Invalid domain ${JSON.stringify(domain)}`);
  const stack: DomainNode[] = [];
  const bad = (): OdooException =>
    valueError(`Domain ${JSON.stringify(domain)} is syntactically not correct.`);
  for (let i = domain.length - 1; i >= 0; i--) {
    const term: unknown = domain[i];
    if (term === '!') {
      const child = stack.pop();
      if (!child) throw bad();
      stack.push({ kind: 'not', child });
    } else if (term === '&' || term === '|') {
      const a = stack.pop();
      const b = stack.pop();
      if (!a || !b) throw bad();
      stack.push({ kind: term === '&' ? 'and' : 'or', children: [a, b] });
    } else {
      stack.push(parseLeaf(term, fields, model));
    }
  }
  return stack.length === 1 ? stack[0]! : { kind: 'and', children: stack.reverse() };
}

function parseLeaf(term: unknown, fields: ReadonlySet<string>, model: string): DomainNode {
  if (!Array.isArray(term) || term.length !== 3) throw valueError(`Invalid leaf ${JSON.stringify(term)}`);
  const [field, op, value] = term as [unknown, unknown, unknown];
  // TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1).
  if (field === 1 && op === '=' && value === 1) return { kind: 'true' };
  if (field === 0 && op === '=' && value === 1) return { kind: 'false' };
  if (typeof field !== 'string' || typeof op !== 'string')
    throw valueError(`Invalid leaf ${JSON.stringify(term)}`);
  if (!OPERATORS.has(op.toLowerCase()))
    throw valueError(`Invalid leaf ${JSON.stringify(term)}: operator ${op}`);
  // Dotted paths (parent_id.name) are real Odoo; this sandbox does not follow relations.
  if (!fields.has(field)) throw valueError(`Invalid field ${model}.${field} in leaf ${JSON.stringify(term)}`);
  return { kind: 'leaf', field, op: op.toLowerCase() === '<>' ? '!=' : op.toLowerCase(), value };
}

/** Evaluates a parsed domain on one row; `leaf` answers one condition. */
export function matches<R>(
  node: DomainNode,
  row: R,
  leaf: (row: R, field: string, op: string, value: unknown) => boolean,
): boolean {
  switch (node.kind) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'leaf':
      return leaf(row, node.field, node.op, node.value);
    case 'not':
      return !matches(node.child, row, leaf);
    case 'and':
      return node.children.every((child) => matches(child, row, leaf));
    case 'or':
      return node.children.some((child) => matches(child, row, leaf));
  }
}

/** The generic comparison of a rendered value: many2one by id, `false` for empty, like/ilike as SQL. */
export function compareValue(actual: unknown, op: string, operand: unknown): boolean {
  const value =
    Array.isArray(actual) && actual.length === 2 && typeof actual[0] === 'number' ? actual[0] : actual;
  const label = Array.isArray(actual) ? actual[1] : actual;
  switch (op) {
    case '=':
      return operand === false ? isEmpty(value) : value === operand;
    case '!=':
      return operand === false ? !isEmpty(value) : value !== operand;
    case 'in':
      return (
        Array.isArray(operand) && (setOf(operand).has(value) || (isEmpty(value) && setOf(operand).has(false)))
      );
    case 'not in':
      return Array.isArray(operand) && !setOf(operand).has(value);
    case '>':
    case '>=':
    case '<':
    case '<=':
      return ordered(value, op, operand);
    default:
      return likeMatches(label, op, operand);
  }
}

const sets = new WeakMap<unknown[], Set<unknown>>();

/** The operand of `in` as a Set, built once per parsed domain: `order_id in [1000 ids]` is tested per line. */
function setOf(operand: unknown[]): Set<unknown> {
  let set = sets.get(operand);
  if (!set) {
    set = new Set(operand);
    sets.set(operand, set);
  }
  return set;
}

function isEmpty(value: unknown): boolean {
  return (
    value === false || value === null || value === undefined || (Array.isArray(value) && value.length === 0)
  );
}

function ordered(value: unknown, op: string, operand: unknown): boolean {
  if (isEmpty(value) || operand === false) return false; // SQL: NULL compares to nothing
  const a = value as number | string;
  const b = operand as number | string;
  return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
}

function likeMatches(value: unknown, op: string, operand: unknown): boolean {
  const negate = op.startsWith('not ');
  const base = negate ? op.slice(4) : op;
  if (typeof value !== 'string') return negate;
  const pattern = String(operand);
  const insensitive = base.endsWith('ilike');
  const body = base.startsWith('=')
    ? pattern
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.')
    : `.*${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*`;
  const found = new RegExp(`^${body}$`, insensitive ? 'is' : 's').test(value);
  return negate ? !found : found;
}

/** A conservative [lo, hi] (inclusive) on a numeric key a leaf's operand maps into, for choosing a scan. */
export interface Bounds {
  lo: number | null;
  hi: number | null;
}

/** Bounds on `field` implied by the domain (a superset of the rows that can match). */
export function boundsOf(
  node: DomainNode,
  field: string,
  leafBounds: (op: string, value: unknown) => Bounds,
): Bounds {
  const open: Bounds = { lo: null, hi: null };
  switch (node.kind) {
    case 'leaf':
      return node.field === field ? leafBounds(node.op, node.value) : open;
    case 'and':
      return node.children.map((child) => boundsOf(child, field, leafBounds)).reduce(intersect, open);
    case 'or': {
      const all = node.children.map((child) => boundsOf(child, field, leafBounds));
      return all.reduce(hull);
    }
    default:
      return open;
  }
}

const intersect = (a: Bounds, b: Bounds): Bounds => ({
  lo: a.lo === null ? b.lo : b.lo === null ? a.lo : Math.max(a.lo, b.lo),
  hi: a.hi === null ? b.hi : b.hi === null ? a.hi : Math.min(a.hi, b.hi),
});
const hull = (a: Bounds, b: Bounds): Bounds => ({
  lo: a.lo === null || b.lo === null ? null : Math.min(a.lo, b.lo),
  hi: a.hi === null || b.hi === null ? null : Math.max(a.hi, b.hi),
});
