import { z } from 'zod';

/** The queues of the worker, one per duty. */
export const QUEUE_NAMES = ['sync', 'reminders', 'sla', 'dormant', 'webhooks', 'chat'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** What a job asks for. Job data crosses Redis: parsed when enqueued and again when processed. */
export const DutyJob = z.discriminatedUnion('duty', [
  z.strictObject({
    duty: z.literal('sync'),
    source: z.string().min(1).max(100),
    mode: z.enum(['incremental', 'reconcile']),
  }),
  z.strictObject({ duty: z.literal('reminder'), reminderId: z.uuid(), version: z.int().positive() }),
  z.strictObject({ duty: z.literal('sla') }),
  z.strictObject({ duty: z.literal('dormant') }),
  z.strictObject({ duty: z.literal('webhooks') }),
  z.strictObject({ duty: z.literal('chat') }),
]);
export type DutyJob = z.infer<typeof DutyJob>;

/** The queue each kind of job goes to. */
export function queueOf(job: DutyJob): QueueName {
  return job.duty === 'reminder' ? 'reminders' : job.duty;
}

/** A reminder's job id: the same reminder at the same version is one job, a new version another. */
export function reminderJobId(reminderId: string, version: number): string {
  return `reminder-${reminderId}-v${version}`;
}

const REMINDER_JOB_ID = /^reminder-([0-9a-f-]{36})-v(\d+)$/;

/** The reminder and version a job id names, or null for another id. */
export function parseReminderJobId(
  jobId: string | undefined,
): { reminderId: string; version: number } | null {
  const match = jobId ? REMINDER_JOB_ID.exec(jobId) : null;
  return match ? { reminderId: match[1]!, version: Number(match[2]) } : null;
}
