/**
 * Natural-language times in English and Russian, read in the employee's own zone (bots.md §5): chrono
 * finds the phrase, luxon builds the instant in the IANA zone, because chrono ignores IANA names and a
 * fixed offset is wrong across a DST change.
 */
import * as chrono from 'chrono-node';
import * as chronoRu from 'chrono-node/ru';
import { DateTime } from 'luxon';

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

/** "25.12 в 9", "25.12 at 9:30": day.month without a year, which chrono does not read. */
const DAY_MONTH =
  /(?<![\d.])(\d{1,2})\.(\d{1,2})(?![.\d])(?:\s*(?:в|at|,)?\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?(?![\d:.]))?/i;

function dayMonth(text: string, options: WhenOptions): WhenResult | null {
  const match = DAY_MONTH.exec(text);
  if (!match) return null;
  const [whole, d, m, h, min, half] = match;
  const day = Number(d);
  const month = Number(m);
  let hour = h === undefined ? DEFAULT_REMINDER_HOUR : Number(h);
  if (half?.toLowerCase() === 'pm' && hour < 12) hour += 12;
  if (half?.toLowerCase() === 'am' && hour === 12) hour = 0;
  const minute = min === undefined ? 0 : Number(min);
  if (hour > 23 || minute > 59) return null;
  const nowLocal = DateTime.fromJSDate(options.now, { zone: options.zone });
  let local = DateTime.fromObject({ year: nowLocal.year, month, day, hour, minute }, { zone: options.zone });
  if (!local.isValid) return null;
  // Like chrono's forwardDate: a day already gone this year means next year.
  if (local.toMillis() <= options.now.getTime()) local = local.plus({ years: 1 });
  const rest = `${text.slice(0, match.index)} ${text.slice(match.index + whole.length)}`;
  return { ok: true, at: local.toJSDate(), rest: tidyRest(rest), phrase: whole.trim() };
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
 * wall-clock time in the zone (09:00 when the hour is not said). Unreadable or past → ok: false.
 */
export function parseWhen(text: string, options: WhenOptions): WhenResult {
  const offset = DateTime.fromJSDate(options.now, { zone: options.zone }).offset;
  const reference = { instant: options.now, timezone: offset };
  let found: chrono.ParsedResult | undefined;
  for (const parser of parsers(text)) {
    [found] = parser.parse(text, reference, { forwardDate: true });
    if (found) break;
  }
  const own = dayMonth(text, options);
  // chrono reads only "в 9" of "25.12 в 9": the day.month rule wins when it covers more.
  if (own?.ok && (!found || own.phrase.length > found.text.length)) {
    return own.at.getTime() > options.now.getTime() ? own : { ok: false, reason: 'past', at: own.at };
  }
  if (!found) return { ok: false, reason: 'unparsed' };
  const at = instantOf(found, options.zone);
  if (at.getTime() <= options.now.getTime()) return { ok: false, reason: 'past', at };
  const rest = `${text.slice(0, found.index)} ${text.slice(found.index + found.text.length)}`;
  return { ok: true, at, rest: tidyRest(rest), phrase: found.text };
}

function instantOf(result: chrono.ParsedResult, zone: string): Date {
  if (result.tags().has('result/relativeDateAndTime')) return result.start.date();
  const start = result.start;
  const hourKnown = start.isCertain('hour');
  const local = DateTime.fromObject(
    {
      year: start.get('year') ?? undefined,
      month: start.get('month') ?? undefined,
      day: start.get('day') ?? undefined,
      hour: hourKnown ? (start.get('hour') ?? 0) : DEFAULT_REMINDER_HOUR,
      minute: hourKnown ? (start.get('minute') ?? 0) : 0,
    },
    { zone },
  );
  return local.toJSDate();
}
