/**
 * Natural-language times in English and Russian, read in the employee's own zone (bots.md §5): chrono
 * finds the phrase, luxon builds the instant in the IANA zone, because chrono ignores IANA names and a
 * fixed offset is wrong across a DST change.
 */
import * as chrono from 'chrono-node';
import * as chronoRu from 'chrono-node/ru';
import { DateTime } from 'luxon';
import { type ClockTime, type DayMonthMatch, findDayMonth } from './day-month';

/** The hour a reminder gets when the phrase names a day but no time ("in 3 days", "в пятницу"). */
export const DEFAULT_REMINDER_HOUR = 9;

export type WhenResult =
  | {
      ok: true;
      at: Date;
      /** The words around the time phrase: the reminder text of "remind me Friday at 10 to call them". */
      rest: string;
      /** The time phrase as written. */
      phrase: string;
    }
  | { ok: false; reason: 'unparsed' | 'past'; at?: Date };

interface WhenOptions {
  /** The employee's IANA zone. */
  zone: string;
  /** The reference instant ("now"). */
  now: Date;
}

const CYRILLIC = /[\u0400-\u04ff]/;

/** Parsers in the order to try: Russian first for Cyrillic text, English first otherwise. */
function parsers(text: string): chrono.Chrono[] {
  return CYRILLIC.test(text) ? [chronoRu.casual, chrono.casual] : [chrono.casual, chronoRu.casual];
}

/** Filler words left around the time phrase ("remind me … to call" → "call"). */
const FILLER_START = /^(?:remind\s+me|remind|me|напомни(?:ть)?(?:\s+мне)?|мне)(?=[\s,:-]|$)[\s,:-]*/i;
const FILLER_JOIN = /^(?:to|about|that|that i|о|об|про|что|чтобы)\s+/i;

function tidyRest(rest: string): string {
  let text = rest.replace(/\s+/g, ' ').trim();
  text = text.replace(FILLER_START, '').trim();
  text = text.replace(FILLER_JOIN, '').trim();
  return text.replace(/^[\s,:;-]+|[\s,;-]+$/g, '');
}

/**
 * Finds a time in `text` and returns it as an instant, with the words around it. A phrase with a
 * relative time ("in 2 hours", "через 2 часа") is taken as chrono gives it; any other is rebuilt as a
 * wall-clock time in the zone: the hour said, or the hour chrono takes from a word for the part of the
 * day ("tonight", "вечером"), else 09:00. Unreadable or past → ok: false.
 */
export function parseWhen(text: string, options: WhenOptions): WhenResult {
  const offset = DateTime.fromJSDate(options.now, { zone: options.zone }).offset;
  const reference = { instant: options.now, timezone: offset };
  let found: chrono.ParsedResult | undefined;
  for (const parser of parsers(text)) {
    [found] = parser.parse(text, reference, { forwardDate: true });
    if (found) break;
  }
  const own = findDayMonth(text);
  if (own) {
    // chrono reads only "в 9" of "25.12 в 9": the date wins when the phrases touch or it covers more.
    if (found && inDuration(own, found)) return fromChrono(text, found, options);
    if (found && joined(text, own, found)) return withDayMonth(text, own, found, options);
    if (!found || own.end - own.index > found.text.length) return withDayMonth(text, own, undefined, options);
  }
  if (!found) return { ok: false, reason: 'unparsed' };
  return fromChrono(text, found, options);
}

function fromChrono(text: string, found: chrono.ParsedResult, options: WhenOptions): WhenResult {
  const at = instantOf(found, options.zone);
  return answer(text, at, { index: found.index, end: found.index + found.text.length }, options);
}

/** "через 1.5 часа", "in 2.5 days": the day.month look-alike is the number of a duration chrono read. */
function inDuration(own: DayMonthMatch, found: chrono.ParsedResult): boolean {
  const inside = found.index <= own.index && own.end <= found.index + found.text.length;
  return inside && found.tags().has('result/relativeDate');
}

interface Span {
  index: number;
  end: number;
}

function answer(text: string, at: Date, span: Span, options: WhenOptions): WhenResult {
  if (at.getTime() <= options.now.getTime()) return { ok: false, reason: 'past', at };
  const rest = `${text.slice(0, span.index)} ${text.slice(span.end)}`;
  return { ok: true, at, rest: tidyRest(rest), phrase: text.slice(span.index, span.end).trim() };
}

