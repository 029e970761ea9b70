import {
  ConfigError,
  CrmError,
  NotFoundError,
  RateLimitedError,
  SessionExpiredError,
  TransientError,
} from '@crm-bridge/core';
import { useNock } from '@test/support/nock';
import nock from 'nock';
import type { ErrorTable } from '../kit/connector';
import { type ClosableHttpClient, createHttpClient, type HttpClientOptions } from './create-http-client';

const BASE = 'https://erp.example.com';
const PASSWORD = 'pa$$-w0rd-S3cret';

let clients: ClosableHttpClient[] = [];

function client(overrides: Partial<HttpClientOptions> = {}): ClosableHttpClient {
  const created = createHttpClient({
    baseUrl: `${BASE}/odoo`,
    // Far above a mocked reply even on a loaded machine: a client timeout would abort before nock answers.
    timeoutMs: 15_000,
    requestsPerSecond: 1000,
    concurrency: 4,
    errors: [],
    ...overrides,
  });
  clients.push(created);
  return created;
}

/** nock 14 hangs on a plain-object replyWithError; an Error with a code is what node emits anyway. */
function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

async function failureOf(promise: Promise<unknown>): Promise<CrmError> {
  try {
    await promise;
  } catch (error) {
    return error as CrmError;
  }
  throw new Error('expected a failure');
}

useNock(() => {
  for (const created of clients) created.close();
  clients = [];
});

