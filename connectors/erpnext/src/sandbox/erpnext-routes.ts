/**
 * The HTTP face of the sandbox site: auth (token, Basic, session cookie), REST v1 (`/api/resource`,
 * `/api/v1/resource`) with `{"data":...}`, RPC `/api/method/...` with `{"message":...}`, Frappe's JSON error
 * bodies, the site rate limiter's headers, and the shared fault plan (5xx HTML, 429, slow, truncated).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  applyFault,
  type Faults,
  readBody,
  type SandboxHandler,
  sendJson,
  sendText,
} from '@crm-bridge/sync/testing';
import { errorBody, FrappeError, notFound, permissionError } from './frappe-error';
import { listDocs, type Site } from './list-query';

export interface SiteAuth {
  apiKey: string;
  apiSecret: string;
  /** The integration user the key belongs to; also the login for password sessions. */
  user: string;
  password: string;
}

/** The site limiter (`rate_limit: {limit, window}` in seconds): budgets request time in µs per fixed window. */
const LIMIT_SECONDS = 3600;
const WINDOW_SECONDS = 3600;

export function createRoutes(site: Site, auth: SiteAuth, faults: Faults): SandboxHandler {
  const sessions = new Set<string>();
  let windowStart = 0;
  let used = 0;
  let sessionCounter = 0;

  const limiterHeaders = (extra: Record<string, string | number> = {}) => {
    const now = Date.now() / 1000;
    if (now - windowStart >= WINDOW_SECONDS) {
      windowStart = Math.floor(now / WINDOW_SECONDS) * WINDOW_SECONDS;
      used = 0;
    }
    return {
      'x-ratelimit-limit': LIMIT_SECONDS * 1_000_000,
      'x-ratelimit-remaining': Math.max(0, LIMIT_SECONDS * 1_000_000 - used),
      'x-ratelimit-reset': Math.ceil(windowStart + WINDOW_SECONDS - now),
      ...extra,
    };
  };

  return async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    res.on('finish', () => {
      used += Math.round((performance.now() - started) * 1000);
    });
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const action = faults.beforeRequest({ method: req.method, url: url.pathname });
    if (action?.kind === 'rate-limit') {
      // Frappe's limiter answers in plain text; Retry-After only on rejection, Reset always.
      const wait = action.retryAfterSeconds ?? 1;
      const headers = limiterHeaders({ 'x-ratelimit-remaining': 0, 'x-ratelimit-reset': wait });
      if (action.retryAfterSeconds !== null)
        Object.assign(headers, { 'retry-after': action.retryAfterSeconds });
      sendText(res, 429, 'Too Many Requests', 'text/plain; charset=utf-8', { headers });
      return;
    }
    if (await applyFault(res, action)) return;
    // Token auth has no session to expire; a password session ends and the user becomes Guest.
    if (action?.kind === 'session-expired') sessions.clear();
    const truncate = action?.kind === 'truncate';

    try {
      const { cookie, ...body } = await answer(req, url);
      sendJson(res, 200, body, { headers: limiterHeaders(cookie ? { 'set-cookie': cookie } : {}), truncate });
    } catch (error) {
      const frappe = error instanceof FrappeError ? error : new FrappeError(500, 'Exception', String(error));
      sendJson(res, frappe.status, errorBody(frappe), { headers: limiterHeaders() });
    }
  };

  async function answer(
    req: IncomingMessage,
    url: URL,
  ): Promise<Record<string, unknown> & { cookie?: string }> {
    const path = url.pathname.replace(/^\/api\/v1\//, '/api/');
    const args = await argsOf(req, url);
    if (path === '/api/method/login') return login(args);
    const user = userOf(req);
    if (path === '/api/method/logout') return { message: null };
    if (user === 'Guest') throw permissionError('Not permitted');
    if (path === '/api/method/frappe.auth.get_logged_user') return { message: user };
    if (path === '/api/method/frappe.client.get_list') return { message: listDocs(site, doctypeArgs(args)) };
    if (path === '/api/method/frappe.client.get_count') {
      return {
        message: listDocs(site, { ...doctypeArgs(args), fields: ['name'], limit_page_length: 0 }).length,
      };
    }
    const resource = /^\/api\/resource\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (resource && req.method === 'GET') {
      const doctype = decodeURIComponent(resource[1]!);
      if (resource[2] === undefined) return { data: listDocs(site, { ...args, doctype }) };
      return { data: single(doctype, decodeURIComponent(resource[2])) };
    }
    throw notFound(`Page ${url.pathname} not found`);
  }

  function login(args: Record<string, unknown>) {
    if (args.usr !== auth.user || args.pwd !== auth.password) {
      throw new FrappeError(401, 'AuthenticationError', 'Invalid login credentials');
    }
    const sid = `sid${(++sessionCounter).toString(36)}${Date.now().toString(36)}`;
    sessions.add(sid);
    return {
      message: 'Logged In',
      home_page: '/app',
      full_name: 'CRM Bridge',
      cookie: `sid=${sid}; Path=/; HttpOnly`,
    };
  }

  /** The user a request runs as: token / Basic key:secret, else a live `sid` cookie, else Guest. */
  function userOf(req: IncomingMessage): string {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const [scheme = '', value = ''] = header.split(/\s+/, 2);
      let pair = value;
      if (scheme.toLowerCase() === 'basic') {
        pair = Buffer.from(value, 'base64').toString('utf8');
        if (!pair.includes(':'))
          throw new FrappeError(400, 'InvalidAuthorizationToken', 'Invalid Authorization Token');
      } else if (scheme.toLowerCase() !== 'token') {
        throw new FrappeError(401, 'AuthenticationError', 'Invalid Authorization Type');
      }
      const [key, secret] = [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)];
      if (key !== auth.apiKey || secret !== auth.apiSecret) {
        throw new FrappeError(401, 'AuthenticationError', 'Invalid API Key or Secret');
      }
      return auth.user;
    }
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    return sid !== undefined && sessions.has(sid) ? auth.user : 'Guest';
  }

  function single(doctype: string, name: string): Record<string, unknown> {
    const parent = site.parents.get(doctype);
    if (!parent) throw notFound(`DocType ${doctype} not found`);
    const row = parent.rowOf(name);
    const rendered = row ? parent.render(row) : null;
    if (!rendered) throw notFound(`${doctype} ${name} not found`);
    return { ...rendered.doc, doctype, ...rendered.children };
  }
}

function doctypeArgs(args: Record<string, unknown>): Record<string, unknown> & { doctype: string } {
  if (typeof args.doctype !== 'string') throw new FrappeError(417, 'ValidationError', 'doctype is required');
  return { ...args, doctype: args.doctype };
}

/** Query string, plus a JSON or form body for POST (Frappe merges both into form_dict). */
async function argsOf(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (req.method !== 'POST') return args;
  const text = await readBody(req);
  if (text.trim() === '') return args;
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed !== null && typeof parsed === 'object') Object.assign(args, parsed);
    } catch {
      throw new FrappeError(417, 'ValidationError', 'Invalid JSON body');
    }
  } else {
    Object.assign(args, Object.fromEntries(new URLSearchParams(text)));
  }
  return args;
}
