import type { Queue } from 'bullmq';
import { type QueueName, queueOf } from './duty-jobs';
import type { ScheduledDuty } from './duty-schedules';

/** Recurring duty jobs: retried with backoff, a little history kept for `worker status`. */
export const DUTY_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { count: 100 },
  removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
} as const;

/**
 * Upserts a job scheduler per recurring duty (the same id updates it, so a config change never duplicates
 * one) and removes schedulers the config no longer has. `keep` (`<queue>/<id>`) names schedulers another
 * worker owns (the chat drain of a worker with chat tokens): left alone, neither upserted nor removed.
 */
export async function upsertSchedulers(
  queues: Record<QueueName, Queue>,
  schedules: readonly ScheduledDuty[],
  keep: readonly string[] = [],
): Promise<{ upserted: number; removed: number }> {
  const wanted = new Set([...keep, ...schedules.map((duty) => `${queueOf(duty.job)}/${duty.id}`)]);
  for (const duty of schedules) {
    await queues[queueOf(duty.job)].upsertJobScheduler(duty.id, duty.repeat, {
      name: duty.id,
      data: duty.job,
      opts: DUTY_JOB_OPTIONS,
    });
  }
  let removed = 0;
  for (const [name, queue] of Object.entries(queues)) {
    for (const scheduler of await queue.getJobSchedulers(0, -1)) {
      const id = scheduler.key;
      if (wanted.has(`${name}/${id}`)) continue;
      if (await queue.removeJobScheduler(id)) removed++;
    }
  }
  return { upserted: schedules.length, removed };
}
