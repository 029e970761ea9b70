import type { Logger } from '@crm-bridge/core';
import {
  type Db,
  finishSyncRun,
  markMissingDeleted,
  markMissingOrdersDeleted,
  startSyncRun,
} from '@crm-bridge/store';
import type { Page, PageToken, Stream } from '../kit/connector';

export interface ReconcileResult {
  stream: Stream['name'];
  runId: number;
  status: 'succeeded' | 'failed' | 'cancelled';
  seen: number;
  deleted: number;
  error?: string;
}

/**
 * Key reconciliation: lists every id the ERP holds and marks the stored records it no longer has as
 * deleted (kept, never dropped). A cancelled or failed listing marks nothing: a partial list would
 * make live records look deleted.
 */
export async function reconcileStream(options: {
  db: Db;
  source: string;
  stream: Stream;
  listPage: (token: PageToken | null) => Promise<Page<string>>;
  signal: AbortSignal;
  log: Logger;
}): Promise<ReconcileResult> {
  const { db, source, stream } = options;
  const run = await startSyncRun(db, { source, stream: stream.name, mode: 'reconcile' });
  const seen = new Set<string>();
  try {
    let token: PageToken | null = null;
    do {
      if (options.signal.aborted) {
        await finishSyncRun(db, run.id, { status: 'cancelled' });
        return { stream: stream.name, runId: run.id, status: 'cancelled', seen: seen.size, deleted: 0 };
      }
      const page: Page<string> = await options.listPage(token);
      for (const id of page.records) seen.add(id);
      token = page.next;
    } while (token !== null);
    const ids = [...seen];
    const deleted =
      ids.length === 0
        ? 0
        : stream.kind === 'order'
          ? await markMissingOrdersDeleted(db, source, ids)
          : await markMissingDeleted(db, source, stream.name, ids);
    await finishSyncRun(db, run.id, {
      status: 'succeeded',
      counts: { read: ids.length, inserted: 0, updated: 0, unchanged: 0, quarantined: 0, deleted },
    });
    return { stream: stream.name, runId: run.id, status: 'succeeded', seen: ids.length, deleted };
  } catch (error) {
    const message = (error as Error).message;
    options.log.error({ source, stream: stream.name, err: message }, 'reconciliation failed');
    await finishSyncRun(db, run.id, { status: 'failed', error: message });
    return {
      stream: stream.name,
      runId: run.id,
      status: 'failed',
      seen: seen.size,
      deleted: 0,
      error: message,
    };
  }
}
