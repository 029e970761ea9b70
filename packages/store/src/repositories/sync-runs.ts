import { ConflictError, NotFoundError } from '@crm-bridge/core';
import type { Db } from '../db/db';
import { count, iso, isoOrNull } from './row-values';

export type SyncMode = 'full' | 'incremental' | 'reconcile';
export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** What a run did, record by record. */
export interface SyncCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  deleted: number;
}

export interface SyncRun {
  id: number;
  source: string;
  /** Null when the run covers every stream of the source. */
  stream: string | null;
  mode: SyncMode;
  status: SyncRunStatus;
  startedAt: string;
  finishedAt: string | null;
  counts: SyncCounts;
  error: string | null;
}

interface SyncRunRow {
  id: number;
  source: string;
  stream: string | null;
  mode: SyncMode;
  status: SyncRunStatus;
  started_at: Date;
  finished_at: Date | null;
  records_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  deleted: number;
  error: string | null;
}

const columns = `id, source, stream, mode, status, started_at, finished_at, records_read, inserted, updated,
  unchanged, quarantined, deleted, error`;

function toSyncRun(row: SyncRunRow): SyncRun {
  return {
    id: row.id,
    source: row.source,
    stream: row.stream,
    mode: row.mode,
    status: row.status,
    startedAt: iso(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    counts: {
      read: count(row.records_read),
      inserted: count(row.inserted),
      updated: count(row.updated),
      unchanged: count(row.unchanged),
      quarantined: count(row.quarantined),
      deleted: count(row.deleted),
    },
    error: row.error,
  };
}

/** A run's counts before its first page. */
export const zeroCounts = (): SyncCounts => ({
  read: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  quarantined: 0,
  deleted: 0,
});

/** Records the start of a run; its start time is the signpost no cursor may pass. */
export async function startSyncRun(
  db: Db,
  input: { source: string; stream?: string | null; mode: SyncMode },
): Promise<SyncRun> {
  const [row] = await db.query<SyncRunRow>(
    `INSERT INTO sync_runs (source, stream, mode) VALUES ($1, $2, $3) RETURNING ${columns}`,
    [input.source, input.stream ?? null, input.mode],
  );
  return toSyncRun(row!);
}

/**
 * Ends as failed the runs of a stream still marked running: with one sync per stream at a time, they are
 * runs whose process died (a crash, a kill) before it could finish them. Returns how many.
 */
export async function markInterruptedRuns(db: Db, source: string, stream: string | null): Promise<number> {
  const rows = await db.query(
    `UPDATE sync_runs SET status = 'failed', finished_at = now(),
       error = 'interrupted: the process stopped before the run ended'
     WHERE source = $1 AND stream IS NOT DISTINCT FROM $2 AND status = 'running' RETURNING 1`,
    [source, stream],
  );
  return rows.length;
}

/** Adds a committed page's counts to a running run (call it in the page's transaction). */
export async function addSyncRunCounts(db: Db, id: number, counts: Partial<SyncCounts>): Promise<void> {
  const c = { ...zeroCounts(), ...counts };
  const rows = await db.query(
    `UPDATE sync_runs SET records_read = records_read + $2, inserted = inserted + $3, updated = updated + $4,
       unchanged = unchanged + $5, quarantined = quarantined + $6, deleted = deleted + $7
     WHERE id = $1 AND status = 'running' RETURNING 1`,
    [id, c.read, c.inserted, c.updated, c.unchanged, c.quarantined, c.deleted],
  );
  if (rows.length === 0) await assertRunning(db, id);
}

/** Ends a running run with its final status, counts (replacing the running totals when given) and error. */
export async function finishSyncRun(
  db: Db,
  id: number,
  result: { status: Exclude<SyncRunStatus, 'running'>; counts?: SyncCounts; error?: string | null },
): Promise<SyncRun> {
  const c = result.counts;
  const [row] = await db.query<SyncRunRow>(
    `UPDATE sync_runs SET status = $2, finished_at = now(), error = $3,
       records_read = coalesce($4, records_read), inserted = coalesce($5, inserted),
       updated = coalesce($6, updated), unchanged = coalesce($7, unchanged),
       quarantined = coalesce($8, quarantined), deleted = coalesce($9, deleted)
     WHERE id = $1 AND status = 'running' RETURNING ${columns}`,
    [
      id,
      result.status,
      result.error ?? null,
      c?.read ?? null,
      c?.inserted ?? null,
      c?.updated ?? null,
      c?.unchanged ?? null,
      c?.quarantined ?? null,
      c?.deleted ?? null,
    ],
  );
  if (!row) await assertRunning(db, id);
  return toSyncRun(row!);
}

async function assertRunning(db: Db, id: number): Promise<never> {
  const run = await getSyncRun(db, id);
  if (!run) throw new NotFoundError(`Sync run ${id} does not exist`, { code: 'store.sync_run_not_found' });
  throw new ConflictError(`Sync run ${id} already ended (${run.status})`, { code: 'store.sync_run_ended' });
}

/** One run by id, or null. */
export async function getSyncRun(db: Db, id: number): Promise<SyncRun | null> {
  const rows = await db.query<SyncRunRow>(`SELECT ${columns} FROM sync_runs WHERE id = $1`, [id]);
  return rows[0] ? toSyncRun(rows[0]) : null;
}

/** Which runs to list: of one source, a page after a keyset cursor, within a start-time window. */
export interface SyncRunFilter {
  source?: string;
  limit?: number;
  /** Only runs after this one in the newest-first order (the last run of the previous page). */
  before?: { startedAt: string; id: number };
  /** Only runs started at or after this instant (ISO). */
  startedFrom?: string;
  /** Only runs started at or before this instant (ISO). */
  startedUntil?: string;
  /** Only the runs of single streams, not those covering a whole source. */
  streamRunsOnly?: boolean;
}

/** The most recent runs, newest first, optionally of one source. */
export async function listSyncRuns(db: Db, filter: SyncRunFilter = {}): Promise<SyncRun[]> {
  const rows = await db.query<SyncRunRow>(
    `SELECT ${columns} FROM sync_runs WHERE ($1::text IS NULL OR source = $1)
       AND ($3::timestamptz IS NULL OR (started_at, id) < ($3::timestamptz, $4::bigint))
       AND ($5::timestamptz IS NULL OR started_at >= $5::timestamptz)
       AND ($6::timestamptz IS NULL OR started_at <= $6::timestamptz)
       AND (NOT $7::boolean OR stream IS NOT NULL)
     ORDER BY started_at DESC, id DESC LIMIT $2`,
    [
      filter.source ?? null,
      filter.limit ?? 20,
      filter.before?.startedAt ?? null,
      filter.before?.id ?? null,
      filter.startedFrom ?? null,
      filter.startedUntil ?? null,
      filter.streamRunsOnly ?? false,
    ],
  );
  return rows.map(toSyncRun);
}
