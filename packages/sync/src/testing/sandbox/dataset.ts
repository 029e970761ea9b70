import { createRng, hash32, type Rng, saltOf } from '../world/prng';
import { baseTimeline } from './base-timeline';
import type {
  CountQuery,
  Dataset,
  DatasetKey,
  DatasetMutation,
  DatasetOptions,
  DatasetRow,
  DatasetStats,
  DeletedRow,
  IdsQuery,
  MutationResult,
  RangeQuery,
  RowPosition,
} from './dataset-types';
import { Fenwick } from './fenwick';
import { comparePosition, OverlayOrder, type OverlayRow } from './overlay-order';

// Module-level copies: global lookups are slow under jest's vm context.
const max = Math.max;
const isInteger = Number.isInteger;
const NEGATIVE_INFINITY = Number.NEGATIVE_INFINITY;

const GENERATED_ARCHIVED = 1;
/** The row left its generated place in (modifiedMs, id) order: it lives in the overlay. */
const HIDDEN = 2;
const DELETED = 4;
const ARCHIVED_NOW = 8;
const YEAR_MS = 365 * 86_400_000;

/**
 * Creates one ERP table over time. Base rows are generated in (modifiedMs, id) order and held in typed
 * arrays; rows changed later move to a small sorted overlay. Reads merge the two, and Fenwick trees of
 * hidden / archived / deleted rows make offsets and counts O(log n) at a million rows.
 */
