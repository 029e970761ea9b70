import type { Logger } from '@crm-bridge/core';
import {
  countQuarantine,
  type Db,
  diffByHash,
  finishSyncRun,
  getCursor,
  markInterruptedRuns,
  type SyncCounts,
  type SyncMode,
  startSyncRun,
  streamIsEmpty,
  zeroCounts,
} from '@crm-bridge/store';
import type { MapContext, Page, PageToken, Stream } from '../kit/connector';
import {
  type CursorState,
  cappedPosition,
  laterOf,
  parseCursorState,
  sinceFor,
  type Watermark,
} from './cursor-state';
import { goodRecords, type PageTarget, writePage } from './page-writer';
import { addCounts, type ProgressListener } from './progress';
import { type ProcessedPage, processPage } from './record-pipeline';

/** How pages are fetched: the engine's retrying, re-logging-in call around stream.readPage. */
export type PageFetcher = (
  token: PageToken | null,
  since: string | null,
  signal: AbortSignal,
) => Promise<Page<unknown>>;

/** Told after a page and its cursor committed; awaited before the next page is written. */
export type AfterPage = (page: { source: string; stream: Stream['name'] }) => Promise<void>;

export interface StreamSyncOptions {
  db: Db;
  stream: Stream;
  fetchPage: PageFetcher;
  context: MapContext;
  mode: Exclude<SyncMode, 'reconcile'>;
  overlapMs: number;
  dryRun: boolean;
  signal: AbortSignal;
  log: Logger;
  onProgress?: ProgressListener | undefined;
  afterPage?: AfterPage | undefined;
  now: () => Date;
}

export interface StreamSyncResult {
  stream: Stream['name'];
  runId: number | null;
  status: 'succeeded' | 'failed' | 'cancelled';
  counts: SyncCounts;
  durationMs: number;
  error?: string;
}

/**
 * Reads one stream to its end, page by page: the next page is fetched while this one is written, and
 * each page commits with the cursor that follows it. Cancelling stops after the page being written.
 */
export async function syncStream(options: StreamSyncOptions): Promise<StreamSyncResult> {
  const { db, stream, context, dryRun } = options;
  const started = options.now();
  const stored = parseCursorState((await getCursor(db, context.sourceId, stream.name))?.cursor);
  let run = null;
  if (!dryRun) {
    // One sync per stream at a time: a run still "running" here was cut short (crash, kill).
    await markInterruptedRuns(db, context.sourceId, stream.name);
    run = await startSyncRun(db, { source: context.sourceId, stream: stream.name, mode: options.mode });
  }
  const counts = zeroCounts();
  const result = (status: StreamSyncResult['status'], error?: string): StreamSyncResult => ({
    stream: stream.name,
    runId: run?.id ?? null,
    status,
    counts,
    durationMs: options.now().getTime() - started.getTime(),
    ...(error === undefined ? {} : { error }),
  });
  // The stream's own signal: whatever ends this read (done, failed, cancelled) also stops a page still in flight.
  const inFlight = new AbortController();
  const stopInFlight = () => inFlight.abort(options.signal.reason);
  options.signal.addEventListener('abort', stopInFlight, { once: true });

  try {
    await readToEnd(options, stored, started, run?.id ?? null, counts, inFlight.signal);
    const status = options.signal.aborted ? 'cancelled' : 'succeeded';
    if (run) await finishSyncRun(db, run.id, { status, counts });
    return result(status);
  } catch (error) {
    if (options.signal.aborted) {
      // Cancelled while a page was being fetched: the cursor is the last committed page's, as it should be.
      if (run) await finishSyncRun(db, run.id, { status: 'cancelled', counts });
      return result('cancelled');
    }
    const message = (error as Error).message;
    options.log.error({ source: context.sourceId, stream: stream.name, err: message }, 'stream sync failed');
    if (run) await finishSyncRun(db, run.id, { status: 'failed', counts, error: message });
    return result('failed', message);
  } finally {
    options.signal.removeEventListener('abort', stopInFlight);
    inFlight.abort();
  }
}

