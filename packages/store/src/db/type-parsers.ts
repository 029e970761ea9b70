/**
 * Result type choices shared by both drivers, so the same SQL gives the same JS values:
 * int8 → number (bigint only beyond 2^53, as PGlite does), numeric → string (exact; row mappers convert),
 * date → 'YYYY-MM-DD' string (a calendar day has no time zone), timestamptz → Date, json/jsonb → parsed.
 */

/** OIDs of the types we parse ourselves. */
export const Oid = { int8: 20, int8Array: 1016, date: 1082, dateArray: 1182, timestamptz: 1184 } as const;

/** int8 as a JS number when it fits, else a bigint (what PGlite does by default). */
export function parseInt8(text: string): number | bigint {
  const value = BigInt(text);
  return value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)
    ? value
    : Number(value);
}

/** A date stays the text Postgres printed (ISO `YYYY-MM-DD` under the default DateStyle). */
export function parseDate(text: string): string {
  return text;
}
