/** "did you mean url?" for an unknown key: the keys the schema knows at that place, and the closest one. */
import type { z } from 'zod';

type Def = {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  discriminator?: string;
};

const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;

/** Steps through wrappers (optional, default, pipe …) to the schema that checks the data. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let depth = 0; depth < 20; depth++) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in && def.out) {
      // preprocess = pipe(transform, schema): the schema is `out`; x.transform(f) = pipe(x, transform): it is `in`.
      current = defOf(def.in).type === 'transform' ? def.out : def.in;
    } else return current;
  }
  return current;
}

/** The object schemas that can apply at `path` (several when a plain union leaves it open). */
function objectsAt(schema: z.core.$ZodType, path: readonly PropertyKey[], data: unknown): z.core.$ZodType[] {
  const here = unwrap(schema);
  const def = defOf(here);
  if (def.type === 'union' && def.options) {
    const kind = def.discriminator
      ? (data as Record<string, unknown> | null)?.[def.discriminator]
      : undefined;
    const options = def.options.filter((option) => {
      const tag = def.discriminator ? defOf(unwrap(option)).shape?.[def.discriminator] : undefined;
      return tag === undefined || (tag._zod.values?.has(kind as string) ?? true);
    });
    return options.flatMap((option) => objectsAt(option, path, data));
  }
  if (path.length === 0) return def.type === 'object' ? [here] : [];
  const [step, ...rest] = path;
  const next = (data as Record<PropertyKey, unknown> | null)?.[step as PropertyKey];
  if (def.type === 'object' && def.shape?.[String(step)])
    return objectsAt(def.shape[String(step)]!, rest, next);
  if (def.type === 'array' && def.element) return objectsAt(def.element, rest, next);
  if (def.type === 'record' && def.valueType) return objectsAt(def.valueType, rest, next);
  return [];
}

/** The keys the schema allows in the object at `path` of `data`. */
export function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[], data: unknown): string[] {
  const keys = objectsAt(schema, path, data).flatMap((object) => Object.keys(defOf(object).shape ?? {}));
  return [...new Set(keys)];
}

const squash = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

/** The known key closest to `key` (same letters ignoring case, - and _, or one or two typos away), if any. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const same = known.find((candidate) => squash(candidate) === squash(key));
  if (same !== undefined) return same;
  const limit = key.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const distance = editDistance(squash(key), squash(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => i || j),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}