export function createDataset(options: DatasetOptions): Dataset {
  const { name, clock } = options;
  const seed = options.seed ?? 1;
  const archivedRate = options.archivedRate ?? 0.03;

  // Base keys, grown while filling, then trimmed.
  let companies = new Int32Array(1024);
  let items = new Int32Array(1024);
  let n = 0;
  let maxCompany = -1;
  options.fill((company, item) => {
    if (n === companies.length) {
      const grownC = new Int32Array(n * 2);
      grownC.set(companies);
      companies = grownC;
      const grownI = new Int32Array(n * 2);
      grownI.set(items);
      items = grownI;
    }
    companies[n] = company;
    items[n] = item;
    n += 1;
    if (company > maxCompany) maxCompany = company;
  });
  const baseCount = n;
  companies = companies.slice(0, baseCount);
  items = items.slice(0, baseCount);

  const baseMs = baseTimeline({
    seed: seed ^ saltOf(name),
    count: baseCount,
    endMs: options.baseEndMs ?? clock.now() - 3_600_000,
    spanMs: options.baseSpanMs ?? 2 * YEAR_MS,
    tieRate: options.tieRate ?? 0.3,
  });
  const archivedSalt = saltOf(`archived:${name}`);
  const flags = new Uint8Array(baseCount);
  for (let p = 0; p < baseCount; p++) {
    if (hash32(seed, p + 1, archivedSalt) / 4294967296 < archivedRate)
      flags[p] = GENERATED_ARCHIVED | ARCHIVED_NOW;
  }
  const hidden = new Fenwick(baseCount);
  const archivedVisible = Fenwick.from(baseCount, (p) => (flags[p]! & GENERATED_ARCHIVED) !== 0);
  const deletedBase = new Fenwick(baseCount);
  const archivedLive = Fenwick.from(baseCount, (p) => (flags[p]! & ARCHIVED_NOW) !== 0);

  const overlay = new Map<number, OverlayRow>();
  const sorted = new OverlayOrder();
  const order = sorted.rows;
  const addedIds: number[] = [];
  const addedKeys: DatasetKey[] = [];
  const deleted: DeletedRow[] = [];
  let maxId = baseCount;
  let reads = 0;
  let mutations = 0;
  let archivedCount = archivedLive.prefix(baseCount);
  const scheduled: { reads: number; mutation: DatasetMutation; rng: Rng | undefined }[] = [];

  const keyOf = (id: number): DatasetKey =>
    id <= baseCount
      ? { company: companies[id - 1]!, item: items[id - 1]! }
      : { ...addedKeys[id - baseCount - 1]! };

  const newKey = options.newKey ?? ((k: number): DatasetKey => ({ company: maxCompany + 1 + k, item: -1 }));

  // ---- positions -------------------------------------------------------------------------------------

  /** First base position whose (modifiedMs, id) is > (ms, id) (or ≥ ms when id is -Infinity). */
  function baseAfter(ms: number, id: number): number {
    let lo = 0;
    let hi = baseCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (comparePosition(baseMs[mid]!, mid + 1, ms, id) > 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  const orderAfter = (ms: number, id: number): number => sorted.after(ms, id);

  function startOf(query: {
    sinceMs?: number | undefined;
    after?: RowPosition | undefined;
  }): [number, number] {
    let base = 0;
    let over = 0;
    if (query.sinceMs !== undefined) {
      base = baseAfter(query.sinceMs, NEGATIVE_INFINITY);
      over = orderAfter(query.sinceMs, NEGATIVE_INFINITY);
    }
    if (query.after) {
      base = max(base, baseAfter(query.after.modifiedMs, query.after.id));
      over = max(over, orderAfter(query.after.modifiedMs, query.after.id));
    }
    return [base, over];
  }

  function baseIncluded(lo: number, hi: number, includeArchived: boolean): number {
    if (hi <= lo) return 0;
    return hi - lo - hidden.between(lo, hi) - (includeArchived ? 0 : archivedVisible.between(lo, hi));
  }

  /** The base position after skipping `skip` included rows from `from`. */
  function skipBase(from: number, skip: number, includeArchived: boolean): number {
    if (skip <= 0) return from;
    let lo = from;
    let hi = baseCount;
    if (baseIncluded(from, hi, includeArchived) < skip) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (baseIncluded(from, mid, includeArchived) >= skip) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  const overlayMatches = (row: OverlayRow, includeArchived: boolean, includeDeleted: boolean): boolean =>
    row.deleted ? includeDeleted : includeArchived || !row.archived;

  const baseRow = (p: number): DatasetRow => ({
    id: p + 1,
    key: { company: companies[p]!, item: items[p]! },
    version: 0,
    createdMs: baseMs[p]!,
    modifiedMs: baseMs[p]!,
    archived: (flags[p]! & GENERATED_ARCHIVED) !== 0,
    deleted: false,
  });

  const overlayRow = (row: OverlayRow): DatasetRow => ({
    id: row.id,
    key: keyOf(row.id),
    version: row.version,
    createdMs: row.createdMs,
    modifiedMs: row.modifiedMs,
    archived: row.archived,
    deleted: row.deleted,
  });

  // ---- reads -----------------------------------------------------------------------------------------

  function range(query: RangeQuery): DatasetRow[] {
    const includeArchived = query.includeArchived ?? true;
    const includeDeleted = query.includeDeleted ?? false;
    let [b, o] = startOf(query);
    let skip = max(0, query.offset ?? 0);
    while (skip > 0 && o < order.length) {
      const row = order[o]!;
      if (!overlayMatches(row, includeArchived, includeDeleted)) {
        o += 1;
        continue;
      }
      const bp = max(b, baseAfter(row.modifiedMs, row.id));
      const before = baseIncluded(b, bp, includeArchived);
      if (skip < before) break;
      skip -= before;
      b = bp;
      if (skip === 0) break;
      skip -= 1;
      o += 1;
    }
    b = skipBase(b, skip, includeArchived);

    const out: DatasetRow[] = [];
    const limit = query.limit;
    while (out.length < limit) {
      while (
        b < baseCount &&
        ((flags[b]! & HIDDEN) !== 0 || (!includeArchived && (flags[b]! & GENERATED_ARCHIVED) !== 0))
      ) {
        b += 1;
      }
      while (o < order.length && !overlayMatches(order[o]!, includeArchived, includeDeleted)) o += 1;
      const hasBase = b < baseCount;
      const hasOver = o < order.length;
      if (!hasBase && !hasOver) break;
      if (
        hasBase &&
        (!hasOver || comparePosition(baseMs[b]!, b + 1, order[o]!.modifiedMs, order[o]!.id) < 0)
      ) {
        out.push(baseRow(b));
        b += 1;
      } else {
        out.push(overlayRow(order[o]!));
        o += 1;
      }
    }
    reads += 1;
    runScheduled();
    return out;
  }

  function get(id: number): DatasetRow | null {
    if (!isInteger(id) || id < 1 || id > maxId) return null;
    const row = overlay.get(id);
    if (row) return row.deleted ? null : overlayRow(row);
    return baseRow(id - 1);
  }

  function idsIncluded(lo: number, hi: number, includeArchived: boolean): number {
    if (hi <= lo) return 0;
    return hi - lo - deletedBase.between(lo, hi) - (includeArchived ? 0 : archivedLive.between(lo, hi));
  }

  function ids(query: IdsQuery): number[] {
    const includeArchived = query.includeArchived ?? true;
    let skip = max(0, query.offset ?? 0);
    const out: number[] = [];
    const inBase = idsIncluded(0, baseCount, includeArchived);
    if (skip < inBase) {
      let lo = 0;
      let hi = baseCount;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (idsIncluded(0, mid, includeArchived) >= skip) hi = mid;
        else lo = mid + 1;
      }
      for (let p = lo; p < baseCount && out.length < query.limit; p++) {
        const f = flags[p]!;
        if ((f & DELETED) !== 0 || (!includeArchived && (f & ARCHIVED_NOW) !== 0)) continue;
        out.push(p + 1);
      }
      skip = 0;
    } else {
      skip -= inBase;
    }
    for (const id of addedIds) {
      if (out.length >= query.limit) break;
      const row = overlay.get(id)!;
      if (row.deleted || (!includeArchived && row.archived)) continue;
      if (skip > 0) skip -= 1;
      else out.push(id);
    }
    return out;
  }

  function count(query: CountQuery = {}): number {
    const includeArchived = query.includeArchived ?? true;
    const includeDeleted = query.includeDeleted ?? false;
    const [b, o] = startOf(query);
    let total = baseIncluded(b, baseCount, includeArchived);
    for (let i = o; i < order.length; i++)
      if (overlayMatches(order[i]!, includeArchived, includeDeleted)) total += 1;
    return total;
  }

  // ---- writes ----------------------------------------------------------------------------------------

  /** Takes a live row into the overlay (moving it out of its base place) and returns it. */
  function lift(id: number): OverlayRow {
    const existing = overlay.get(id);
    if (existing) {
      sorted.remove(existing);
      return existing;
    }
    const p = id - 1;
    const generatedArchived = (flags[p]! & GENERATED_ARCHIVED) !== 0;
    flags[p] = flags[p]! | HIDDEN;
    hidden.add(p, 1);
    if (generatedArchived) archivedVisible.add(p, -1);
    const row: OverlayRow = {
      id,
      version: 0,
      createdMs: baseMs[p]!,
      modifiedMs: baseMs[p]!,
      archived: generatedArchived,
      deleted: false,
    };
    overlay.set(id, row);
    return row;
  }

  function setArchived(row: OverlayRow, archived: boolean): void {
    if (row.archived === archived) return;
    row.archived = archived;
    archivedCount += archived ? 1 : -1;
    if (row.id <= baseCount) {
      const p = row.id - 1;
      flags[p] = archived ? flags[p]! | ARCHIVED_NOW : flags[p]! & ~ARCHIVED_NOW;
      archivedLive.add(p, archived ? 1 : -1);
    }
  }

  function isLive(id: number): boolean {
    if (!isInteger(id) || id < 1 || id > maxId) return false;
    const row = overlay.get(id);
    return row ? !row.deleted : true;
  }

  function isArchived(id: number): boolean {
    const row = overlay.get(id);
    return row ? row.archived : (flags[id - 1]! & ARCHIVED_NOW) !== 0;
  }

  /** Distinct live ids: the named ones (checked), or `spec` random ones that satisfy `wanted`. */
  function choose(
    spec: number | readonly number[] | undefined,
    wanted: (id: number) => boolean,
    rng: Rng,
    what: string,
  ): number[] {
    if (spec === undefined) return [];
    if (typeof spec !== 'number') {
      for (const id of spec) {
        if (!isLive(id) || !wanted(id)) throw new RangeError(`dataset ${name}: cannot ${what} row ${id}`);
      }
      return [...new Set(spec)];
    }
    const picked = new Set<number>();
    // Bounded: a table with too few eligible rows gives fewer than asked.
    for (let attempt = 0; picked.size < spec && attempt < spec * 20 + 100; attempt++) {
      const id = 1 + rng.below(maxId);
      if (isLive(id) && wanted(id)) picked.add(id);
    }
    return [...picked];
  }

  function mutate(mutation: DatasetMutation, rngIn?: Rng): MutationResult {
    const rng = rngIn ?? createRng(hash32(seed, mutations, saltOf(`mutate:${name}`)));
    mutations += 1;
    const atMs = clock.now();
    const result: MutationResult = { atMs, edited: [], archived: [], restored: [], deleted: [], added: [] };

    const additions = mutation.additions ?? 0;
    const addCount = typeof additions === 'number' ? additions : additions.length;
    for (let k = 0; k < addCount; k++) {
      const key = typeof additions === 'number' ? newKey(addedIds.length, rng) : additions[k]!;
      maxId += 1;
      const row: OverlayRow = {
        id: maxId,
        version: 0,
        createdMs: atMs,
        modifiedMs: atMs,
        archived: false,
        deleted: false,
      };
      addedKeys.push({ company: key.company, item: key.item });
      addedIds.push(maxId);
      overlay.set(maxId, row);
      sorted.insert(row);
      result.added.push(maxId);
    }

    const touch = (id: number, change: (row: OverlayRow) => void): void => {
      const row = lift(id);
      change(row);
      row.modifiedMs = atMs;
      sorted.insert(row);
    };
    for (const id of choose(mutation.edits, () => true, rng, 'edit')) {
      touch(id, (row) => {
        row.version += 1;
      });
      result.edited.push(id);
    }
    for (const id of choose(mutation.archives, (id) => !isArchived(id), rng, 'archive')) {
      touch(id, (row) => {
        row.version += 1;
        setArchived(row, true);
      });
      result.archived.push(id);
    }
    for (const id of choose(mutation.restores, (id) => isArchived(id), rng, 'restore')) {
      touch(id, (row) => {
        row.version += 1;
        setArchived(row, false);
      });
      result.restored.push(id);
    }
    for (const id of choose(mutation.deletions, () => true, rng, 'delete')) {
      touch(id, (row) => {
        setArchived(row, false);
        row.deleted = true;
      });
      if (id <= baseCount) {
        flags[id - 1] = flags[id - 1]! | DELETED;
        deletedBase.add(id - 1, 1);
      }
      deleted.push({ id, key: keyOf(id), version: overlay.get(id)!.version, deletedMs: atMs });
      result.deleted.push(id);
    }
    return result;
  }

  function runScheduled(): void {
    for (let i = 0; i < scheduled.length; ) {
      const entry = scheduled[i]!;
      entry.reads -= 1;
      if (entry.reads <= 0) {
        scheduled.splice(i, 1);
        mutate(entry.mutation, entry.rng);
      } else {
        i += 1;
      }
    }
  }

  return {
    name,
    range,
    get,
    ids,
    count,
    mutate,
    mutateAfterReads(afterReads: number, mutation: DatasetMutation, rng?: Rng): void {
      scheduled.push({ reads: max(1, afterReads), mutation, rng });
    },
    deletedRows(sinceMs?: number): DeletedRow[] {
      const rows = sinceMs === undefined ? deleted : deleted.filter((row) => row.deletedMs >= sinceMs);
      return rows.map((row) => ({ ...row, key: { ...row.key } }));
    },
    maxId: () => maxId,
    stats(): DatasetStats {
      return {
        rows: maxId,
        live: maxId - deleted.length,
        archived: archivedCount,
        deleted: deleted.length,
        overlaid: overlay.size,
        reads,
      };
    },
  };
}
