/**
 * Business time: the hours SLA clocks run in. Pure functions over instants; the wall clock of the
 * configured time zone (DST included) decides where a working day starts and ends.
 */

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** tickets.businessHours of the config. */
export interface BusinessHours {
  timezone: string;
  days: readonly Weekday[];
  /** `HH:MM`, 24-hour clock. */
  start: string;
  /** `HH:MM`, after start; `24:00` is the end of the day. */
  end: string;
  /** `YYYY-MM-DD` days in the time zone on which the clock stands still. */
  holidays?: readonly string[];
}

/** Around the clock, or only in business hours. */
export type BusinessCalendar =
  | { kind: 'always' }
  | {
      kind: 'hours';
      timezone: string;
      days: ReadonlySet<number>;
      startMinute: number;
      endMinute: number;
      holidays: ReadonlySet<string>;
    };

const WEEKDAY_INDEX: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const DAY_MS = 86_400_000;
/** No walk goes further than this many days: a calendar always has working days, so this only stops a bug. */
const MAX_DAYS = 366 * 20;

/** The calendar of the config's business hours; none given means around the clock. */
export function businessCalendar(hours?: BusinessHours | null): BusinessCalendar {
  if (!hours) return { kind: 'always' };
  return {
    kind: 'hours',
    timezone: hours.timezone,
    days: new Set(hours.days.map((day) => WEEKDAY_INDEX[day])),
    startMinute: minutes(hours.start),
    endMinute: minutes(hours.end),
    holidays: new Set(hours.holidays ?? []),
  };
}

function minutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * The instant at which `ms` of business time has passed since `from`. Zero (or less) is `from` itself;
 * a deadline that lands on the end of a working day is that end, not the next day's start.
 */
export function addBusinessTime(calendar: BusinessCalendar, from: Date, ms: number): Date {
  if (ms <= 0) return new Date(from.getTime());
  if (calendar.kind === 'always') return new Date(from.getTime() + ms);
  let remaining = ms;
  let day = localDay(calendar.timezone, from.getTime());
  for (let i = 0; i < MAX_DAYS; i++, day = nextDay(day)) {
    const window = workingWindow(calendar, day);
    if (!window) continue;
    const start = Math.max(window.start, from.getTime());
    if (start >= window.end) continue;
    if (remaining <= window.end - start) return new Date(start + remaining);
    remaining -= window.end - start;
  }
  throw new RangeError(`no business time within ${MAX_DAYS} days of ${from.toISOString()}`);
}

/** The business time between two instants (0 when `to` is not after `from`). */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const [a, b] = [from.getTime(), to.getTime()];
  if (b <= a) return 0;
  if (calendar.kind === 'always') return b - a;
  let total = 0;
  let day = localDay(calendar.timezone, a);
  const last = localDay(calendar.timezone, b);
  for (let i = 0; i < MAX_DAYS && compareDays(day, last) <= 0; i++, day = nextDay(day)) {
    const window = workingWindow(calendar, day);
    if (!window) continue;
    total += Math.max(0, Math.min(window.end, b) - Math.max(window.start, a));
  }
  return total;
}

/** A calendar day in the time zone. */
interface LocalDay {
  y: number;
  m: number;
  d: number;
}

function compareDays(a: LocalDay, b: LocalDay): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

function nextDay(day: LocalDay): LocalDay {
  const next = new Date(Date.UTC(day.y, day.m - 1, day.d) + DAY_MS);
  return { y: next.getUTCFullYear(), m: next.getUTCMonth() + 1, d: next.getUTCDate() };
}

function dayText(day: LocalDay): string {
  return `${String(day.y).padStart(4, '0')}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
}

/** The working hours of a day as instants, or null for a day off (weekend or holiday). */
function workingWindow(
  calendar: Extract<BusinessCalendar, { kind: 'hours' }>,
  day: LocalDay,
): { start: number; end: number } | null {
  const weekday = new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();
  if (!calendar.days.has(weekday) || calendar.holidays.has(dayText(day))) return null;
  return {
    start: zonedInstant(calendar.timezone, day, calendar.startMinute),
    end: zonedInstant(calendar.timezone, day, calendar.endMinute),
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, format);
  }
  return format;
}

/** The wall-clock fields of an instant in the time zone. */
function wallClock(timezone: string, instant: number) {
  const parts: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

function localDay(timezone: string, instant: number): LocalDay {
  const wall = wallClock(timezone, instant);
  return { y: wall.year, m: wall.month, d: wall.day };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(timezone: string, instant: number): number {
  const wall = wallClock(timezone, instant);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time of a day has in the zone (minute 1440 is the next midnight). A time that
 * a DST jump skips comes out an hour off, the way clocks read it.
 */
function zonedInstant(timezone: string, day: LocalDay, minute: number): number {
  const guess = Date.UTC(day.y, day.m - 1, day.d, 0, minute);
  const first = guess - offsetAt(timezone, guess);
  const second = guess - offsetAt(timezone, first);
  return second;
}
