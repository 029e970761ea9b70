import type { HttpClient } from '@crm-bridge/sync';
import { definedOnly, type OdooOrm, READ_CONTEXT } from './odoo-orm';
import type { OdooRecord } from './odoo-values';

export interface Json2Login {
  database: string;
  apiKey: string;
}

/** POST /json/2/<model>/<method> with named params and a bearer key; the answer is the bare value (1.1 C). */
export async function callJson2<T>(
  http: HttpClient,
  login: Json2Login,
  target: { model: string; method: string; body: object },
  signal?: AbortSignal,
): Promise<T> {
  const response = await http.request<T>({
    method: 'POST',
    url: `/json/2/${target.model}/${target.method}`,
    headers: {
      Authorization: `bearer ${login.apiKey}`,
      // Only needed when several databases share a host, harmless otherwise.
      'X-Odoo-Database': login.database,
      'User-Agent': 'crm-bridge',
    },
    json: target.body,
    secrets: [login.apiKey],
    signal,
  });
  return response.data;
}

/** The ORM over the JSON-2 API (Odoo ≥ 19). */
export function createJson2Orm(http: HttpClient, login: Json2Login): OdooOrm {
  const call = <T>(model: string, method: string, body: object, signal?: AbortSignal) =>
    callJson2<T>(http, login, { model, method, body }, signal);
  return {
    api: 'json2',
    searchRead: (model, p, signal) =>
      call<OdooRecord[]>(
        model,
        'search_read',
        definedOnly({
          domain: p.domain,
          fields: p.fields,
          offset: p.offset,
          limit: p.limit,
          order: p.order,
          context: READ_CONTEXT,
        }),
        signal,
      ),
    search: (model, p, signal) =>
      call<number[]>(
        model,
        'search',
        definedOnly({
          domain: p.domain,
          offset: p.offset,
          limit: p.limit,
          order: p.order,
          context: READ_CONTEXT,
        }),
        signal,
      ),
    searchCount: (model, domain, signal) =>
      call<number>(model, 'search_count', { domain, context: READ_CONTEXT }, signal),
    fieldsGet: (model, signal) => call(model, 'fields_get', { attributes: ['type'] }, signal),
  };
}