describe('createHttpClient requests', () => {
  it('sends GET relative to the base path with encoded params, Accept and User-Agent, and parses JSON', async () => {
    nock(BASE, {
      reqheaders: { accept: 'application/json', 'user-agent': 'crm-bridge-test' },
      badheaders: ['authorization', 'content-type', 'cookie'],
    })
      .get('/odoo/api/items?q=a%20b%2Bc&%24top=5')
      .reply(200, { ok: true }, { 'Content-Type': 'application/json' });
    const response = await client({ userAgent: 'crm-bridge-test' }).request({
      url: '/api/items',
      params: { q: 'a b+c', $top: 5, skipped: undefined },
    });
    expect(response).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      data: { ok: true },
      url: `${BASE}/odoo/api/items?q=a%20b%2Bc&$top=5`,
    });
  });

  it('posts exactly the JSON given, with the default headers set later', async () => {
    nock(BASE, { reqheaders: { 'content-type': 'application/json', cookie: 'session_id=abc' } })
      .post('/odoo/jsonrpc', (body) => JSON.stringify(body) === '{"a":1,"b":["x"]}')
      .reply(200, '"done"');
    const http = client();
    http.setDefaultHeaders({ Cookie: 'session_id=abc' });
    const response = await http.request({ method: 'POST', url: 'jsonrpc', json: { a: 1, b: ['x'] } });
    expect(response.data).toBe('done');
  });

  it('percent-encodes a Cyrillic entity set in the path', async () => {
    nock(BASE)
      .get('/odata/Catalog_%D0%9A%D0%BE%D0%BD%D1%82%D1%80%D0%B0%D0%B3%D0%B5%D0%BD%D1%82%D1%8B')
      .reply(200, { value: [] });
    const http = client({ baseUrl: `${BASE}/odata/` });
    await expect(http.request({ url: 'Catalog_Контрагенты' })).resolves.toMatchObject({
      data: { value: [] },
    });
  });

  it('sends basic auth as base64 of the UTF-8 bytes for a Cyrillic login', async () => {
    const expected = `Basic ${Buffer.from('Администратор:пароль', 'utf8').toString('base64')}`;
    expect(expected).toBe('Basic 0JDQtNC80LjQvdC40YHRgtGA0LDRgtC+0YA60L/QsNGA0L7Qu9GM');
    nock(BASE, {
      reqheaders: { authorization: 'Basic 0JDQtNC80LjQvdC40YHRgtGA0LDRgtC+0YA60L/QsNGA0L7Qu9GM' },
    })
      .get('/odoo/ping')
      .reply(204);
    const http = client({ auth: { username: 'Администратор', password: 'пароль' } });
    await expect(http.request({ url: 'ping' })).resolves.toMatchObject({ status: 204, data: null });
  });

  it('refuses an absolute URL on another origin without sending anything', async () => {
    const error = await failureOf(client().request({ url: 'https://evil.example.net/steal' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('sync.foreign_origin');
  });

  it('refuses a login with a colon and a base URL with userinfo', () => {
    expect(() => client({ auth: { username: 'a:b', password: 'x' } })).toThrow(ConfigError);
    expect(() => client({ baseUrl: `https://user:${PASSWORD}@erp.example.com` })).toThrow(/credentials/);
  });
});

describe('createHttpClient status mapping', () => {
  const table: ErrorTable = [
    {
      match: (failure) => failure.status === 401,
      raise: (failure) => new SessionExpiredError(`session over (${failure.status})`),
    },
  ];

  it.each([
    [408, '', TransientError, 'sync.http_unavailable'],
    [429, '', RateLimitedError, 'sync.rate_limited'],
    [500, '{"error":"boom"}', TransientError, 'sync.http_server_error'],
    [500, '<html><body>Internal Server Error</body></html>', TransientError, 'sync.http_unavailable'],
    [501, '', CrmError, 'sync.http_failed'],
    [502, '', TransientError, 'sync.http_unavailable'],
    [503, '', TransientError, 'sync.http_unavailable'],
    [504, '', TransientError, 'sync.http_unavailable'],
    [401, '', ConfigError, 'sync.credentials_refused'],
    [403, '', ConfigError, 'sync.permission_denied'],
    [404, '', NotFoundError, 'sync.not_found'],
    [400, '', ConfigError, 'sync.http_rejected'],
    [422, '', ConfigError, 'sync.http_rejected'],
    [301, '', ConfigError, 'sync.redirected'],
  ])('maps %i (body %j) to %p', async (status, body, type, code) => {
    nock(BASE).get('/odoo/x').reply(status, body);
    const error = await failureOf(client().request({ url: 'x' }));
    expect(error).toBeInstanceOf(type);
    expect(error.code).toBe(code);
    expect(error.message).toContain(`GET ${BASE}/odoo/x answered ${status}`);
    expect(error.details).toEqual({ method: 'GET', url: `${BASE}/odoo/x`, status });
  });

  it("tries the connector's rules before the defaults", async () => {
    nock(BASE).get('/odoo/x').reply(401, 'expired');
    const error = await failureOf(client({ errors: table }).request({ url: 'x' }));
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(error.message).toBe('session over (401)');
  });

  it('maps a failure the connector found through the same table, with a safe URL', () => {
    const error = client({ errors: table }).failure({
      method: 'POST',
      url: `https://u:p@erp.example.com/x?token=${PASSWORD}`,
      status: 200,
      headers: {},
      body: { error: 'nope' },
    });
    expect(error.code).toBe('sync.bad_response');
    expect(error.message).toBe(
      `POST ${BASE}/x?token=*** answered 200: {"error":"nope"} — an answer the connector cannot use`,
    );
  });

  it('reads Retry-After in seconds', async () => {
    nock(BASE).get('/odoo/x').reply(429, '', { 'Retry-After': '7' });
    const error = await failureOf(client().request({ url: 'x' }));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
  });

  it('reads Retry-After as an HTTP-date, and a 503 with Retry-After as a rate limit', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    nock(BASE).get('/odoo/x').reply(503, 'maintenance', { 'Retry-After': at });
    const error = await failureOf(client().request({ url: 'x' }));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(55_000);
    expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('keeps an HTML 502 page as text and quotes its words, not its tags', async () => {
    const page =
      '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>';
    nock(BASE).get('/odoo/x').reply(502, page, { 'Content-Type': 'text/html' });
    const http = client({
      errors: [
        {
          match: (f) => typeof f.body === 'string' && f.body === page,
          raise: () => new TransientError('kept as text'),
        },
      ],
    });
    await expect(http.request({ url: 'x' })).rejects.toThrow('kept as text');
    nock(BASE).get('/odoo/x').reply(502, page, { 'Content-Type': 'text/html' });
    const error = await failureOf(client().request({ url: 'x' }));
    expect(error.message).toBe(
      `GET ${BASE}/odoo/x answered 502: 502 Bad Gateway 502 Bad Gateway nginx — the ERP or a proxy in front of it is unavailable`,
    );
  });

  it('cuts the body excerpt at 200 characters with whitespace collapsed', async () => {
    nock(BASE)
      .get('/odoo/x')
      .reply(500, `${'word   '.repeat(100)}`);
    const error = await failureOf(client().request({ url: 'x' }));
    const excerpt = error.message.split('answered 500: ')[1]?.split(' — ')[0] ?? '';
    expect(excerpt).toBe(`${'word '.repeat(40).slice(0, 200)}…`);
  });
});

describe('createHttpClient secrets', () => {
  it('keeps passwords, tokens and secret query values out of every message', async () => {
    const echo = `denied for admin:${PASSWORD} with Bearer tok-123456 and key ${PASSWORD}`;
    nock(BASE)
      .get('/odoo/x')
      .query({ api_key: 'k-987654', q: '1' })
      .reply(403, { message: echo, password: PASSWORD });
    nock(BASE).get('/odoo/y').query({ token: 'k-987654' }).reply(400, echo);
    nock(BASE)
      .get('/odoo/z')
      .replyWithError(systemError('ECONNRESET', `reset by ${PASSWORD}`));
    const http = client({ auth: { username: 'admin', password: PASSWORD } });
    http.setDefaultHeaders({ Authorization: 'Bearer tok-123456' });
    const errors = [
      await failureOf(http.request({ url: 'x', params: { api_key: 'k-987654', q: '1' } })),
      await failureOf(http.request({ url: `${BASE}/odoo/y?token=k-987654` })),
      await failureOf(http.request({ url: 'z' })),
      http.failure({ method: 'GET', url: `${BASE}/odoo/w`, status: 418, headers: {}, body: echo }),
    ];
    for (const error of errors) {
      const text = `${error.message} ${JSON.stringify(error.details)} ${String((error.cause as Error | undefined)?.message)}`;
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('tok-123456');
      expect(text).not.toContain('k-987654');
    }
    expect(errors[0]?.message).toContain('api_key=***&q=1');
    expect(errors[0]?.message).toContain('"password":"***"');
  });
});

describe('createHttpClient transport failures', () => {
  it('turns a slow answer into a TransientError naming the timeout', async () => {
    nock(BASE).get('/odoo/slow').delay(500).reply(200, {});
    const error = await failureOf(client({ timeoutMs: 50 }).request({ url: 'slow' }));
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe('sync.http_timeout');
    expect(error.message).toBe(`GET ${BASE}/odoo/slow timed out after 50 ms`);
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE'])(
    'turns %s into a TransientError with a plain cause',
    async (code) => {
      nock(BASE)
        .get('/odoo/x')
        .replyWithError(systemError(code, `${code} happened`));
      const error = await failureOf(client().request({ url: 'x' }));
      expect(error).toBeInstanceOf(TransientError);
      expect(error.code).toBe('sync.http_transport');
      expect(error.cause).toBeInstanceOf(Error);
      expect((error.cause as { code?: string }).code).toBe(code);
      expect(Object.keys(error.cause as object)).not.toContain('config');
    },
  );

  it('turns an unknown host into a ConfigError', async () => {
    nock(BASE)
      .get('/odoo/x')
      .replyWithError(systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND erp.example.com'));
    const error = await failureOf(client().request({ url: 'x' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('sync.host_not_found');
  });

  it("rethrows the caller's abort reason, not a TransientError", async () => {
    nock(BASE).get('/odoo/slow').delay(1_000).reply(200, {});
    const controller = new AbortController();
    const pending = client().request({ url: 'slow', signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('createHttpClient rate limit and concurrency', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    nock(BASE)
      .get('/odoo/x')
      .times(6)
      .reply((_uri, _body, callback) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          callback(null, [200, '{}']);
        }, 30);
      });
    const http = client({ concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => http.request({ url: 'x' })));
    expect(maxInFlight).toBe(2);
  });

  it('spaces requests by the rate (loosely measured)', async () => {
    nock(BASE).get('/odoo/x').times(4).reply(200, '{}');
    const http = client({ requestsPerSecond: 20 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 4 }, () => http.request({ url: 'x' })));
    // First token is free, three more at 50 ms each.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('rejects promptly when aborted while waiting for a slot', async () => {
    nock(BASE).get('/odoo/x').delay(300).reply(200, '{}');
    const http = client({ concurrency: 1 });
    const first = http.request({ url: 'x' });
    const controller = new AbortController();
    const second = http.request({ url: 'x', signal: controller.signal });
    const started = Date.now();
    controller.abort(new Error('cancelled'));
    await expect(second).rejects.toThrow('cancelled');
    expect(Date.now() - started).toBeLessThan(100);
    await first;
  });
});
