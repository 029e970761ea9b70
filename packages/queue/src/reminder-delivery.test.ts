import { createReminder, snoozeReminder } from '@crm-bridge/desk';
import type { Db } from '@crm-bridge/store';
import { reminderJobId } from './duty-jobs';
import {
  agent,
  dropRedisPrefix,
  testRedis,
  until,
  useQueueDb,
  useWorkers,
} from './queue-fixture.test-support';

const db = useQueueDb('postgres');
const startWorker = useWorkers();

async function reminders(count: number, dueInMs: number, spreadMs = 0) {
  const owner = await agent(db());
  const ids: string[] = [];
  const base = Date.now() + dueInMs;
  for (let i = 0; i < count; i++) {
    const due = new Date(base + (count > 1 ? Math.floor((spreadMs * i) / (count - 1)) : 0));
    ids.push((await createReminder(db(), owner, { text: `call back #${i}`, dueAt: due })).id);
  }
  return { owner, ids };
}

async function sentRows(database: Db) {
  return database.query<{ id: string; late_ms: number }>(
    `SELECT id, (extract(epoch FROM sent_at - due_at) * 1000)::float8 AS late_ms
     FROM reminders WHERE status = 'sent'`,
  );
}

async function dueEvents(database: Db) {
  return database.query<{ reminder_id: string; n: number }>(
    `SELECT payload->'reminder'->>'id' AS reminder_id, count(*)::int AS n FROM outbox
     WHERE topic = 'reminder.due' GROUP BY 1`,
  );
}

describe('reminder delivery on the worker (Redis + PostgreSQL)', () => {
  it('sends each reminder once and on time, from a delayed job with a stable id', async () => {
    const { ids } = await reminders(20, 2500, 400);
    const redis = testRedis();
    const worker = await startWorker(db(), redis);
    const delayed = await worker.queues.reminders.getJobs(['delayed'], 0, -1);
    const [row] = await db().query<{ version: string }>('SELECT version FROM reminders WHERE id = $1', [
      ids[0]!,
    ]);
    expect(delayed.map((job) => job.id)).toContain(reminderJobId(ids[0]!, Number(row!.version)));
    expect(delayed).toHaveLength(20);

    const sent = await until(async () => {
      const rows = await sentRows(db());
      return rows.length === 20 && rows;
    });
    for (const { late_ms } of sent) {
      expect(late_ms).toBeGreaterThanOrEqual(0);
      expect(late_ms).toBeLessThan(1000);
    }
    // A second reconcile finds nothing to queue again and nothing is sent twice.
    await worker.reconcile();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = await dueEvents(db());
    expect(events).toHaveLength(20);
    expect(events.every((event) => event.n === 1)).toBe(true);
  });

  it('a snooze moves the job: the old one is removed or does nothing, the new one fires at the new time', async () => {
    const { owner, ids } = await reminders(1, 60_000);
    const id = ids[0]!;
    const redis = testRedis();
    const worker = await startWorker(db(), redis);
    const [before] = await worker.queues.reminders.getJobs(['delayed']);
    expect(before?.id).toMatch(new RegExp(`^reminder-${id}-v\\d+$`));

    const snoozedTo = new Date(Date.now() + 700);
    await snoozeReminder(db(), owner, id, snoozedTo);
    // The poll finds the new version and queues its job.
    const [row] = await db().query<{ version: string }>('SELECT version FROM reminders WHERE id = $1', [id]);
    const newJobId = reminderJobId(id, Number(row!.version));
    await until(async () => (await worker.queues.reminders.getJob(newJobId)) !== undefined);
    // The superseded job, run now, sends nothing.
    await before!.promote();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await sentRows(db())).toHaveLength(0);

    const [sent] = await until(async () => {
      const rows = await sentRows(db());
      return rows.length === 1 && rows;
    });
    expect(sent!.late_ms).toBeGreaterThanOrEqual(0);
    expect(sent!.late_ms).toBeLessThan(1000);
    expect(await dueEvents(db())).toEqual([{ reminder_id: id, n: 1 }]);
  });

  it('a reconcile removes the jobs of reminders snoozed, done or cancelled meanwhile', async () => {
    const { owner, ids } = await reminders(3, 3_600_000);
    const redis = testRedis();
    const worker = await startWorker(db(), redis, { pollEveryMs: 60_000 });
    await snoozeReminder(db(), owner, ids[0]!, new Date(Date.now() + 7_200_000));
    await db().query(`UPDATE reminders SET status = 'cancelled' WHERE id = $1`, [ids[1]!]);
    const result = await worker.reconcile();
    expect(result.orphansRemoved).toBe(2);
    const left = (await worker.queues.reminders.getJobs(['delayed'], 0, -1)).map((job) => job.id).sort();
    const rows = await db().query<{ id: string; version: string }>(
      `SELECT id, version FROM reminders WHERE status = 'pending' ORDER BY id`,
    );
    expect(left).toEqual(rows.map((r) => reminderJobId(r.id, Number(r.version))).sort());
  });

  it('two workers send each reminder once', async () => {
    await reminders(200, 600, 300);
    const redis = testRedis();
    const a = await startWorker(db(), redis);
    const b = await startWorker(db(), redis);
    await until(async () => (await sentRows(db())).length === 200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = await dueEvents(db());
    expect(events).toHaveLength(200);
    expect(events.filter((event) => event.n !== 1)).toEqual([]);
    // Both took a share of the work.
    expect(a.processed().reminders).toBeGreaterThan(0);
    expect(b.processed().reminders).toBeGreaterThan(0);
    expect(a.processed().reminders + b.processed().reminders).toBeGreaterThanOrEqual(200);
  });

  it('Redis losing every queue key mid-run (as FLUSHALL does) loses no reminder and doubles none', async () => {
    await reminders(100, 300, 1500);
    const redis = testRedis();
    await startWorker(db(), redis);
    await until(async () => (await sentRows(db())).length > 10);
    expect(await dropRedisPrefix(redis)).toBeGreaterThan(0);
    await until(async () => (await sentRows(db())).length === 100);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = await dueEvents(db());
    expect(events).toHaveLength(100);
    expect(events.filter((event) => event.n !== 1)).toEqual([]);
  });
});
