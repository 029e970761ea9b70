import type { HttpClient, HttpFailure } from './http-client';
import { redactText } from './redact';

/** A JSON-RPC 2.0 error object (Odoo puts the Python exception class in `data.name`). */
export interface JsonRpcError {
  code: number;
  message: string;
  data?: unknown;
}

export interface JsonRpcCall {
  /** Relative to the source's base URL: `/jsonrpc`, `/web/dataset/call_kw`. */
  url: string;
  /** Everything the server needs; Odoo's `/jsonrpc` wants `{ service, method, args }`. */
  params: Record<string, unknown>;
  /** The envelope's method; Odoo ignores it (the path routes). @defaultValue 'call' */
  method?: string;
  /** @defaultValue a per-process counter */
  id?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Values in `params` that must never reach an error message (a password, an API key). */
  secrets?: string[];
}

let lastId = 0;

/**
 * Posts one JSON-RPC 2.0 call and returns its `result`. An HTTP 200 whose body has `error` (or is no JSON-RPC
 * answer at all) is thrown as `http.failure({ status: 200, body })`, the whole envelope as body, so the
 * connector's error table decides what it means.
 */
export async function jsonRpcCall<T = unknown>(http: HttpClient, call: JsonRpcCall): Promise<T> {
  lastId += 1;
  const id = call.id ?? lastId;
  const response = await http.request<unknown>({
    method: 'POST',
    url: call.url,
    json: { jsonrpc: '2.0', method: call.method ?? 'call', params: call.params, id },
    ...(call.signal === undefined ? {} : { signal: call.signal }),
    ...(call.timeoutMs === undefined ? {} : { timeoutMs: call.timeoutMs }),
    ...(call.secrets === undefined ? {} : { secrets: call.secrets }),
  });
  const body = response.data;
  if (isObject(body) && 'result' in body && !('error' in body)) return body.result as T;
  const error = http.failure({
    method: 'POST',
    url: call.url,
    status: response.status,
    headers: response.headers,
    body,
  });
  error.message = redactText(error.message, call.secrets ?? []);
  throw error;
}

/** The JSON-RPC error of a failure, for connector error rules; undefined when the body holds none. */
export function jsonRpcError(failure: HttpFailure): JsonRpcError | undefined {
  const error = isObject(failure.body) ? failure.body.error : undefined;
  if (!isObject(error) || typeof error.message !== 'string') return undefined;
  return {
    code: typeof error.code === 'number' ? error.code : 0,
    message: error.message,
    ...('data' in error ? { data: error.data } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
