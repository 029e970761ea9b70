import { PHONE_WRITINGS, type PhoneCountry, parsePhone, writePhone } from './phones';
import { createWorld } from './world';

describe('phones', () => {
  it('writes a Russian number the four ways people do', () => {
    const parts = { countryCode: '7', area: '495', subscriber: '1234567' };
    expect(PHONE_WRITINGS.map((w) => writePhone(parts, w))).toEqual([
      '+7 495 123-45-67',
      '8 (495) 123-45-67',
      '84951234567',
      '+74951234567',
    ]);
  });

  it('writes a German number the four ways people do', () => {
    const parts = { countryCode: '49', area: '30', subscriber: '1234567' };
    expect(PHONE_WRITINGS.map((w) => writePhone(parts, w))).toEqual([
      '+49 30 1234567',
      '030 1234567',
      '0049301234567',
      '+49301234567',
    ]);
  });

  it('parses every writing of every generated phone back to the same E.164 digits', () => {
    const world = createWorld({ seed: 3, size: 3000 });
    let checked = 0;
    for (let i = 0; i < world.size; i++) {
      const c = world.company(i);
      const country = c.country as PhoneCountry;
      for (const erp of world.knownBy(i)) {
        // A phone trap writes a shared number instead (traps.test.ts).
        if (c.trap !== 'office_phone' && c.trap !== 'call_centre')
          expect(parsePhone(world.written(erp, i).phone, country)).toBe(c.phone);
        for (const person of c.people) {
          expect(parsePhone(world.writtenPerson(erp, i, person.index).phone, country)).toBe(person.phone);
        }
        checked += 1;
      }
      expect(c.phone).toMatch(/^\+(7|49|43|31)\d{8,11}$/);
    }
    expect(checked).toBeGreaterThan(world.size);
  });

  it('gives distinct companies and people distinct numbers', () => {
    const world = createWorld({ seed: 5, size: 20_000 });
    const seen = new Set<string>();
    let total = 0;
    for (let i = 0; i < world.size; i++) {
      const c = world.company(i);
      seen.add(c.phone);
      total += 1;
      for (const p of c.people) {
        seen.add(p.phone);
        total += 1;
      }
    }
    expect(seen.size).toBe(total);
  });
});
