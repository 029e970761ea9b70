/**
 * `frappe.client.get_list` over the sandbox's DocTypes: validates fields and filters as db_query does,
 * joins child tables named in fields or 4-tuple filters, orders, and applies limit_start / limit_page_length
 * (default 20, 0 = all). The common read — `modified >= T` ordered by (modified, name) — streams from the
 * Dataset in time order and renders only the rows it answers with, so big reads stay cheap.
 */
import type { DatasetRow } from '@crm-bridge/sync/testing';
import type { ChildDoctype, ParentDoctype } from './doctypes';
import { dataError, notFound, permissionError, validationError } from './frappe-error';
import {
  compareValues,
  type FieldRef,
  type Filter,
  matchingChildren,
  type OrderKey,
  parseFields,
  parseFilters,
  parseOrderBy,
  test,
} from './frappe-filters';
import type { Doc } from './render-parties';
import type { SiteClock } from './site-clock';

/** A DocType served from a small in-memory list (Deleted Document). */
export interface ListedDoctype {
  name: string;
  columns: ReadonlySet<string>;
  defaultOrder: OrderKey[];
  docs(): Doc[];
}

export interface Site {
  parents: Map<string, ParentDoctype>;
  children: Map<string, ChildDoctype>;
  listed: Map<string, ListedDoctype>;
  clock: SiteClock;
}

export type ListArgs = Record<string, unknown> & { doctype: string };

/** A candidate row: the document, its child tables, and the true modified (a malformed one renders garbage). */
interface Candidate {
  doc: Doc;
  children: Record<string, Doc[]>;
  modifiedMicros: number | null;
}

const DATETIMES = new Set(['modified', 'creation']);

function integer(value: unknown, fallback: number, what: string): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw validationError(`${what} must be a whole number`);
  return number;
}

