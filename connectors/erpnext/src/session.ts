/** What connect() hands every stream: the bound HTTP client, the site time zone and the configured filters. */
import type { ErpNextSourceConfig, Logger, StreamName } from '@crm-bridge/core';
import type { HttpClient } from '@crm-bridge/sync';
import type { FrappeFilter } from './frappe-query';

export interface ErpNextSession {
  http: HttpClient;
  /** The site's System Settings time zone: every `modified` is a naive local time in it. */
  timeZone: string;
  /** Extra filters per stream from crm-bridge.yaml, as Frappe filter lists (AND-ed to ours). */
  filters: Record<StreamName, FrappeFilter[]>;
  log: Logger;
  /** Turned off when `Deleted Document` answers 403: deletions then come from key reconciliation only. */
  readDeletedDocuments: boolean;
}

/** The configured filters as a list: the dict form `{field: value}` or `{field: [op, value]}` is expanded. */
export function streamFilters(source: ErpNextSourceConfig): Record<StreamName, FrappeFilter[]> {
  const one = (stream: StreamName): FrappeFilter[] => {
    const filter = source.streams[stream]?.filter;
    if (filter === undefined) return [];
    if (Array.isArray(filter)) return filter.map((item) => [...item] as FrappeFilter);
    return Object.entries(filter).map(
      ([field, value]): FrappeFilter =>
        Array.isArray(value) && value.length === 2 && typeof value[0] === 'string'
          ? [field, value[0], value[1]]
          : [field, '=', value],
    );
  };
  return { customers: one('customers'), contacts: one('contacts'), orders: one('orders') };
}
