import type { Db } from '@crm-bridge/store';
import type { Queue } from 'bullmq';
import { parseReminderJobId, reminderJobId } from './duty-jobs';

/** Reminders due within this window get their delayed job; later ones wait for a later reconcile. */
export const DEFAULT_REMINDER_WINDOW_MS = 7 * 24 * 3_600_000;

const PAGE = 2000;

/** Reminder jobs retry a failing delivery (the store down) with backoff; done ones are removed at once. */
export const REMINDER_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;

interface PendingRow {
  id: string;
  version: string | number;
  due_at: Date;
}

/**
 * Adds a delayed job for every pending reminder due within the window whose version is above `afterVersion`
 * (0: all of them). Job ids make this safe to repeat: a job already there is left alone (a failed one too:
 * `removeOrphanReminderJobs` clears those first). Returns the largest version committed before the pages
 * were read, for the next call.
 */
export async function enqueueDueReminders(
  db: Db,
  queue: Queue,
  options: { now: Date; windowMs: number; afterVersion: number },
): Promise<{ added: number; lastVersion: number }> {
  // Read before the pages: every row committed by now is in them. A row with a lower version that commits
  // later is the caller's to catch, by scanning again from a version some seconds behind (see the worker).
  const [top] = await db.query<{ v: string | number | null }>('SELECT max(version) AS v FROM reminders');
  let after = options.afterVersion;
  let added = 0;
  const until = new Date(options.now.getTime() + options.windowMs);
  for (;;) {
    const rows = await db.query<PendingRow>(
      `SELECT id, version, due_at FROM reminders
       WHERE version > $1 AND status = 'pending' AND due_at <= $2
       ORDER BY version LIMIT $3`,
      [after, until, PAGE],
    );
    if (rows.length === 0) break;
    const nowMs = Date.now();
    await queue.addBulk(
      rows.map((row) => {
        const version = Number(row.version);
        return {
          name: 'deliver',
          data: { duty: 'reminder', reminderId: row.id, version },
          opts: {
            ...REMINDER_JOB_OPTIONS,
            jobId: reminderJobId(row.id, version),
            delay: Math.max(0, row.due_at.getTime() - nowMs),
          },
        };
      }),
    );
    added += rows.length;
    after = Number(rows[rows.length - 1]!.version);
    if (rows.length < PAGE) break;
  }
  // Versions of reminders changed before the pages (sent ones, ones outside the window) are passed too.
  return { added, lastVersion: Math.max(after, Number(top?.v ?? 0)) };
}

/**
 * Removes waiting and delayed reminder jobs whose reminder is no longer pending at that version (snoozed,
 * edited, sent, closed, deleted), and failed ones whose reminder still is (their attempts ran out while the
 * store was down: removed, the next `enqueueDueReminders` queues them again under the same id). Returns how
 * many were removed.
 */
export async function removeOrphanReminderJobs(db: Db, queue: Queue): Promise<number> {
  // A failed job of a reminder no longer pending is history (`worker status` counts it): left to expire.
  const queued = await removeReminderJobs(db, queue, ['delayed', 'waiting'], (live) => !live);
  const failed = await removeReminderJobs(db, queue, ['failed'], (live) => live);
  return queued + failed;
}

async function removeReminderJobs(
  db: Db,
  queue: Queue,
  states: ('delayed' | 'waiting' | 'failed')[],
  remove: (live: boolean) => boolean,
): Promise<number> {
  let removed = 0;
  for (let start = 0; ; start += PAGE) {
    const jobs = await queue.getJobs(states, start, start + PAGE - 1, true);
    if (jobs.length === 0) return removed;
    const named = jobs.flatMap((job) => {
      const ref = parseReminderJobId(job.id);
      return ref ? [{ job, ...ref }] : [];
    });
    const current = await db.query<{ id: string; version: string | number }>(
      `SELECT id, version FROM reminders WHERE id = ANY ($1::uuid[]) AND status = 'pending'`,
      [named.map((entry) => entry.reminderId)],
    );
    const live = new Set(current.map((row) => reminderJobId(row.id, Number(row.version))));
    let removedHere = 0;
    for (const entry of named) {
      if (!remove(live.has(entry.job.id!))) continue;
      // A job that became active meanwhile cannot be removed; it finds nothing to do.
      await entry.job.remove().then(
        () => removedHere++,
        () => undefined,
      );
    }
    removed += removedHere;
    // Removed jobs shift the pages that follow.
    start -= removedHere;
    if (jobs.length < PAGE) return removed;
  }
}
