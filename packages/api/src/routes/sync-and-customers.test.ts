import { addEmployee, type Db } from '@crm-bridge/store';
import type { FastifyInstance } from 'fastify';
import {
  call,
  eventually,
  type FakeErp,
  fakeConnector,
  makeKey,
  openMigratedDb,
  operator,
  smallErp,
  testApi,
  testConfig,
} from '../api-fixture.test-support';

interface Run {
  id: number;
  status: string;
  stream: string | null;
  counts: Record<string, number>;
  streams?: Run[];
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe('sync runs, customers and profiles over HTTP (PostgreSQL)', () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let app: FastifyInstance;
  let erp: FakeErp;
  const keys: Record<'sync' | 'read' | 'agent' | 'manager', string> = {
    sync: '',
    read: '',
    agent: '',
    manager: '',
  };

  beforeAll(async () => {
    ({ db, cleanup } = await openMigratedDb('postgres'));
    erp = smallErp();
    app = testApi(db, testConfig(), { connectorFor: () => fakeConnector(erp) });
    const manager = await addEmployee(db, { name: 'Mia Manager', role: 'manager' }, operator);
    const agent = await addEmployee(db, { name: 'Alex Agent', role: 'agent' }, operator);
    keys.sync = (await makeKey(db, { scopes: ['sync'] })).key;
    keys.read = (await makeKey(db, { scopes: ['read'] })).key;
    keys.agent = (await makeKey(db, { scopes: ['write'], employeeId: agent.id })).key;
    keys.manager = (await makeKey(db, { scopes: ['write'], employeeId: manager.id })).key;
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  const profileOf = async (name: string) => {
    const found = await call(app, 'GET', `/v1/customers?q=${encodeURIComponent(name)}`, { key: keys.read });
    const hit = found.json<{ items: { profileId: string; displayName: string }[] }>().items[0];
    if (!hit) throw new Error(`no profile for ${name}`);
    return hit.profileId;
  };

  it('starts a run that answers at once, refuses a second one, and completes in the background', async () => {
    let release = () => {};
    erp.gate = new Promise((resolve) => {
      release = resolve;
    });
    const started = await call(app, 'POST', '/v1/sync/runs', { key: keys.sync, body: { source: 'shop' } });
    expect(started.statusCode).toBe(202);
    const run = started.json<Run>();
    expect(run).toMatchObject({ source: 'shop', stream: null, mode: 'incremental', status: 'running' });
    expect(started.headers.location).toBe(`/v1/sync/runs/${run.id}`);

    const again = await call(app, 'POST', '/v1/sync/runs', { key: keys.sync, body: { source: 'shop' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'api.sync_running' });
    expect((await call(app, 'GET', `/v1/sync/runs/${run.id}`, { key: keys.read })).json()).toMatchObject({
      status: 'running',
    });

    release();
    const done = await eventually(async () => {
      const body = (await call(app, 'GET', `/v1/sync/runs/${run.id}`, { key: keys.read })).json<Run>();
      return body.status !== 'running' && body;
    });
    expect(done).toMatchObject({ status: 'succeeded', counts: { read: 12, quarantined: 1, inserted: 11 } });
    expect(done.streams!.map((s) => [s.stream, s.status]).sort()).toEqual([
      ['customers', 'succeeded'],
      ['orders', 'succeeded'],
    ]);
    const [audited] = await db.query<{ action: string; actor_kind: string }>(
      `SELECT action, actor_kind FROM audit_log WHERE target_kind = 'sync_run' AND target_id = $1`,
      [String(run.id)],
    );
    expect(audited).toEqual({ action: 'sync.run_started', actor_kind: 'api_key' });
    const events = await db.query<{ payload: { run: { id: number } } }>(
      `SELECT payload FROM outbox WHERE topic = 'sync.completed'`,
    );
    expect(events.map((event) => event.payload.run.id)).toEqual([run.id]);

    const unknown = await call(app, 'POST', '/v1/sync/runs', { key: keys.sync, body: { source: 'nope' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ detail: string }>().detail).toBe('No source nope; configured: shop');
  });

  it('lists the quarantine and shows an entry with its reason and raw payload', async () => {
    const list = await call(app, 'GET', '/v1/sync/quarantine?source=shop', { key: keys.read });
    const items = list.json<Page<{ id: number; externalId: string; reason: string }>>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ externalId: '4', reason: expect.stringContaining('without a name') });
    const shown = await call(app, 'GET', `/v1/sync/quarantine/${items[0]!.id}`, { key: keys.read });
    expect(shown.json()).toMatchObject({ raw: { id: 4, name: '' } });
    expect((await call(app, 'GET', '/v1/sync/quarantine/999999', { key: keys.read })).statusCode).toBe(404);
  });

  it('pages run history with a cursor and refuses pages over 100', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/sync/runs?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page<Run> = (await call(app, 'GET', url, { key: keys.read })).json<Page<Run>>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((run) => run.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await call(app, 'GET', '/v1/sync/runs?limit=100', { key: keys.read })).json<Page<Run>>();
    expect(seen).toEqual(all.items.map((run) => run.id));
    expect(seen).toHaveLength(3);
    expect(all.nextCursor).toBeNull();

    const tooMany = await call(app, 'GET', '/v1/sync/runs?limit=101', { key: keys.read });
    expect(tooMany.json()).toMatchObject({ status: 400, errors: [{ path: 'query.limit' }] });
    const forged = await call(app, 'GET', '/v1/sync/runs?cursor=bm90IGEgY3Vyc29y', { key: keys.read });
    expect(forged.json()).toMatchObject({ status: 400, errors: [{ path: 'query.cursor' }] });
  });

  it('finds customers and treats SQL-injection strings as plain text, leaving the store intact', async () => {
    const [before] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM profiles');
    const hits = (await call(app, 'GET', '/v1/customers?q=acme', { key: keys.read })).json<{
      items: { displayName: string; matchedOn: string }[];
    }>().items;
    expect(hits[0]).toMatchObject({ displayName: expect.stringMatching(/Acme/), matchedOn: 'name' });
    const byEmail = (await call(app, 'GET', '/v1/customers?q=bob@bikes.example', { key: keys.read })).json<{
      items: { displayName: string; matchedOn: string }[];
    }>().items;
    expect(byEmail).toEqual([expect.objectContaining({ displayName: "Bob's Bikes", matchedOn: 'email' })]);

    for (const attack of [
      "'; DROP TABLE profiles; --",
      "acme' OR '1'='1",
      "%' UNION SELECT key_hash FROM api_keys --",
      'Robert"); DELETE FROM orders; --',
    ]) {
      const response = await call(app, 'GET', `/v1/customers?q=${encodeURIComponent(attack)}`, {
        key: keys.read,
      });
      expect(response.statusCode).toBe(200);
      expect(JSON.stringify(response.json())).not.toMatch(/[0-9a-f]{64}/);
    }
    const [after] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM profiles');
    expect(after!.n).toBe(before!.n);
    const [orders] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    expect(orders!.n).toBe(7);
  });

  it('shows the 360 card and pages the orders with a cursor round trip', async () => {
    const acme = await profileOf('Acme GmbH');
    const card = (await call(app, 'GET', `/v1/customers/${acme}`, { key: keys.read })).json<{
      profile: { id: string };
      orderTotal: number;
    }>();
    expect(card.profile.id).toBe(acme);
    expect(card.orderTotal).toBe(5);

    const numbers: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/v1/customers/${acme}/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page<{ number: string; lines: unknown[] }> = (
        await call(app, 'GET', url, { key: keys.read })
      ).json();
      numbers.push(...page.items.map((order) => order.number));
      expect(page.items.every((order) => order.lines.length === 1)).toBe(true);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(numbers).toEqual(['SO104', 'SO103', 'SO102', 'SO101', 'SO100']);

    const missing = await call(app, 'GET', `/v1/customers/${crypto.randomUUID()}`, { key: keys.read });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'profiles.not_found' });
  });

