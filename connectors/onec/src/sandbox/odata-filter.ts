/**
 * The `$filter` subset 1C answers (5.2): eq ne gt ge lt le, and or not, parentheses, `substringof`/`startswith`,
 * literals guid'…', datetime'…', '…' (with '' for a quote), true/false/null and numbers. A parse error is 1C's
 * code 14; the AST is kept so the routes can serve key lookups without a scan.
 */

export type FilterNode =
  | { op: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { op: 'not'; operand: FilterNode }
  | { op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; left: FilterNode; right: FilterNode }
  | { op: 'call'; name: string; args: FilterNode[] }
  | { op: 'field'; name: string }
  | { op: 'value'; value: string | number | boolean | null; kind: 'guid' | 'datetime' | 'string' | 'other' };

/** A `$filter` that 1C could not parse: rendered as odata.error code 14. */
export class FilterSyntaxError extends Error {}

const TOKEN =
  /\s*(?:(guid'[0-9a-fA-F-]{36}')|(datetime'[0-9T:.-]+')|('(?:[^']|'')*')|(-?\d+(?:\.\d+)?)|([(),])|([A-Za-z_\u0400-\u04FF][\w\u0400-\u04FF/]*))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) throw new FilterSyntaxError(`unexpected text at ${at}: ${text.slice(at, at + 20)}`);
    tokens.push(match.slice(1).find((group) => group !== undefined)!);
  }
  return tokens;
}

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

/** Parses a `$filter` expression; throws FilterSyntaxError. */
export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string): string => {
    const token = tokens[at];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      throw new FilterSyntaxError(`expected ${expected ?? 'more'} at token ${at}, got ${token ?? 'the end'}`);
    }
    at += 1;
    return token;
  };
  const or = (): FilterNode => {
    let left = and();
    while (peek() === 'or') {
      take();
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): FilterNode => {
    let left = unary();
    while (peek() === 'and') {
      take();
      left = { op: 'and', left, right: unary() };
    }
    return left;
  };
  const unary = (): FilterNode => {
    if (peek() === 'not') {
      take();
      return { op: 'not', operand: unary() };
    }
    const left = primary();
    const op = peek();
    if (op !== undefined && COMPARISONS.has(op)) {
      take();
      return { op: op as 'eq', left, right: primary() };
    }
    return left;
  };
  const primary = (): FilterNode => {
    const token = take();
    if (token === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (token.startsWith("guid'"))
      return { op: 'value', value: token.slice(5, -1).toLowerCase(), kind: 'guid' };
    if (token.startsWith("datetime'")) return { op: 'value', value: token.slice(9, -1), kind: 'datetime' };
    if (token.startsWith("'"))
      return { op: 'value', value: token.slice(1, -1).replace(/''/g, "'"), kind: 'string' };
    if (/^-?\d/.test(token)) return { op: 'value', value: Number(token), kind: 'other' };
    if (token === 'true' || token === 'false') return { op: 'value', value: token === 'true', kind: 'other' };
    if (token === 'null') return { op: 'value', value: null, kind: 'other' };
    if (peek() === '(') {
      take('(');
      const args: FilterNode[] = [];
      while (peek() !== ')') {
        args.push(or());
        if (peek() === ',') take(',');
      }
      take(')');
      return { op: 'call', name: token.toLowerCase(), args };
    }
    return { op: 'field', name: token };
  };
  if (tokens.length === 0) throw new FilterSyntaxError('empty $filter');
  const node = or();
  if (at !== tokens.length) throw new FilterSyntaxError(`unexpected ${tokens[at]} at token ${at}`);
  return node;
}

/** The fields a filter reads, to answer unknown ones as 1C does. */
export function filterFields(node: FilterNode): string[] {
  switch (node.op) {
    case 'field':
      return [node.name];
    case 'value':
      return [];
    case 'not':
      return filterFields(node.operand);
    case 'call':
      return node.args.flatMap(filterFields);
    default:
      return [...filterFields(node.left), ...filterFields(node.right)];
  }
}

/** The keys of a filter that is only `Ref_Key eq guid'…'` joined by `or` (a batch lookup); null otherwise. */
export function keyLookup(node: FilterNode): string[] | null {
  if (node.op === 'or') {
    const left = keyLookup(node.left);
    const right = keyLookup(node.right);
    return left === null || right === null ? null : [...left, ...right];
  }
  if (
    node.op === 'eq' &&
    node.left.op === 'field' &&
    node.left.name === 'Ref_Key' &&
    node.right.op === 'value'
  ) {
    return node.right.kind === 'guid' ? [String(node.right.value)] : null;
  }
  return null;
}

/** Evaluates the filter against one record. */
export function matches(node: FilterNode, row: Record<string, unknown>): boolean {
  return evaluate(node, row) === true;
}

function evaluate(node: FilterNode, row: Record<string, unknown>): unknown {
  switch (node.op) {
    case 'value':
      return node.value;
    case 'field':
      return row[node.name];
    case 'and':
      return evaluate(node.left, row) === true && evaluate(node.right, row) === true;
    case 'or':
      return evaluate(node.left, row) === true || evaluate(node.right, row) === true;
    case 'not':
      return evaluate(node.operand, row) !== true;
    case 'call':
      return call(
        node.name,
        node.args.map((arg) => evaluate(arg, row)),
      );
    default:
      return compare(node.op, evaluate(node.left, row), evaluate(node.right, row));
  }
}

function call(name: string, args: unknown[]): unknown {
  const [a, b] = args.map((arg) => (typeof arg === 'string' ? arg.toLowerCase() : String(arg ?? '')));
  if (name === 'substringof') return (b ?? '').includes(a ?? '');
  if (name === 'startswith') return (a ?? '').startsWith(b ?? '');
  throw new FilterSyntaxError(`unknown function ${name}`);
}

function compare(op: string, left: unknown, right: unknown): boolean {
  const l = typeof left === 'string' ? left.toLowerCase() : left;
  const r = typeof right === 'string' ? right.toLowerCase() : right;
  switch (op) {
    case 'eq':
      return l === r;
    case 'ne':
      return l !== r;
    case 'gt':
      return (l as number) > (r as number);
    case 'ge':
      return (l as number) >= (r as number);
    case 'lt':
      return (l as number) < (r as number);
    default:
      return (l as number) <= (r as number);
  }
}
