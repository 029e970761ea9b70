import type { CrmError } from '@crm-bridge/core';

/** A non-2xx answer (or a 2xx whose body says it failed), as the error table sees it. */
export interface HttpFailure {
  method: string;
  /** The request URL without query secrets (never credentials). */
  url: string;
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body, or the text when it was not JSON (HTML error pages). */
  body: unknown;
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the source's base URL, or absolute (a next link). */
  url: string;
  params?: Record<string, string | number | boolean | undefined>;
  /** A JSON body. */
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Overrides the source's timeout for this request. */
  timeoutMs?: number;
  /** Values sent in this request's body that must never appear in an error message (a password in a JSON-RPC call). */
  secrets?: string[];
}

export interface HttpResponse<T> {
  status: number;
  /** Names lowercased; a repeated header (set-cookie) joined by "\n". */
  headers: Record<string, string>;
  /** The parsed JSON body; the text when it was not JSON; null when empty. */
  data: T;
  /** The absolute URL requested, to resolve relative links in the body against (may hold the query as sent). */
  url?: string;
}

/**
 * The one HTTP client connectors use, bound to a source: base URL, timeout, rate limit and concurrency,
 * and the connector's error table. A failure is thrown as a CrmError (TransientError, RateLimitedError,
 * SessionExpiredError, ConfigError…); retries and re-login are the engine's, around whole pages.
 */
export interface HttpClient {
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** Sets headers sent with every later request (a session cookie, a bearer token). */
  setDefaultHeaders(headers: Record<string, string>): void;
  /** Maps a failure the connector found itself (an HTTP 200 with an error body) through the same table. */
  failure(failure: HttpFailure): CrmError;
}
