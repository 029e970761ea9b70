import { ConfigError, CrmError, NotFoundError, RateLimitedError, TransientError } from '@crm-bridge/core';
import type { ErrorRule, ErrorTable } from '../kit/connector';
import type { HttpFailure } from './http-client';
import { bodyExcerpt, displayUrl, looksLikeHtml } from './redact';

/** Stable codes of the errors this module raises. */
export const HttpErrorCode = {
  rateLimited: 'sync.rate_limited',
  /** 408, 502–504, a proxy's HTML 500, a dropped connection: retried with the full budget. */
  unavailable: 'sync.http_unavailable',
  /** Any other 5xx from the application itself: retried, but only a few times (withRetry's maxAttemptsByCode). */
  serverError: 'sync.http_server_error',
  timeout: 'sync.http_timeout',
  transport: 'sync.http_transport',
  credentialsRefused: 'sync.credentials_refused',
  permissionDenied: 'sync.permission_denied',
  notFound: 'sync.not_found',
  redirected: 'sync.redirected',
  rejected: 'sync.http_rejected',
  hostNotFound: 'sync.host_not_found',
  tls: 'sync.tls_failed',
  badResponse: 'sync.bad_response',
  failed: 'sync.http_failed',
} as const;

/** "GET https://erp/odata/Catalog_Контрагенты answered 502: Bad Gateway nginx" — secret-free. */
export function describeFailure(failure: HttpFailure): string {
  const excerpt = bodyExcerpt(failure.body);
  return `${failure.method} ${displayUrl(failure.url)} answered ${failure.status}${excerpt === '' ? '' : `: ${excerpt}`}`;
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function details(failure: HttpFailure): Record<string, unknown> {
  return { method: failure.method, url: failure.url, status: failure.status };
}

function rule(
  match: (failure: HttpFailure) => boolean,
  raise: (failure: HttpFailure) => CrmError,
): ErrorRule {
  return { match, raise };
}

const is =
  (...statuses: number[]) =>
  (failure: HttpFailure) =>
    statuses.includes(failure.status);

/** What a status means when the connector's own table has no rule for it (tried after the connector's). */
export const defaultErrorTable: ErrorTable = [
  rule(
    (failure) =>
      failure.status === 429 || (failure.status === 503 && failure.headers['retry-after'] !== undefined),
    (failure) => {
      const retryAfterMs = parseRetryAfter(failure.headers['retry-after']);
      const when = retryAfterMs === undefined ? '' : ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)`;
      return new RateLimitedError(`${describeFailure(failure)} — the ERP asks us to slow down${when}`, {
        code: HttpErrorCode.rateLimited,
        details: details(failure),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    },
  ),
  rule(
    (failure) =>
      [408, 502, 503, 504].includes(failure.status) ||
      (failure.status === 500 && typeof failure.body === 'string' && looksLikeHtml(failure.body)),
    (failure) =>
      new TransientError(`${describeFailure(failure)} — the ERP or a proxy in front of it is unavailable`, {
        code: HttpErrorCode.unavailable,
        details: details(failure),
      }),
  ),
  rule(
    (failure) =>
      failure.status >= 500 && failure.status <= 599 && failure.status !== 501 && failure.status !== 505,
    (failure) =>
      new TransientError(`${describeFailure(failure)} — the ERP failed on this request`, {
        code: HttpErrorCode.serverError,
        details: details(failure),
      }),
  ),
  rule(
    is(401),
    (failure) =>
      new ConfigError(
        `${describeFailure(failure)} — the ERP refused the credentials; check the source's login and password or API key`,
        { code: HttpErrorCode.credentialsRefused, details: details(failure) },
      ),
  ),
  rule(
    is(403),
    (failure) =>
      new ConfigError(
        `${describeFailure(failure)} — the integration user is not allowed to read this; grant it access in the ERP`,
        { code: HttpErrorCode.permissionDenied, details: details(failure) },
      ),
  ),
  rule(
    is(404),
    (failure) =>
      new NotFoundError(`${describeFailure(failure)} — check the source url and the entity or model name`, {
        code: HttpErrorCode.notFound,
        details: details(failure),
      }),
  ),
  rule(
    (failure) => failure.status >= 300 && failure.status <= 399,
    (failure) => {
      const location = failure.headers.location;
      const to = location === undefined ? '' : ` to ${displayUrl(location)}`;
      return new ConfigError(
        `${describeFailure(failure)} — redirected${to}; set the source url to the final address`,
        { code: HttpErrorCode.redirected, details: details(failure) },
      );
    },
  ),
  rule(
    (failure) => failure.status >= 400 && failure.status <= 499,
    (failure) =>
      new ConfigError(
        `${describeFailure(failure)} — the ERP rejected the request: an option in the source config it does not support, or a connector bug`,
        { code: HttpErrorCode.rejected, details: details(failure) },
      ),
  ),
  rule(
    (failure) => failure.status >= 200 && failure.status <= 299,
    (failure) =>
      new CrmError(
        HttpErrorCode.badResponse,
        `${describeFailure(failure)} — an answer the connector cannot use`,
        'none',
        {
          details: details(failure),
        },
      ),
  ),
];

