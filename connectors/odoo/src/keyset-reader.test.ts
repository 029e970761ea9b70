import type { PageRequest, PageToken } from '@crm-bridge/sync';
import { readIdPage, readKeysetPage } from './keyset-reader';
import type { OdooDomain, OdooOrm, SearchParams } from './odoo-orm';
import { msToOdoo } from './odoo-time';
import type { OdooRecord } from './odoo-values';

interface Row {
  id: number;
  ms: number;
}

const toMs = (odoo: string) => Date.parse(`${odoo.replace(' ', 'T')}Z`);

/**
 * An in-memory res.partner with microsecond-ish write_dates: `raw` compares the stored value (≤ 18),
 * `seconds` whole seconds (19); both sort `write_date` by the stored value, as PostgreSQL does.
 */
function fakeOrm(rows: Row[], mode: 'raw' | 'seconds', calls: SearchParams[] = []): OdooOrm {
  const value = (row: Row) => (mode === 'raw' ? row.ms : Math.floor(row.ms / 1000) * 1000);
  const test = (row: Row, [field, op, operand]: readonly [string, string, unknown]) => {
    const left = field === 'id' ? row.id : value(row);
    const right = field === 'id' ? (operand as number) : toMs(operand as string);
    if (op === '>=') return left >= right;
    if (op === '>') return left > right;
    if (op === '<') return left < right;
    throw new Error(`fake: ${op}`);
  };
  const search = (params: SearchParams) => {
    calls.push(params);
    const matching = rows.filter((row) =>
      params.domain.every((term) => typeof term === 'string' || test(row, term)),
    );
    matching.sort((a, b) => (params.order === 'id asc' ? a.id - b.id : a.ms - b.ms || a.id - b.id));
    return matching.slice(0, params.limit ?? matching.length);
  };
  const record = (row: Row): OdooRecord => ({ id: row.id, write_date: msToOdoo(row.ms) });
  return {
    api: 'jsonrpc',
    searchRead: async (_model, params) => search(params).map(record),
    search: async (_model, params) => search(params).map((row) => row.id),
    searchCount: async (_model, domain: OdooDomain) => search({ domain }).length,
    fieldsGet: async () => ({}),
  };
}

/** Seeded rows crowded into a few seconds, stored milliseconds not in id order. */
function crowdedRows(seed: number, count: number, seconds: number): Row[] {
  let x = seed;
  const next = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 4294967296;
  };
  const start = Date.UTC(2024, 4, 1, 10);
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    ms: start + Math.floor(next() * seconds) * 1000 + Math.floor(next() * 1000),
  }));
}

async function readAll(orm: OdooOrm, pageSize: number, since: string | null = null) {
  const seen: number[] = [];
  let token: PageToken | null = null;
  let pages = 0;
  do {
    const request: PageRequest = { since, token, pageSize, signal: new AbortController().signal };
    const page = await readKeysetPage({ orm, model: 'res.partner', domain: [], fields: ['id'], request });
    seen.push(...page.records.map((r) => r.id as number));
    token = page.next;
    pages += 1;
    if (pages > 10_000) throw new Error('does not end');
  } while (token !== null);
  return seen;
}

describe('readKeysetPage', () => {
  it.each(['raw', 'seconds'] as const)(
    'reads every row exactly once however ties fall across pages (%s write_date comparison)',
    async (mode) => {
      for (const [seed, count, seconds] of [
        [1, 200, 7],
        [2, 300, 150],
        [3, 60, 1],
      ] as const) {
        const rows = crowdedRows(seed, count, seconds);
        for (const pageSize of [1, 3, 7, 50, 500]) {
          const seen = await readAll(fakeOrm(rows, mode), pageSize);
          expect({ seed, pageSize, seen: [...seen].sort((a, b) => a - b) }).toEqual({
            seed,
            pageSize,
            seen: rows.map((r) => r.id),
          });
        }
      }
    },
  );

  it('starts at the whole second of `since`, so a sub-second since loses nothing of its second', async () => {
    const rows = crowdedRows(4, 100, 20);
    const cut = Date.UTC(2024, 4, 1, 10, 0, 10);
    const seen = await readAll(fakeOrm(rows, 'raw'), 7, new Date(cut + 400).toISOString());
    expect(seen.sort((a, b) => a - b)).toEqual(rows.filter((r) => r.ms >= cut).map((r) => r.id));
  });

  it('drains a second bigger than a page in id order, then moves on', async () => {
    const rows = crowdedRows(5, 12, 1);
    const calls: SearchParams[] = [];
    const orm = fakeOrm(rows, 'raw', calls);
    const request = (token: PageToken | null): PageRequest => ({
      since: null,
      token,
      pageSize: 5,
      signal: new AbortController().signal,
    });
    const first = await readKeysetPage({
      orm,
      model: 'res.partner',
      domain: [],
      fields: ['id'],
      request: request(null),
    });
    expect(first.records.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(first.next).toEqual({ t: '2024-05-01 10:00:00', id: 5, n: 12 });
    expect(calls.at(-1)).toEqual({
      domain: [
        ['write_date', '>=', '2024-05-01 10:00:00'],
        ['write_date', '<', '2024-05-01 10:00:01'],
        ['id', '>', 0],
      ],
      fields: ['id'],
      limit: 5,
      order: 'id asc',
    });
  });

  it('counts the read on its first page and carries the total in the token', async () => {
    const orm = fakeOrm(crowdedRows(6, 30, 30), 'seconds');
    const request: PageRequest = {
      since: null,
      token: null,
      pageSize: 10,
      signal: new AbortController().signal,
    };
    const page = await readKeysetPage({ orm, model: 'res.partner', domain: [], fields: ['id'], request });
    expect(page.total).toBe(30);
    expect((page.next as { n: number }).n).toBe(30);
  });
});

describe('readIdPage', () => {
  it('lists ids by id keyset', async () => {
    const orm = fakeOrm(crowdedRows(7, 5, 3), 'raw');
    const signal = new AbortController().signal;
    const first = await readIdPage(orm, 'res.partner', [], { since: null, token: null, pageSize: 3, signal });
    expect(first).toEqual({ records: ['1', '2', '3'], next: 3 });
    const second = await readIdPage(orm, 'res.partner', [], { since: null, token: 3, pageSize: 3, signal });
    expect(second).toEqual({ records: ['4', '5'], next: null });
  });
});
