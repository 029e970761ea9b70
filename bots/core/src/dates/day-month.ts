/**
 * "25.12 в 9 вечера", "25.12 at 9:30", "31.12 23:30": a day.month date without a year, which chrono
 * does not read. A dotted date is always day.month, in English too: month/day dates are written with
 * slashes in the US, and those stay chrono's to read.
 */

/** A clock time on the 24-hour dial. */
export interface ClockTime {
  hour: number;
  minute: number;
}

export interface DayMonthMatch {
  /** Where the phrase starts and ends in the text (end exclusive). */
  index: number;
  end: number;
  day: number;
  month: number;
  /** The time written with the date; undefined when only the date is written. */
  time?: ClockTime;
  /** The words after the date name a time that cannot be ("25.12 в 25:00", "25.12 в 9 дня", "13pm"). */
  invalidTime: boolean;
}

/** Words that say which half of the day an hour is in, English and Russian. */
type DayPart = 'am' | 'pm' | 'утра' | 'дня' | 'вечера' | 'ночи';

const DAY_MONTH =
  /(?<![\d.])(\d{1,2})\.(\d{1,2})(?![.\d])(?:\s*(?:в|at|,)?\s*(\d{1,2})(?::(\d{2}))?(?:\s*(a\.?m\.?|p\.?m\.?|утра|дня|вечера|ночи)(?![\p{L}\d]))?(?![\p{L}\d:]|\.\d))?/iu;

/** A leap year, so that 29.02 counts as a date; the year itself is chosen later. */
const LEAP_YEAR = 2028;

export function findDayMonth(text: string): DayMonthMatch | null {
  const match = DAY_MONTH.exec(text);
  if (!match) return null;
  const [whole, d, m, h, min, part] = match;
  const day = Number(d);
  const month = Number(m);
  // "3.14", "31.02": a number, not a date; leave the text to chrono.
  const probe = new Date(Date.UTC(LEAP_YEAR, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  const span = { index: match.index, end: match.index + whole.trimEnd().length, day, month };
  if (h === undefined) return { ...span, invalidTime: false };
  const hour = hourOnDial(Number(h), part ? dayPart(part) : undefined);
  const minute = min === undefined ? 0 : Number(min);
  if (hour === null || minute > 59) return { ...span, invalidTime: true };
  return { ...span, time: { hour, minute }, invalidTime: false };
}

function dayPart(word: string): DayPart {
  const lower = word.toLowerCase().replace(/\./g, '');
  return lower as DayPart;
}

/**
 * The 24-hour hour of "9 вечера" (21), "3 дня" (15), "2 ночи" (02), "12 ночи" (00), "11 ночи" (23),
 * "9pm" (21); null when the words contradict the hour ("9 дня", "13pm").
 */
function hourOnDial(hour: number, part: DayPart | undefined): number | null {
  switch (part) {
    case undefined:
      return hour <= 23 ? hour : null;
    case 'am':
      return hour >= 1 && hour <= 12 ? hour % 12 : null;
    case 'pm':
      return hour >= 1 && hour <= 12 ? (hour % 12) + 12 : null;
    case 'утра':
      return hour >= 1 && hour <= 11 ? hour : null;
    case 'дня':
      if (hour === 12) return 12;
      return hour >= 1 && hour <= 5 ? hour + 12 : null;
    case 'вечера':
      return hour >= 4 && hour <= 11 ? hour + 12 : null;
    case 'ночи':
      if (hour === 12) return 0;
      if (hour >= 1 && hour <= 4) return hour;
      return hour >= 9 && hour <= 11 ? hour + 12 : null;
  }
}
