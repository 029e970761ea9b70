import { addEmployee, type Db, listAudit } from '@crm-bridge/store';
import type { FastifyInstance } from 'fastify';
import { call, makeKey, openMigratedDb, operator, testApi, testConfig } from '../api-fixture.test-support';
import { revokeApiKey } from './api-key-store';

describe('API key authentication (PostgreSQL)', () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ db, cleanup } = await openMigratedDb('postgres'));
    app = testApi(db, testConfig());
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  const expectUnauthorized = (response: Awaited<ReturnType<typeof call>>, detail: RegExp) => {
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="crm-bridge"/);
    expect(response.json()).toMatchObject({
      type: 'urn:crm-bridge:problem:api.unauthorized',
      title: 'Unauthorized',
      status: 401,
      instance: '/v1/sync/runs',
    });
    expect(response.json<{ detail: string }>().detail).toMatch(detail);
  };

  it('refuses a request without a key, saying how to send one', async () => {
    const response = await call(app, 'GET', '/v1/sync/runs');
    expectUnauthorized(response, /Authorization: Bearer/);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="crm-bridge"');
  });

  it('refuses forged keys: malformed, unknown prefix, and a known prefix with the wrong secret', async () => {
    const { key } = await makeKey(db);
    const wrongSecret = `${key.slice(0, key.lastIndexOf('_') + 1)}${'A'.repeat(43)}`;
    for (const forged of ['not-a-key', `crmb_000000000000_${'x'.repeat(43)}`, wrongSecret]) {
      const response = await call(app, 'GET', '/v1/sync/runs', { key: forged });
      expectUnauthorized(response, /^Invalid API key$/);
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    }
    expect((await call(app, 'GET', '/v1/sync/runs', { key })).statusCode).toBe(200);
  });

  it('refuses a revoked key and an expired one', async () => {
    const revoked = await makeKey(db);
    expect((await call(app, 'GET', '/v1/sync/runs', { key: revoked.key })).statusCode).toBe(200);
    await revokeApiKey(db, revoked.prefix, operator);
    expectUnauthorized(await call(app, 'GET', '/v1/sync/runs', { key: revoked.key }), /revoked/);

    const expired = await makeKey(db, { expiresAt: new Date(Date.now() - 1000) });
    expectUnauthorized(await call(app, 'GET', '/v1/sync/runs', { key: expired.key }), /expired/);
  });

  it('answers 403 outside the key scopes, naming the scope needed', async () => {
    const { key } = await makeKey(db, { scopes: ['read'] });
    const response = await call(app, 'POST', '/v1/sync/runs', { key, body: { source: 'shop' } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ status: 403, code: 'api.scope_missing' });
    expect(response.json<{ detail: string }>().detail).toContain('needs sync');
  });

  it('lets a viewer-scope key read but not write, even where the route would take its role', async () => {
    const { key } = await makeKey(db, { scopes: ['read'] });
    const merge = await call(app, 'POST', '/v1/profiles/merge', {
      key,
      body: { profileId: crypto.randomUUID(), otherProfileId: crypto.randomUUID() },
    });
    expect(merge.statusCode).toBe(403);
    expect(merge.json()).toMatchObject({ code: 'api.scope_missing' });
    expect(await db.query('SELECT 1 FROM profile_links')).toHaveLength(0);
  });

  it("acts with a linked employee's role capped by the scopes, and refuses a deactivated employee's key", async () => {
    const agent = await addEmployee(db, { name: 'Agent Anna', role: 'agent' }, operator);
    const { key } = await makeKey(db, { scopes: ['write'], employeeId: agent.id });
    // Merging needs a manager: the write scope passes, the employee's role does not.
    const merge = await call(app, 'POST', '/v1/profiles/merge', {
      key,
      body: { profileId: crypto.randomUUID(), otherProfileId: crypto.randomUUID() },
    });
    expect(merge.statusCode).toBe(403);
    expect(merge.json()).toMatchObject({ code: 'desk.forbidden' });

    await db.query('UPDATE employees SET active = false WHERE id = $1', [agent.id]);
    expectUnauthorized(await call(app, 'GET', '/v1/sync/runs', { key }), /deactivated/);
  });

  it('stores only a hash, records use, and audits creation and revocation', async () => {
    const { key, id, prefix } = await makeKey(db, { name: 'n8n production', scopes: ['read', 'write'] });
    await call(app, 'GET', '/v1/sync/runs', { key });
    const [row] = await db.query<{ key_hash: string; last_used_at: Date | null }>(
      'SELECT key_hash, last_used_at FROM api_keys WHERE id = $1',
      [id],
    );
    expect(row!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.key_hash).not.toContain(key.slice(prefix.length + 1, prefix.length + 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [used] = await db.query<{ last_used_at: Date | null }>(
      'SELECT last_used_at FROM api_keys WHERE id = $1',
      [id],
    );
    expect(used!.last_used_at).not.toBeNull();

    await revokeApiKey(db, id, operator);
    const audit = await listAudit(db, { target: { kind: 'api_key', id } });
    expect(audit.map((entry) => entry.action)).toEqual(['api_key.revoked', 'api_key.created']);
    expect(audit[1]!.details).toMatchObject({ name: 'n8n production', prefix, scopes: ['read', 'write'] });
    expect(JSON.stringify(audit)).not.toContain(key);
    await expect(revokeApiKey(db, prefix, operator)).rejects.toThrow(/revoked already/);
  });
});
