import type { Job, Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import { QUEUE_NAMES, type QueueName } from './duty-jobs';
import type { QueueSet } from './queue-set';

/** One queue's state as `worker status` and /metrics show it. */
export interface QueueHealth {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** How far behind its due time the most overdue job not yet started is (0 when none is). */
  latenessSeconds: number;
}

/**
 * When a waiting job was due: its delay counts from when it was added, or, for one a worker moved back to
 * delayed (the "early" path sets a new delay then), from when that worker took it.
 */
function waitingDueAt(job: Job | undefined): number | null {
  return job ? (job.processedOn ?? job.timestamp) + (job.delay ?? 0) : null;
}

/** When the first delayed job is due: BullMQ scores the delayed set by due time × 0x1000. */
async function firstDelayedDueAt(queue: Queue): Promise<number | null> {
  const client = await queue.backend.client;
  const [, score] = await client.zrange(queue.keys.delayed!, 0, 0, { WITHSCORES: true });
  return score === undefined ? null : Math.floor(Number(score) / 0x1000);
}

/** Reads every queue's counts and lateness from Redis. */
export async function queueHealth(set: Pick<QueueSet, 'queues'>, now = Date.now()): Promise<QueueHealth[]> {
  return Promise.all(
    QUEUE_NAMES.map(async (queue) => {
      const q = set.queues[queue];
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      const [oldestWaiting] = await q.getJobs(['waiting', 'prioritized'], 0, 0, true);
      const due = [waitingDueAt(oldestWaiting), await firstDelayedDueAt(q)].filter((value) => value !== null);
      const lateMs = due.length === 0 ? 0 : Math.max(0, now - Math.min(...due));
      return {
        queue,
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        latenessSeconds: lateMs / 1000,
      };
    }),
  );
}

/**
 * Registers queue gauges on a prom-client registry (the API's /metrics), read from Redis at scrape time.
 * A Redis that cannot answer leaves them unset for that scrape.
 */
export function registerQueueMetrics(
  registry: Registry,
  read: () => Promise<QueueHealth[]>,
  onError: (error: unknown) => void = () => {},
): void {
  let reading: Promise<QueueHealth[] | null> | null = null;
  // One Redis read serves the gauges of one scrape.
  const shared = () => {
    reading ??= read()
      .catch((error: unknown) => {
        onError(error);
        return null;
      })
      .finally(() => setTimeout(() => (reading = null), 200).unref());
    return reading;
  };
  const gauge = (name: string, help: string, pick: (health: QueueHealth) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['queue'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const health = await shared();
        for (const entry of health ?? []) this.set({ queue: entry.queue }, pick(entry));
      },
    });
  gauge('crm_bridge_queue_waiting_jobs', 'Jobs waiting for a worker, by queue', (h) => h.waiting);
  gauge('crm_bridge_queue_active_jobs', 'Jobs being processed, by queue', (h) => h.active);
  gauge('crm_bridge_queue_delayed_jobs', 'Jobs delayed until their time, by queue', (h) => h.delayed);
  gauge('crm_bridge_queue_failed_jobs', 'Jobs failed for good (kept for a week), by queue', (h) => h.failed);
  gauge(
    'crm_bridge_queue_lateness_seconds',
    'How far past its due time the most overdue job not yet started is, by queue',
    (h) => h.latenessSeconds,
  );
}

/** The health as the lines of a table. */
export function queueHealthLines(health: readonly QueueHealth[]): string[] {
  const header = ['queue', 'waiting', 'active', 'delayed', 'failed', 'lateness'];
  const rows = health.map((h) => [
    h.queue,
    String(h.waiting),
    String(h.active),
    String(h.delayed),
    String(h.failed),
    `${h.latenessSeconds.toFixed(1)}s`,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  return [header, ...rows].map((row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
  );
}
