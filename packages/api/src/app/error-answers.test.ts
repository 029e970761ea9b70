import type { Db } from '@crm-bridge/store';
import { z } from 'zod';
import { call, logCapture, makeKey, openMigratedDb, testApi, testConfig } from '../api-fixture.test-support';
import { defineRoute } from '../http/route';
import { apiRoutes } from '../routes/api-routes';

/** A route that fails the way a bug does, with a secret in its message. */
const failing = defineRoute({
  method: 'GET',
  path: '/v1/test/failing',
  operationId: 'failing',
  summary: 'fails',
  tags: ['test'],
  scope: 'read',
  response: z.object({}),
  handler: async () => {
    throw new Error('connect to postgres://crm:db-password-123@db/crm failed');
  },
});

describe('error answers (PostgreSQL)', () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let key: string;

  beforeAll(async () => {
    ({ db, cleanup } = await openMigratedDb('postgres'));
    ({ key } = await makeKey(db, { scopes: ['admin'] }));
  });
  afterAll(() => cleanup());

  it('answers every validation issue as problem+json with its path in params, query or body', async () => {
    const app = testApi(db, testConfig());
    const query = await call(app, 'GET', '/v1/customers?limit=500', { key });
    expect(query.statusCode).toBe(400);
    expect(query.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(query.json()).toMatchObject({
      type: 'urn:crm-bridge:problem:api.invalid_request',
      title: 'Bad Request',
      status: 400,
      instance: '/v1/customers',
      code: 'api.invalid_request',
    });
    expect(
      query
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['query.limit', 'query.q']);

    const body = await call(app, 'POST', '/v1/sync/runs', {
      key,
      body: { source: 'Not A Source!', mode: 'sideways', streams: ['customers', 'invoices'], extra: 1 },
    });
    expect(body.statusCode).toBe(400);
    const paths = body.json<{ errors: { path: string; message: string }[] }>().errors.map((e) => e.path);
    expect(paths.sort()).toEqual(['body', 'body.mode', 'body.source', 'body.streams[1]']);

    const params = await call(app, 'GET', '/v1/customers/not-a-uuid', { key });
    expect(params.json()).toMatchObject({ status: 400, errors: [{ path: 'params.id' }] });
    await app.close();
  });

  it('answers 413 for a body over the limit, 400 for malformed JSON and 404 for an unknown route', async () => {
    const app = testApi(db, testConfig(), { bodyLimit: 1024 });
    const large = await call(app, 'POST', '/v1/sync/runs', { key, body: { source: 'x'.repeat(5000) } });
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({
      status: 413,
      title: 'Payload Too Large',
      code: 'http.body_too_large',
    });

    const malformed = await call(app, 'POST', '/v1/sync/runs', {
      key,
      body: '{"source": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ status: 400, code: 'http.invalid_json' });

    const unknown = await call(app, 'GET', '/v2/nothing?x=1', { key });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 404, instance: '/v2/nothing', code: 'http.not_found' });
    await app.close();
  });

  it('answers 429 with Retry-After once a key is over its limit, and counts each key apart', async () => {
    const app = testApi(db, testConfig(), { rateLimit: { max: 3, windowMs: 60_000 } });
    const other = await makeKey(db, { scopes: ['read'] });
    for (let i = 0; i < 3; i++)
      expect((await call(app, 'GET', '/v1/sync/runs', { key })).statusCode).toBe(200);
    const limited = await call(app, 'GET', '/v1/sync/runs', { key });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({
      status: 429,
      title: 'Too Many Requests',
      code: 'api.rate_limited',
    });
    expect((await call(app, 'GET', '/v1/sync/runs', { key: other.key })).statusCode).toBe(200);
    // Health and metrics are not per-key traffic.
    for (let i = 0; i < 5; i++) expect((await call(app, 'GET', '/healthz')).statusCode).toBe(200);
    await app.close();
  });

  it('answers 500 without internals and never logs a key, a config secret or a URL password', async () => {
    const capture = logCapture();
    const app = testApi(db, testConfig(), { log: capture.log, routes: [...apiRoutes, failing] });
    const failed = await call(app, 'GET', '/v1/test/failing', { key });
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toMatchObject({ status: 500, code: 'internal', title: 'Internal Server Error' });
    expect(failed.body).not.toContain('postgres');
    expect(failed.body).not.toContain('db-password-123');

    await call(app, 'GET', `/v1/customers?q=acme&api_key=${key}`, { key });
    await call(app, 'GET', '/v1/sync/runs', { key: `${key.slice(0, -3)}abc` });
    await call(app, 'POST', '/v1/sync/runs', { key, body: { source: 'nope' } });
    const webhookSecret = 'whsec-never-in-a-log-0123456789';
    const subscribed = await call(app, 'POST', '/v1/webhooks', {
      key,
      body: { url: 'https://hooks.example.com/in', events: ['ticket.created'], secret: webhookSecret },
    });
    expect(subscribed.json()).toMatchObject({ secret: webhookSecret });
    await app.close();

    const logged = capture.text();
    expect(logged).toContain('request completed');
    expect(logged).toContain('"url":"/v1/customers?q=acme&api_key=[redacted]"');
    expect(logged).toContain('request failed');
    expect(logged).not.toContain(key);
    expect(logged).not.toContain(key.slice(key.lastIndexOf('_') + 1));
    expect(logged).not.toContain('odoo-password-never-logged');
    expect(logged).toContain('postgres://crm:***@db/crm');
    expect(logged).not.toContain('db-password-123');
    expect(logged).not.toContain('whsec-never-in-a-log');
  });
});
