import { type HttpClient, jsonRpcCall } from '@crm-bridge/sync';
import { definedOnly, type OdooDomain, type OdooOrm, READ_CONTEXT } from './odoo-orm';
import type { OdooRecord } from './odoo-values';

/** The legacy external API: POST /jsonrpc with a JSON-RPC 2.0 `call` envelope (1.1 A). */
export class JsonRpcChannel {
  #nextId = 1;

  constructor(private readonly http: HttpClient) {}

  /**
   * Calls `service.method(...args)`. An `error` member (always HTTP 200) or a non-JSON-RPC answer goes
   * through the error table; `secret` (sent in args) is kept out of any error message.
   */
  call<T>(
    service: 'common' | 'object',
    method: string,
    args: unknown[],
    options: CallOptions = {},
  ): Promise<T> {
    return jsonRpcCall<T>(this.http, {
      url: '/jsonrpc',
      params: { service, method, args },
      id: this.#nextId++,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.secret === undefined ? {} : { secrets: [options.secret] }),
    });
  }
}

interface CallOptions {
  signal?: AbortSignal | undefined;
  secret?: string | undefined;
}

export interface JsonRpcLogin {
  database: string;
  uid: number;
  /** The password or API key, sent with every call: the legacy API is stateless. */
  secret: string;
}

/** The ORM over `object.execute_kw(db, uid, key, model, method, args, kwargs)`. */
export function createJsonRpcOrm(channel: JsonRpcChannel, login: JsonRpcLogin): OdooOrm {
  const executeKw = <T>(
    model: string,
    method: string,
    args: unknown[],
    kwargs: object,
    signal?: AbortSignal,
  ) =>
    channel.call<T>(
      'object',
      'execute_kw',
      [login.database, login.uid, login.secret, model, method, args, kwargs],
      { signal, secret: login.secret },
    );
  return {
    api: 'jsonrpc',
    searchRead: (model, p, signal) =>
      executeKw<OdooRecord[]>(
        model,
        'search_read',
        [p.domain],
        definedOnly({
          fields: p.fields,
          offset: p.offset,
          limit: p.limit,
          order: p.order,
          context: READ_CONTEXT,
        }),
        signal,
      ),
    search: (model, p, signal) =>
      executeKw<number[]>(
        model,
        'search',
        [p.domain],
        definedOnly({ offset: p.offset, limit: p.limit, order: p.order, context: READ_CONTEXT }),
        signal,
      ),
    searchCount: (model, domain: OdooDomain, signal) =>
      executeKw<number>(model, 'search_count', [domain], { context: READ_CONTEXT }, signal),
    fieldsGet: (model, signal) => executeKw(model, 'fields_get', [], { attributes: ['type'] }, signal),
  };
}