export function listDocs(site: Site, args: ListArgs): Doc[] {
  const start = integer(args.limit_start ?? args.start, 0, 'limit_start');
  const length = integer(args.limit_page_length ?? args.limit ?? args.page_length, 20, 'limit_page_length');
  const parent = site.parents.get(args.doctype);
  const child = site.children.get(args.doctype);
  const listed = site.listed.get(args.doctype);
  if (!parent && !child && !listed) throw notFound(`DocType ${args.doctype} not found`);
  if (child && (typeof args.parent !== 'string' || !(args.parent in child.parents))) {
    // v14+: a child table is listed only through its parent's permissions.
    throw permissionError(`Insufficient Permission for ${args.doctype}`);
  }
  const columns = (parent ?? child ?? listed)!.columns;
  const tables: Record<string, string> = parent ? parent.tables : {};
  const childColumns = (table: string) => site.children.get(table)?.columns;
  const check = (ref: { child: string | null; field: string }) => {
    const allowed =
      ref.child === null
        ? columns
        : Object.values(tables).includes(ref.child)
          ? childColumns(ref.child)
          : undefined;
    if (!allowed?.has(ref.field))
      throw dataError(`Field not permitted in query: ${ref.child ? `${ref.child}.` : ''}${ref.field}`);
  };
  const fieldsArg = parseFields(args.fields);
  const fields: FieldRef[] =
    fieldsArg === '*' ? [...columns].map((field) => ({ child: null, field, key: field })) : fieldsArg;
  const filters = parseFilters(args.filters, args.doctype);
  const orFilters = parseFilters(args.or_filters, args.doctype, 'or_filters');
  for (const ref of [...fields, ...filters, ...orFilters]) check(ref);
  const fallbackOrder = parent?.defaultOrder ?? listed?.defaultOrder ?? [{ field: 'idx', desc: false }];
  const order = parseOrderBy(args.order_by, fallbackOrder);
  for (const key of order) check({ child: null, field: key.field });

  const joined = [
    ...new Set([...fields, ...filters].filter((ref) => ref.child !== null).map((ref) => ref.child!)),
  ];
  if (joined.length > 1) throw validationError('The sandbox joins one child table per query');
  const joinTable = joined[0] ?? null;
  const joinField =
    joinTable === null ? null : Object.entries(tables).find(([, doctype]) => doctype === joinTable)![0];

  const micros = (value: unknown) => (typeof value === 'string' ? site.clock.parseMicros(value) : null);
  const actual = (candidate: Candidate, field: string): unknown =>
    field === 'modified' && candidate.modifiedMicros !== null
      ? candidate.modifiedMicros
      : DATETIMES.has(field)
        ? (micros(candidate.doc[field]) ?? candidate.doc[field])
        : candidate.doc[field];
  const holds = (candidate: Candidate, filter: Filter) =>
    test(
      filter,
      actual(candidate, filter.field),
      DATETIMES.has(filter.field) ? (micros(filter.value) ?? filter.value) : filter.value,
    );
  const own = filters.filter((filter) => filter.child === null);
  const onChild = filters.filter((filter) => filter.child !== null);

  /** The answer rows of one candidate: one per joined child row (inner join when filtered, else left join). */
  const rowsOf = (candidate: Candidate): Doc[] => {
    if (!own.every((filter) => holds(candidate, filter))) return [];
    if (
      orFilters.length > 0 &&
      !orFilters.some((filter) => filter.child === null && holds(candidate, filter))
    )
      return [];
    const joinedRows: (Doc | null)[] =
      joinField === null
        ? [null]
        : onChild.length > 0
          ? matchingChildren(candidate.children[joinField] ?? [], onChild)
          : (candidate.children[joinField] ?? []).length > 0
            ? candidate.children[joinField]!
            : [null];
    return joinedRows.map((row) => {
      const out: Doc = {};
      for (const ref of fields)
        out[ref.key] = ref.child === null ? (candidate.doc[ref.field] ?? null) : (row?.[ref.field] ?? null);
      // Kept aside for sorting; removed before answering.
      Object.defineProperty(out, SORT, { value: candidate, enumerable: false });
      return out;
    });
  };
  const take = (rows: Doc[]) => (length === 0 ? rows.slice(start) : rows.slice(start, start + length));
  const keys = [...order, { field: 'name', desc: false }];
  // Sort keys read once per row, not once per comparison.
  const sortRows = (rows: Doc[]) =>
    rows
      .map((row) => ({ row, values: keys.map((key) => actual((row as Sortable)[SORT], key.field)) }))
      .sort((a, b) => {
        for (let i = 0; i < keys.length; i++) {
          const c = compareValues(a.values[i], b.values[i]);
          if (c !== 0) return keys[i]!.desc ? -c : c;
        }
        return 0;
      })
      .map(({ row }) => row);

  if (listed) {
    const candidates = listed.docs().map((doc) => ({ doc, children: {}, modifiedMicros: null }));
    return take(sortRows(candidates.flatMap(rowsOf)));
  }
  if (child) return take(sortRows(childCandidates(site, child, String(args.parent), own).flatMap(rowsOf)));

  const doctype = parent!;
  const candidate = (row: DatasetRow): Candidate | null => {
    const rendered = doctype.render(row);
    return rendered
      ? { doc: rendered.doc, children: rendered.children, modifiedMicros: row.modifiedMs * 1000 }
      : null;
  };
  const few = fastCandidates(doctype, own, onChild);
  if (few !== null) {
    const rows = few.map(candidate).filter((c): c is Candidate => c !== null);
    return take(sortRows(rows.flatMap(rowsOf)));
  }
  const natural =
    order.length >= 1 &&
    order[0]!.field === 'modified' &&
    !order[0]!.desc &&
    (order.length === 1 || (order.length === 2 && order[1]!.field === 'name' && !order[1]!.desc));
  const since = lowerBoundMs(own, micros);
  const out: Doc[] = [];
  let skipped = 0;
  for (const row of timeOrdered(doctype, since)) {
    const c = candidate(row);
    if (c === null) continue;
    for (const answer of rowsOf(c)) {
      if (!natural) out.push(answer);
      else if (skipped < start) skipped += 1;
      else out.push(answer);
    }
    if (natural && length > 0 && out.length >= length) break;
  }
  return natural ? out.slice(0, length === 0 ? undefined : length) : take(sortRows(out));
}

