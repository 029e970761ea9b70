/**
 * npm run bench:worker -- [--reminders 100000] [--over 90] [--workers 2] [--events 2000] [--subscriptions 5]
 *   [--profile <dir>]  (a CPU profile of each worker process, written there when it stops)
 *
 * The worker under load (issue 9). N reminders due over `over` seconds of wall time (a compressed clock:
 * 100,000 due over 10 minutes squeezed into 60–120 s; lateness is sent_at − due_at, both wall time) on a
 * fresh PostgreSQL database, two `startQueueWorker` processes on a Redis database of its own (db 13, which
 * the bench flushes): lateness p50/p99/max, lost and doubled; then N more reminders scheduled for later,
 * FLUSHDB, and the time until every job is back; worker RSS; webhook deliveries per second to a fast local
 * receiver. Runs the built JavaScript (`tsc -b && tsc -p test/bench`), the worker children too.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { migrate, openDb } from '@crm-bridge/store';
import { Redis } from 'ioredis';
import { createTestDatabase } from '../support/postgres';
import { arg } from './bench-support';

const TARGET = { p99Ms: 1000, deliveriesPerSecond: 1000 };
const REDIS_URL = `${(process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379').replace(/\/\d*$/, '')}/13`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
function line(name: string, value: string, target: string, ok: boolean): void {
  console.log(
    `${name.padEnd(34)} ${value.padStart(16)}   target ${target.padEnd(12)} ${ok ? 'ok' : 'MISSED'}`,
  );
}

async function main(): Promise<void> {
  const count = Number(arg('reminders', '100000'));
  const overS = Number(arg('over', '90'));
  const workerCount = Number(arg('workers', '2'));
  const events = Number(arg('events', '2000'));
  const subscriptions = Number(arg('subscriptions', '5'));
  const profileDir = arg('profile', '');
  const database = await createTestDatabase();
  const databaseUrl = database.url;
  const db = await openDb({ url: databaseUrl, poolMax: 10 });
  const redis = new Redis(REDIS_URL);
  const prefix = `bench-${randomUUID()}`;
  const children: ChildProcess[] = [];
  const rss = new Map<number, number>();
  try {
    await migrate(db);
    await redis.flushdb();
    const [owner] = await db.query<{ id: string }>(
      `INSERT INTO employees (name, role) VALUES ('Bench Agent', 'agent') RETURNING id`,
    );
    for (let i = 0; i < workerCount; i++) {
      const child = fork(path.resolve(__dirname, 'worker-bench-child.js'), [databaseUrl, REDIS_URL, prefix], {
        execArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      });
      children.push(child);
      await new Promise<void>((resolve) =>
        child.on('message', (message: { ready?: boolean; rss?: number }) => {
          if (message.rss) rss.set(i, message.rss);
          if (message.ready) resolve();
        }),
      );
    }
    console.log(`${workerCount} workers ready`);
    // Written after the workers started: their poll finds the new reminders and queues them.
    const leadMs = 15_000;
    const start = Date.now() + leadMs;
    await db.query(
      `INSERT INTO reminders (employee_id, text, due_at)
       SELECT $1, 'bench ' || i, $2::timestamptz + (i * $3::float8 / $4) * interval '1 millisecond'
       FROM generate_series(0, $4 - 1) AS i`,
      [owner!.id, new Date(start), overS * 1000, count],
    );
    console.log(`${fmt(count)} reminders due over ${overS}s from ${new Date(start).toISOString()}`);

    const deadline = start + overS * 1000 + 60_000;
    for (;;) {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM reminders WHERE status = 'pending'`,
      );
      if (row!.n === 0 || Date.now() > deadline) break;
      await sleep(1000);
    }
    const [late] = await db.query<{ p50: number; p99: number; max: number; sent: number; lost: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY l) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY l) AS p99,
         max(l) AS max, count(*) FILTER (WHERE l IS NOT NULL)::int AS sent, count(*) FILTER (WHERE l IS NULL)::int AS lost
       FROM (SELECT extract(epoch FROM sent_at - due_at) * 1000 AS l FROM reminders) x`,
    );
    const [doubled] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT payload->'reminder'->>'id' FROM outbox WHERE topic = 'reminder.due'
       GROUP BY 1 HAVING count(*) > 1) d`,
    );
    console.log('\nreminders');
    line('lateness p50', `${fmt(late!.p50)} ms`, '', true);
    line('lateness p99', `${fmt(late!.p99)} ms`, `≤ ${TARGET.p99Ms} ms`, late!.p99 <= TARGET.p99Ms);
    line('lateness max', `${fmt(Number(late!.max))} ms`, '', true);
    line('sent', fmt(late!.sent), fmt(count), late!.sent === count);
    line('lost', fmt(late!.lost), '0', late!.lost === 0);
    line('doubled', fmt(doubled!.n), '0', doubled!.n === 0);

    // Recovery: N reminders due in an hour, all queued; then the Redis database is flushed.
    const later = new Date(Date.now() + 3_600_000);
    await db.query(
      `INSERT INTO reminders (employee_id, text, due_at) SELECT $1, 'later ' || i, $2 FROM generate_series(1, $3) AS i`,
      [owner!.id, later, count],
    );
    const delayedKey = `${prefix}:reminders:delayed`;
    while ((await redis.zcard(delayedKey)) < count) await sleep(200);
    const flushed = Date.now();
    await redis.flushdb();
    while ((await redis.zcard(delayedKey)) < count) await sleep(100);
    const recoverS = (Date.now() - flushed) / 1000;
    console.log('\nFLUSHDB with every job scheduled');
    line('time to recover', `${fmt(recoverS)} s`, `${fmt(count)} jobs`, true);
    line('worker RSS (max of any)', `${fmt(Math.max(...rss.values()) / 1048576)} MiB`, '', true);
    await db.query(`UPDATE reminders SET status = 'cancelled' WHERE status = 'pending'`);

    // Webhooks: E events to S subscriptions on a fast receiver.
    let received = 0;
    const server = createServer((request, response) => {
      request.resume().on('end', () => {
        received++;
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    for (let i = 0; i < subscriptions; i++) {
      await db.query(
        `INSERT INTO webhook_subscriptions (url, events, secret) VALUES ($1, ARRAY['ticket.created'], 'bench-secret-0123456789abcdef')`,
        [`http://127.0.0.1:${port}/hook/${i}`],
      );
    }
    const total = events * subscriptions;
    const sendStart = Date.now();
    await db.query(
      `INSERT INTO outbox (topic, payload) SELECT 'ticket.created', jsonb_build_object('ticket', jsonb_build_object('id', i))
       FROM generate_series(1, $1) AS i`,
      [events],
    );
    while (received < total && Date.now() - sendStart < 300_000) await sleep(100);
    const perSecond = received / ((Date.now() - sendStart) / 1000);
    server.close();
    console.log('\nwebhooks');
    line(`deliveries (${fmt(events)} × ${subscriptions})`, fmt(received), fmt(total), received === total);
    line(
      'deliveries per second',
      fmt(perSecond),
      `≥ ${fmt(TARGET.deliveriesPerSecond)}`,
      perSecond >= TARGET.deliveriesPerSecond,
    );
  } finally {
    for (const child of children) child.send({ stop: true });
    await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    await redis.flushdb();
    redis.disconnect();
    await db.close();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
