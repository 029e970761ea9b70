import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Config, createLogger, type Logger, parseConfig } from '@crm-bridge/core';
import { type DeskActor, systemActor } from '@crm-bridge/desk';
import { type Db, migrate } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import { Redis } from 'ioredis';
import { createDuties, type DutyDeps } from './duties';
import { type QueueWorker, type QueueWorkerOptions, startQueueWorker } from './queue-worker';
import type { RedisTarget } from './redis-connection';

export const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** A Redis target with a prefix of its own (`test-<uuid>`), as BullMQ's own tests do. */
export function testRedis(): RedisTarget {
  return { url: REDIS_URL, prefix: `test-${randomUUID()}` };
}

/** Deletes every key under the prefix: what FLUSHALL does to the queues, without touching anyone else's keys. */
export async function dropRedisPrefix(target: RedisTarget): Promise<number> {
  const client = new Redis(target.url);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${target.prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
}

/** A config with no sources (so no sync schedules) and the given extra YAML. */
export function queueConfig(extra = ''): Config {
  return parseConfig(`version: 1\ncurrency:\n  base: EUR\nphone:\n  defaultRegion: DE\n${extra}`, {
    fileName: 'crm-bridge.yaml',
    env: {},
  });
}

export const quietLog: Logger = createLogger({ level: 'silent' });

/** One migrated database per test file; tables emptied before each test. */
export function useQueueDb(driver: 'postgres' | 'pglite'): () => Db {
  let handle: TestDb;
  beforeAll(async () => {
    handle = await openTestDb(driver);
    await migrate(handle.db);
  }, 120_000);
  beforeEach(async () => {
    const tables = await handle.db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
    );
    await handle.db.exec(
      `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`,
    );
  });
  afterAll(() => handle?.cleanup());
  return () => handle.db;
}

/** An agent written straight to the table, as a desk actor in Slack. */
export async function agent(db: Db, name = 'Anna Agent'): Promise<DeskActor> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO employees (name, role, active) VALUES ($1, 'admin', true) RETURNING id`,
    [name],
  );
  return { kind: 'employee', id: row!.id, channel: 'slack', role: 'admin', employeeId: row!.id, name };
}

export { systemActor };

/** Workers started by a test, stopped (and their prefix dropped) after it. */
export function useWorkers() {
  const started: { worker: QueueWorker; redis: RedisTarget }[] = [];
  afterEach(async () => {
    const stopped = started.splice(0).reverse();
    for (const { worker } of stopped) await worker.stop(5000);
    for (const prefix of new Set(stopped.map(({ redis }) => redis.prefix))) {
      await dropRedisPrefix({ url: REDIS_URL, prefix });
    }
  });
  return async function start(
    db: Db,
    redis: RedisTarget,
    options: Partial<QueueWorkerOptions> & { deps?: Partial<DutyDeps> } = {},
  ): Promise<QueueWorker> {
    const config = options.config ?? queueConfig();
    const duties = createDuties({ db, config, log: quietLog, ...options.deps });
    const worker = await startQueueWorker({
      db,
      config,
      duties,
      redis,
      log: quietLog,
      pollEveryMs: 100,
      chat: false,
      ...options,
    });
    started.push({ worker, redis });
    return worker;
  };
}

/** Waits until `check` gives a truthy value (polling every 50 ms) or fails after `ms`. */
export async function until<T>(check: () => Promise<T | false | null | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A real HTTP receiver on loopback answering `status` (changeable), recording each body. */
export async function startReceiver(): Promise<{
  url: string;
  bodies: string[];
  status: number;
  close(): Promise<void>;
}> {
  const state = { url: '', bodies: [] as string[], status: 200, close: async () => {} };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(state.status).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
