import type { Config, Logger } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Duties } from './duties';
import { DutyJob, QUEUE_NAMES, type QueueName } from './duty-jobs';
import { type DutyIntervals, dutySchedules } from './duty-schedules';
import { openQueues, type QueueSet } from './queue-set';
import { checkRedisSettings, type RedisTarget, redisClient } from './redis-connection';
import { DEFAULT_REMINDER_WINDOW_MS, enqueueDueReminders, removeOrphanReminderJobs } from './reminder-jobs';
import { upsertSchedulers } from './schedulers';

export interface QueueWorkerOptions {
  db: Db;
  config: Config;
  duties: Duties;
  redis: RedisTarget;
  log: Logger;
  intervals?: Partial<DutyIntervals>;
  /** Reminders due within this window get a job. @defaultValue 7 days */
  reminderWindowMs?: number;
  /** A full reconcile (schedulers, every reminder's job, orphans) this often. @defaultValue 5 minutes */
  reconcileEveryMs?: number;
  /** Look for reminders changed since the last look, and for a flushed Redis, this often. @defaultValue 1000 */
  pollEveryMs?: number;
  /** Jobs at once per queue in this process. @defaultValue reminders 50, the rest 1 */
  concurrency?: Partial<Record<QueueName, number>>;
  /**
   * Whether this process has chat senders: it then runs the `chat` queue and owns its scheduler. One without
   * them neither takes chat jobs nor touches the scheduler another worker keeps. @defaultValue true
   */
  chat?: boolean;
  /**
   * How far back each poll looks again (ms): a reminder written in a transaction that commits after a
   * later version was seen (versions are taken at write time) is found within this much of its write.
   * @defaultValue 30000
   */
  lateCommitMarginMs?: number;
  /** BullMQ lock and stall check (ms): shorter in tests. @defaultValue 30000 each */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** What a reconcile did. */
export interface ReconcileResult {
  schedulers: number;
  schedulersRemoved: number;
  remindersQueued: number;
  orphansRemoved: number;
}

export interface QueueWorker {
  readonly queues: QueueSet['queues'];
  /** Upserts every scheduler, queues every due reminder's job, removes orphans. */
  reconcile(): Promise<ReconcileResult>;
  /** Jobs this process finished, by queue. */
  processed(): Record<QueueName, number>;
  /** Stops taking jobs, waits up to `graceMs` for those running (then leaves them to stall), closes. */
  stop(graceMs?: number): Promise<void>;
}

const DEFAULT_CONCURRENCY: Record<QueueName, number> = {
  sync: 1,
  reminders: 50,
  sla: 1,
  dormant: 1,
  webhooks: 1,
  chat: 1,
};

/**
 * `crm-bridge worker`: a BullMQ worker per duty queue, their schedulers, and the reconcile of Redis with
 * the database (at start, at an interval, and at once when Redis lost its state). Any number may run.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const { db, duties, log, redis } = options;
  const set = await openQueues(redis, log);
  const { queues, client } = set;
  const warning = await checkRedisSettings(client);
  if (warning) log.warn(warning);
  const windowMs = options.reminderWindowMs ?? DEFAULT_REMINDER_WINDOW_MS;
  const markerKey = `${redis.prefix}:worker:reconciled`;
  const abort = new AbortController();
  const chat = options.chat ?? true;
  const marginMs = options.lateCommitMarginMs ?? 30_000;
  let lastVersion = 0;
  // The largest version seen by each look of the last `marginMs` (oldest first): a poll scans from the one
  // seen `marginMs` ago, so a transaction that took a version then and commits now is still found.
  let seen: { at: number; version: number }[] = [];
  let stopped = false;

  function saw(version: number): void {
    const at = Date.now();
    lastVersion = Math.max(lastVersion, version);
    seen.push({ at, version: lastVersion });
    // Keeps the newest look older than the margin: the floor of the next poll.
    const older = seen.findLastIndex((mark) => mark.at <= at - marginMs);
    if (older > 0) seen = seen.slice(older);
  }

  function pollFloor(): number {
    const at = Date.now() - marginMs;
    const older = seen.findLast((mark) => mark.at <= at);
    return (older ?? seen[0])?.version ?? 0;
  }

  // Reconciles and polls run one at a time in this process.
  let chain: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(fn);
    chain = run.catch(() => {});
    return run;
  }

  async function reconcileNow(): Promise<ReconcileResult> {
    // Marked first: a flush during the reconcile removes the mark, and the next poll reconciles again.
    await client.set(markerKey, new Date().toISOString());
    const schedules = dutySchedules(options.config, options.intervals, { chat });
    const upserted = await upsertSchedulers(queues, schedules, chat ? [] : ['chat/chat-drain']);
    // Orphans first: a failed job of a reminder still pending goes, so its job is queued again below.
    const orphansRemoved = await removeOrphanReminderJobs(db, queues.reminders);
    const reminders = await enqueueDueReminders(db, queues.reminders, {
      now: duties.now(),
      windowMs,
      afterVersion: 0,
    });
    saw(reminders.lastVersion);
    const result = {
      schedulers: upserted.upserted,
      schedulersRemoved: upserted.removed,
      remindersQueued: reminders.added,
      orphansRemoved,
    };
    log.info(result, 'queues reconciled with the store');
    return result;
  }

  async function poll(): Promise<void> {
    if ((await client.exists(markerKey)) === 0) {
      log.warn('the queues lost their state in Redis (flushed, evicted or new): reconciling');
      await reconcileNow();
      return;
    }
    const found = await enqueueDueReminders(db, queues.reminders, {
      now: duties.now(),
      windowMs,
      afterVersion: pollFloor(),
    });
    saw(found.lastVersion);
  }

  async function process(job: Job, token?: string): Promise<unknown> {
    const parsed = DutyJob.safeParse(job.data);
    // Data that does not parse never will: failed at once, not retried.
    if (!parsed.success) throw new UnrecoverableError(`bad job data: ${parsed.error.issues[0]?.message}`);
    const data = parsed.data;
    if (data.duty !== 'reminder') return duties.run(data, abort.signal);
    const result = await duties.deliverReminder(data.reminderId, data.version);
    if (result.outcome === 'early') {
      // Made from a clock ahead of ours, or the reminder moved: wait for its due time.
      await job.moveToDelayed(result.dueAt.getTime(), token);
      throw new DelayedError();
    }
    return result;
  }

  const processed = Object.fromEntries(QUEUE_NAMES.map((name) => [name, 0])) as Record<QueueName, number>;
  const connections: Redis[] = [];
  // A process without chat senders leaves the chat jobs to one that has them.
  const workers = QUEUE_NAMES.filter((name) => chat || name !== 'chat').map((name) => {
    const connection = redisClient(redis, log, { blocking: true });
    connections.push(connection);
    const worker = new Worker(name, process, {
      connection,
      prefix: redis.prefix,
      concurrency: options.concurrency?.[name] ?? DEFAULT_CONCURRENCY[name],
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    });
    worker.on('completed', () => {
      processed[name]++;
    });
    worker.on('error', (error: Error) => log.warn({ queue: name, error: error.message }, 'worker error'));
    worker.on('failed', (job, error) => {
      if (error instanceof DelayedError) return;
      log.warn(
        { queue: name, job: job?.id, attempt: job?.attemptsMade, error: error.message },
        'job failed; retried with backoff while attempts remain',
      );
    });
    return worker;
  });

  const timers: NodeJS.Timeout[] = [];
  function every(ms: number, fn: () => Promise<unknown>, what: string): void {
    const tick = () => {
      if (stopped) return;
      serial(fn)
        .catch((error: unknown) => log.error({ err: error }, `${what} failed; will try again`))
        .finally(() => {
          if (!stopped) timers.push(setTimeout(tick, ms));
        });
    };
    timers.push(setTimeout(tick, ms));
  }

  try {
    await serial(reconcileNow);
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.close(true)));
    await Promise.all(connections.map((connection) => connection.quit().catch(() => undefined)));
    await set.close();
    throw error;
  }
  every(options.pollEveryMs ?? 1000, poll, 'reminder poll');
  every(options.reconcileEveryMs ?? 300_000, reconcileNow, 'reconcile');

  return {
    queues,
    reconcile: () => serial(reconcileNow),
    processed: () => ({ ...processed }),
    async stop(graceMs = 30_000) {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      // Sync runs stop after the page they are writing.
      abort.abort();
      const closing = Promise.all(workers.map((worker) => worker.close()));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        closing.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        log.warn({ graceMs }, 'jobs still running after the grace period: left to stall and run again');
        await Promise.all(workers.map((worker) => worker.close(true)));
      }
      await chain;
      await Promise.all(connections.map((connection) => connection.quit().catch(() => undefined)));
      await set.close();
    },
  };
}