/** Only spaces, a comma or "в"/"at"/"on" between two phrases: they are one ("25.12 вечером", "friday 25.12"). */
const JOINER = /^[\s,]*(?:(?:в|at|on)\s+)?$/iu;

/** chrono's phrase overlaps the day.month phrase or touches it. */
function joined(text: string, own: DayMonthMatch, found: chrono.ParsedResult): boolean {
  const foundEnd = found.index + found.text.length;
  if (found.index < own.end && own.index < foundEnd) return true;
  const gap = found.index >= own.end ? text.slice(own.end, found.index) : text.slice(foundEnd, own.index);
  return JOINER.test(gap);
}

/**
 * The day.month date wins over whatever date chrono read beside it; the time is the one written with
 * the date, unless chrono read a time-only phrase reaching past the day.month phrase ("25.12 at 9 p.m.",
 * "25.12 вечером") with a said hour, or with any hour when the date came without one.
 */
function withDayMonth(
  text: string,
  own: DayMonthMatch,
  found: chrono.ParsedResult | undefined,
  options: WhenOptions,
): WhenResult {
  if (own.invalidTime) return { ok: false, reason: 'unparsed' };
  let span: Span = own;
  let time = own.time;
  if (found) {
    const foundEnd = found.index + found.text.length;
    span = { index: Math.min(own.index, found.index), end: Math.max(own.end, foundEnd) };
    const reachesPast = found.index < own.index || foundEnd > own.end;
    const theirs = reachesPast && timeOnly(found) ? saidTime(found.start) : null;
    if (theirs && (!time || found.start.isCertain('hour'))) time = theirs;
  }
  const clock = time ?? { hour: DEFAULT_REMINDER_HOUR, minute: 0 };
  const at = nextDayMonth(own, clock, options);
  if (!at) return { ok: false, reason: 'unparsed' };
  return answer(text, at, span, options);
}

/** The first such day and time after now (29.02 waits for a leap year); like chrono's forwardDate. */
function nextDayMonth(own: DayMonthMatch, clock: ClockTime, options: WhenOptions): Date | null {
  const year = DateTime.fromJSDate(options.now, { zone: options.zone }).year;
  for (let y = year; y <= year + 8; y += 1) {
    const local = DateTime.fromObject(
      { year: y, month: own.month, day: own.day, ...clock },
      { zone: options.zone },
    );
    if (local.isValid && local.toMillis() > options.now.getTime()) return local.toJSDate();
  }
  return null;
}

/** chrono read a time and no date ("at 9 p.m.", "вечером"), and not a span from now ("через 2 часа"). */
function timeOnly(result: chrono.ParsedResult): boolean {
  if (result.tags().has('result/relativeDateAndTime')) return false;
  return (['weekday', 'day', 'month', 'year'] as const).every((part) => !result.start.isCertain(part));
}

/** Tags of chrono's words for a part of the day; such a word implies an hour ("evening" 20:00, "tonight" 22:00). */
const PART_OF_DAY_TAGS = [
  'casualReference/tonight',
  'casualReference/morning',
  'casualReference/afternoon',
  'casualReference/evening',
];

/**
 * The time the phrase says: a certain hour, or the hour implied by a part of the day. null when chrono
 * only filled in a default ("в пятницу" implies 12:00, "через 3 дня" the reference time).
 */
function saidTime(start: chrono.ParsedComponents): ClockTime | null {
  const tags = start.tags();
  if (!start.isCertain('hour') && !PART_OF_DAY_TAGS.some((tag) => tags.has(tag))) return null;
  return { hour: start.get('hour') ?? 0, minute: start.get('minute') ?? 0 };
}

function instantOf(result: chrono.ParsedResult, zone: string): Date {
  if (result.tags().has('result/relativeDateAndTime')) return result.start.date();
  const start = result.start;
  const clock = saidTime(start) ?? { hour: DEFAULT_REMINDER_HOUR, minute: 0 };
  const local = DateTime.fromObject(
    {
      year: start.get('year') ?? undefined,
      month: start.get('month') ?? undefined,
      day: start.get('day') ?? undefined,
      ...clock,
    },
    { zone },
  );
  return local.toJSDate();
}
