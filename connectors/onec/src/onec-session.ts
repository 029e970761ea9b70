/** What connect() hands the streams: the bound HTTP client, the source, and per-session catalog caches. */
import type { OneCSourceConfig } from '@crm-bridge/core';
import type { HttpClient } from '@crm-bridge/sync';

/** A resolved catalog row, in the shape a `$expand` of the reference would give. */
export interface CatalogRow {
  Code?: string;
  Description?: string;
  Артикул?: string;
}

export interface OneCSession {
  http: HttpClient;
  source: OneCSourceConfig;
  /** Catalog_Валюты by Ref_Key, loaded whole on first need (a few dozen rows). */
  currencies: Map<string, CatalogRow> | null;
  /** Catalog_Номенклатура rows seen so far, by Ref_Key; filled page by page for the keys orders use. */
  products: Map<string, CatalogRow>;
}

/** A raw 1C record as the OData JSON gives it. */
export type OneCRecord = Record<string, unknown>;
