import { copyText } from '../db/db';
import type { ConformanceContext } from './conformance-context';

/** Both drivers must hand the same JS values to row mappers, and accept the same parameters. */
export function describeTypeConformance(ctx: ConformanceContext): void {
  describe('value types', () => {
    it('returns the same JS types for the same SQL', async () => {
      const [row] = await ctx.db().query<Record<string, unknown>>(`
        SELECT 42::int8 AS i8, 9007199254740993::int8 AS big, 7::int4 AS i4, 1.5::float8 AS f8,
          1.5::numeric(20, 4) AS num, timestamptz '2026-03-01T10:00:00Z' AS ts, date '2026-03-01' AS d,
          '{"a": [1, "x"]}'::jsonb AS jb, '{"b": 2}'::json AS j, ARRAY['a', 'b']::text[] AS texts,
          ARRAY[1, 2]::int8[] AS int8s, ARRAY[date '2026-03-01'] AS dates, true AS flag,
          '6f1b1a3c-1111-4222-8333-444455556666'::uuid AS id, NULL::text AS nothing`);
      expect(row).toEqual({
        i8: 42,
        big: 9007199254740993n,
        i4: 7,
        f8: 1.5,
        num: '1.5000',
        ts: new Date('2026-03-01T10:00:00Z'),
        d: '2026-03-01',
        jb: { a: [1, 'x'] },
        j: { b: 2 },
        texts: ['a', 'b'],
        int8s: [1, 2],
        dates: ['2026-03-01'],
        flag: true,
        id: '6f1b1a3c-1111-4222-8333-444455556666',
        nothing: null,
      });
      expect(row!.ts).toBeInstanceOf(Date);
    });

    it('bulk-loads with COPY, escaping tabs, newlines, backslashes and nulls, inside and outside a transaction', async () => {
      const db = ctx.db();
      await db.exec('CREATE TEMP TABLE copy_probe (id int, name text, note text)');
      const rows = [copyText([1, 'Ромашка\tООО', null]), copyText([2, 'line\nbreak', 'back\\slash\r'])];
      expect(await db.copyFrom('copy_probe', ['id', 'name', 'note'], rows)).toBe(2);
      await db.transaction((tx) =>
        tx.copyFrom('copy_probe', ['id', 'name', 'note'], [copyText([3, 'в транзакции', ''])]),
      );
      await expect(
        db.transaction(async (tx) => {
          await tx.copyFrom('copy_probe', ['id', 'name', 'note'], [copyText([4, 'rolled back', null])]);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await db.query('SELECT id, name, note FROM copy_probe ORDER BY id')).toEqual([
        { id: 1, name: 'Ромашка\tООО', note: null },
        { id: 2, name: 'line\nbreak', note: 'back\\slash\r' },
        { id: 3, name: 'в транзакции', note: '' },
      ]);
    });

    it('binds parameters the same way', async () => {
      const at = new Date('2026-03-01T10:00:00.123Z');
      const [row] = await ctx
        .db()
        .query<Record<string, unknown>>(
          'SELECT $1::timestamptz AS at, $2::text[] AS texts, $3::int8 AS n, $4::jsonb AS doc, $5::text AS s, $6::boolean AS b',
          [at, ['x', 'y, "z"'], 5, JSON.stringify({ k: 'ü' }), null, false],
        );
      expect(row).toEqual({ at, texts: ['x', 'y, "z"'], n: 5, doc: { k: 'ü' }, s: null, b: false });
    });
  });
}
