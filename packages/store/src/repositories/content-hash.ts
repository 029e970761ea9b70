import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so the same content always gives the same text
 * whatever order the ERP or the mapper produced the keys in. `undefined` members are left out, as JSON does.
 */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return sortKeys((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) return value.map(sortKeys);
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortKeys(member);
  }
  return sorted;
}

/** sha1 hex of the stable JSON of `value`: what "unchanged" is judged by (sha1 costs ≈ 2.5 µs a record). */
export function contentHash(value: unknown): string {
  return createHash('sha1').update(stableStringify(value)).digest('hex');
}
