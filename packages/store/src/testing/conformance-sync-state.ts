import { ConflictError } from '@crm-bridge/core';
import { getCursor, resetCursor, saveCursor } from '../repositories/cursors';
import {
  clearQuarantine,
  countQuarantine,
  listQuarantine,
  quarantineRecords,
} from '../repositories/quarantine';
import { findSourceRecord, upsertSourceRecords } from '../repositories/source-records';
import {
  addSyncRunCounts,
  finishSyncRun,
  getSyncRun,
  listSyncRuns,
  startSyncRun,
} from '../repositories/sync-runs';
import type { ConformanceContext } from './conformance-context';
import { customer, recordInput, uniqueSource } from './conformance-context';

/** Sync runs, cursors committed with their pages, nested transactions, quarantine. */
export function describeSyncStateConformance(ctx: ConformanceContext): void {
  describe('sync runs and cursors', () => {
    it('starts a run, adds page counts and finishes it once', async () => {
      const db = ctx.db();
      const source = uniqueSource();
      const older = await startSyncRun(db, { source, mode: 'full' });
      const run = await startSyncRun(db, { source, stream: 'customers', mode: 'incremental' });
      expect(run).toMatchObject({ source, stream: 'customers', status: 'running', finishedAt: null });
      await addSyncRunCounts(db, run.id, { read: 10, inserted: 7, unchanged: 3 });
      await addSyncRunCounts(db, run.id, { read: 5, updated: 4, quarantined: 1 });
      expect((await getSyncRun(db, run.id))?.counts).toEqual({
        read: 15,
        inserted: 7,
        updated: 4,
        unchanged: 3,
        quarantined: 1,
        deleted: 0,
      });
      const finished = await finishSyncRun(db, run.id, { status: 'failed', error: 'Odoo answered 502' });
      expect(finished).toMatchObject({ status: 'failed', error: 'Odoo answered 502' });
      expect(finished.counts.read).toBe(15);
      expect(Date.parse(finished.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(finished.startedAt));
      await expect(finishSyncRun(db, run.id, { status: 'succeeded' })).rejects.toBeInstanceOf(ConflictError);
      await expect(addSyncRunCounts(db, run.id, { read: 1 })).rejects.toBeInstanceOf(ConflictError);
      expect(await getSyncRun(db, 987_654_321)).toBeNull();
      expect((await listSyncRuns(db, { source })).map((r) => r.id)).toEqual([run.id, older.id]);
    });

    it('commits a page and its cursor together, and a rolled-back page leaves neither', async () => {
      const db = ctx.db();
      const source = uniqueSource();
      const run = await startSyncRun(db, { source, stream: 'customers', mode: 'incremental' });
      await db.transaction(async (tx) => {
        await upsertSourceRecords(tx, source, 'customers', [recordInput(customer(source, 'p1'))]);
        await saveCursor(tx, {
          source,
          stream: 'customers',
          cursor: { modifiedAt: 't1', id: 'p1' },
          runId: run.id,
        });
        await addSyncRunCounts(tx, run.id, { read: 1, inserted: 1 });
      });
      await expect(
        db.transaction(async (tx) => {
          await upsertSourceRecords(tx, source, 'customers', [recordInput(customer(source, 'p2'))]);
          await saveCursor(tx, {
            source,
            stream: 'customers',
            cursor: { modifiedAt: 't2', id: 'p2' },
            runId: run.id,
          });
          await addSyncRunCounts(tx, run.id, { read: 1, inserted: 1 });
          throw new Error('crash after the page was written');
        }),
      ).rejects.toThrow('crash after the page was written');
      expect(await findSourceRecord(db, source, 'customers', 'p1')).not.toBeNull();
      expect(await findSourceRecord(db, source, 'customers', 'p2')).toBeNull();
      expect(await getCursor(db, source, 'customers')).toMatchObject({
        cursor: { modifiedAt: 't1', id: 'p1' },
        runId: run.id,
      });
      expect((await getSyncRun(db, run.id))?.counts.read).toBe(1);
    });

    it('refuses to save a cursor outside a transaction, and can forget one', async () => {
      const db = ctx.db();
      const source = uniqueSource();
      await expect(saveCursor(db, { source, stream: 's', cursor: 1, runId: null })).rejects.toThrow(
        /transaction/,
      );
      await db.transaction((tx) => saveCursor(tx, { source, stream: 's', cursor: [1, 'a'], runId: null }));
      expect((await getCursor(db, source, 's'))?.cursor).toEqual([1, 'a']);
      expect(await resetCursor(db, source, 's')).toBe(true);
      expect(await getCursor(db, source, 's')).toBeNull();
    });

    it('rolls back only the inner part of a nested transaction', async () => {
      const db = ctx.db();
      const source = uniqueSource();
      await db.transaction(async (tx) => {
        await upsertSourceRecords(tx, source, 'customers', [recordInput(customer(source, 'outer'))]);
        await expect(
          tx.transaction(async (inner) => {
            await upsertSourceRecords(inner, source, 'customers', [recordInput(customer(source, 'inner'))]);
            throw new Error('inner failure');
          }),
        ).rejects.toThrow('inner failure');
      });
      expect(await findSourceRecord(db, source, 'customers', 'outer')).not.toBeNull();
      expect(await findSourceRecord(db, source, 'customers', 'inner')).toBeNull();
    });
  });

  describe('quarantine', () => {
    it('keeps one entry per bad record, counting attempts, and clears it when a good version arrives', async () => {
      const db = ctx.db();
      const source = uniqueSource();
      const run = await startSyncRun(db, { source, mode: 'full' });
      const bad = (externalId: string | null, reason: string) => ({
        source,
        stream: 'customers',
        externalId,
        reason,
        issues: [{ path: ['displayName'], message: reason }],
        raw: { id: externalId, name: ' ' },
        runId: run.id,
      });
      const otherBroken = { ...bad(null, 'no id'), raw: { name: 'another broken one' } };
      expect(await quarantineRecords(db, [bad('7', 'blank name'), bad(null, 'no id')])).toBe(2);
      // The same broken record read again is one entry with more attempts; a different one is its own entry.
      await quarantineRecords(db, [bad('7', 'still blank'), bad(null, 'no id'), otherBroken]);
      expect(await countQuarantine(db, { source })).toBe(3);
      const unidentified = (await listQuarantine(db, { source })).filter(
        (entry) => entry.externalId === null,
      );
      expect(unidentified.map((entry) => entry.attempts).sort()).toEqual([1, 2]);
      const entries = await listQuarantine(db, { source, stream: 'customers' });
      const seven = entries.find((entry) => entry.externalId === '7');
      expect(seven).toMatchObject({
        attempts: 2,
        reason: 'still blank',
        raw: { id: '7', name: ' ' },
        runId: run.id,
        issues: [{ path: ['displayName'], message: 'still blank' }],
      });
      expect(await countQuarantine(db, { source, stream: 'orders' })).toBe(0);
      expect(await clearQuarantine(db, source, 'customers', ['7', '8'])).toBe(1);
      expect(await countQuarantine(db, { source })).toBe(2);
      expect((await listQuarantine(db, { source })).every((entry) => entry.externalId === null)).toBe(true);
    });
  });
}
