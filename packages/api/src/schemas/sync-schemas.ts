import { z } from 'zod';

const Timestamp = z.string().meta({ description: 'ISO 8601, UTC' });

export const SyncCounts = z.strictObject({
  read: z.int(),
  inserted: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  quarantined: z.int(),
  deleted: z.int(),
});

export const SyncRun = z.strictObject({
  id: z.int(),
  source: z.string(),
  stream: z.string().nullable().meta({ description: 'Null for a run that covers the whole source' }),
  mode: z.enum(['full', 'incremental', 'reconcile']),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  counts: SyncCounts,
  error: z.string().nullable(),
});

/** A run with the stream runs it covered (for a whole-source run). */
export const SyncRunDetail = SyncRun.extend({
  streams: z.array(SyncRun).meta({ description: 'The stream runs of a whole-source run, newest first' }),
});

export const QuarantineSummary = z.strictObject({
  id: z.int(),
  source: z.string(),
  stream: z.string(),
  externalId: z.string().nullable(),
  reason: z.string(),
  runId: z.int().nullable(),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  attempts: z.int(),
});

/** A quarantined record with its validation issues and the raw payload as the ERP sent it. */
export const QuarantineEntry = QuarantineSummary.extend({
  issues: z.array(z.unknown()),
  raw: z.unknown(),
});
