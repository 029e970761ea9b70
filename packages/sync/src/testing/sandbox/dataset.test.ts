import { createRng } from '../world/prng';
import { createSandboxClock, SANDBOX_EPOCH_MS } from './clock';
import { createDataset } from './dataset';
import type { Dataset, DatasetRow, RangeQuery } from './dataset-types';

function makeDataset(rows: number, seed = 1, clock = createSandboxClock()): Dataset {
  return createDataset({
    name: 'customers',
    clock,
    seed,
    fill: (add) => {
      for (let i = 0; i < rows; i++) add(i, -1);
    },
  });
}

const byPosition = (a: DatasetRow, b: DatasetRow): number => a.modifiedMs - b.modifiedMs || a.id - b.id;

/** A plain model of the table, kept from get() and mutation results, to check the indexed reads against. */
class Model {
  rows = new Map<number, DatasetRow>();
  gone = new Map<number, DatasetRow>();
  constructor(private readonly dataset: Dataset) {
    for (let id = 1; id <= dataset.maxId(); id++) {
      const row = dataset.get(id);
      if (row) this.rows.set(id, row);
    }
  }
  refresh(ids: number[]): void {
    for (const id of ids) {
      const row = this.dataset.get(id);
      if (row) this.rows.set(id, row);
      else {
        const before = this.rows.get(id)!;
        this.rows.delete(id);
        this.gone.set(id, before);
      }
    }
  }
  range(q: RangeQuery): DatasetRow[] {
    const all = [...this.rows.values()].filter((r) => (q.includeArchived ?? true) || !r.archived);
    const live = all
      .filter((r) => q.sinceMs === undefined || r.modifiedMs >= q.sinceMs)
      .filter((r) => !q.after || byPosition(r, { ...r, modifiedMs: q.after.modifiedMs, id: q.after.id }) > 0)
      .sort(byPosition);
    return live.slice(q.offset ?? 0, (q.offset ?? 0) + q.limit);
  }
}

