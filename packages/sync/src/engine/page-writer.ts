import {
  addSyncRunCounts,
  clearQuarantine,
  copyOrders,
  copySourceRecords,
  type Db,
  type OrderInput,
  type QuarantineInput,
  quarantineRecords,
  type SourceRecordInput,
  type SyncCounts,
  saveCursor,
  type UpsertCounts,
  upsertOrders,
  upsertSourceRecords,
} from '@crm-bridge/store';
import type { RecordKind } from '../kit/connector';
import type { CursorState } from './cursor-state';
import type { ProcessedPage } from './record-pipeline';

export interface PageTarget {
  source: string;
  stream: string;
  runId: number;
  kind: RecordKind;
  /** Whether quarantine may hold rows of this stream (skips the clearing query when it cannot). */
  quarantineMayHoldRows: boolean;
  /** A first load into an empty stream: pages go in with COPY, falling back to the upsert on a duplicate. */
  firstLoad: boolean;
}

type Good = SourceRecordInput | OrderInput;

/** How each kind of record is keyed, upserted and bulk-copied: the one place that switches on kind. */
const writers = {
  customer: {
    good: (page: ProcessedPage): Good[] => page.customers,
    key: (record: Good) => (record as SourceRecordInput).customer.externalId,
    upsert: (db: Db, t: PageTarget, records: Good[]) =>
      upsertSourceRecords(db, t.source, t.stream, records as SourceRecordInput[]),
    copy: (db: Db, t: PageTarget, records: Good[]) =>
      copySourceRecords(db, t.source, t.stream, records as SourceRecordInput[]),
  },
  order: {
    good: (page: ProcessedPage): Good[] => page.orders,
    key: (record: Good) => (record as OrderInput).order.externalId,
    upsert: (db: Db, t: PageTarget, records: Good[]) => upsertOrders(db, t.source, records as OrderInput[]),
    copy: (db: Db, t: PageTarget, records: Good[]) => copyOrders(db, t.source, records as OrderInput[]),
  },
} as const;

/** The valid records of a page with their content hashes. */
export function goodRecords(
  kind: RecordKind,
  page: ProcessedPage,
): { externalId: string; contentHash: string }[] {
  const writer = writers[kind];
  return writer
    .good(page)
    .map((record) => ({ externalId: writer.key(record), contentHash: record.contentHash }));
}

const sqlState = (error: unknown) => String((error as { code?: unknown }).code ?? '');
/** Class 22 (bad data) and 23 (constraint): the row is at fault, not the store. */
const isDataError = (error: unknown) => /^2[23]/.test(sqlState(error));

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
    const records = writers[target.kind].good(page);
    const refused: QuarantineInput[] = [];
    const written = await writeRecords(tx, target, records).catch(async (error: unknown) => {
      if (!isDataError(error)) throw error;
      // One record the database refuses must not fail the page forever: find it, quarantine it, keep the rest.
      return writeOneByOne(tx, target, records, refused);
    });
    const quarantined = [...page.quarantined, ...refused];
    if (target.quarantineMayHoldRows) {
      const refusedIds = new Set(refused.map((entry) => entry.externalId));
      const cleared = records.map(writers[target.kind].key).filter((id) => !refusedIds.has(id));
      await clearQuarantine(tx, target.source, target.stream, cleared);
    }
    await quarantineRecords(tx, quarantined);
    await saveCursor(tx, { source: target.source, stream: target.stream, cursor, runId: target.runId });
    const counts: SyncCounts = {
      read: records.length + page.quarantined.length,
      inserted: written.inserted,
      updated: written.updated,
      unchanged: written.unchanged,
      quarantined: quarantined.length,
      deleted: 0,
    };
    await addSyncRunCounts(tx, target.runId, counts);
    return counts;
  });
}

/** COPY for a first load's page, inside a savepoint so a duplicate key falls back to the upsert cleanly. */
async function writeRecords(tx: Db, target: PageTarget, records: Good[]): Promise<UpsertCounts> {
  const writer = writers[target.kind];
  return tx.transaction(async (savepoint) => {
    if (!target.firstLoad) return writer.upsert(savepoint, target, records);
    try {
      return await savepoint.transaction((inner) => writer.copy(inner, target, records));
    } catch (error) {
      if (sqlState(error) !== '23505') throw error;
      target.firstLoad = false; // the stream is no longer empty: the rest of the read upserts
      return writer.upsert(savepoint, target, records);
    }
  });
}

async function writeOneByOne(
  tx: Db,
  target: PageTarget,
  records: Good[],
  refused: QuarantineInput[],
): Promise<UpsertCounts> {
  const writer = writers[target.kind];
  const total: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const record of records) {
    try {
      const counts = await tx.transaction((savepoint) => writer.upsert(savepoint, target, [record]));
      total.inserted += counts.inserted;
      total.updated += counts.updated;
      total.unchanged += counts.unchanged;
    } catch (error) {
      if (!isDataError(error)) throw error;
      refused.push({
        source: target.source,
        stream: target.stream,
        externalId: writer.key(record),
        reason: `the store refused it: ${(error as Error).message}`,
        raw: record.raw,
        runId: target.runId,
      });
    }
  }
  return total;
}
