import { isoToOdoo, msToOdoo, nextSecond, odooToIso, secondOf } from './odoo-time';

describe('Odoo datetimes', () => {
  it('writes epoch ms as UTC naive whole seconds', () => {
    for (const ms of [
      0,
      86_399_999,
      1_714_557_607_999,
      Date.UTC(2000, 1, 29, 12, 0, 5),
      Date.UTC(2026, 5, 1, 23, 59, 59, 999),
    ]) {
      expect(msToOdoo(ms)).toBe(
        new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' '),
      );
    }
  });

  it('reads "YYYY-MM-DD HH:MM:SS" as ISO UTC and refuses anything else', () => {
    expect(odooToIso('2024-05-01 10:00:07')).toBe('2024-05-01T10:00:07Z');
    expect(odooToIso(false)).toBeNull();
    expect(odooToIso('2024-05-01T10:00:07')).toBeNull();
    expect(odooToIso('2024-13-45 10:00:07')).toBeNull();
    expect(secondOf('garbage')).toBeNull();
  });

  it('floors an ISO lower bound to its second and steps seconds across midnight', () => {
    expect(isoToOdoo('2024-05-01T10:00:07.999Z')).toBe('2024-05-01 10:00:07');
    expect(isoToOdoo('2024-05-01T12:00:07+02:00')).toBe('2024-05-01 10:00:07');
    expect(nextSecond('2024-12-31 23:59:59')).toBe('2025-01-01 00:00:00');
  });
});
