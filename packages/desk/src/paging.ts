import { z } from 'zod';

/** The largest page any list returns. */
export const MAX_PAGE_SIZE = 100;

/** What a caller asks of a list: how many, and where the last page ended (an opaque cursor). */
export const PageRequest = z.strictObject({
  limit: z.int().min(1).max(MAX_PAGE_SIZE).default(20),
  cursor: z.string().min(1).max(512).nullish(),
});
export type PageRequest = z.input<typeof PageRequest>;

/**
 * A timestamp as Postgres prints it (`2026-03-01 09:30:00.123456+00`), microseconds kept: the time part of
 * keyset cursors, so a position is exact whatever wrote the row.
 */
export const TimestampKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?[+-]\d{2}(?::\d{2}){0,2}$/);

/** One page and the cursor of the next one (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An opaque cursor: base64url of a small JSON document; callers never look inside. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position inside a cursor, checked against its schema; a forged or foreign cursor is a validation error. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    position = undefined;
  }
  const parsed = schema.safeParse(position);
  if (!parsed.success) {
    throw new z.ZodRealError([
      {
        code: 'custom',
        path: ['cursor'],
        message: 'Invalid cursor: pass nextCursor of the previous page',
        input: cursor,
      },
    ]);
  }
  return parsed.data;
}

/**
 * Parses a page request and reads its cursor; `rows` of the query then hold up to limit + 1 items, and
 * pageOf cuts them to the page and makes the next cursor from the last item kept.
 */
export function readPage<T>(
  page: PageRequest | undefined,
  schema: z.ZodType<T>,
): { limit: number; after: T | null } {
  const request = PageRequest.parse(page ?? {});
  return { limit: request.limit, after: request.cursor ? decodeCursor(request.cursor, schema) : null };
}

export function pageOf<Row, Item>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => Item,
  positionOf: (row: Row) => unknown,
): Page<Item> {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    items: kept.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null,
  };
}
