import { type Db, migrate } from '@crm-bridge/store';
import { openPgliteTestDb, type TestDb } from '@test/support/stores';
import { verifyWebhookSignature } from './signature';
import { createWebhookSubscription } from './subscriptions';
import { webhookDrainPass } from './webhook-drainer';
import {
  captureLog,
  employeeCaller,
  enqueueEvent,
  startReceiver,
  steppedClock,
  type TestReceiver,
} from './webhook-fixture.test-support';

// The embedded store runs `serve` too: the same claim and fan-out SQL must work on PGlite.
let testDb: TestDb;
let db: Db;
let receiver: TestReceiver;

beforeAll(async () => {
  testDb = await openPgliteTestDb();
  db = testDb.db;
  await migrate(db);
  receiver = await startReceiver();
}, 120_000);
afterAll(async () => {
  await receiver?.close();
  await testDb?.cleanup();
});

it('fans out, retries and delivers on the embedded store', async () => {
  const admin = await employeeCaller(db, 'admin');
  const { secret } = await createWebhookSubscription(db, admin, {
    url: receiver.url,
    events: ['customer.dormant'],
  });
  const event = await enqueueEvent(db, 'customer.dormant', { customer: { name: 'ООО Ромашка' } });
  const clock = steppedClock();
  const drainOnce = webhookDrainPass(db, { log: captureLog().log, now: clock.now, random: () => 0 });
  receiver.status = 500;
  expect(await drainOnce()).toEqual({ fannedOut: 1, delivered: 0, failed: 1, claimed: 1 });
  receiver.status = 200;
  clock.advance(29_000);
  expect(await drainOnce()).toEqual({ fannedOut: 0, delivered: 0, failed: 0, claimed: 0 });
  clock.advance(1_000);
  expect(await drainOnce()).toEqual({ fannedOut: 0, delivered: 1, failed: 0, claimed: 1 });
  const last = receiver.requests.at(-1)!;
  expect(JSON.parse(last.body)).toMatchObject({ id: event, data: { customer: { name: 'ООО Ромашка' } } });
  expect(
    verifyWebhookSignature({
      secret,
      timestamp: String(last.headers['x-crm-bridge-timestamp']),
      body: last.body,
      signature: String(last.headers['x-crm-bridge-signature']),
      now: clock.now(),
    }),
  ).toBe(true);
  expect(await db.query('SELECT status, attempt FROM webhook_deliveries')).toEqual([
    { status: 'delivered', attempt: 2 },
  ]);
});
