import type { Logger } from '@crm-bridge/core';
import {
  countQuarantine,
  type Db,
  diffByHash,
  finishSyncRun,
  getCursor,
  type SyncCounts,
  type SyncMode,
  startSyncRun,
  streamIsEmpty,
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
import { writePage } from './page-writer';
import { addCounts, type ProgressListener, zeroCounts } from './progress';
import { processPage } from './record-pipeline';

/** How pages are fetched: the engine's retrying, re-logging-in call around stream.readPage. */
export type PageFetcher = (token: PageToken | null, since: string | null) => Promise<Page<unknown>>;

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
  const run = dryRun
    ? null
    : await startSyncRun(db, { source: context.sourceId, stream: stream.name, mode: options.mode });
  const counts = zeroCounts();
  const result = (status: StreamSyncResult['status'], error?: string): StreamSyncResult => ({
    stream: stream.name,
    runId: run?.id ?? null,
    status,
    counts,
    durationMs: options.now().getTime() - started.getTime(),
    ...(error === undefined ? {} : { error }),
  });

  try {
    await readToEnd(options, stored, started, run?.id ?? null, counts);
    const status = options.signal.aborted ? 'cancelled' : 'succeeded';
    if (run) await finishSyncRun(db, run.id, { status, counts });
    return result(status);
  } catch (error) {
    const message = (error as Error).message;
    options.log.error({ source: context.sourceId, stream: stream.name, err: message }, 'stream sync failed');
    if (run) await finishSyncRun(db, run.id, { status: 'failed', counts, error: message });
    return result('failed', message);
  }
}

async function readToEnd(
  options: StreamSyncOptions,
  stored: CursorState,
  runStartedAt: Date,
  runId: number | null,
  counts: SyncCounts,
): Promise<void> {
  const { db, stream, context } = options;
  const incremental = stream.incremental === 'modified' && options.mode === 'incremental';
  // A read cut short (crash, cancel) continues where it stopped; otherwise start from the watermark.
  const resume = options.mode === 'full' ? null : stored.resume;
  const since = resume ? resume.since : incremental ? sinceFor(stored.watermark, options.overlapMs) : null;
  let maxSeen: Watermark | null = resume?.maxSeen ?? null;
  const target = {
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

  let pending: Promise<Page<unknown>> | null = options.fetchPage(resume?.token ?? null, since);
  while (pending) {
    const page: Page<unknown> = await pending;
    pending = null;
    // Overlap: the next page is in flight while this one is processed and written.
    if (page.next !== null && !options.signal.aborted) {
      pending = options.fetchPage(page.next, since);
      pending.catch(() => undefined); // observed when awaited; avoids an unhandled rejection meanwhile
    }
    const processed = processPage(stream, page.records, { ...context, runId });
    for (const identity of processed.identities) {
      if (identity.modifiedAt && identity.externalId) {
        maxSeen = laterOf(maxSeen, cappedPosition(identity.modifiedAt, identity.externalId, runStartedAt));
      }
    }
    const done = page.next === null;
    const cursor: CursorState = done
      ? {
          watermark: stream.incremental === 'modified' ? laterOf(stored.watermark, maxSeen) : null,
          resume: null,
        }
      : { watermark: stored.watermark, resume: { since, token: page.next, maxSeen } };

    const pageCounts = options.dryRun
      ? await dryRunCounts(db, stream, context.sourceId, processed)
      : await writePage(db, target, processed, cursor);
    if (processed.quarantined.length > 0) target.quarantineMayHoldRows = !options.dryRun;
    addCounts(counts, pageCounts);
    options.onProgress?.({
      source: context.sourceId,
      stream: stream.name,
      phase: 'read',
      counts: { ...counts },
      total: page.total,
      elapsedMs: options.now().getTime() - runStartedAt.getTime(),
    });
    if (done) return;
    if (options.signal.aborted) {
      options.log.warn({ source: context.sourceId, stream: stream.name }, 'cancelled after a committed page');
      return;
    }
  }
}

async function dryRunCounts(
  db: Db,
  stream: Stream,
  source: string,
  processed: ReturnType<typeof processPage>,
): Promise<SyncCounts> {
  const records =
    stream.kind === 'order'
      ? processed.orders.map((r) => ({ externalId: r.order.externalId, contentHash: r.contentHash }))
      : processed.customers.map((r) => ({ externalId: r.customer.externalId, contentHash: r.contentHash }));
  const diff = await diffByHash(db, stream.kind, source, stream.name, records);
  return {
    read: records.length + processed.quarantined.length,
    ...diff,
    quarantined: processed.quarantined.length,
    deleted: 0,
  };
}
