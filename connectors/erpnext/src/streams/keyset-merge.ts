/**
 * The one paging routine of this connector: a keyset read on (modified, name) over one or more DocTypes,
 * merged in time order. Frappe can express the keyset exactly: `filters` [[t, ">=", T]] AND `or_filters`
 * [[t, ">", T], ["name", ">", N]] (db_query ANDs the OR group), so ties on equal timestamps across page
 * boundaries lose nothing and rows modified during the scan move behind the cursor instead of shifting pages.
 * With several sources (Customer + Address events + Deleted Document) a page emits rows up to the earliest
 * "last row" of any full source, so a page's records come out in non-decreasing time and every cursor the
 * engine derives from them is safe to resume from.
 */
import { CrmError } from '@crm-bridge/core';
import type { PageRequest, PageToken } from '@crm-bridge/sync';
import { type FrappeFilter, listResource, type Row } from '../frappe-query';
import type { ErpNextSession } from '../session';
import { normalizeSiteTime, utcToSiteTime } from '../site-time';

export interface MergeSource {
  /** Its key in the page token; its position in the list breaks ties between sources at one instant. */
  id: string;
  doctype: string;
  keyField: 'modified' | 'creation';
  fields: readonly string[];
  filters: readonly FrappeFilter[];
  /** A source the user may be refused (Deleted Document needs System Manager): a 403 reads as empty. */
  optional?: boolean;
}

export interface MergedRow {
  source: string;
  row: Row;
  /** The row's key as a six-digit site-local time; a row with a garbage key carries its predecessor's. */
  key: string;
}

/** Per source: the last emitted valid key, and rows emitted past it without a usable key. */
type SourceState = { t: string | null; n: string | null; skip: number; done: boolean };
type MergeToken = Record<string, SourceState>;

/** Reads one merged page; `next` is null when every source is exhausted. */
export async function readMerged(
  session: ErpNextSession,
  sources: readonly MergeSource[],
  request: PageRequest,
): Promise<{ rows: MergedRow[]; next: PageToken | null }> {
  const size = request.pageSize;
  const previous = (request.token as MergeToken | null) ?? {};
  const since = request.since === null ? null : utcToSiteTime(request.since, session.timeZone);
  const states = sources.map(
    (source): SourceState => previous[source.id] ?? { t: null, n: null, skip: 0, done: false },
  );
  const fetched = await Promise.all(
    sources.map((source, rank) =>
      states[rank]!.done
        ? Promise.resolve([])
        : fetchSource(session, source, states[rank]!, since, size, request),
    ),
  );
  const keyed = fetched.map((rows, rank) => effectiveKeys(rows, sources[rank]!.keyField, states[rank]!.t));

  // The horizon: the smallest (last key, rank) over full pages; nothing beyond it is known to be complete.
  let horizon: { key: string; rank: number } | null = null;
  keyed.forEach((keys, rank) => {
    if (fetched[rank]!.length < size || keys.length === 0) return;
    const key = keys[keys.length - 1]!;
    if (horizon === null || key < horizon.key || (key === horizon.key && rank < horizon.rank)) {
      horizon = { key, rank };
    }
  });
  const limit = horizon as { key: string; rank: number } | null;

  const rows: (MergedRow & { rank: number; position: number })[] = [];
  const nextStates: MergeToken = {};
  sources.forEach((source, rank) => {
    const sourceRows = fetched[rank]!;
    const keys = keyed[rank]!;
    let count = 0;
    while (
      count < sourceRows.length &&
      (limit === null ||
        rank === limit.rank ||
        keys[count]! < limit.key ||
        (keys[count] === limit.key && rank < limit.rank))
    ) {
      rows.push({ source: source.id, row: sourceRows[count]!, key: keys[count]!, rank, position: count });
      count += 1;
    }
    nextStates[source.id] = advance(states[rank]!, sourceRows, source.keyField, count, size);
  });
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.rank - b.rank || a.position - b.position));
  return {
    rows: rows.map(({ source, row, key }) => ({ source, row, key })),
    next: limit === null ? null : (nextStates as PageToken),
  };
}

async function fetchSource(
  session: ErpNextSession,
  source: MergeSource,
  state: SourceState,
  since: string | null,
  size: number,
  request: PageRequest,
): Promise<Row[]> {
  if (source.optional && !session.readDeletedDocuments) return [];
  const field = source.keyField;
  const filters: FrappeFilter[] = [...source.filters];
  let orFilters: FrappeFilter[] | undefined;
  if (state.t !== null && state.n !== null) {
    filters.push([field, '>=', state.t]);
    orFilters = [
      [field, '>', state.t],
      ['name', '>', state.n],
    ];
  } else if (since !== null) {
    filters.push([field, '>=', since]);
  }
  const table = `\`tab${source.doctype}\``;
  try {
    return await listResource(
      session.http,
      {
        doctype: source.doctype,
        fields: source.fields,
        filters,
        ...(orFilters ? { orFilters } : {}),
        // Qualified: a child-table filter joins `tabDynamic Link`, which has its own modified and name.
        orderBy: `${table}.\`${field}\` asc, ${table}.\`name\` asc`,
        limitStart: state.skip,
        limitPageLength: size,
      },
      request.signal,
    );
  } catch (error) {
    if (source.optional && error instanceof CrmError && error.code === 'erpnext.permission_denied') {
      session.readDeletedDocuments = false;
      session.log.warn(
        { doctype: source.doctype },
        'ERPNext refused to list Deleted Document; deletions will be found by key reconciliation',
      );
      return [];
    }
    throw error;
  }
}

/** Each row's key; a row whose key is unusable (a garbage string) sorts where its predecessor did. */
function effectiveKeys(rows: readonly Row[], field: string, start: string | null): string[] {
  let last = start ?? '';
  return rows.map((row) => {
    const key = typeof row.name === 'string' ? normalizeSiteTime(row[field]) : null;
    if (key !== null) last = key;
    return last;
  });
}

function advance(
  state: SourceState,
  rows: readonly Row[],
  field: string,
  emitted: number,
  size: number,
): SourceState {
  const done = rows.length < size && emitted === rows.length;
  for (let i = emitted - 1; i >= 0; i--) {
    const row = rows[i]!;
    const key = typeof row.name === 'string' ? normalizeSiteTime(row[field]) : null;
    if (key !== null) return { t: key, n: row.name as string, skip: emitted - 1 - i, done };
  }
  return { ...state, skip: state.skip + emitted, done };
}