describe('createDataset', () => {
  it('serves generated rows in (modifiedMs, id) order, with groups of 2–5 rows on the same second', () => {
    const dataset = makeDataset(5000);
    const rows = dataset.range({ limit: Number.POSITIVE_INFINITY });
    expect(rows).toHaveLength(5000);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    const groups = new Map<number, number>();
    for (const row of rows) groups.set(row.modifiedMs, (groups.get(row.modifiedMs) ?? 0) + 1);
    const sizes = [...groups.values()];
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5);
    expect(sizes.filter((s) => s >= 2).length).toBeGreaterThan(100);
    expect(rows.every((r) => r.modifiedMs % 1000 === 0)).toBe(true);
    expect(rows.at(-1)!.modifiedMs).toBeLessThan(SANDBOX_EPOCH_MS);
    const archived = rows.filter((r) => r.archived).length;
    expect(archived).toBeGreaterThan(50);
    expect(archived).toBeLessThan(300);
  });

  it('pages through ties by keyset without skipping or repeating a row', () => {
    const dataset = makeDataset(2000);
    const all = dataset.range({ limit: 10_000 }).map((r) => r.id);
    for (const pageSize of [1, 2, 3, 7, 100]) {
      const seen: number[] = [];
      let after: { modifiedMs: number; id: number } | undefined;
      for (;;) {
        const page = dataset.range({ after, limit: pageSize });
        if (page.length === 0) break;
        seen.push(...page.map((r) => r.id));
        const last = page.at(-1)!;
        after = { modifiedMs: last.modifiedMs, id: last.id };
      }
      expect(seen).toEqual(all);
    }
  });

  it('agrees with a plain model on range, offset, since, archived filter, count and ids under random changes', () => {
    const clock = createSandboxClock();
    const dataset = makeDataset(1500, 3, clock);
    const model = new Model(dataset);
    const rng = createRng(42);
    for (let round = 0; round < 60; round++) {
      clock.advance(rng.below(3) * 1000);
      const result = dataset.mutate(
        {
          edits: rng.below(6),
          archives: rng.below(3),
          restores: rng.below(2),
          deletions: rng.below(3),
          additions: rng.below(3),
        },
        rng,
      );
      model.refresh([
        ...result.edited,
        ...result.archived,
        ...result.restored,
        ...result.deleted,
        ...result.added,
      ]);
      const rows = [...model.rows.values()].sort(byPosition);
      const pivot = rows[rng.below(rows.length)]!;
      const queries: RangeQuery[] = [
        { limit: 50, offset: rng.below(1600) },
        { limit: 50, offset: rng.below(100), includeArchived: false },
        { limit: 30, sinceMs: pivot.modifiedMs },
        { limit: 30, sinceMs: pivot.modifiedMs, offset: rng.below(40), includeArchived: false },
        { limit: 30, after: { modifiedMs: pivot.modifiedMs, id: pivot.id } },
        { limit: 30, after: { modifiedMs: pivot.modifiedMs, id: pivot.id }, offset: rng.below(30) },
        { limit: 20, offset: Math.max(0, model.rows.size - 10) },
      ];
      for (const q of queries) expect(dataset.range(q)).toEqual(model.range(q));
      expect(dataset.count()).toBe(model.rows.size);
      expect(dataset.count({ includeArchived: false })).toBe(rows.filter((r) => !r.archived).length);
      expect(dataset.count({ sinceMs: pivot.modifiedMs })).toBe(
        rows.filter((r) => r.modifiedMs >= pivot.modifiedMs).length,
      );
      const ids = [...model.rows.keys()].sort((a, b) => a - b);
      const offset = rng.below(ids.length);
      expect(dataset.ids({ offset, limit: 25 })).toEqual(ids.slice(offset, offset + 25));
      const active = ids.filter((id) => !model.rows.get(id)!.archived);
      const skip = rng.below(20);
      expect(dataset.ids({ offset: skip, limit: 2000, includeArchived: false })).toEqual(active.slice(skip));
      expect(dataset.ids({ limit: 100_000, includeArchived: false })).toEqual(active);
      expect(dataset.stats().live).toBe(model.rows.size);
      expect(dataset.stats().archived).toBe(rows.filter((r) => r.archived).length);
    }
  });

  it('a keyset read sees every row that is live at its end in its final version, however rows change between pages', () => {
    for (let trial = 0; trial < 25; trial++) {
      const clock = createSandboxClock();
      const dataset = makeDataset(400 + trial * 13, trial + 1, clock);
      const rng = createRng(trial);
      const seen = new Map<number, number>();
      const pairs = new Set<string>();
      let after: { modifiedMs: number; id: number } | undefined;
      let previous: DatasetRow | undefined;
      for (let page = 0; page < 10_000; page++) {
        const rows = dataset.range({ after, limit: 1 + rng.below(40) });
        if (rows.length === 0) break;
        for (const row of rows) {
          if (previous) expect(byPosition(previous, row)).toBeLessThan(0);
          previous = row;
          const pair = `${row.id}@${row.version}`;
          expect(pairs.has(pair)).toBe(false);
          pairs.add(pair);
          seen.set(row.id, row.version);
        }
        const last = rows.at(-1)!;
        after = { modifiedMs: last.modifiedMs, id: last.id };
        // Changes land strictly after what has been read (clock moves ≥ 1 ms), as in a real ERP.
        clock.advance(1 + rng.below(1500));
        dataset.mutate(
          { edits: rng.below(5), archives: rng.below(2), deletions: rng.below(2), additions: rng.below(2) },
          rng,
        );
      }
      const final = dataset.range({ limit: Number.POSITIVE_INFINITY });
      expect(final.length).toBe(dataset.count());
      for (const row of final) expect(seen.get(row.id)).toBe(row.version);
    }
  });

  it('can change a row in the middle of a paged read (mutateAfterReads)', () => {
    const clock = createSandboxClock();
    const dataset = makeDataset(100, 1, clock);
    clock.advance(1000);
    dataset.mutateAfterReads(1, { edits: [5, 80] });
    const first = dataset.range({ limit: 50 });
    expect(first.map((r) => r.id)).toContain(5);
    const rest = dataset.range({
      after: { modifiedMs: first.at(-1)!.modifiedMs, id: first.at(-1)!.id },
      limit: 100,
    });
    expect(rest.map((r) => r.id)).not.toContain(5 - 100);
    expect(rest.slice(-2).map((r) => [r.id, r.version])).toEqual([
      [5, 1],
      [80, 1],
    ]);
    expect(rest.filter((r) => r.id === 80)).toHaveLength(1);
  });

  it('deletes rows physically and remembers them for a Deleted Document list', () => {
    const clock = createSandboxClock();
    const dataset = makeDataset(50, 1, clock);
    clock.advance(60_000);
    const result = dataset.mutate({ deletions: [3, 10], additions: 2 });
    expect(result.added).toEqual([51, 52]);
    expect(dataset.get(3)).toBeNull();
    expect(dataset.get(51)!.key).toEqual({ company: 50, item: -1 });
    expect(dataset.count()).toBe(50);
    expect(dataset.range({ limit: 100 }).some((r) => r.id === 3 || r.id === 10)).toBe(false);
    expect(dataset.ids({ limit: 100 })).not.toContain(3);
    expect(dataset.ids({ limit: 100 }).at(-1)).toBe(52);
    expect(dataset.deletedRows()).toEqual([
      { id: 3, key: { company: 2, item: -1 }, version: 0, deletedMs: result.atMs },
      { id: 10, key: { company: 9, item: -1 }, version: 0, deletedMs: result.atMs },
    ]);
    const withDeleted = dataset.range({ limit: 100, includeDeleted: true, sinceMs: result.atMs });
    expect(withDeleted.map((r) => [r.id, r.deleted])).toEqual([
      [3, true],
      [10, true],
      [51, false],
      [52, false],
    ]);
    expect(() => dataset.mutate({ edits: [3] })).toThrow(RangeError);
    expect(dataset.stats()).toMatchObject({ rows: 52, live: 50, deleted: 2 });
  });

  it('builds a million rows and reads them by offset and keyset (time and memory printed)', () => {
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    const dataset = makeDataset(1_000_000);
    const builtMs = performance.now() - started;
    // The table lives in typed arrays (off the JS heap), so arrayBuffers is its footprint.
    const mb = (process.memoryUsage().arrayBuffers - before) / 1_048_576;
    dataset.mutate({ edits: 1000, deletions: 200, archives: 100, additions: 100 });
    let t = performance.now();
    let offsetRows = 0;
    for (let offset = 0; offset < 1_000_000; offset += 100_000)
      offsetRows += dataset.range({ limit: 1000, offset }).length;
    const offsetMs = performance.now() - t;
    t = performance.now();
    let after0: { modifiedMs: number; id: number } | undefined;
    let keysetRows = 0;
    for (;;) {
      const page = dataset.range({ after: after0, limit: 5000 });
      if (page.length === 0) break;
      keysetRows += page.length;
      after0 = { modifiedMs: page.at(-1)!.modifiedMs, id: page.at(-1)!.id };
    }
    const keysetMs = performance.now() - t;
    console.log(
      `dataset: 1M rows built in ${builtMs.toFixed(0)} ms, ~${mb.toFixed(0)} MB; 10 deep offset pages in ${offsetMs.toFixed(0)} ms; full keyset read in ${keysetMs.toFixed(0)} ms`,
    );
    expect(offsetRows).toBe(10_000);
    expect(keysetRows).toBe(dataset.count());
    // Time and memory are printed, not asserted: a test shares its worker's heap and cores with others
    // (arrayBuffers even went negative when another file's buffers were freed); bench:sync measures them.
  });
});
