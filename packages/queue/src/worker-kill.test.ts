import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createReminder } from '@crm-bridge/desk';
import { type Db, migrate, openDb } from '@crm-bridge/store';
import { createTestDatabase, type TestDatabase } from '@test/support/postgres';
import {
  agent,
  dropRedisPrefix,
  quietLog,
  REDIS_URL,
  testRedis,
  until,
  useWorkers,
} from './queue-fixture.test-support';
import { openQueues } from './queue-set';

const register = path.resolve(__dirname, '../test-support/ts-register.cjs');
const child = path.resolve(__dirname, 'worker-child.test-support.ts');

/** A worker in its own process; resolves once it has reconciled. */
function startChild(databaseUrl: string, prefix: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['-r', register, child, databaseUrl, REDIS_URL, prefix], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('ready')) resolve(proc);
    });
    proc.stderr!.on('data', (chunk) => (output += chunk));
    proc.on('exit', (code) => reject(new Error(`worker child exited ${code}: ${output}`)));
  });
}

describe('a worker killed with SIGKILL mid-job', () => {
  let database: TestDatabase;
  let db: Db;
  const startWorker = useWorkers();

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDb({ url: database.url, poolMax: 6 });
    await migrate(db);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('leaves no reminder unsent and none sent twice after a restart', async () => {
    const owner = await agent(db);
    const ids: string[] = [];
    const start = Date.now() + 3000;
    for (let i = 0; i < 60; i++) {
      const dueAt = new Date(start + i * 10);
      ids.push((await createReminder(db, owner, { text: `r${i}`, dueAt })).id);
    }
    const redis = testRedis();
    // Five reminders are held by another transaction: their jobs block mid-delivery in the child.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = db.transaction(async (tx) => {
      await tx.query('SELECT id FROM reminders WHERE id = ANY ($1::uuid[]) FOR UPDATE', [ids.slice(0, 5)]);
      locked();
      await held;
    });
    await isLocked;
    const proc = await startChild(database.url, redis.prefix);
    const queues = await openQueues(redis, quietLog);
    try {
      await until(async () => {
        const [row] = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM reminders WHERE status = 'sent'`,
        );
        const counts = await queues.queues.reminders.getJobCounts('active');
        return row!.n === 55 && counts.active === 5;
      });
      proc.kill('SIGKILL');
      await new Promise((resolve) => proc.once('exit', resolve));
      release();
      await holder;

      await startWorker(db, redis, { lockDurationMs: 1000, stalledIntervalMs: 500 });
      await until(async () => {
        const [row] = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM reminders WHERE status = 'sent'`,
        );
        return row!.n === 60;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const events = await db.query<{ id: string; n: number }>(
        `SELECT payload->'reminder'->>'id' AS id, count(*)::int AS n FROM outbox WHERE topic = 'reminder.due' GROUP BY 1`,
      );
      expect(events).toHaveLength(60);
      expect(events.filter((event) => event.n !== 1)).toEqual([]);
    } finally {
      release();
      proc.kill('SIGKILL');
      await queues.close();
      await dropRedisPrefix(redis);
    }
  });
});
