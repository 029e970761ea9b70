/** What the three streams share: the Deleted Document source, tombstones, identity, key listing, dedupe. */
import type { Page, PageRequest, RecordIdentity } from '@crm-bridge/sync';
import type { FrappeFilter, Row } from '../frappe-query';
import { text } from '../map-values';
import { DELETED_DOCUMENT_FIELDS, type DeletedRaw, type ErpNextRaw } from '../raw-records';
import type { ErpNextSession } from '../session';
import { siteTimeToUtc } from '../site-time';
import { type MergeSource, readMerged } from './keyset-merge';

/** Hard deletes of one DocType, read by their `creation` (the moment of deletion). */
export function deletedSource(doctype: string): MergeSource {
  return {
    id: 'deleted',
    doctype: 'Deleted Document',
    keyField: 'creation',
    fields: DELETED_DOCUMENT_FIELDS,
    filters: [['deleted_doctype', '=', doctype]],
    optional: true,
  };
}

export function tombstone(row: Row, timeZone: string): DeletedRaw {
  return { type: 'deleted', deleted: row, modifiedAt: siteTimeToUtc(row.creation, timeZone) };
}

/** The deleted document as it was (`data` is its JSON, children included), or null when unreadable. */
export function deletedData(raw: DeletedRaw): Row | null {
  const data = raw.deleted.data;
  if (data !== null && typeof data === 'object') return data as Row;
  if (typeof data !== 'string') return null;
  try {
    const parsed = JSON.parse(data) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Row) : null;
  } catch {
    return null;
  }
}

export function identify(raw: ErpNextRaw): RecordIdentity {
  const row =
    raw.type === 'customer'
      ? raw.customer
      : raw.type === 'contact'
        ? raw.contact
        : raw.type === 'order'
          ? raw.order
          : { name: raw.deleted.deleted_name };
  return { externalId: text(row.name), modifiedAt: raw.modifiedAt };
}

/**
 * One record per id per page, the latest event winning, in the order of those events: a customer whose
 * own row and address both changed, or a join that repeats a contact, must not be written twice.
 */
export function latestPerId<R extends ErpNextRaw>(records: readonly R[]): R[] {
  const latest = new Map<string, R>();
  for (const record of records) {
    const id = identify(record).externalId ?? `\u0000${latest.size}`;
    latest.delete(id);
    latest.set(id, record);
  }
  return [...latest.values()];
}

/**
 * Every name of a DocType, for key reconciliation: the same (modified, name) keyset as the reads (Frappe
 * indexes `modified`), so a row edited during the listing moves ahead of the cursor and is still seen.
 */
export async function listNames(
  session: ErpNextSession,
  doctype: string,
  filters: readonly FrappeFilter[],
  request: PageRequest,
): Promise<Page<string>> {
  const source: MergeSource = {
    id: 'ids',
    doctype,
    keyField: 'modified',
    fields: ['name', 'modified'],
    filters,
  };
  const { rows, next } = await readMerged(session, [source], { ...request, since: null });
  const names = new Set<string>();
  for (const { row } of rows) {
    const name = text(row.name);
    if (name !== null) names.add(name);
  }
  return { records: [...names], next };
}

/** Groups child rows by a field (`parent`, `link_name`). */
export function groupBy(rows: readonly Row[], field: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = text(row[field]);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
