/**
 * A fake Slack for tests, on 127.0.0.1: the Web API (POST /api/<method>, form-urlencoded as web-api 8 sends
 * it, objects as JSON strings, the token in Authorization: Bearer) and response_url endpoints (POST /resp/<n>).
 * It records every call (with the time it arrived), answers like Slack, and can be told to fail the next call
 * of a method (429 with Retry-After, or ok:false with an error code) or to answer a method slowly.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  params: Record<string, unknown>;
  authorization: string | undefined;
  at: number;
}

export interface ResponseUrlCall {
  path: string;
  body: Record<string, unknown>;
  at: number;
}

export type FakeSlackFailure = { status: 429; retryAfter: number } | { error: string };

export interface FakeSlackUser {
  id: string;
  email?: string;
  tz?: string;
  /** Sent only when the call asks with include_locale, as Slack does. */
  locale?: string;
  deleted?: boolean;
}

/** JSON fields web-api serialises as strings in a form body. */
const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return params;
}

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly responses: ResponseUrlCall[] = [];
  readonly users = new Map<string, FakeSlackUser>();
  private readonly failures = new Map<string, FakeSlackFailure[]>();
  private readonly delays = new Map<string, number>();
  private server: Server | undefined;
  private tsCounter = 0;
  private viewCounter = 0;
  url = '';

  /** Starts listening on a free loopback port. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.answer(req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        },
        (error: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(error.message);
        },
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The Web API base to give the app (slackApiUrl). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url on this server. */
  responseUrl(id: string | number): string {
    return `${this.url}/resp/${id}`;
  }

  /** The next call(s) of `method` fail like this, in order. */
  failNext(method: string, ...failures: FakeSlackFailure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  /** Every call of `method` is answered only after `ms` (recorded when it arrives). */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.failures.clear();
    this.delays.clear();
    this.viewCounter = 0;
  }

  /** Waits until `check` returns a value (not undefined/false), polling; fails after `timeoutMs`. */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > until) throw new Error('FakeSlack.waitFor: timed out');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async answer(
    req: IncomingMessage,
  ): Promise<{ status: number; headers?: Record<string, string>; body: unknown }> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/resp/')) {
      this.responses.push({ path, body: JSON.parse(raw || '{}') as Record<string, unknown>, at: Date.now() });
      return { status: 200, body: { ok: true } };
    }
    const method = path.replace(/^\/api\//, '');
    const params = parseParams(raw, req.headers['content-type']);
    this.calls.push({ method, params, authorization: req.headers.authorization, at: Date.now() });
    const delayMs = this.delays.get(method);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const failure = this.failures.get(method)?.shift();
    if (failure && 'status' in failure) {
      return {
        status: 429,
        headers: { 'retry-after': String(failure.retryAfter) },
        body: { ok: false, error: 'ratelimited' },
      };
    }
    if (failure) return { status: 200, body: { ok: false, error: failure.error } };
    return { status: 200, body: this.result(method, params) };
  }

  private result(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
      case 'chat.postMessage': {
        this.tsCounter += 1;
        const channel = String(params.channel);
        return {
          ok: true,
          channel: channel.startsWith('U') ? `D${channel.slice(1)}` : channel,
          ts: `1700000000.${String(this.tsCounter).padStart(6, '0')}`,
        };
      }
      case 'chat.update':
        return { ok: true, channel: params.channel, ts: params.ts };
      case 'chat.getPermalink':
        return {
          ok: true,
          permalink: `https://acme.slack.com/archives/${params.channel}/p${String(params.message_ts).replace('.', '')}`,
        };
      case 'views.open':
      case 'views.update':
      case 'views.publish': {
        this.viewCounter += 1;
        const id = typeof params.view_id === 'string' ? params.view_id : `V${this.viewCounter}`;
        return { ok: true, view: { ...(params.view as object), id, hash: `h${this.viewCounter}` } };
      }
      case 'users.info': {
        const user = this.users.get(String(params.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            deleted: user.deleted ?? false,
            is_bot: false,
            tz: user.tz,
            ...(user.locale && params.include_locale === 'true' ? { locale: user.locale } : {}),
            profile: { email: user.email },
          },
        };
      }
      default:
        return { ok: true };
    }
  }
}
