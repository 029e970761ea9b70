import type { OdooRecord } from './odoo-values';

/** A prefix-notation domain (1.2): `'&' | '|' | '!'` operators and `[field, operator, value]` leaves. */
export type OdooDomainTerm = '&' | '|' | '!' | readonly [string, string, unknown];
export type OdooDomain = readonly OdooDomainTerm[];

export interface SearchParams {
  domain: OdooDomain;
  offset?: number;
  /** Omitted = every matching record (Odoo reads limit 0 / None as "no limit"). */
  limit?: number;
  order?: string;
}

export interface SearchReadParams extends SearchParams {
  fields: readonly string[];
}

/** The ORM calls a connector needs, the same over /jsonrpc (execute_kw) and JSON-2; archived rows included. */
export interface OdooOrm {
  readonly api: 'jsonrpc' | 'json2';
  searchRead(model: string, params: SearchReadParams, signal?: AbortSignal): Promise<OdooRecord[]>;
  search(model: string, params: SearchParams, signal?: AbortSignal): Promise<number[]>;
  searchCount(model: string, domain: OdooDomain, signal?: AbortSignal): Promise<number>;
  /** Field name → type, for building field lists that exist on this server (1.6). */
  fieldsGet(model: string, signal?: AbortSignal): Promise<Record<string, { type: string }>>;
}

/** `active_test: false`: without it Odoo silently leaves archived partners out (1.2). */
export const READ_CONTEXT = { active_test: false } as const;

/** Keyword arguments without the undefined ones, so request bodies pin exactly what is sent. */
export function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