/** Maps a failure through the connector's table, then the defaults; the first matching rule wins. */
export function mapFailure(failure: HttpFailure, table: ErrorTable): CrmError {
  for (const entry of [...table, ...defaultErrorTable]) {
    if (entry.match(failure)) return entry.raise(failure);
  }
  return new CrmError(HttpErrorCode.failed, describeFailure(failure), 'none', { details: details(failure) });
}

const CONFIG_TRANSPORT_CODES: Record<string, string> = {
  ENOTFOUND: HttpErrorCode.hostNotFound,
  CERT_HAS_EXPIRED: HttpErrorCode.tls,
  DEPTH_ZERO_SELF_SIGNED_CERT: HttpErrorCode.tls,
  SELF_SIGNED_CERT_IN_CHAIN: HttpErrorCode.tls,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: HttpErrorCode.tls,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: HttpErrorCode.tls,
  ERR_TLS_CERT_ALTNAME_INVALID: HttpErrorCode.tls,
};

/**
 * A request that got no HTTP answer. A wrong host name or a bad certificate is config; anything else
 * (reset, refused, hang-up, DNS hiccup) passes. `cause` is a plain copy: an axios error holds the request
 * config, headers and credentials included.
 */
export function transportError(
  method: string,
  url: string,
  error: unknown,
  redact: (text: string) => string,
): CrmError {
  const source = (error ?? {}) as { message?: unknown; code?: unknown; name?: unknown };
  const code = typeof source.code === 'string' ? source.code : undefined;
  const reason = redact(typeof source.message === 'string' ? source.message : String(error));
  const cause = Object.assign(new Error(reason), code === undefined ? {} : { code });
  const where = `${method} ${displayUrl(url)}`;
  const configCode = code === undefined ? undefined : CONFIG_TRANSPORT_CODES[code];
  if (configCode === HttpErrorCode.hostNotFound) {
    return new ConfigError(`${where} failed: host not found (${reason}); check the source url`, {
      code: configCode,
      cause,
    });
  }
  if (configCode !== undefined) {
    return new ConfigError(`${where} failed: the TLS certificate was not accepted (${reason})`, {
      code: configCode,
      cause,
    });
  }
  return new TransientError(
    `${where} failed: ${reason}${code === undefined || reason.includes(code) ? '' : ` (${code})`}`,
    {
      code: HttpErrorCode.transport,
      cause,
    },
  );
}

/** The request took longer than the source's timeout. */
export function timeoutError(method: string, url: string, timeoutMs: number): TransientError {
  return new TransientError(`${method} ${displayUrl(url)} timed out after ${timeoutMs} ms`, {
    code: HttpErrorCode.timeout,
    cause: Object.assign(new Error(`timeout of ${timeoutMs} ms exceeded`), { code: 'ETIMEDOUT' }),
  });
}
