/** The two Frappe list calls the streams use: REST `GET /api/resource/{DocType}` and RPC `frappe.client.get_list`. */
import type { HttpClient } from '@crm-bridge/sync';

/** One Frappe filter: `[field, op, value]` or the child-table form `[doctype, field, op, value]`. */
export type FrappeFilter = [string, string, unknown] | [string, string, string, unknown];

export interface ListQuery {
  doctype: string;
  fields: readonly string[];
  filters?: readonly FrappeFilter[];
  /** OR-ed together, then AND-ed with `filters` (Frappe's db_query). */
  orFilters?: readonly FrappeFilter[];
  /** Always sent: the DocType's default order varies by site and version. */
  orderBy: string;
  limitStart: number;
  /** Always sent: the default is 20; 0 means every row. */
  limitPageLength: number;
  /** The parent DocType; mandatory when listing a child table (v14+). */
  parent?: string;
}

export type Row = Record<string, unknown>;

/** `GET /api/resource/{DocType}` → the rows of `{"data":[...]}`. */
export async function listResource(http: HttpClient, query: ListQuery, signal?: AbortSignal): Promise<Row[]> {
  const params: Record<string, string | number> = {
    fields: JSON.stringify(query.fields),
    filters: JSON.stringify(query.filters ?? []),
    order_by: query.orderBy,
    limit_start: query.limitStart,
    limit_page_length: query.limitPageLength,
  };
  if (query.orFilters !== undefined && query.orFilters.length > 0)
    params.or_filters = JSON.stringify(query.orFilters);
  if (query.parent !== undefined) params.parent = query.parent;
  const url = `/api/resource/${encodeURIComponent(query.doctype)}`;
  const response = await http.request<unknown>({ method: 'GET', url, params, ...(signal ? { signal } : {}) });
  return rowsOf(http, 'GET', url, response, 'data');
}

/**
 * `POST /api/method/frappe.client.get_list` → the rows of `{"message":[...]}`. Used for `name in [...]`
 * lookups: a JSON body has no URL length limit, and the call only reads.
 */
export async function getList(http: HttpClient, query: ListQuery, signal?: AbortSignal): Promise<Row[]> {
  const json: Record<string, unknown> = {
    doctype: query.doctype,
    fields: query.fields,
    filters: query.filters ?? [],
    order_by: query.orderBy,
    limit_start: query.limitStart,
    limit_page_length: query.limitPageLength,
  };
  if (query.orFilters !== undefined && query.orFilters.length > 0) json.or_filters = query.orFilters;
  if (query.parent !== undefined) json.parent = query.parent;
  const url = '/api/method/frappe.client.get_list';
  const response = await http.request<unknown>({ method: 'POST', url, json, ...(signal ? { signal } : {}) });
  return rowsOf(http, 'POST', url, response, 'message');
}

/** `GET /api/method/frappe.auth.get_logged_user` → the user the key belongs to (a cheap credentials check). */
export async function loggedUser(http: HttpClient, signal?: AbortSignal): Promise<string> {
  const url = '/api/method/frappe.auth.get_logged_user';
  const response = await http.request<unknown>({ method: 'GET', url, ...(signal ? { signal } : {}) });
  const message = (response.data as { message?: unknown } | null)?.message;
  if (typeof message !== 'string') {
    throw http.failure({
      method: 'GET',
      url,
      status: response.status,
      headers: response.headers,
      body: response.data,
    });
  }
  return message;
}

/** Rows of an envelope, or the failure mapped through the error table when the body is not that envelope. */
function rowsOf(
  http: HttpClient,
  method: string,
  url: string,
  response: { status: number; headers: Record<string, string>; data: unknown },
  key: 'data' | 'message',
): Row[] {
  const rows = (response.data as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(rows) || !rows.every((row) => row !== null && typeof row === 'object')) {
    throw http.failure({
      method,
      url,
      status: response.status,
      headers: response.headers,
      body: response.data,
    });
  }
  return rows as Row[];
}
