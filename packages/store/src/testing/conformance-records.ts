import { findOrder, upsertOrders } from '../repositories/orders';
import {
  findSourceRecord,
  markDeleted,
  markMissingDeleted,
  upsertSourceRecords,
} from '../repositories/source-records';
import type { ConformanceContext } from './conformance-context';
import { customer, order, orderInput, recordInput, sqlState, uniqueSource } from './conformance-context';

/** Bulk upserts of source records and orders. */
export function describeRecordConformance(ctx: ConformanceContext): void {
  const versions = async (source: string) =>
    ctx.db().query<{ external_id: string; version: string; updated_at: Date }>(
      `SELECT external_id, xmin::text AS version, updated_at FROM source_records WHERE source = $1
         ORDER BY external_id`,
      [source],
    );

  describe('source records', () => {
    it('inserts new records, skips unchanged ones and rewrites changed ones, counting each', async () => {
      const db = ctx.db();
      const source = uniqueSource();
      const batch = ['a', 'b', 'c'].map((id) => recordInput(customer(source, id)));
      expect(await upsertSourceRecords(db, source, 'customers', batch)).toEqual({
        inserted: 3,
        updated: 0,
        unchanged: 0,
      });
      expect(await upsertSourceRecords(db, source, 'customers', batch)).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 3,
      });
      const changed = recordInput(customer(source, 'b', { displayName: 'Renamed B' }));
      const next = [batch[0]!, changed, batch[2]!, recordInput(customer(source, 'd'))];
      expect(await upsertSourceRecords(db, source, 'customers', next)).toEqual({
        inserted: 1,
        updated: 1,
        unchanged: 2,
      });
      expect((await findSourceRecord(db, source, 'customers', 'b'))?.customer.displayName).toBe('Renamed B');
      // The same external id in another stream is another record.
      expect(await upsertSourceRecords(db, source, 'contacts', [batch[0]!])).toMatchObject({ inserted: 1 });
    });

    it('does not write a row whose content hash is unchanged', async () => {
      const db = ctx.db();
      const source = uniqueSource();
      const batch = ['a', 'b'].map((id) => recordInput(customer(source, id)));
      await upsertSourceRecords(db, source, 'customers', batch);
      const before = await versions(source);
      await upsertSourceRecords(db, source, 'customers', [
        batch[0]!,
        recordInput(customer(source, 'b', { phones: ['+49 30 1234567'] })),
      ]);
      const after = await versions(source);
      expect(after[0]).toEqual(before[0]);
      expect(after[1]!.version).not.toBe(before[1]!.version);
      expect(after[1]!.updated_at.getTime()).toBeGreaterThanOrEqual(before[1]!.updated_at.getTime());
    });

    it('counts an external id repeated in one batch once and keeps its last version', async () => {
      const db = ctx.db();
      const source = uniqueSource();
      const counts = await upsertSourceRecords(db, source, 'customers', [
        recordInput(customer(source, 'a', { displayName: 'First' })),
        recordInput(customer(source, 'b')),
        recordInput(customer(source, 'a', { displayName: 'Last' })),
      ]);
      expect(counts).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
      expect((await findSourceRecord(db, source, 'customers', 'a'))?.customer.displayName).toBe('Last');
    });

    it('returns the canonical record and raw payload as they were written', async () => {
      const db = ctx.db();
      const source = uniqueSource();
      const value = customer(source, '42', {
        kind: 'person',
        displayName: 'Анна Петрова',
        legalName: null,
        emails: ['anna@example.com'],
        phones: ['+7 495 123-45-67'],
        taxIds: [{ kind: 'ru_inn', value: '7707083893', country: 'RU' }],
        addresses: [{ kind: 'office', city: 'Москва', text: 'ул. Тверская, 1' }],
        organizationExternalId: '7',
        status: 'archived',
        sourceModifiedAt: '2026-02-01T07:00:00.000Z',
      });
      const raw = { id: 42, name: 'Анна Петрова', nested: { list: [1, null, 'x'] } };
      await upsertSourceRecords(db, source, 'contacts', [recordInput(value, raw)]);
      const stored = await findSourceRecord(db, source, 'contacts', '42');
      expect(stored?.customer).toEqual(value);
      expect(stored?.raw).toEqual(raw);
      expect(stored?.profileId).toBeNull();
      expect(typeof stored?.id).toBe('number');
    });

    it('marks records deleted, keeps them, and revives one when it is seen again', async () => {
      const db = ctx.db();
      const source = uniqueSource();
      const batch = ['a', 'b', 'c'].map((id) => recordInput(customer(source, id)));
      await upsertSourceRecords(db, source, 'customers', batch);
      expect(await markDeleted(db, source, 'customers', ['a', 'zzz'])).toBe(1);
      expect(await markDeleted(db, source, 'customers', ['a'])).toBe(0);
      expect((await findSourceRecord(db, source, 'customers', 'a'))?.customer.status).toBe('deleted');
      // Same content as before the deletion: still a change, because the record came back.
      expect(await upsertSourceRecords(db, source, 'customers', [batch[0]!])).toEqual({
        inserted: 0,
        updated: 1,
        unchanged: 0,
      });
      expect((await findSourceRecord(db, source, 'customers', 'a'))?.customer.status).toBe('active');

      expect(await markMissingDeleted(db, source, 'customers', ['a', 'c'])).toBe(1);
      expect((await findSourceRecord(db, source, 'customers', 'b'))?.customer.status).toBe('deleted');
      expect((await findSourceRecord(db, source, 'customers', 'c'))?.customer.status).toBe('active');
      await expect(markMissingDeleted(db, source, 'customers', [])).rejects.toThrow(/empty read/);
    });
  });

  describe('orders', () => {
    it('upserts orders, replaces the lines of a changed order and leaves an unchanged one alone', async () => {
      const db = ctx.db();
      const source = uniqueSource();
      const first = order(source, 'SO1');
      const second = order(source, 'SO2', { lines: [] });
      expect(await upsertOrders(db, source, [orderInput(first), orderInput(second)])).toEqual({
        inserted: 2,
        updated: 0,
        unchanged: 0,
      });
      expect((await findOrder(db, source, 'SO1'))?.order).toEqual(first);
      expect(await upsertOrders(db, source, [orderInput(first), orderInput(second)])).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 2,
      });

      const changed = order(source, 'SO1', {
        status: 'fulfilled',
        lines: [{ lineNo: 5, name: 'Only line', quantity: 1, unitPrice: 1200.5, amount: 1200.5 }],
      });
      expect(await upsertOrders(db, source, [orderInput(changed), orderInput(second)])).toEqual({
        inserted: 0,
        updated: 1,
        unchanged: 1,
      });
      const stored = await findOrder(db, source, 'SO1');
      expect(stored?.order.status).toBe('fulfilled');
      expect(stored?.order.lines).toEqual(changed.lines);
      expect(stored?.order.totalAmount).toBe(1200.5);
      const [lines] = await db.query<{ n: number }>(
        `SELECT count(*) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.source = $1`,
        [source],
      );
      expect(lines!.n).toBe(1);
    });

    it('rejects a batch with an unknown order status and writes none of it', async () => {
      const db = ctx.db();
      const source = uniqueSource();
      const bad = { ...order(source, 'X1'), status: 'sale' } as unknown as ReturnType<typeof order>;
      const state = await sqlState(
        upsertOrders(db, source, [orderInput(order(source, 'OK1')), orderInput(bad)]),
      );
      expect(state).toBe('23514');
      expect(await findOrder(db, source, 'OK1')).toBeNull();
    });
  });
}
