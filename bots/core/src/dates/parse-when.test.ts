import { DateTime } from 'luxon';
import { parseWhen } from './parse-when';

/** Monday 24 August 2026, 09:00 in Moscow (06:00 UTC): the fixed "now" of every case. */
const NOW = new Date('2026-08-24T06:00:00.000Z');

function at(text: string, zone: string, now = NOW) {
  const result = parseWhen(text, { zone, now });
  if (!result.ok) throw new Error(`"${text}" did not parse: ${result.reason}`);
  return result;
}

const local = (date: Date, zone: string) => DateTime.fromJSDate(date, { zone }).toFormat('yyyy-MM-dd HH:mm');

describe('parseWhen', () => {
  it('reads "завтра в 10" for an employee in Asia/Yekaterinburg (UTC+5) as 05:00 UTC the next day', () => {
    expect(at('завтра в 10', 'Asia/Yekaterinburg').at.toISOString()).toBe('2026-08-25T05:00:00.000Z');
  });

  it('reads the same words in Moscow as a different instant', () => {
    expect(at('завтра в 10', 'Europe/Moscow').at.toISOString()).toBe('2026-08-25T07:00:00.000Z');
  });

  it.each([
    ['tomorrow 10am', '2026-08-25 10:00'],
    ['in 3 days', '2026-08-27 09:00'],
    ['next Friday 9:30', '2026-09-04 09:30'],
    ['в пятницу в 15:00', '2026-08-28 15:00'],
    ['в пятницу', '2026-08-28 09:00'],
    ['25.12 в 9', '2026-12-25 09:00'],
    ['25.12 at 9:30', '2026-12-25 09:30'],
    ['25.12', '2026-12-25 09:00'],
    ['25.12.2026 в 9', '2026-12-25 09:00'],
  ])('reads "%s" as %s wall-clock time in Europe/Berlin', (text, expected) => {
    expect(local(at(text, 'Europe/Berlin').at, 'Europe/Berlin')).toBe(expected);
  });

  it('takes relative times from now, whatever the zone', () => {
    expect(at('через 2 часа', 'Asia/Yekaterinburg').at.toISOString()).toBe('2026-08-24T08:00:00.000Z');
    expect(at('in 2 hours', 'America/New_York').at.toISOString()).toBe('2026-08-24T08:00:00.000Z');
  });

  it('keeps the wall-clock time across a DST change (Berlin, Friday 27 March 2026 → Monday 10:00 CEST)', () => {
    const friday = new Date('2026-03-27T12:00:00.000Z');
    const result = at('Monday 10:00', 'Europe/Berlin', friday);
    expect(result.at.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('moves a time that does not exist (spring-forward gap) forward', () => {
    const saturday = new Date('2026-03-28T12:00:00.000Z');
    expect(at('29.03 в 2:30', 'Europe/Berlin', saturday).at.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('splits the reminder text from the time phrase', () => {
    expect(at('remind me Friday at 10 to call them back', 'Europe/Berlin').rest).toBe('call them back');
    expect(at('напомни завтра в 10 позвонить Иванову', 'Europe/Moscow').rest).toBe('позвонить Иванову');
    expect(at('25.12 в 9 поздравить с Рождеством', 'Europe/Moscow').rest).toBe('поздравить с Рождеством');
  });

  it('refuses text without a time, and a time in the past, never guessing', () => {
    expect(parseWhen('call them back', { zone: 'Europe/Berlin', now: NOW })).toEqual({
      ok: false,
      reason: 'unparsed',
    });
    expect(parseWhen('yesterday 10am', { zone: 'Europe/Berlin', now: NOW })).toMatchObject({
      ok: false,
      reason: 'past',
    });
    expect(parseWhen('сегодня в 8', { zone: 'Europe/Moscow', now: NOW })).toMatchObject({
      ok: false,
      reason: 'past',
    });
  });
});
