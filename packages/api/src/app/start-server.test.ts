import { createLogger } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { makeKey, openMigratedDb, testConfig } from '../api-fixture.test-support';
import { startServer } from './start-server';

describe('a listening server (PostgreSQL)', () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await openMigratedDb('postgres'));
  });
  afterAll(() => cleanup());

  it('answers over real HTTP on the port it was given, then closes', async () => {
    const { key } = await makeKey(db, { scopes: ['read'] });
    const server = await startServer({
      db,
      config: testConfig(),
      log: createLogger({ level: 'silent' }),
      host: '127.0.0.1',
      port: 0,
      processMetrics: false,
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${server.url}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const runs = await fetch(`${server.url}/v1/sync/runs`, { headers: { authorization: `Bearer ${key}` } });
      expect(runs.status).toBe(200);
      expect(await runs.json()).toEqual({ items: [], nextCursor: null });
      const anonymous = await fetch(`${server.url}/v1/sync/runs`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="crm-bridge"');
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
