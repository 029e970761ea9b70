import { addBusinessTime, businessCalendar, businessTimeBetween } from './business-calendar';

const HOUR = 3_600_000;
const iso = (text: string) => new Date(text);

// Berlin is UTC+1 until 29 March 2026, UTC+2 after. 6 March 2026 is a Friday.
const berlin = businessCalendar({
  timezone: 'Europe/Berlin',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '18:00',
  holidays: ['2026-03-09', '2026-04-03'],
});

describe('around the clock', () => {
  const always = businessCalendar();

  it('adds plain time and counts plain time', () => {
    expect(addBusinessTime(always, iso('2026-03-07T23:00:00Z'), 2 * HOUR)).toEqual(
      iso('2026-03-08T01:00:00Z'),
    );
    expect(businessTimeBetween(always, iso('2026-03-07T23:00:00Z'), iso('2026-03-08T01:00:00Z'))).toBe(
      2 * HOUR,
    );
    expect(businessTimeBetween(always, iso('2026-03-08T01:00:00Z'), iso('2026-03-07T23:00:00Z'))).toBe(0);
  });
});

describe('business hours', () => {
  it('runs only inside the working day', () => {
    // Thursday 10:00 Berlin + 3h = 13:00 the same day.
    expect(addBusinessTime(berlin, iso('2026-03-05T09:00:00Z'), 3 * HOUR)).toEqual(
      iso('2026-03-05T12:00:00Z'),
    );
    // Thursday 17:00 + 2h: one hour Thursday, one hour Friday from 09:00.
    expect(addBusinessTime(berlin, iso('2026-03-05T16:00:00Z'), 2 * HOUR)).toEqual(
      iso('2026-03-06T09:00:00Z'),
    );
  });

  it('a deadline that uses up the day ends at closing time, not the next morning', () => {
    expect(addBusinessTime(berlin, iso('2026-03-06T08:00:00Z'), 9 * HOUR)).toEqual(
      iso('2026-03-06T17:00:00Z'),
    );
  });

  it('skips the weekend and a holiday Monday', () => {
    // Friday 17:00 Berlin + 2h: Friday's last hour, then (Sat, Sun, holiday Mon 9 March) Tuesday 09:00–10:00.
    expect(addBusinessTime(berlin, iso('2026-03-06T16:00:00Z'), 2 * HOUR)).toEqual(
      iso('2026-03-10T09:00:00Z'),
    );
    expect(businessTimeBetween(berlin, iso('2026-03-06T16:00:00Z'), iso('2026-03-10T09:00:00Z'))).toBe(
      2 * HOUR,
    );
  });

  it('starts a clock created on a Saturday on Monday morning', () => {
    // Saturday 14 March → Monday 16 March 09:00 Berlin (08:00Z) + 1h.
    expect(addBusinessTime(berlin, iso('2026-03-14T12:00:00Z'), HOUR)).toEqual(iso('2026-03-16T09:00:00Z'));
    expect(businessTimeBetween(berlin, iso('2026-03-14T12:00:00Z'), iso('2026-03-15T20:00:00Z'))).toBe(0);
  });

  it('follows the wall clock across the change to summer time', () => {
    // Friday 27 March 17:00 CET (16:00Z) + 2h → Monday 30 March 10:00 CEST (08:00Z).
    expect(addBusinessTime(berlin, iso('2026-03-27T16:00:00Z'), 2 * HOUR)).toEqual(
      iso('2026-03-30T08:00:00Z'),
    );
    // A whole summer-time working day is still nine hours.
    expect(businessTimeBetween(berlin, iso('2026-03-30T00:00:00Z'), iso('2026-03-31T00:00:00Z'))).toBe(
      9 * HOUR,
    );
  });

  it('counts a long span over weeks, weekends and holidays', () => {
    // Mon 2 March 00:00 → Mon 6 April 00:00 Berlin: 25 weekdays minus the holidays of 9 March and 3 April.
    expect(businessTimeBetween(berlin, iso('2026-03-01T23:00:00Z'), iso('2026-04-05T22:00:00Z'))).toBe(
      23 * 9 * HOUR,
    );
  });

  it('adding and counting agree', () => {
    const starts = [
      '2026-03-06T16:30:00Z',
      '2026-03-08T10:00:00Z',
      '2026-03-27T07:59:00Z',
      '2026-04-02T17:00:00Z',
    ];
    for (const start of starts) {
      for (const ms of [1, 59 * 60_000, 9 * HOUR, 25 * HOUR + 7, 80 * HOUR]) {
        const due = addBusinessTime(berlin, iso(start), ms);
        expect(businessTimeBetween(berlin, iso(start), due)).toBe(ms);
      }
    }
  });

  it('handles a day ending at 24:00, weekend working days and another zone', () => {
    const shop = businessCalendar({
      timezone: 'America/New_York',
      days: ['sat', 'sun'],
      start: '20:00',
      end: '24:00',
      holidays: ['2026-03-08'],
    });
    // Saturday 7 March 23:00 EST (04:00Z Sunday) + 2h: one hour Saturday, Sunday 8 March is a holiday,
    // then Saturday 14 March 20:00 EDT (00:00Z Sunday) + 1h.
    expect(addBusinessTime(shop, iso('2026-03-08T04:00:00Z'), 2 * HOUR)).toEqual(iso('2026-03-15T01:00:00Z'));
  });

  it('zero or negative time is no time', () => {
    expect(addBusinessTime(berlin, iso('2026-03-07T12:00:00Z'), 0)).toEqual(iso('2026-03-07T12:00:00Z'));
  });
});
