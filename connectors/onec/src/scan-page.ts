/**
 * One page of a full `$orderby=Ref_Key` scan with `$top`/`$skip`, the only paging 1C offers (5.3).
 * Offsets shift when rows are deleted or added during a scan, so each page re-reads a few rows before
 * its offset and drops everything up to the previous page's last key: up to OVERLAP deletions between
 * two pages lose nothing (a lost id would be tombstoned by reconciliation), additions only repeat rows.
 */
import {
  odataEntityPath,
  odataQuery,
  type PageRequest,
  type PageToken,
  parseODataBody,
} from '@crm-bridge/sync';
import type { OneCRecord, OneCSession } from './onec-session';

const OVERLAP = 16;

export interface ScanOptions {
  entitySet: string;
  /** Server-side filter of the stream (IsFolder, the configured filter); null for none. */
  filter: string | null;
  select?: readonly string[];
}

export interface ScanPage {
  rows: OneCRecord[];
  next: PageToken | null;
  total?: number;
}

interface ScanPosition {
  /** Rows of the scan consumed so far: where the next page starts. */
  skip: number;
  /** Ref_Key of the last row handed out, to find our place again in the overlap. */
  last: string | null;
}

/** Reads one page of a key-ordered scan; safe to call again with the same request. */
export async function readScanPage(
  session: OneCSession,
  options: ScanOptions,
  request: PageRequest,
): Promise<ScanPage> {
  const position = parsePosition(request.token);
  const overlap =
    position.last === null ? 0 : Math.min(OVERLAP, Math.floor(request.pageSize / 4), position.skip);
  const skip = position.skip - overlap;
  const top = request.pageSize + overlap;
  const response = await session.http.request({
    url: odataEntityPath(options.entitySet),
    // Without $format=json 1C answers Atom XML (5.2); the total is asked once, on the first page.
    params: odataQuery({
      format: 'json',
      ...(options.select === undefined ? {} : { select: options.select }),
      ...(options.filter === null ? {} : { filter: options.filter }),
      orderby: 'Ref_Key',
      top,
      skip,
      count: request.token === null,
    }),
    signal: request.signal,
  });
  const body = parseODataBody<OneCRecord>(response.data);
  const all = body.records;
  const seenUpTo = position.last === null ? -1 : all.findIndex((row) => row.Ref_Key === position.last);
  // Folders of hierarchical catalogs are groups, not customers: skipped even where no filter could say so.
  const rows = all.slice(seenUpTo + 1).filter((row) => row.IsFolder !== true);
  const lastRow = all[all.length - 1];
  const next: PageToken | null =
    all.length < top || lastRow === undefined
      ? null
      : { skip: skip + all.length, last: typeof lastRow.Ref_Key === 'string' ? lastRow.Ref_Key : null };
  return body.count === undefined ? { rows, next } : { rows, next, total: body.count };
}

function parsePosition(token: PageToken | null): ScanPosition {
  if (token !== null && typeof token === 'object' && !Array.isArray(token)) {
    const skip = typeof token.skip === 'number' && token.skip >= 0 ? token.skip : 0;
    return { skip, last: typeof token.last === 'string' ? token.last : null };
  }
  return { skip: 0, last: null };
}
