import http from 'node:http';
import https from 'node:https';
import { ConfigError, type CrmError, type Logger } from '@crm-bridge/core';
import axios, { type AxiosResponse } from 'axios';
import type { ErrorTable } from '../kit/connector';
import { mapFailure, timeoutError, transportError } from './default-errors';
import type { HttpClient, HttpFailure, HttpRequest, HttpResponse } from './http-client';
import { RateLimiter } from './rate-limiter';
import { isSecretName, redactText, safeUrl } from './redact';
import { parseBaseUrl, resolveRequestUrl } from './request-url';
import { Semaphore } from './semaphore';

export interface HttpClientOptions {
  /** The source's base URL; relative request URLs are appended to its path. */
  baseUrl: string;
  /** Deadline of one request, from sending to the last body byte (the rate-limit wait is not counted). */
  timeoutMs: number;
  requestsPerSecond: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** The connector's error table, tried before the defaults. */
  errors: ErrorTable;
  /** HTTP basic auth, encoded as UTF-8 (1C logins are often Cyrillic). */
  auth?: { username: string; password: string };
  /** @defaultValue 'crm-bridge' */
  userAgent?: string;
  /** Tokens the rate limiter may save up while idle. @defaultValue 1 */
  burst?: number;
  /** Values to keep out of every error message besides the ones the client knows (auth, secret headers). */
  secrets?: string[];
  /** Gets one debug line per request: method, safe URL, status, duration. Never headers or bodies. */
  log?: Pick<Logger, 'debug'>;
}

/** An HttpClient that owns keep-alive sockets. */
export interface ClosableHttpClient extends HttpClient {
  /** Destroys the idle keep-alive sockets. */
  close(): void;
}

/** Builds the axios-backed HttpClient for one source (see HttpClient for the contract). */
export function createHttpClient(options: HttpClientOptions): ClosableHttpClient {
  return new AxiosHttpClient(options);
}

const TIMED_OUT = Symbol('timed out');

class AxiosHttpClient implements ClosableHttpClient {
  private readonly base: URL;
  private readonly headers: Record<string, string>;
  private readonly secrets = new Set<string>();
  private readonly limiter: RateLimiter;
  private readonly slots: Semaphore;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly axios: ReturnType<typeof axios.create>;

  constructor(private readonly options: HttpClientOptions) {
    this.base = parseBaseUrl(options.baseUrl);
    this.headers = { accept: 'application/json', 'user-agent': options.userAgent ?? 'crm-bridge' };
    if (options.auth !== undefined) this.headers.authorization = basicAuthorization(options.auth);
    for (const secret of options.secrets ?? []) this.secrets.add(secret);
    if (options.auth !== undefined) this.secrets.add(options.auth.password);
    this.rememberHeaderSecrets(this.headers);
    this.limiter = new RateLimiter({
      requestsPerSecond: options.requestsPerSecond,
      burst: options.burst ?? 1,
    });
    this.slots = new Semaphore(options.concurrency);
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: options.concurrency });
    this.axios = axios.create({
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      // Statuses are mapped here, through the connector's table; redirects would resend credentials.
      validateStatus: () => true,
      maxRedirects: 0,
      // Parsed below: JSON when it is JSON, else the text, so an HTML error page is kept as it came.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      transformRequest: [(data: unknown) => data],
    });
  }

  async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    const method = request.method ?? 'GET';
    const url = resolveRequestUrl(this.base, request).href;
    const secrets = this.requestSecrets(request, url);
    const { signal } = request;
    const release = await this.slots.acquire(signal);
    try {
      await this.limiter.take(signal);
      const response = await this.send(method, url, request, secrets);
      const headers = flattenHeaders(response.headers);
      if (response.status >= 200 && response.status <= 299) {
        return { status: response.status, headers, data: parseBody(response.data) as T, url };
      }
      throw this.mapWith(
        { method, url: safeUrl(url), status: response.status, headers, body: parseBody(response.data) },
        secrets,
      );
    } finally {
      release();
    }
  }

  setDefaultHeaders(headers: Record<string, string>): void {
    for (const [name, value] of Object.entries(headers)) this.headers[name.toLowerCase()] = value;
    this.rememberHeaderSecrets(headers);
  }

  failure(failure: HttpFailure): CrmError {
    return this.mapWith({ ...failure, url: safeUrl(failure.url) }, this.secrets);
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private async send(
    method: string,
    url: string,
    request: HttpRequest,
    secrets: Set<string>,
  ): Promise<AxiosResponse<string>> {
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const controller = new AbortController();
    const onAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
    const headers: Record<string, string> = { ...this.headers };
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
    if (request.json !== undefined) headers['content-type'] = 'application/json';
    const started = Date.now();
    try {
      const response = await this.axios.request<string>({
        method,
        url,
        headers,
        data: request.json === undefined ? undefined : JSON.stringify(request.json),
        signal: controller.signal,
      });
      this.options.log?.debug(
        { method, url: safeUrl(url), status: response.status, durationMs: Date.now() - started },
        'http',
      );
      return response;
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      const redact = (text: string) => redactText(text, secrets);
      const failure =
        controller.signal.reason === TIMED_OUT
          ? timeoutError(method, safeUrl(url), timeoutMs)
          : transportError(method, safeUrl(url), error, redact);
      this.options.log?.debug(
        { method, url: safeUrl(url), code: failure.code, durationMs: Date.now() - started },
        'http',
      );
      throw failure;
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Maps through the tables, then scrubs the message: a connector's rule may quote a body that echoes a secret. */
  private mapWith(failure: HttpFailure, secrets: Set<string>): CrmError {
    const error = mapFailure(failure, this.options.errors);
    error.message = redactText(error.message, secrets);
    return error;
  }

  private requestSecrets(request: HttpRequest, url: string): Set<string> {
    const secrets = new Set(this.secrets);
    for (const secret of request.secrets ?? []) secrets.add(secret);
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (isSecretName(name)) addHeaderSecret(secrets, value);
    }
    for (const [name, value] of new URL(url).searchParams) if (isSecretName(name)) secrets.add(value);
    return secrets;
  }

  private rememberHeaderSecrets(headers: Record<string, string>): void {
    for (const [name, value] of Object.entries(headers))
      if (isSecretName(name)) addHeaderSecret(this.secrets, value);
  }
}

/** `Basic base64(utf8(user:password))` (RFC 7617 charset=UTF-8), written here rather than left to axios or node. */
export function basicAuthorization(auth: { username: string; password: string }): string {
  if (auth.username.includes(':')) {
    throw new ConfigError('The login must not contain ":" (HTTP basic auth cannot carry it)', {
      code: 'sync.bad_login',
    });
  }
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}

/** A header value and its parts (`Bearer x` → x; `a=1; b=2` → 1, 2), so an echo of any of them is redacted. */
function addHeaderSecret(secrets: Set<string>, value: string): void {
  secrets.add(value);
  const scheme = /^(basic|bearer|token)\s+(.+)$/i.exec(value);
  if (scheme?.[2] !== undefined) secrets.add(scheme[2]);
  for (const pair of value.split(';')) {
    const cookieValue = pair.split('=').slice(1).join('=').trim();
    if (cookieValue !== '') secrets.add(cookieValue);
  }
}

/** Header names lowercased; a repeated header (set-cookie) joined by "\n" since cookies contain ", ". */
function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join('\n') : String(value);
  }
  return flat;
}

/** JSON when the text parses as JSON, the text otherwise, null for an empty body. */
function parseBody(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? null;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
