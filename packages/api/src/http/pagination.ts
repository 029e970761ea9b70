import { z } from 'zod';
import { RequestValidationError } from './http-errors';

/** The largest page any list returns. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

/** `?limit=` of a list: 1 to 100, 25 when absent. */
export const Limit = z.coerce
  .number<string>()
  .int()
  .min(1)
  .max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE} items per page`)
  .default(DEFAULT_PAGE_SIZE)
  .meta({ description: `Items per page, at most ${MAX_PAGE_SIZE}` });

/** `?cursor=` of a list: the `nextCursor` of the previous page, as given. */
export const Cursor = z
  .string()
  .min(1)
  .max(1000)
  .optional()
  .meta({ description: 'The nextCursor of the previous page; absent for the first page' });

/** The query fields every paged list takes. */
export const pageQuery = { limit: Limit, cursor: Cursor };

/** A page of items and where the next one starts (null on the last page). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as ?cursor= for the next page; null at the end' }),
  });
}

/** An opaque cursor: the position after the last item of a page, as base64url JSON. */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Reads a cursor back against the shape its list wrote; a tampered or foreign cursor is a 400 at query.cursor. */
export function decodeCursor<T>(cursor: string, shape: z.ZodType<T>): T {
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // not base64url JSON: reported below
  }
  throw new RequestValidationError([
    { path: 'query.cursor', message: 'Invalid cursor: pass the nextCursor of the previous page as it is' },
  ]);
}

/**
 * A page from rows read with `limit + 1`: the extra row only tells that there is a next page, whose
 * cursor is the position of the last row shown.
 */
export function pageFrom<R, T = R>(
  rows: readonly R[],
  limit: number,
  position: (row: R) => readonly (string | number)[],
  map: (row: R) => T = (row) => row as unknown as T,
): { items: T[]; nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : null,
  };
}
