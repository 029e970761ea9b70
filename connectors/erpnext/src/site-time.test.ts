import { normalizeSiteTime, siteTimeToUtc, utcToSiteTime } from './site-time';

describe('site time', () => {
  it('reads a Moscow naive datetime with microseconds as UTC, keeping the microseconds', () => {
    expect(siteTimeToUtc('2024-05-01 10:04:12.593120', 'Europe/Moscow')).toBe('2024-05-01T07:04:12.593120Z');
  });

  it('reads the form without a fraction (Python drops .000000) the same as the six-digit form', () => {
    expect(siteTimeToUtc('2024-05-01 10:00:00', 'Europe/Moscow')).toBe('2024-05-01T07:00:00.000000Z');
    expect(siteTimeToUtc('2024-05-01 10:00:00.000000', 'Europe/Moscow')).toBe('2024-05-01T07:00:00.000000Z');
    expect(normalizeSiteTime('2024-05-01 10:00:00')).toBe('2024-05-01 10:00:00.000000');
    expect(normalizeSiteTime('2024-05-01 10:00:00.5')).toBe('2024-05-01 10:00:00.500000');
  });

  it('follows daylight saving time in Berlin (summer +2, winter +1)', () => {
    expect(siteTimeToUtc('2024-07-01 12:00:00', 'Europe/Berlin')).toBe('2024-07-01T10:00:00.000000Z');
    expect(siteTimeToUtc('2024-01-15 12:00:00', 'Europe/Berlin')).toBe('2024-01-15T11:00:00.000000Z');
  });

  it('reads a Date field as midnight in the site zone', () => {
    expect(siteTimeToUtc('2024-05-02', 'Europe/Moscow')).toBe('2024-05-01T21:00:00.000000Z');
  });

  it('refuses garbage and impossible dates instead of guessing', () => {
    for (const garbage of ['0000-00-00 00:00:00', '2024-13-45 10:00:00', 'yesterday', '', null, 42]) {
      expect(siteTimeToUtc(garbage, 'Europe/Moscow')).toBeNull();
      expect(normalizeSiteTime(garbage)).toBeNull();
    }
  });

  it('turns an ISO lower bound into the site-local string Frappe filters compare with', () => {
    expect(utcToSiteTime('2024-05-01T07:04:12.593120Z', 'Europe/Moscow')).toBe('2024-05-01 10:04:12.593120');
    expect(utcToSiteTime('2024-05-01T07:04:12.593Z', 'Europe/Moscow')).toBe('2024-05-01 10:04:12.593000');
    expect(utcToSiteTime('2024-12-31T23:30:00Z', 'Europe/Berlin')).toBe('2025-01-01 00:30:00.000000');
  });

  it('round-trips site time → UTC → site time', () => {
    for (const text of [
      '2023-03-26 03:30:00.000001',
      '2024-10-27 01:59:59.999999',
      '2026-06-01 00:00:00.000000',
    ]) {
      expect(utcToSiteTime(siteTimeToUtc(text, 'Europe/Berlin')!, 'Europe/Berlin')).toBe(text);
    }
  });
});
