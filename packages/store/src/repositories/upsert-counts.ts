import { count } from './row-values';

/** What one bulk upsert did: every distinct external id lands in exactly one of the three. */
export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Keeps the last entry per key (an ERP page may repeat a record; ON CONFLICT cannot touch a row twice). */
export function lastPerKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    byKey.delete(k); // re-insert so the kept entry takes the position of its last occurrence
    byKey.set(k, item);
  }
  return [...byKey.values()];
}

/** Counts from a batch size and how many rows the upsert inserted and wrote in all. */
export function upsertCounts(
  total: number,
  inserted: number | bigint | string,
  written: number | bigint | string,
): UpsertCounts {
  const ins = count(inserted);
  const all = count(written);
  return { inserted: ins, updated: all - ins, unchanged: total - all };
}