  it('merges and splits profiles for a manager, explains them, and refuses an agent', async () => {
    const bob = await profileOf("Bob's Bikes");
    const carla = await profileOf('Carla Cafe');
    const body = { profileId: bob, otherProfileId: carla, reason: 'same owner' };

    const refused = await call(app, 'POST', '/v1/profiles/merge', { key: keys.agent, body });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      code: 'desk.forbidden',
      detail: expect.stringMatching(/agent may not/),
    });

    const merged = await call(app, 'POST', '/v1/profiles/merge', { key: keys.manager, body });
    expect(merged.statusCode).toBe(200);
    expect(merged.json<{ pass: { absorbed: string[] } }>().pass.absorbed).toHaveLength(1);
    const [event] = await db.query<{ topic: string }>(
      `SELECT topic FROM outbox WHERE topic = 'profile.merged'`,
    );
    expect(event).toBeDefined();

    const explained = (await call(app, 'GET', `/v1/profiles/${bob}/explain`, { key: keys.read })).json<{
      profileId: string;
      records: { id: number; ref: string }[];
      decisions: { decision: string; actor: string }[];
    }>();
    expect(explained.records.map((r) => r.ref).sort()).toEqual(['shop/3', 'shop/5']);
    expect(explained.decisions).toEqual([
      expect.objectContaining({ decision: 'merge', actor: expect.stringMatching(/^api_key:/) }),
    ]);

    const carlaRecord = explained.records.find((r) => r.ref === 'shop/5')!;
    const split = await call(app, 'POST', `/v1/profiles/${explained.profileId}/split`, {
      key: keys.manager,
      body: { recordId: carlaRecord.id },
    });
    expect(split.statusCode).toBe(200);
    const again = await call(app, 'POST', `/v1/profiles/${explained.profileId}/split`, {
      key: keys.manager,
      body: { recordId: carlaRecord.id },
    });
    expect(again.statusCode).toBe(404);
  });

  it('counts requests and sync runs on /metrics', async () => {
    const metrics = await call(app, 'GET', '/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(
      /crm_bridge_http_requests_total\{method="GET",route="\/v1\/customers",status="200"\} \d+/,
    );
    expect(metrics.body).toMatch(
      /crm_bridge_http_request_duration_seconds_bucket\{le="0.05",method="GET",route="\/v1\/customers\/:id"/,
    );
    expect(metrics.body).toContain('crm_bridge_sync_runs_total{source="shop",status="succeeded"} 1');
    expect(metrics.body).toContain('crm_bridge_sync_records_total{source="shop",outcome="quarantined"} 1');
    expect(metrics.body).toContain('crm_bridge_quarantined_records 1');
    expect(metrics.body).toContain('crm_bridge_reminders{state="pending"} 0');
  });
});