const SORT = Symbol('candidate');
type Sortable = Doc & { [SORT]: Candidate };

/** `name =/in` and Dynamic Link `link_name =/in` pick rows directly instead of scanning. */
function fastCandidates(doctype: ParentDoctype, own: Filter[], onChild: Filter[]): DatasetRow[] | null {
  const names = (filter: Filter) =>
    (filter.op === 'in' ? (filter.value as unknown[]) : [filter.value]).map(String);
  const byName = own.find((filter) => filter.field === 'name' && (filter.op === '=' || filter.op === 'in'));
  if (byName) {
    return [...new Set(names(byName))]
      .map((name) => doctype.rowOf(name))
      .filter((row): row is DatasetRow => row !== null);
  }
  const byLink = onChild.find(
    (filter) =>
      filter.child === 'Dynamic Link' &&
      filter.field === 'link_name' &&
      (filter.op === '=' || filter.op === 'in'),
  );
  if (byLink && doctype.linkedTo) return doctype.linkedTo([...new Set(names(byLink))]);
  return null;
}

/** The tightest `modified >= / > / =` bound of the filters, in epoch ms (null: from the start). */
function lowerBoundMs(own: Filter[], micros: (value: unknown) => number | null): number | null {
  let bound: number | null = null;
  for (const filter of own) {
    if (filter.field !== 'modified' || !['>=', '>', '='].includes(filter.op)) continue;
    const at = micros(filter.value);
    if (at === null) continue;
    const ms = Math.floor(at / 1000);
    bound = bound === null ? ms : Math.max(bound, ms);
  }
  return bound;
}

/** Rows in (modified, name) order from `sinceMs`: the Dataset orders by (modified, id), so ties are re-sorted by name. */
function* timeOrdered(doctype: ParentDoctype, sinceMs: number | null): Generator<DatasetRow> {
  let after: { modifiedMs: number; id: number } | undefined;
  let group: DatasetRow[] = [];
  const flush = function* () {
    if (group.length > 1) {
      const named = group.map((row) => ({ row, name: doctype.nameOf(row) }));
      named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const { row } of named) yield row;
    } else if (group.length === 1) yield group[0]!;
    group = [];
  };
  for (;;) {
    const batch = doctype.dataset.range({
      ...(sinceMs === null ? {} : { sinceMs }),
      ...(after ? { after } : {}),
      limit: 256,
    });
    for (const row of batch) {
      if (group.length > 0 && group[0]!.modifiedMs !== row.modifiedMs) yield* flush();
      group.push(row);
    }
    if (batch.length < 256) break;
    const last = batch[batch.length - 1]!;
    after = { modifiedMs: last.modifiedMs, id: last.id };
  }
  yield* flush();
}

/** Child rows of the parents named by a `parent =/in` filter (or of every parent), as candidates. */
function childCandidates(site: Site, child: ChildDoctype, parentName: string, own: Filter[]): Candidate[] {
  const parent = site.parents.get(parentName)!;
  const field = child.parents[parentName]!;
  const byParent = own.find(
    (filter) => filter.field === 'parent' && (filter.op === '=' || filter.op === 'in'),
  );
  const rows = byParent
    ? (byParent.op === 'in' ? (byParent.value as unknown[]) : [byParent.value]).map((name) =>
        parent.rowOf(String(name)),
      )
    : [...timeOrdered(parent, null)];
  const out: Candidate[] = [];
  for (const row of rows) {
    const rendered = row ? parent.render(row) : null;
    for (const doc of rendered?.children[field] ?? []) out.push({ doc, children: {}, modifiedMicros: null });
  }
  return out;
}
