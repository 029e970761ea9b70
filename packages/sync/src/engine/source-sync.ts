import { type Logger, Secret, type SourceConfig, type StreamName } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { createHttpClient } from '../http/create-http-client';
import { withRetry } from '../http/retry';
import type { Connector, ConnectorContext, MapContext, Page, PageToken, Stream } from '../kit/connector';
import type { ProgressListener } from './progress';
import { type ReconcileResult, reconcileStream } from './reconcile';
import { type AfterPage, type StreamSyncResult, syncStream } from './stream-sync';

export interface SourceSyncOptions {
  db: Db;
  connector: Connector;
  source: SourceConfig;
  log: Logger;
  /** Streams to read; every enabled stream of the source when omitted. */
  streams?: readonly StreamName[];
  /** `full` ignores cursors and reads everything; `incremental` reads what changed since the cursor. */
  mode?: 'incremental' | 'full';
  /** Also list every id and mark the records the ERP no longer has as deleted. */
  reconcile?: boolean;
  /** Read and validate, write nothing, report what would change. */
  dryRun?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Awaited after every committed page (not in a dry run): where the profiles catch up with the page. */
  afterPage?: AfterPage;
  /** How far back an incremental read re-reads (equal timestamps, clock skew, late commits). */
  overlapMs?: number;
  now?: () => Date;
}

export interface SourceSyncResult {
  source: string;
  streams: StreamSyncResult[];
  reconciled: ReconcileResult[];
  /** Set when the source could not be reached at all (bad URL, refused credentials). */
  error?: string;
}

/** The default overlap: the ERPs' timestamps are second-granular and written at transaction start. */
export const DEFAULT_OVERLAP_MS = 5 * 60_000;

/** Syncs one source: log in, read each stream (then reconcile keys if asked), one sync_runs row per stream. */
export async function syncSource(options: SourceSyncOptions): Promise<SourceSyncResult> {
  const { connector, source, log } = options;
  const signal = options.signal ?? new AbortController().signal;
  const http = createHttpClient({
    baseUrl: source.url,
    timeoutMs: source.timeoutMs,
    requestsPerSecond: source.rateLimit.requestsPerSecond,
    concurrency: source.rateLimit.concurrency,
    errors: connector.errors,
    secrets: sourceSecrets(source),
    log,
  });
  const connectorContext: ConnectorContext = { source, http, log, signal };
  const result: SourceSyncResult = { source: source.id, streams: [], reconciled: [] };
  let session: unknown;
  const login = async () => {
    session = await withRetry(() => connector.connect(connectorContext), { signal });
  };
  try {
    await login();
  } catch (error) {
    http.close();
    result.error = (error as Error).message;
    log.error({ source: source.id, err: result.error }, 'cannot connect');
    return result;
  }
  try {
    await readStreams();
  } finally {
    http.close();
  }
  return result;

  async function readStreams(): Promise<void> {
    const context: MapContext = { sourceId: source.id, timeZone: source.timezone ?? 'UTC' };
    const retrying = <T>(fn: () => Promise<T>, callSignal: AbortSignal = signal) =>
      withRetry(fn, {
        signal: callSignal,
        relogin: login,
        onRetry: (error, attempt, delayMs) =>
          log.warn({ source: source.id, attempt, delayMs, err: (error as Error).message }, 'retrying'),
      });
    for (const stream of selectedStreams(connector, source, options.streams)) {
      const pageSize = source.streams[stream.name]?.pageSize ?? source.pageSize;
      const fetchPage = (
        token: PageToken | null,
        since: string | null,
        pageSignal: AbortSignal,
      ): Promise<Page<unknown>> =>
        retrying(() => stream.readPage(session, { since, token, pageSize, signal: pageSignal }), pageSignal);
      result.streams.push(
        await syncStream({
          db: options.db,
          stream,
          fetchPage,
          context,
          mode: options.mode ?? 'incremental',
          overlapMs: options.overlapMs ?? DEFAULT_OVERLAP_MS,
          dryRun: options.dryRun ?? false,
          signal,
          log,
          onProgress: options.onProgress,
          afterPage: options.afterPage,
          now: options.now ?? (() => new Date()),
        }),
      );
      if (signal.aborted) return;
      if (options.reconcile && stream.listIds && !options.dryRun) {
        const listIds = stream.listIds.bind(stream);
        result.reconciled.push(
          await reconcileStream({
            db: options.db,
            source: source.id,
            stream,
            listPage: (token) =>
              retrying(() => listIds(session, { since: null, token, pageSize: pageSize * 5, signal })),
            signal,
            log,
          }),
        );
      }
    }
  }
}

/** Every secret of the source's config, so the HTTP client scrubs them from any message that echoes one. */
function sourceSecrets(source: SourceConfig): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (value instanceof Secret) found.push(value.reveal());
    else if (value && typeof value === 'object') for (const inner of Object.values(value)) walk(inner);
  };
  walk(source);
  return found.filter((secret) => secret.length >= 4);
}

function selectedStreams(connector: Connector, source: SourceConfig, only?: readonly StreamName[]): Stream[] {
  return connector.streams.filter(
    (stream) => (source.streams[stream.name]?.enabled ?? true) && (!only || only.includes(stream.name)),
  );
}
