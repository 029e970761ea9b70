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

  describe('times of day said in words (reference Monday 24 Aug 2026 09:00 Moscow)', () => {
    it.each([
      ['tomorrow evening', '2026-08-25 20:00'],
      ['завтра вечером', '2026-08-25 20:00'],
      ['сегодня вечером', '2026-08-24 20:00'],
      ['tonight', '2026-08-24 22:00'],
      ['tomorrow afternoon', '2026-08-25 15:00'],
      ['в пятницу вечером', '2026-08-28 20:00'],
    ])('keeps the hour chrono gives "%s" (%s), not the default reminder hour', (text, expected) => {
      expect(local(at(text, 'Europe/Moscow').at, 'Europe/Moscow')).toBe(expected);
    });

    it('reads "tonight call Bob" as today 22:00 with "call Bob" to remind about, not as a time in the past', () => {
      const result = parseWhen('tonight call Bob', { zone: 'Europe/Moscow', now: NOW });
      expect(result).toMatchObject({ ok: true, rest: 'call Bob', phrase: 'tonight' });
      expect(result.ok && result.at.toISOString()).toBe('2026-08-24T19:00:00.000Z');
    });

    it.each([
      ['через 3 дня', '2026-08-27 09:00'],
      ['в пятницу', '2026-08-28 09:00'],
      ['on friday', '2026-08-28 09:00'],
      ['завтра', '2026-08-25 09:00'],
      ['tomorrow', '2026-08-25 09:00'],
    ])('still gives a date-only phrase "%s" the default reminder hour (%s)', (text, expected) => {
      expect(local(at(text, 'Europe/Moscow').at, 'Europe/Moscow')).toBe(expected);
    });
  });

  describe('day.month dates (reference Monday 24 Aug 2026 09:00 Moscow)', () => {
    it.each([
      ['25.12 в 9 вечера', '2026-12-25 21:00'],
      ['25.12 в 9 утра', '2026-12-25 09:00'],
      ['25.12 в 3 дня', '2026-12-25 15:00'],
      ['25.12 в 12 дня', '2026-12-25 12:00'],
      ['25.12 в 2 ночи', '2026-12-25 02:00'],
      ['25.12 в 12 ночи', '2026-12-25 00:00'],
      ['25.12 в 11 ночи', '2026-12-25 23:00'],
      ['25.12 в 10:30 вечера', '2026-12-25 22:30'],
      ['25.12 в 9', '2026-12-25 09:00'],
      ['31.12 23:30', '2026-12-31 23:30'],
      ['25.12 at 9pm', '2026-12-25 21:00'],
    ])('reads "%s" as %s, the whole phrase one time', (text, expected) => {
      const result = at(text, 'Europe/Moscow');
      expect(local(result.at, 'Europe/Moscow')).toBe(expected);
      expect(result.phrase).toBe(text);
      expect(result.rest).toBe('');
    });

    it('keeps the date and the reminder text of "25.12 в 9 вечера поздравить с Рождеством"', () => {
      const result = at('25.12 в 9 вечера поздравить с Рождеством', 'Europe/Moscow');
      expect(local(result.at, 'Europe/Moscow')).toBe('2026-12-25 21:00');
      expect(result.rest).toBe('поздравить с Рождеством');
    });

    it.each([
      ['25.12 вечером', '2026-12-25 20:00', ''],
      ['вечером 25.12 позвонить', '2026-12-25 20:00', 'позвонить'],
      ['25.12 evening call Bob', '2026-12-25 20:00', 'call Bob'],
      ['25.12 at 9 p.m. call Bob', '2026-12-25 21:00', 'call Bob'],
      ['remind me 25.12 at 9 p.m. to call Bob', '2026-12-25 21:00', 'call Bob'],
    ])(
      'takes the date of day.month and the time chrono read around it: "%s" → %s',
      (text, expected, rest) => {
        const result = at(text, 'Europe/Moscow');
        expect(local(result.at, 'Europe/Moscow')).toBe(expected);
        expect(result.rest).toBe(rest);
      },
    );

    it('keeps the day.month date when chrono reads a weekday beside it ("friday 25.12 at 10")', () => {
      const result = at('friday 25.12 at 10 call Bob', 'Europe/Moscow');
      expect(local(result.at, 'Europe/Moscow')).toBe('2026-12-25 10:00');
      expect(result.rest).toBe('call Bob');
    });

    it('leaves a decimal inside a duration to chrono ("через 1.5 часа" is 90 minutes, not 1 May)', () => {
      expect(at('через 1.5 часа', 'Europe/Moscow').at.toISOString()).toBe('2026-08-24T07:30:00.000Z');
      expect(at('in 2.5 days call Bob', 'Europe/Moscow')).toMatchObject({
        at: new Date('2026-08-26T18:00:00.000Z'),
        rest: 'call Bob',
      });
    });

    it('reads a dotted date as day.month in English too: "05.12 at 3pm" is 5 December, never 12 May', () => {
      // Decision: dots are the day.month convention (Russia, Europe); US month/day dates are written with
      // slashes, which stay chrono's to read. An English sentence does not switch the order.
      const result = at('05.12 at 3pm send the invoice', 'America/New_York');
      expect(local(result.at, 'America/New_York')).toBe('2026-12-05 15:00');
      expect(result.rest).toBe('send the invoice');
    });

    it('refuses a day.month with a time that cannot be, rather than reading a time without the date', () => {
      for (const text of [
        '25.12 в 25:00',
        '25.12 в 9:75',
        '25.12 в 9 дня',
        '25.12 в 5 ночи',
        '25.12 at 13pm',
      ]) {
        expect(parseWhen(text, { zone: 'Europe/Moscow', now: NOW })).toEqual({
          ok: false,
          reason: 'unparsed',
        });
      }
    });
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
