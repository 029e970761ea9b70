import { createWebhookSubscription, emitEvent } from '@crm-bridge/desk';
import type { Db } from '@crm-bridge/store';
import {
  agent,
  queueConfig,
  startReceiver,
  testRedis,
  until,
  useQueueDb,
  useWorkers,
} from './queue-fixture.test-support';

const db = useQueueDb('postgres');
const startWorker = useWorkers();

async function subscribe(database: Db, url: string) {
  const admin = await agent(database, 'Ada Admin');
  return createWebhookSubscription(
    database,
    { actor: { kind: 'employee', id: admin.id, channel: 'api' }, role: 'admin' },
    { url, events: ['ticket.created'] },
  );
}

async function emit(database: Db, count: number) {
  for (let i = 0; i < count; i++) {
    await database.transaction((tx) =>
      emitEvent(tx, 'ticket.created', { ticket: { id: `t-${i}` } } as never, `test:${i}`),
    );
  }
}

const fast = { retry: { delaysMs: [100], jitter: 0, maxAttempts: 50 } };

describe('webhook deliveries on the worker (Redis + PostgreSQL)', () => {
  it('a failing receiver gets its deliveries later, each once, in order', async () => {
    const receiver = await startReceiver();
    try {
      receiver.status = 500;
      await subscribe(db(), receiver.url);
      await emit(db(), 5);
      await startWorker(db(), testRedis(), {
        intervals: { webhooksMs: 100 },
        deps: { webhooks: fast },
      });
      await until(async () => receiver.bodies.length >= 3);
      const [{ failed }] = (await db().query(
        `SELECT count(*)::int AS failed FROM webhook_deliveries WHERE status = 'failed'`,
      )) as [{ failed: number }];
      expect(failed).toBeGreaterThan(0);

      receiver.status = 200;
      const before = receiver.bodies.length;
      await until(async () => {
        const [row] = await db().query<{ n: number }>(
          `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered'`,
        );
        return row!.n === 5;
      });
      const delivered = receiver.bodies.slice(before - 1).map((body) => JSON.parse(body).data.ticket.id);
      // The failing first event is retried first; each event arrives once after the receiver recovered.
      expect([...new Set(delivered)]).toEqual(['t-0', 't-1', 't-2', 't-3', 't-4']);
    } finally {
      await receiver.close();
    }
  });

  it('disables a subscription after the configured failures', async () => {
    const receiver = await startReceiver();
    try {
      receiver.status = 503;
      const { subscription } = await subscribe(db(), receiver.url);
      await emit(db(), 1);
      await startWorker(db(), testRedis(), {
        intervals: { webhooksMs: 100 },
        deps: { webhooks: { ...fast, disable: { afterFailures: 3 } } },
      });
      const row = await until(async () => {
        const [found] = await db().query<{ disabled_at: Date | null; consecutive_failures: number }>(
          'SELECT disabled_at, consecutive_failures FROM webhook_subscriptions WHERE id = $1',
          [subscription.id],
        );
        return found?.disabled_at ? found : null;
      });
      expect(row.consecutive_failures).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.bodies).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });
});

describe('job schedulers', () => {
  it('follow the config: a changed schedule updates its scheduler, a removed source removes its own', async () => {
    const source = (every: string) =>
      `sources:\n  - id: berlin\n    kind: odoo\n    url: https://erp.example.com\n    database: db\n` +
      `    credentials: { apiKey: k }\n    schedule: { incremental: ${every}, reconcile: "0 3 * * *" }\n    timezone: Europe/Berlin\n`;
    const redis = testRedis();
    const first = await startWorker(db(), redis, { config: queueConfig(source('15m')) });
    const schedulers = async () =>
      (await first.queues.sync.getJobSchedulers(0, -1))
        .map((s) => ({ id: s.key, every: s.every ?? null, pattern: s.pattern ?? null, tz: s.tz ?? null }))
        .sort((a, b) => a.id.localeCompare(b.id));
    expect(await schedulers()).toEqual([
      { id: 'sync-berlin-incremental', every: 900_000, pattern: null, tz: null },
      { id: 'sync-berlin-reconcile', every: null, pattern: '0 3 * * *', tz: 'Europe/Berlin' },
    ]);
    expect(await first.queues.sla.getJobSchedulers(0, -1)).toHaveLength(1);

    const second = await startWorker(db(), redis, { config: queueConfig(source('5m')) });
    expect((await schedulers())[0]).toMatchObject({ id: 'sync-berlin-incremental', every: 300_000 });
    expect(await first.queues.sync.getJobSchedulersCount()).toBe(2);

    await second.stop(1000);
    await first.stop(1000);
    const third = await startWorker(db(), redis, { config: queueConfig() });
    expect(await third.queues.sync.getJobSchedulersCount()).toBe(0);
  });
});
