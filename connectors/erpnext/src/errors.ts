/** ERPNext's failures mapped onto our error classes (erp-apis.md 2.5), tried before the engine's defaults. */
import { ConfigError, ConflictError, RateLimitedError, TransientError } from '@crm-bridge/core';
import { type ErrorTable, type HttpFailure, parseRetryAfter } from '@crm-bridge/sync';

/** The `exc_type` Frappe puts on every JSON error body (v13+), when there is one. */
export function excType(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as { exc_type?: unknown }).exc_type;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The human messages of a Frappe error body: `_server_messages` is a JSON string of a list of JSON strings
 * (decoded twice); `message` / `exception` are the fallbacks. HTML tags are dropped.
 */
export function serverMessages(body: unknown): string[] {
  if (body === null || typeof body !== 'object') return [];
  const record = body as { _server_messages?: unknown; message?: unknown; exception?: unknown };
  const messages: string[] = [];
  if (typeof record._server_messages === 'string') {
    for (const item of parseJson(record._server_messages, [] as unknown[])) {
      const inner = typeof item === 'string' ? parseJson<unknown>(item, item) : item;
      const text = typeof inner === 'string' ? inner : (inner as { message?: unknown } | null)?.message;
      if (typeof text === 'string') messages.push(stripTags(text));
    }
  }
  if (messages.length === 0 && typeof record.message === 'string') messages.push(stripTags(record.message));
  if (messages.length === 0 && typeof record.exception === 'string') {
    messages.push(stripTags(record.exception.replace(/^[\w.]+:\s*/, '')));
  }
  return messages;
}

/** "ERPNext answered 417 ValidationError: Field not permitted in query: foo" — no URL query, no secret. */
export function describeFailure(failure: HttpFailure): string {
  const type = excType(failure.body);
  const messages = serverMessages(failure.body);
  const what =
    typeof failure.body === 'string' && /<html|<!doctype/i.test(failure.body) ? 'an HTML error page' : '';
  const tail = messages.length > 0 ? `: ${messages.join('; ').slice(0, 500)}` : what ? ` (${what})` : '';
  return `ERPNext answered ${failure.status}${type ? ` ${type}` : ''} to ${failure.method} ${pathOf(failure.url)}${tail}`;
}

/** Retry-After (seconds or an HTTP date), else X-RateLimit-Reset (seconds to the limiter window's end). */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const retryAfter = parseRetryAfter(headers['retry-after'], now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = Number(headers['x-ratelimit-reset']);
  return headers['x-ratelimit-reset'] !== undefined && Number.isFinite(reset) && reset >= 0
    ? reset * 1000
    : undefined;
}

const details = (failure: HttpFailure) => ({ status: failure.status, excType: excType(failure.body) });

export const erpNextErrors: ErrorTable = [
  {
    // Token auth has no session: 401 is always a wrong or regenerated key/secret.
    match: (f) => f.status === 401,
    raise: (f) =>
      new ConfigError(`${describeFailure(f)}; check credentials.apiKey and credentials.apiSecret`, {
        code: 'erpnext.auth_failed',
        details: details(f),
      }),
  },
  {
    match: (f) => f.status === 403,
    raise: (f) =>
      new ConfigError(`${describeFailure(f)}; give the integration user read access to this DocType`, {
        code: 'erpnext.permission_denied',
        details: details(f),
      }),
  },
  {
    match: (f) => f.status === 400,
    raise: (f) =>
      new ConfigError(`${describeFailure(f)}; the Authorization header was refused`, {
        code: 'erpnext.bad_request',
        details: details(f),
      }),
  },
  {
    // Frappe Cloud redirects suspended sites and wrong hosts (n8n: "check subdomain").
    match: (f) => f.status >= 300 && f.status < 400,
    raise: (f) =>
      new ConfigError(`${describeFailure(f)}; check the site url (suspended or moved site?)`, {
        code: 'erpnext.redirected',
        details: details(f),
      }),
  },
  {
    match: (f) => f.status === 404,
    raise: (f) =>
      new ConfigError(`${describeFailure(f)}; check the site url and that ERPNext is installed`, {
        code: 'erpnext.not_found',
        details: details(f),
      }),
  },
  {
    match: (f) => f.status === 409,
    raise: (f) => new ConflictError(describeFailure(f), { code: 'erpnext.conflict', details: details(f) }),
  },
  {
    // The site limiter: text body, budget in µs of request time, Retry-After on rejection.
    match: (f) => f.status === 429 || (f.status === 417 && excType(f.body) === 'RateLimitExceededError'),
    raise: (f) =>
      new RateLimitedError(describeFailure(f), {
        code: 'erpnext.rate_limited',
        retryAfterMs: retryAfterMs(f.headers),
        details: details(f),
      }),
  },
  {
    // On a read, 417 means our query was refused (unknown field in a configured filter, bad operator).
    match: (f) => f.status === 417,
    raise: (f) =>
      new ConfigError(`${describeFailure(f)}; check the stream filters`, {
        code: 'erpnext.query_refused',
        details: details(f),
      }),
  },
  {
    // 500, 502/504 from the proxy, 503 read-only/maintenance, 508 deadlock: all pass.
    match: (f) => f.status >= 500,
    raise: (f) =>
      new TransientError(describeFailure(f), { code: 'erpnext.server_error', details: details(f) }),
  },
  {
    // A 2xx whose body is not the documented envelope (truncated JSON, a proxy's HTML page).
    match: (f) => f.status >= 200 && f.status < 300,
    raise: (f) =>
      new TransientError(`ERPNext sent an unexpected answer to ${f.method} ${pathOf(f.url)}`, {
        code: 'erpnext.bad_envelope',
        details: { status: f.status },
      }),
  },
];

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function stripTags(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
