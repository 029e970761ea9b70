import { type Db, listAudit, migrate } from '@crm-bridge/store';
import { openPostgresTestDb, type TestDb } from '@test/support/stores';
import { signWebhookPayload, verifyWebhookSignature } from './signature';
import { createWebhookSubscription, updateWebhookSubscription } from './subscriptions';
import type { WebhookCaller } from './webhook-caller';
import { type WebhookDrainOptions, webhookDrainPass } from './webhook-drainer';
import {
  captureLog,
  employeeCaller,
  enqueueEvent,
  resetWebhookTables,
  startReceiver,
  steppedClock,
  type TestReceiver,
} from './webhook-fixture.test-support';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

let testDb: TestDb;
let db: Db;
let admin: WebhookCaller;
const receivers: TestReceiver[] = [];

beforeAll(async () => {
  testDb = await openPostgresTestDb();
  db = testDb.db;
  await migrate(db);
  admin = await employeeCaller(db, 'admin');
}, 120_000);
afterAll(() => testDb?.cleanup());
beforeEach(() => resetWebhookTables(db));
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(): Promise<TestReceiver> {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

/** The drain pass on a stepped clock, as the duties run it; `drainOnce` runs one pass and says what it did. */
function drainer(options: Partial<WebhookDrainOptions> = {}) {
  const clock = steppedClock();
  const logged = captureLog();
  const pass = webhookDrainPass(db, {
    log: logged.log,
    now: clock.now,
    random: () => 0,
    ...options,
  });
  async function drainOnce() {
    const { fannedOut, delivered, failed } = await pass();
    return { fannedOut, delivered, failed };
  }
  return { drainOnce, clock, lines: logged.lines };
}

const subscribe = (url: string, events: string[]) =>
  createWebhookSubscription(db, admin, { url, events: events as never });

interface DeliveryRow {
  id: string;
  outbox_id: number;
  status: string;
  attempt: number;
  response_status: number | null;
  error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
}
const deliveries = (subscriptionId: string) =>
  db.query<DeliveryRow>(
    `SELECT id, outbox_id, status, attempt, response_status, error, next_attempt_at, delivered_at
     FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY outbox_id`,
    [subscriptionId],
  );
const subscriptionState = async (id: string) =>
  (
    await db.query<{
      consecutive_failures: number;
      disabled_at: Date | null;
      disabled_reason: string | null;
    }>('SELECT consecutive_failures, disabled_at, disabled_reason FROM webhook_subscriptions WHERE id = $1', [
      id,
    ])
  )[0]!;
const eventIds = (target: TestReceiver) => target.requests.map((request) => JSON.parse(request.body).id);

it('sends each event, signed, only to active subscriptions that list its topic', async () => {
  const [tickets, reminders, paused] = [await receiver(), await receiver(), await receiver()];
  const a = await subscribe(tickets.url, ['ticket.created', 'sync.failed']);
  const b = await subscribe(reminders.url, ['reminder.due']);
  const c = await subscribe(paused.url, ['ticket.created', 'reminder.due']);
  await updateWebhookSubscription(db, admin, c.subscription.id, { active: false });
  const ticketEvent = await enqueueEvent(db, 'ticket.created', { ticket: { number: 1042 } });
  const reminderEvent = await enqueueEvent(db, 'reminder.due', { reminder: { text: 'call back' } });
  await enqueueEvent(db, 'customer.dormant', { profileId: 'nobody listens' });

  const run = drainer();
  expect(await run.drainOnce()).toEqual({ fannedOut: 3, delivered: 2, failed: 0 });

  expect(eventIds(tickets)).toEqual([ticketEvent]);
  expect(eventIds(reminders)).toEqual([reminderEvent]);
  expect(paused.requests).toEqual([]);
  const request = tickets.requests[0]!;
  const [row] = await deliveries(a.subscription.id);
  expect(request.headers).toMatchObject({
    'content-type': 'application/json',
    'user-agent': 'crm-bridge-webhooks/1',
    'x-crm-bridge-event': 'ticket.created',
    'x-crm-bridge-delivery': row!.id,
  });
  expect(JSON.parse(request.body)).toMatchObject({
    topic: 'ticket.created',
    data: { ticket: { number: 1042 } },
  });
  const signed = {
    timestamp: String(request.headers['x-crm-bridge-timestamp']),
    body: request.body,
    signature: String(request.headers['x-crm-bridge-signature']),
    now: run.clock.now(),
  };
  expect(verifyWebhookSignature({ secret: a.secret, ...signed })).toBe(true);
  expect(verifyWebhookSignature({ secret: b.secret, ...signed })).toBe(false);
  expect(row).toMatchObject({ status: 'delivered', attempt: 1, response_status: 200, next_attempt_at: null });
  expect(row!.delivered_at).toEqual(run.clock.now());
  expect(await deliveries(c.subscription.id)).toEqual([]);

  expect(await run.drainOnce()).toEqual({ fannedOut: 0, delivered: 0, failed: 0 });
  expect(tickets.requests).toHaveLength(1);
  expect(await db.query('SELECT id FROM outbox WHERE published_at IS NULL')).toEqual([]);
});

it('retries a failing delivery on the backoff schedule, then marks it dead', async () => {
  const target = await receiver();
  target.status = 500;
  const { subscription } = await subscribe(target.url, ['sync.failed']);
  const event = await enqueueEvent(db, 'sync.failed', { source: 'odoo' });
  const run = drainer({ disable: { afterFailingMs: Number.POSITIVE_INFINITY } });
  const delays = [30 * SECOND, 2 * MINUTE, 10 * MINUTE, HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR];

  for (let attempt = 1; attempt <= 8; attempt += 1) {
    expect(await run.drainOnce()).toMatchObject({ delivered: 0, failed: 1 });
    const [row] = await deliveries(subscription.id);
    expect(row).toMatchObject({ attempt, response_status: 500, error: 'HTTP 500 Internal Server Error' });
    if (attempt === 8) break;
    const delay = delays[attempt - 1]!;
    expect(row!.status).toBe('failed');
    expect(row!.next_attempt_at).toEqual(new Date(run.clock.now().getTime() + delay));
    run.clock.advance(delay - SECOND);
    expect(await run.drainOnce()).toMatchObject({ failed: 0 });
    run.clock.advance(SECOND);
  }
  const [dead] = await deliveries(subscription.id);
  expect(dead).toMatchObject({ status: 'dead', attempt: 8, next_attempt_at: null });
  run.clock.advance(7 * 24 * HOUR);
  expect(await run.drainOnce()).toEqual({ fannedOut: 0, delivered: 0, failed: 0 });

  expect(eventIds(target)).toEqual(Array(8).fill(event));
  expect(new Set(target.requests.map((r) => r.headers['x-crm-bridge-delivery']))).toEqual(
    new Set([dead!.id]),
  );
  expect(new Set(target.requests.map((r) => r.headers['x-crm-bridge-timestamp'])).size).toBe(8);
  expect((await subscriptionState(subscription.id)).consecutive_failures).toBe(8);
});

it('loses no event while the receiver is down: everything queued arrives once it is back', async () => {
  const target = await receiver();
  await target.down();
  const { subscription } = await subscribe(target.url, ['ticket.created', 'ticket.updated']);
  const events = [];
  for (let n = 1; n <= 5; n += 1) events.push(await enqueueEvent(db, 'ticket.updated', { n }));
  const run = drainer();

  // One try per pass while it is down: the other deliveries wait behind the failing one.
  expect(await run.drainOnce()).toEqual({ fannedOut: 5, delivered: 0, failed: 1 });
  const rows = await deliveries(subscription.id);
  expect(rows.map((row) => [row.status, row.attempt])).toEqual([
    ['failed', 1],
    ['pending', 0],
    ['pending', 0],
    ['pending', 0],
    ['pending', 0],
  ]);
  expect(rows[0]!.error).toMatch(/ECONNREFUSED/);
  expect(new Set(rows.map((row) => row.next_attempt_at?.getTime())).size).toBe(1);
  run.clock.advance(30 * SECOND);
  expect(await run.drainOnce()).toEqual({ fannedOut: 0, delivered: 0, failed: 1 });

  await target.up();
  run.clock.advance(2 * MINUTE);
  expect(await run.drainOnce()).toEqual({ fannedOut: 0, delivered: 5, failed: 0 });
  expect(eventIds(target)).toEqual(events);
  expect((await deliveries(subscription.id)).every((row) => row.status === 'delivered')).toBe(true);
  expect(await subscriptionState(subscription.id)).toMatchObject({
    consecutive_failures: 0,
    disabled_at: null,
  });
});

it('disables a subscription after repeated failure, audited as the system, and holds its events until re-enabled', async () => {
  const target = await receiver();
  target.status = 503;
  const { subscription } = await subscribe(target.url, ['reminder.due']);
  const first = await enqueueEvent(db, 'reminder.due', { n: 1 });
  const run = drainer({ disable: { afterFailures: 3 } });

  await run.drainOnce();
  run.clock.advance(30 * SECOND);
  await run.drainOnce();
  expect((await subscriptionState(subscription.id)).disabled_at).toBeNull();
  run.clock.advance(2 * MINUTE);
  expect(await run.drainOnce()).toMatchObject({ failed: 1 });
  expect(await subscriptionState(subscription.id)).toMatchObject({
    consecutive_failures: 3,
    disabled_at: run.clock.now(),
    disabled_reason: '3 delivery attempts failed in a row',
  });
  const [audit] = await listAudit(db, { target: { kind: 'webhook_subscription', id: subscription.id } });
  expect(audit).toMatchObject({
    action: 'webhook.subscription_disabled',
    actor: { kind: 'system', id: null },
    channel: 'system',
    details: { reason: '3 delivery attempts failed in a row', consecutiveFailures: 3 },
  });
  expect(run.lines.join('')).toContain('webhook subscription disabled after repeated failure');

  // Disabled: new events still queue for it, but nothing is sent.
  const second = await enqueueEvent(db, 'reminder.due', { n: 2 });
  run.clock.advance(2 * HOUR);
  expect(await run.drainOnce()).toEqual({ fannedOut: 1, delivered: 0, failed: 0 });
  expect(target.requests).toHaveLength(3);
  expect((await deliveries(subscription.id)).map((row) => row.status)).toEqual(['failed', 'pending']);

  target.status = 204;
  await updateWebhookSubscription(db, admin, subscription.id, { active: true });
  expect(await run.drainOnce()).toEqual({ fannedOut: 0, delivered: 2, failed: 0 });
  expect(eventIds(target)).toEqual([first, first, first, first, second]);
});

it('disables a subscription whose every attempt has failed for 24 hours', async () => {
  const target = await receiver();
  target.status = 500;
  const { subscription } = await subscribe(target.url, ['sync.completed']);
  await enqueueEvent(db, 'sync.completed', {});
  const run = drainer({ retry: { delaysMs: [12 * HOUR] } });
  const started = run.clock.now();

  await run.drainOnce();
  run.clock.advance(12 * HOUR);
  await run.drainOnce();
  expect((await subscriptionState(subscription.id)).disabled_at).toBeNull();
  run.clock.advance(12 * HOUR);
  await run.drainOnce();
  expect(await subscriptionState(subscription.id)).toMatchObject({
    consecutive_failures: 3,
    disabled_reason: `every delivery attempt failed since ${started.toISOString()}`,
  });
});

it('counts a timeout and a redirect as failed attempts and never follows the redirect', async () => {
  const slow = await receiver();
  slow.hang = true;
  const moved = await receiver();
  moved.status = 302;
  moved.headers = { Location: `${slow.url}/elsewhere` };
  const hung = await subscribe(slow.url, ['profile.merged']);
  const redirected = await subscribe(moved.url, ['profile.merged']);
  await enqueueEvent(db, 'profile.merged', {});

  expect(await drainer({ timeoutMs: 1000 }).drainOnce()).toEqual({ fannedOut: 1, delivered: 0, failed: 2 });
  expect(await deliveries(hung.subscription.id)).toMatchObject([
    { status: 'failed', response_status: null, error: 'no answer within 1000 ms' },
  ]);
  expect(await deliveries(redirected.subscription.id)).toMatchObject([
    { status: 'failed', response_status: 302, error: 'HTTP 302 Found' },
  ]);
  expect(slow.requests.map((request) => request.url)).toEqual(['/hook']);
});

it('never writes a secret, a signature or the URL query to the log or the delivery rows', async () => {
  const good = await receiver();
  const bad = await receiver();
  bad.status = 500;
  const down = await receiver();
  await down.down();
  const subs = [
    await subscribe(`${good.url}?token=query-token-good`, ['ticket.created']),
    await subscribe(`${bad.url}?token=query-token-bad`, ['ticket.created']),
    await subscribe(`${down.url}?token=query-token-down`, ['ticket.created']),
  ];
  await enqueueEvent(db, 'ticket.created', { n: 1 });
  const run = drainer({ disable: { afterFailures: 2 } });
  await run.drainOnce();
  run.clock.advance(31 * SECOND);
  await run.drainOnce();

  const logged = run.lines.join('');
  const rows = JSON.stringify(await db.query('SELECT * FROM webhook_deliveries'));
  const signatures = [...good.requests, ...bad.requests].map((r) =>
    String(r.headers['x-crm-bridge-signature']),
  );
  expect(signatures.length).toBeGreaterThanOrEqual(3);
  for (const text of [logged, rows]) {
    for (const { secret } of subs) expect(text).not.toContain(secret);
    for (const signature of signatures) expect(text).not.toContain(signature.slice(3));
    expect(text).not.toContain('query-token');
  }
  // What the log does say: which subscription, which topic, which status.
  const lines = run.lines.map((line) => JSON.parse(line));
  expect(lines).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        msg: 'webhook delivered',
        subscriptionId: subs[0]!.subscription.id,
        status: 200,
      }),
      expect.objectContaining({
        level: 40,
        subscriptionId: subs[1]!.subscription.id,
        topic: 'ticket.created',
        status: 500,
      }),
      expect.objectContaining({ level: 40, subscriptionId: subs[2]!.subscription.id, status: null }),
    ]),
  );
  // Sanity check for the check itself: the signature we looked for is what the receiver verified.
  const first = good.requests[0]!;
  expect(
    signWebhookPayload({
      secret: subs[0]!.secret,
      timestamp: String(first.headers['x-crm-bridge-timestamp']),
      body: first.body,
    }),
  ).toBe(first.headers['x-crm-bridge-signature']);
});
