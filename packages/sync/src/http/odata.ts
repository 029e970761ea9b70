/** OData pieces shared by the 1C connector now and Business Central / SAP B1 later: literals, queries, pages. */
import { CrmError } from '@crm-bridge/core';
import type { Page } from '../kit/connector';
import { HttpErrorCode } from './default-errors';
import type { HttpClient } from './http-client';
import { bodyExcerpt } from './redact';

export type ODataVersion = 3 | 4;

function invalidLiteral(kind: string, value: string): CrmError {
  return new CrmError('sync.odata_literal', `Not a valid OData ${kind}: ${JSON.stringify(value)}`, 'none');
}

/** A string literal: `'O''Brien'` (a quote is doubled). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID literal: `guid'…'` in v3 (1C, SAP B1), bare in v4 (Business Central). */
export function odataGuid(value: string, version: ODataVersion = 3): string {
  if (!GUID.test(value)) throw invalidLiteral('GUID', value);
  return version === 3 ? `guid'${value}'` : value;
}

const NAIVE_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/;
const OFFSET_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A date-time literal. v3 (1C): `datetime'2024-05-01T10:00:00'` from a naive local time — convert to the
 * ERP's zone first. v4: a bare DateTimeOffset, which must carry `Z` or an offset.
 */
export function odataDateTime(value: string, version: ODataVersion = 3): string {
  if (version === 3) {
    if (!NAIVE_DATETIME.test(value)) throw invalidLiteral('v3 datetime (naive, no offset)', value);
    return `datetime'${value}'`;
  }
  if (!OFFSET_DATETIME.test(value)) throw invalidLiteral('v4 DateTimeOffset (with Z or an offset)', value);
  return value;
}

/** A path segment for an entity set, percent-encoded (`Catalog_Контрагенты`), with an optional key literal. */
export function odataEntityPath(entitySet: string, key?: string): string {
  const segment = encodeURIComponent(entitySet);
  return key === undefined ? segment : `${segment}(${encodeURIComponent(key)})`;
}

export interface ODataQuery {
  filter?: string;
  select?: readonly string[];
  orderby?: string | readonly string[];
  expand?: string | readonly string[];
  top?: number;
  skip?: number;
  /** Ask for the total: `$inlinecount=allpages` (v3) or `$count=true` (v4). */
  count?: boolean;
  /** @defaultValue 3 */
  version?: ODataVersion;
  /** `json` for 1C, which answers Atom XML without it; omit for v4 servers. */
  format?: string;
}

/** The system query options as HttpRequest params, in a fixed order; the client encodes them (`%20`, never `+`). */
export function odataQuery(query: ODataQuery): Record<string, string> {
  const list = (value: string | readonly string[]) => (typeof value === 'string' ? value : value.join(','));
  const params: Record<string, string> = {};
  if (query.filter !== undefined) params.$filter = query.filter;
  if (query.select !== undefined) params.$select = list(query.select);
  if (query.orderby !== undefined) params.$orderby = list(query.orderby);
  if (query.expand !== undefined) params.$expand = list(query.expand);
  if (query.top !== undefined) params.$top = String(query.top);
  if (query.skip !== undefined && query.skip > 0) params.$skip = String(query.skip);
  if (query.count === true) {
    if ((query.version ?? 3) === 3) params.$inlinecount = 'allpages';
    else params.$count = 'true';
  }
  if (query.format !== undefined) params.$format = query.format;
  return params;
}

export interface ODataPageBody<T> {
  records: T[];
  /** As the server wrote it: absolute or relative to the request URL. */
  nextLink: string | null;
  count: number | undefined;
}

/**
 * Reads a collection answer: v4 (`value`, `@odata.nextLink`, `@odata.count`), v3 JSON light (`value`,
 * `odata.nextLink`, `odata.count`) and v2/v3 verbose (`d.results`, `d.__next`, `d.__count`).
 */
export function parseODataBody<T = unknown>(body: unknown): ODataPageBody<T> {
  const root = isObject(body) && isObject(body.d) ? body.d : body;
  const records = isObject(root) ? (root.value ?? root.results) : undefined;
  if (!isObject(root) || !Array.isArray(records)) {
    throw new CrmError(
      HttpErrorCode.badResponse,
      `Expected an OData JSON collection with a "value" array (1C needs $format=json); got: ${bodyExcerpt(body)}`,
      'none',
    );
  }
  const nextLink = root['@odata.nextLink'] ?? root['odata.nextLink'] ?? root.__next;
  const count = root['@odata.count'] ?? root['odata.count'] ?? root.__count;
  return {
    records: records as T[],
    nextLink: typeof nextLink === 'string' && nextLink !== '' ? nextLink : null,
    count: count === undefined || count === null || Number.isNaN(Number(count)) ? undefined : Number(count),
  };
}

/** Where the next OData page starts: the server's next link, or our own `$skip`. */
export type ODataPageToken = { nextLink: string } | { skip: number };

export interface ODataPageRequest {
  /** The entity set path relative to the service root (the source URL), e.g. `odataEntityPath(set)`. */
  path: string;
  /** Options of every page; `top` and `skip` are set here from pageSize and the token. */
  query: Omit<ODataQuery, 'top' | 'skip'>;
  pageSize: number;
  token: ODataPageToken | null;
  signal?: AbortSignal;
}

/**
 * Reads one page. The server's next link is followed when it gives one (resolved against the request URL);
 * otherwise pages go on by `$skip` until an empty page, since a short page is not proof of the end (servers
 * cap `$top` silently). A page read from a next link without a new one is the last.
 */
export async function readODataPage<T = unknown>(
  http: HttpClient,
  request: ODataPageRequest,
): Promise<Page<T>> {
  const fromLink = request.token !== null && 'nextLink' in request.token ? request.token.nextLink : undefined;
  const skip = request.token !== null && 'skip' in request.token ? request.token.skip : 0;
  const response = await http.request<unknown>({
    url: fromLink ?? request.path,
    ...(fromLink === undefined
      ? { params: odataQuery({ ...request.query, top: request.pageSize, skip }) }
      : {}),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  const body = parseODataBody<T>(response.data);
  let next: ODataPageToken | null = null;
  if (body.nextLink !== null) {
    next = {
      nextLink: response.url === undefined ? body.nextLink : new URL(body.nextLink, response.url).href,
    };
  } else if (fromLink === undefined && body.records.length > 0) {
    next = { skip: skip + body.records.length };
  }
  return { records: body.records, next, ...(body.count === undefined ? {} : { total: body.count }) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
