/** The UTC offset of `timeZone` at `utcMs`, in ms (Europe/Berlin in summer: +7,200,000). */
function offsetAt(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return wall - Math.floor(utcMs / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/**
 * An ISO 8601 instant for the API, which wants an offset. n8n's date picker gives wall time without one
 * ("2026-06-01T09:30:00"): that is read in the workflow's time zone. A value with Z or an offset is kept.
 * Null when the text is no date.
 */
export function toInstant(value: string, timeZone: string): string | null {
  const text = value.trim();
  const local = LOCAL.exec(text);
  if (!local) {
    if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return null;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = local;
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, +frac.padEnd(3, '0'));
  if (Number.isNaN(wall)) return null;
  // Two passes settle the offset across a DST change.
  let utc = wall - offsetAt(wall, timeZone);
  utc = wall - offsetAt(utc, timeZone);
  return new Date(utc).toISOString();
}
