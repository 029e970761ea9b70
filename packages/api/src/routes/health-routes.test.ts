import type { Db } from '@crm-bridge/store';
import { migrate } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import { call, testApi, testConfig } from '../api-fixture.test-support';

describe.each(['postgres', 'pglite'] as const)('health and readiness on %s', (driver) => {
  let test: TestDb;
  beforeAll(async () => {
    test = await openTestDb(driver);
  }, 60_000);
  afterAll(() => test.cleanup());

  it('is live at once, ready only when the store has every migration', async () => {
    const app = testApi(test.db, testConfig());
    expect((await call(app, 'GET', '/healthz')).json()).toEqual({ status: 'ok' });

    const pending = await call(app, 'GET', '/readyz');
    expect(pending.statusCode).toBe(503);
    expect(pending.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(pending.json()).toMatchObject({ status: 503, code: 'api.store_not_migrated' });
    expect(pending.json<{ detail: string }>().detail).toMatch(
      /needs migrations \(001_initial.*run crm-bridge migrate/,
    );

    await migrate(test.db);
    const ready = await call(app, 'GET', '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
    await app.close();
  });
});

describe('readiness without a store', () => {
  it('is not ready when the store cannot be reached, and does not say why to the client', async () => {
    const refused = new Error('connect ECONNREFUSED 10.0.0.5:5432');
    const unreachable = { query: () => Promise.reject(refused) } as unknown as Db;
    const app = testApi(unreachable, testConfig());
    const response = await call(app, 'GET', '/readyz');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      code: 'api.store_unreachable',
      detail: 'The store is not reachable',
    });
    expect((await call(app, 'GET', '/healthz')).statusCode).toBe(200);
    await app.close();
  });
});
