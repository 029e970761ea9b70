/** Reading Odoo's JSON values: `false` for every empty value, many2one as `[id, display_name]` (1.7). */

/** An Odoo record as search_read returns it. */
export type OdooRecord = Record<string, unknown>;

/** A non-blank string, or null for `false`, '' and whitespace. */
export function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return value.trim() === '' ? null : value;
}

/** The id of a many2one pair, or null for `false`. */
export function many2oneId(value: unknown): number | null {
  if (Array.isArray(value) && typeof value[0] === 'number') return value[0];
  return typeof value === 'number' ? value : null;
}

/** The display name of a many2one pair, or null for `false`. */
export function many2oneName(value: unknown): string | null {
  return Array.isArray(value) ? text(value[1]) : null;
}

/** A finite number, or null. */
export function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
