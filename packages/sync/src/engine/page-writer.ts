import {
  addSyncRunCounts,
  clearQuarantine,
  copyOrders,
  copySourceRecords,
  type Db,
  quarantineRecords,
  type SyncCounts,
  saveCursor,
  upsertOrders,
  upsertSourceRecords,
} from '@crm-bridge/store';
import type { CursorState } from './cursor-state';
import type { ProcessedPage } from './record-pipeline';

export interface PageTarget {
  source: string;
  stream: string;
  runId: number;
  kind: 'customer' | 'order';
  /** Whether quarantine may hold rows of this stream (skips the clearing query when it cannot). */
  quarantineMayHoldRows: boolean;
  /** A first load into an empty stream: pages go in with COPY, falling back to the upsert on a duplicate. */
  firstLoad: boolean;
}

const uniqueViolation = '23505';

/** COPY for a first load's page, inside a savepoint so a duplicate key falls back to the upsert cleanly. */
async function writeRecords(tx: Db, target: PageTarget, page: ProcessedPage) {
  const upsert = () =>
    target.kind === 'order'
      ? upsertOrders(tx, target.source, page.orders)
      : upsertSourceRecords(tx, target.source, target.stream, page.customers);
  if (!target.firstLoad) return upsert();
  try {
    return await tx.transaction((savepoint) =>
      target.kind === 'order'
        ? copyOrders(savepoint, target.source, page.orders)
        : copySourceRecords(savepoint, target.source, target.stream, page.customers),
    );
  } catch (error) {
    if ((error as { code?: string }).code !== uniqueViolation) throw error;
    target.firstLoad = false; // the stream is no longer empty: the rest of the read upserts
    return upsert();
  }
}

/**
 * Writes one page and the cursor that follows it in one transaction: after a crash either both are
 * there or neither, so the read resumes at the first page not committed.
 */
export async function writePage(
  db: Db,
  target: PageTarget,
  page: ProcessedPage,
  cursor: CursorState,
): Promise<SyncCounts> {
  return db.transaction(async (tx) => {
    const written = await writeRecords(tx, target, page);
    if (target.quarantineMayHoldRows) {
      const good =
        target.kind === 'order'
          ? page.orders.map((record) => record.order.externalId)
          : page.customers.map((record) => record.customer.externalId);
      await clearQuarantine(tx, target.source, target.stream, good);
    }
    await quarantineRecords(tx, page.quarantined);
    await saveCursor(tx, { source: target.source, stream: target.stream, cursor, runId: target.runId });
    const counts: SyncCounts = {
      read: page.customers.length + page.orders.length + page.quarantined.length,
      inserted: written.inserted,
      updated: written.updated,
      unchanged: written.unchanged,
      quarantined: page.quarantined.length,
      deleted: 0,
    };
    await addSyncRunCounts(tx, target.runId, counts);
    return counts;
  });
}