async function readToEnd(
  options: StreamSyncOptions,
  stored: CursorState,
  runStartedAt: Date,
  runId: number | null,
  counts: SyncCounts,
  signal: AbortSignal,
): Promise<void> {
  const { db, stream, context } = options;
  const incremental = stream.incremental === 'modified' && options.mode === 'incremental';
  // A read cut short (crash, cancel) continues where it stopped; otherwise start from the watermark.
  const resume = options.mode === 'full' ? null : stored.resume;
  const since = resume ? resume.since : incremental ? sinceFor(stored.watermark, options.overlapMs) : null;
  // The cap is the start of the READ, which a resumed read inherits from the run that began it.
  const readStartedAt = resume?.readStartedAt ?? runStartedAt.toISOString();
  const cap = new Date(Math.min(Date.parse(readStartedAt), runStartedAt.getTime()));
  let maxSeen: Watermark | null = resume?.maxSeen ?? null;
  let total: number | undefined;
  const target: PageTarget = {
    source: context.sourceId,
    stream: stream.name,
    runId: runId ?? 0,
    kind: stream.kind,
    quarantineMayHoldRows:
      !options.dryRun && (await countQuarantine(db, { source: context.sourceId, stream: stream.name })) > 0,
    // A resumed read may have committed pages already; only a read from the very start of an empty stream copies.
    firstLoad:
      !options.dryRun && !resume && (await streamIsEmpty(db, stream.kind, context.sourceId, stream.name)),
  };

  let pending: Promise<Page<unknown>> | null = options.fetchPage(resume?.token ?? null, since, signal);
  while (pending) {
    const page: Page<unknown> = await pending;
    pending = null;
    // Overlap: the next page is in flight while this one is processed and written.
    if (page.next !== null && !options.signal.aborted) {
      pending = options.fetchPage(page.next, since, signal);
      pending.catch(() => undefined); // observed when awaited; avoids an unhandled rejection meanwhile
    }
    const processed = processPage(stream, page.records, { ...context, runId });
    for (const identity of processed.identities) {
      if (identity.modifiedAt && identity.externalId) {
        maxSeen = laterOf(maxSeen, cappedPosition(identity.modifiedAt, identity.externalId, cap));
      }
    }
    const done = page.next === null;
    const cursor: CursorState = done
      ? {
          watermark: stream.incremental === 'modified' ? laterOf(stored.watermark, maxSeen) : null,
          resume: null,
        }
      : { watermark: stored.watermark, resume: { since, token: page.next, maxSeen, readStartedAt } };

    const pageCounts = options.dryRun
      ? await dryRunCounts(db, target, processed)
      : await writePage(db, target, processed, cursor);
    if (processed.quarantined.length > 0) target.quarantineMayHoldRows = !options.dryRun;
    if (!options.dryRun) await options.afterPage?.({ source: context.sourceId, stream: stream.name });
    addCounts(counts, pageCounts);
    total = page.total ?? total; // some ERPs count only on the first page
    options.onProgress?.({
      source: context.sourceId,
      stream: stream.name,
      phase: 'read',
      counts: { ...counts },
      total,
      elapsedMs: options.now().getTime() - runStartedAt.getTime(),
    });
    if (done) return;
    if (options.signal.aborted) {
      options.log.warn({ source: context.sourceId, stream: stream.name }, 'cancelled after a committed page');
      return;
    }
  }
}

/** What a real run would have counted for this page, read-only. */
async function dryRunCounts(db: Db, target: PageTarget, processed: ProcessedPage): Promise<SyncCounts> {
  const records = goodRecords(target.kind, processed);
  const diff = await diffByHash(db, target.kind, target.source, target.stream, records);
  return {
    read: records.length + processed.quarantined.length,
    ...diff,
    quarantined: processed.quarantined.length,
    deleted: 0,
  };
}
