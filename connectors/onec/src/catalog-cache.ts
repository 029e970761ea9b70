/**
 * Orders carry only GUIDs of their currency and products. Rather than `$expand` (which 1C applies only to
 * navigation properties also in `$select`, 5.2), the catalogs are read by key once per session and put on the
 * raw order where a `$expand` would have put them, so map() stays a pure function of the raw record.
 */
import { type ODataQuery, odataEntityPath, odataGuid, odataQuery, parseODataBody } from '@crm-bridge/sync';
import {
  CURRENCIES_SET,
  EXPANDED_CURRENCY,
  EXPANDED_PRODUCT,
  ORDER,
  ORDER_LINE,
  PRODUCTS_SET,
  pick,
} from './field-map';
import type { CatalogRow, OneCRecord, OneCSession } from './onec-session';
import { refKey } from './onec-values';

/** Keys per `$filter=Ref_Key eq … or …` request: keeps the URL well under IIS's 16 KB query limit. */
const KEYS_PER_REQUEST = 40;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Products remembered per session; past this the cache starts over rather than grow without end. */
const MAX_PRODUCTS = 200_000;

/** Returns the orders with `Валюта` and each line's `Номенклатура` filled from the cached catalogs. */
export async function withReferences(
  session: OneCSession,
  orders: OneCRecord[],
  signal: AbortSignal,
): Promise<OneCRecord[]> {
  const currencies = await loadCurrencies(session, signal);
  await loadProducts(session, orders, signal);
  return orders.map((order) => {
    const currencyKey = refKey(pick(order, ORDER.currency));
    const lines = pick(order, ORDER.lines);
    const linesField = ORDER.lines.find((name) => order[name] !== undefined);
    const enriched: OneCRecord = { ...order };
    const currency = currencyKey === null ? undefined : currencies.get(currencyKey);
    if (currency !== undefined) enriched[EXPANDED_CURRENCY] = currency;
    if (linesField !== undefined && Array.isArray(lines)) {
      enriched[linesField] = (lines as OneCRecord[]).map((line) => {
        const key = refKey(line[ORDER_LINE.product]);
        const product = key === null ? undefined : session.products.get(key);
        return product === undefined || product.Description === undefined
          ? line
          : { ...line, [EXPANDED_PRODUCT]: product };
      });
    }
    return enriched;
  });
}

async function loadCurrencies(session: OneCSession, signal: AbortSignal): Promise<Map<string, CatalogRow>> {
  if (session.currencies !== null) return session.currencies;
  const query = { select: ['Ref_Key', 'Code', 'Description'], orderby: 'Ref_Key', top: 1000 };
  const rows = await readRows(session, CURRENCIES_SET, query, signal);
  session.currencies = new Map(rows.map((row) => [String(row.Ref_Key), catalogRow(row)]));
  return session.currencies;
}

async function loadProducts(session: OneCSession, orders: OneCRecord[], signal: AbortSignal): Promise<void> {
  const missing = new Set<string>();
  for (const order of orders) {
    const lines = pick(order, ORDER.lines);
    if (!Array.isArray(lines)) continue;
    for (const line of lines as OneCRecord[]) {
      const key = refKey(line?.[ORDER_LINE.product]);
      // A key that is no GUID cannot be asked for; its line stays unresolved and the order is quarantined.
      if (key !== null && GUID.test(key) && !session.products.has(key)) missing.add(key);
    }
  }
  if (missing.size === 0) return;
  if (session.products.size + missing.size > MAX_PRODUCTS) session.products.clear();
  const keys = [...missing];
  for (let start = 0; start < keys.length; start += KEYS_PER_REQUEST) {
    const chunk = keys.slice(start, start + KEYS_PER_REQUEST);
    const filter = chunk.map((key) => `Ref_Key eq ${odataGuid(key)}`).join(' or ');
    // No $select: Артикул is not in every configuration, and asking for a missing field fails the request.
    const rows = await readRows(session, PRODUCTS_SET, { filter }, signal);
    for (const row of rows) session.products.set(String(row.Ref_Key), catalogRow(row));
    // Keys 1C did not return (deleted products) are remembered as empty so each page does not ask again.
    for (const key of chunk) if (!session.products.has(key)) session.products.set(key, {});
  }
}

async function readRows(
  session: OneCSession,
  set: string,
  query: ODataQuery,
  signal: AbortSignal,
): Promise<OneCRecord[]> {
  const params = odataQuery({ ...query, format: 'json' });
  const response = await session.http.request({ url: odataEntityPath(set), params, signal });
  return parseODataBody<OneCRecord>(response.data).records;
}

function catalogRow(row: OneCRecord): CatalogRow {
  const result: CatalogRow = {};
  if (typeof row.Code === 'string') result.Code = row.Code;
  if (typeof row.Description === 'string') result.Description = row.Description;
  if (typeof row.Артикул === 'string' && row.Артикул !== '') result.Артикул = row.Артикул;
  return result;
}
