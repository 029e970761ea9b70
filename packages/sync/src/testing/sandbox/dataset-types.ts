import type { Rng } from '../world/prng';
import type { SandboxClock } from './clock';

/**
 * What a row stands for in the generated world, chosen by the sandbox: the company index and, within it,
 * an item (-1 = the company itself, else a person or order index). Two ints, so 1M keys fit in typed arrays.
 */
export interface DatasetKey {
  company: number;
  item: number;
}

/** One row of an ERP table as the sandbox serves it. */
export interface DatasetRow {
  /** 1-based, dense, stable; new rows get the next ids. */
  id: number;
  key: DatasetKey;
  /** 0 = as generated; bumped by each edit, archive or restore. */
  version: number;
  createdMs: number;
  /** The ERP's modified-at (epoch ms). Base rows tie in groups of 2–5 on the same second. */
  modifiedMs: number;
  /** The ERP's soft flag (Odoo active=false, ERPNext disabled=1, 1C DeletionMark). */
  archived: boolean;
  /** Only ever true in `range({ includeDeleted: true })`: the row is physically gone from the ERP. */
  deleted: boolean;
}

/** A physically deleted row, as ERPNext's "Deleted Document" remembers it. */
export interface DeletedRow {
  id: number;
  key: DatasetKey;
  /** The version it had when deleted. */
  version: number;
  deletedMs: number;
}

/** Keyset position: rows strictly after (modifiedMs, id). */
export interface RowPosition {
  modifiedMs: number;
  id: number;
}

export interface RangeQuery {
  /** Rows with modifiedMs ≥ sinceMs. */
  sinceMs?: number;
  /** Rows strictly after this (modifiedMs, id). */
  after?: RowPosition;
  limit: number;
  /** Rows to skip after the other filters (offset paging, as Odoo, ERPNext and 1C do it). */
  offset?: number;
  /** @defaultValue true */
  includeArchived?: boolean;
  /** Deleted rows at their deletion time, flagged `deleted`. @defaultValue false */
  includeDeleted?: boolean;
}

export type CountQuery = Omit<RangeQuery, 'limit' | 'offset' | 'after'>;

export interface IdsQuery {
  offset?: number;
  limit: number;
  /** @defaultValue true */
  includeArchived?: boolean;
}

/**
 * Changes to apply at the clock's now. A number picks that many distinct random rows (with the rng);
 * an array names the rows (ids; keys for additions).
 */
export interface DatasetMutation {
  edits?: number | readonly number[];
  archives?: number | readonly number[];
  /** Archived rows made active again. */
  restores?: number | readonly number[];
  deletions?: number | readonly number[];
  additions?: number | readonly DatasetKey[];
}

export interface MutationResult {
  atMs: number;
  edited: number[];
  archived: number[];
  restored: number[];
  deleted: number[];
  added: number[];
}

export interface DatasetStats {
  rows: number;
  live: number;
  archived: number;
  deleted: number;
  /** Rows whose current version is not their generated one (held in the small overlay). */
  overlaid: number;
  /** range() calls so far. */
  reads: number;
}

/** One ERP table over time: generated rows, then edits, archives, deletions and additions on a clock. */
export interface Dataset {
  readonly name: string;
  /** Rows in (modifiedMs, id) order; keyset (`after`) and offset paging both work. */
  range(query: RangeQuery): DatasetRow[];
  /** The live row (archived included), or null when the id was deleted or never existed. */
  get(id: number): DatasetRow | null;
  /** Live ids in id order (the cheap key-reconciliation listing). */
  ids(query: IdsQuery): number[];
  count(query?: CountQuery): number;
  /** Applies a mutation at the clock's now. */
  mutate(mutation: DatasetMutation, rng?: Rng): MutationResult;
  /** Applies a mutation right after the n-th next range() call returns: a change during a paged read. */
  mutateAfterReads(reads: number, mutation: DatasetMutation, rng?: Rng): void;
  /** Deleted rows in deletion order (optionally those deleted at or after sinceMs). */
  deletedRows(sinceMs?: number): DeletedRow[];
  /** The highest id handed out so far. */
  maxId(): number;
  stats(): DatasetStats;
}

export type { Rng };

export interface DatasetOptions {
  /** The table's name (e.g. 'res.partner'); also salts the generated archived flags. */
  name: string;
  clock: SandboxClock;
  /** @defaultValue 1 */
  seed?: number;
  /** Adds the base rows in id order: `fill((company, item) => …)`; ids are 1, 2, 3… in call order. */
  fill(add: (company: number, item: number) => void): void;
  /** Share of base rows generated archived. @defaultValue 0.03 */
  archivedRate?: number;
  /** Share of base timestamp groups where 2–5 consecutive rows share one second. @defaultValue 0.3 */
  tieRate?: number;
  /** The last base row's modifiedMs. @defaultValue an hour before the clock's now */
  baseEndMs?: number;
  /** How long the base rows span. @defaultValue two years */
  baseSpanMs?: number;
  /** The key of the n-th (0-based) added row. @defaultValue a company after every base company, item -1 */
  newKey?(n: number, rng: Rng): DatasetKey;
}
