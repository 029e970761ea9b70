import { type Db, migrate, openDb } from '@crm-bridge/store';
import { createTestDatabase, type TestDatabase } from '@test/support/postgres';
import { createWebhookSubscription } from './subscriptions';
import { type WebhookDrainResult, webhookDrainPass } from './webhook-drainer';
import {
  captureLog,
  employeeCaller,
  enqueueEvent,
  startReceiver,
  type TestReceiver,
} from './webhook-fixture.test-support';

// Two drain passes on two connection pools, run at once as two processes' duties would run them.
let database: TestDatabase;
let first: Db;
let second: Db;
const receivers: TestReceiver[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  first = await openDb({ url: database.url, poolMax: 4 });
  second = await openDb({ url: database.url, poolMax: 4 });
  await migrate(first);
}, 120_000);
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await first?.close();
  await second?.close();
  await database?.drop();
});

/** Passes until one finds nothing to do, adding up what this drainer did. */
async function drainUntilIdle(drain: () => Promise<WebhookDrainResult>): Promise<WebhookDrainResult> {
  const total = { fannedOut: 0, delivered: 0, failed: 0 };
  for (;;) {
    const pass = await drain();
    total.fannedOut += pass.fannedOut;
    total.delivered += pass.delivered;
    total.failed += pass.failed;
    if (pass.fannedOut + pass.delivered + pass.failed === 0) return total;
  }
}

it('two drainers at once send every (event, subscription) exactly once', async () => {
  const admin = await employeeCaller(first, 'admin');
  for (let n = 0; n < 3; n += 1) {
    const receiver = await startReceiver();
    receiver.delayMs = 3;
    receivers.push(receiver);
    await createWebhookSubscription(first, admin, {
      url: receiver.url,
      events: ['ticket.created', 'ticket.updated'],
    });
  }
  const bystander = await startReceiver();
  receivers.push(bystander);
  await createWebhookSubscription(first, admin, { url: bystander.url, events: ['sync.failed'] });
  const events: string[] = [];
  for (let n = 0; n < 40; n += 1)
    events.push(await enqueueEvent(first, n % 2 ? 'ticket.created' : 'ticket.updated', { n }));

  const options = { log: captureLog().log, batchSize: 7 };
  const drainers = [webhookDrainPass(first, options), webhookDrainPass(second, options)];
  const [a, b] = await Promise.all(drainers.map((drain) => drainUntilIdle(drain)));
  // Whatever one still held when the other went idle: one more pass each finds nothing left.
  const [a2, b2] = await Promise.all(drainers.map((drain) => drainUntilIdle(drain)));

  // Both took part, and between them they did the work once.
  expect(a!.delivered).toBeGreaterThan(0);
  expect(b!.delivered).toBeGreaterThan(0);
  expect(a!.fannedOut + b!.fannedOut + a2!.fannedOut + b2!.fannedOut).toBe(40);
  expect(a!.delivered + b!.delivered + a2!.delivered + b2!.delivered).toBe(120);
  expect(a!.failed + b!.failed + a2!.failed + b2!.failed).toBe(0);

  for (const receiver of receivers.slice(0, 3)) {
    const ids = receiver.requests.map((request) => JSON.parse(request.body).id as string);
    expect([...ids].sort()).toEqual([...events].sort());
    const deliveryIds = receiver.requests.map((request) => request.headers['x-crm-bridge-delivery']);
    expect(new Set(deliveryIds).size).toBe(40);
  }
  expect(bystander.requests).toEqual([]);
  const rows = await first.query<{ status: string; attempt: number; count: number }>(
    'SELECT status, attempt, count(*)::int AS count FROM webhook_deliveries GROUP BY status, attempt',
  );
  expect(rows).toEqual([{ status: 'delivered', attempt: 1, count: 120 }]);
  expect(await first.query('SELECT id FROM outbox WHERE published_at IS NULL')).toEqual([]);
});
