/** Reading 1C OData values: the empty-reference and empty-date sentinels, string numbers, naive local dates. */

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
export const EMPTY_DATE = '0001-01-01T00:00:00';

/** A reference GUID, or null for a missing value or the empty reference. */
export function refKey(value: unknown): string | null {
  if (typeof value !== 'string' || value === '' || value === EMPTY_GUID) return null;
  return value;
}

/** Trimmed text, or null when empty. */
export function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Edm.Decimal / Int64 arrive as numbers or strings depending on the platform release (5.7). */
export function decimal(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/**
 * A naive server-local 1C datetime as ISO UTC, converted with the source's IANA time zone.
 * Null for the empty date sentinel; undefined when the text is no 1C datetime at all.
 */
export function localDateToUtc(value: unknown, timeZone: string): string | null | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === EMPTY_DATE) return null;
  const match = NAIVE.exec(value);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  // The offset at the wall time approximates the one at the instant; re-checking settles DST edges.
  let instant = wall - offsetMs(timeZone, wall);
  instant = wall - offsetMs(timeZone, instant);
  return new Date(instant).toISOString();
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const HOUR = 3_600_000;

/** The zone's UTC offset at an instant; cached per hour because 600k orders would otherwise cost seconds. */
function offsetMs(timeZone: string, instant: number): number {
  const bucket = `${timeZone}|${Math.floor(instant / HOUR)}`;
  const cached = offsets.get(bucket);
  if (cached !== undefined) return cached;
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(Math.floor(instant / HOUR) * HOUR))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  const offset = asUtc - Math.floor(instant / HOUR) * HOUR;
  if (offsets.size > 50_000) offsets.clear(); // bounded: a long-running worker must not grow it forever
  offsets.set(bucket, offset);
  return offset;
}
