import { z } from 'zod';

/** A query value that may repeat (`?status=open&status=pending`) or list with commas (`?status=open,pending`). */
export function queryList<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    const values = Array.isArray(value) ? value : value === undefined ? undefined : [value];
    return values?.flatMap((entry) =>
      typeof entry === 'string'
        ? entry
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean)
        : [entry],
    );
  }, z.array(item).optional());
}

/** `?flag=true` / `?flag=false` (also 1/0, yes/no). */
export const QueryBoolean = z.stringbool();
