import { PAGE_SIZE } from '../views/paging-buttons';

/** The deepest page a button can ask for: pages are walked from the first, so this bounds the work. */
export const MAX_PAGE = 50;

/**
 * Page `page` of a keyset-paged list, reached by following the cursors from the first page (a button
 * can carry a page number in 64 bytes, not a cursor). Returns the items and whether more follow.
 */
export async function pageAt<T, C>(
  page: number,
  fetch: (cursor: C | null, limit: number) => Promise<{ items: T[]; next: C | null }>,
): Promise<{ items: T[]; hasNext: boolean; page: number }> {
  const target = Math.min(Math.max(0, page), MAX_PAGE);
  let cursor: C | null = null;
  for (let current = 0; ; current++) {
    const { items, next } = await fetch(cursor, PAGE_SIZE);
    if (current === target || next === null) {
      return { items, hasNext: next !== null && current < MAX_PAGE, page: current };
    }
    cursor = next;
  }
}
