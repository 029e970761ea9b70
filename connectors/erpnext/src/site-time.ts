/**
 * Frappe keeps `modified`, `creation` and dates as naive strings in the site's time zone (System Settings),
 * serialised with microseconds and without the fraction when it is zero (erp-apis.md 2.4). These helpers
 * turn them into ISO UTC and back with Intl only; offsets are cached per local hour to stay cheap on big reads.
 */

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?$/;

/** A site-local timestamp split into parts; `micros` is the fraction padded to six digits. */
interface NaiveParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: string;
}

function parseNaive(text: string): NaiveParts | null {
  const match = NAIVE.exec(text);
  if (match === null) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = ''] = match;
  const parts = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    micros: fraction.padEnd(6, '0'),
  };
  // Reject 2024-13-45 and friends: the Date round trip must land on the same calendar fields.
  const probe = new Date(
    Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second),
  );
  if (
    probe.getUTCFullYear() !== parts.year ||
    probe.getUTCMonth() !== parts.month - 1 ||
    probe.getUTCDate() !== parts.day ||
    probe.getUTCHours() !== parts.hour ||
    probe.getUTCMinutes() !== parts.minute
  ) {
    return null;
  }
  return parts;
}

/** `"2024-05-01 10:00:00"` or `"…00.5"` → `"2024-05-01 10:00:00.500000"`; null when it is not a Frappe datetime. */
export function normalizeSiteTime(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const parts = parseNaive(text.trim());
  if (parts === null) return null;
  return `${formatWall(parts)}.${parts.micros}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The zone's offset from UTC (ms) at a UTC instant. */
function offsetAt(timeZone: string, utcMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    fields.year!,
    fields.month! - 1,
    fields.day!,
    fields.hour!,
    fields.minute!,
    fields.second!,
  );
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** UTC ms of a wall-clock time in the zone (for a DST gap or overlap: the earlier reading, as Python's fold=0). */
function wallToUtc(timeZone: string, wallMs: number): number {
  const hourKey = `${timeZone}|${Math.floor(wallMs / 3_600_000)}`;
  const cached = offsets.get(hourKey);
  if (cached !== undefined) return wallMs - cached;
  let offset = offsetAt(timeZone, wallMs);
  const second = offsetAt(timeZone, wallMs - offset);
  if (second !== offset) offset = Math.max(offset, second);
  if (offsets.size > 50_000) offsets.clear(); // bounded: a long read over many years must not grow memory
  offsets.set(hourKey, offset);
  return wallMs - offset;
}

/** A site-local Frappe datetime (or date) → ISO UTC with microseconds; null when unparseable. */
export function siteTimeToUtc(text: unknown, timeZone: string): string | null {
  if (typeof text !== 'string') return null;
  const parts = parseNaive(text.trim());
  if (parts === null) return null;
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const utc = new Date(wallToUtc(timeZone, wall)).toISOString();
  return `${utc.slice(0, 19)}.${parts.micros}Z`;
}

/** An ISO instant → the site-local naive string Frappe filters compare against (six-digit fraction). */
export function utcToSiteTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO timestamp: ${iso}`);
  // Keep sub-millisecond digits the engine may pass through (our own identify() emits microseconds).
  const micros = /\.(\d{1,6})/.exec(iso)?.[1]?.padEnd(6, '0') ?? '000000';
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offsetAt(timeZone, ms));
  const text = wall.toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 19)}.${micros}`;
}

function formatWall(parts: NaiveParts): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)} ${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}`;
}
