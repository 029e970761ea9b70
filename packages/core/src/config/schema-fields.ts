/** Field schemas shared by the config blocks: numbers and flags that may come from `${VAR}`, durations, schedules, zones. */
import { z } from 'zod';
import { DURATION_PATTERN, parseDuration } from './duration';

const NUMBER_TEXT = /^-?\d+(?:\.\d+)?$/;

/**
 * A number field; also takes the number written as text, because `${VAR}` always yields text
 * (`port: ${API_PORT:-8080}`). Put any default inside: `numeric(z.int().default(10))`.
 */
export function numeric<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value) : value),
    schema,
  );
}

/** A true/false field; also takes `true` / `false` as text, as `${VAR}` gives them. */
export function flag<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), schema);
}

/** A whole number ≥ min (and ≤ max), with a default. */
export function count(defaultValue: number, min = 1, max = 1_000_000) {
  return numeric(z.int().min(min).max(max).default(defaultValue));
}

/** A duration such as `15m` or `1h30m`; parsed to milliseconds (> 0). */
export const Duration = z
  .string()
  .regex(DURATION_PATTERN, 'Expected a duration such as 90s, 15m, 2h, 3d or 1h30m')
  .transform((text, ctx) => {
    const ms = parseDuration(text)!;
    if (ms === 0) ctx.addIssue({ code: 'custom', message: 'Expected a duration longer than zero' });
    return ms;
  })
  .meta({ description: 'A duration: 90s, 15m, 2h, 3d, 1w or a sum such as 1h30m' });

const CRON_FIELD = '[0-9A-Za-z*,/-]+';
const CRON_PATTERN = new RegExp(`^${CRON_FIELD}(?: +${CRON_FIELD}){4}$`);
const SCHEDULE_PATTERN = new RegExp(`${DURATION_PATTERN.source}|${CRON_PATTERN.source}`);

/** When a job repeats: every fixed interval, or on a 5-field cron expression (minute hour day month weekday). */
export type Schedule = { kind: 'interval'; everyMs: number } | { kind: 'cron'; expression: string };

/** `15m` (an interval) or `*\/15 * * * *` (cron, shape-checked only: the scheduler parses it). */
export const ScheduleText = z
  .string()
  .regex(
    SCHEDULE_PATTERN,
    'Expected an interval such as 15m or a 5-field cron expression such as */15 * * * *',
  )
  .transform((text, ctx): Schedule => {
    const ms = parseDuration(text);
    if (ms === undefined) return { kind: 'cron', expression: text.trim() };
    if (ms === 0) ctx.addIssue({ code: 'custom', message: 'Expected an interval longer than zero' });
    return { kind: 'interval', everyMs: ms };
  })
  .meta({ description: 'An interval (15m, 1h, 1d) or a 5-field cron expression (*/15 * * * *)' });

/** An IANA time zone name that this runtime knows, e.g. `Europe/Moscow`. */
export const TimeZone = z
  .string()
  .refine(isTimeZone, 'Expected an IANA time zone such as Europe/Berlin or UTC')
  .meta({ description: 'IANA time zone, e.g. Europe/Moscow, Europe/Berlin, UTC' });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** An ISO 3166-1 alpha-2 region code, upper case, e.g. `RU`, `DE`. */
export const RegionCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'Expected an ISO 3166 region code such as RU or DE')
  .refine((code) => {
    const name = regionNames.of(code);
    return name !== undefined && name !== code && name !== 'Unknown Region';
  }, 'Unknown ISO 3166 region code')
  .meta({ description: 'ISO 3166-1 alpha-2 region code, e.g. RU, DE, US' });

/** A URL with one of the given schemes; only a malformed URL gets `message` (a missing one is `required`). */
export function urlWith(protocol: RegExp, message: string) {
  return z.url({ protocol, error: (issue) => (issue.code === 'invalid_format' ? message : undefined) });
}

/** An http(s) URL. */
export const HttpUrl = urlWith(/^https?$/, 'Invalid URL: expected http:// or https://');

/** `HH:MM` on a 24-hour clock; `24:00` is allowed as an end of day. */
export const ClockTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Expected a time of day as HH:MM, e.g. 09:00');
