import { parsePhone } from './phones';
import { isValidInn } from './tax-ids';
import { createWorld } from './world';
import type { WorldTrap } from './world-types';

const world = createWorld({ seed: 9, size: 6000 });
const e164 = (written: string) => parsePhone(written, 'RU');

function trapped(trap: WorldTrap): number[] {
  return Array.from({ length: world.size }, (_, i) => i).filter((i) => world.company(i).trap === trap);
}

describe('over-merge traps in the generated world', () => {
  it('plants every trap on a fixed share of Russian companies with an INN, and only there', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < world.size; i++) {
      const c = world.company(i);
      if (c.trap === null) continue;
      expect(c.country).toBe('RU');
      expect(c.inn).not.toBeNull();
      counts.set(c.trap, (counts.get(c.trap) ?? 0) + 1);
    }
    const ru = Array.from({ length: world.size }, (_, i) => world.company(i)).filter((c) => c.inn).length;
    expect((counts.get('call_centre') ?? 0) / ru).toBeGreaterThan(0.02);
    expect((counts.get('office_phone') ?? 0) / ru).toBeGreaterThan(0.015);
    for (const trap of ['accountant_email', 'zero_inn', 'bad_checksum_inn'])
      expect(counts.get(trap)).toBeGreaterThan(10);
    // Pure in (seed, index): another world size does not move a trap.
    expect(createWorld({ seed: 9, size: 10 }).company(7).trap).toBe(world.company(7).trap);
  });

  it('gives every call-centre company one number, and a business centre to a few neighbours', () => {
    const centre = trapped('call_centre').flatMap((i) =>
      world.knownBy(i).map((erp) => e164(world.written(erp, i).phone)),
    );
    expect(new Set(centre)).toEqual(new Set(['+78002000600']));
    const byNumber = new Map<string, Set<number>>();
    for (const i of trapped('office_phone')) {
      for (const erp of world.knownBy(i)) {
        const number = e164(world.written(erp, i).phone)!;
        byNumber.set(number, (byNumber.get(number) ?? new Set()).add(i));
      }
    }
    const shared = [...byNumber.values()].filter((holders) => holders.size > 1);
    expect(shared.length).toBeGreaterThan(3);
    for (const holders of byNumber.values()) expect(holders.size).toBeLessThan(10);
  });

  it('writes a bad INN on the first ERP only, so the other copies still hold the real one', () => {
    for (const trap of ['zero_inn', 'bad_checksum_inn'] as const) {
      for (const i of trapped(trap)) {
        const [first, ...rest] = world.knownBy(i);
        const written = world.written(first!, i).inn?.replace(/\s/g, '');
        if (written !== undefined) {
          expect(written).not.toBe(world.company(i).inn);
          expect(trap === 'zero_inn' ? written === '0000000000' : !isValidInn(written)).toBe(true);
        }
        for (const erp of rest) {
          const other = world.written(erp, i).inn;
          if (other !== null) expect(other.replace(/\s/g, '')).toBe(world.company(i).inn);
        }
      }
    }
  });

  it("puts one accountant's address on a few companies of a block", () => {
    const emails = new Map<string, Set<number>>();
    for (const i of trapped('accountant_email')) {
      for (const erp of world.knownBy(i)) {
        const email = world.written(erp, i).email;
        expect(email).toMatch(/^e\.smirnova\.\d+@yandex\.ru$/);
        emails.set(email, (emails.get(email) ?? new Set()).add(i));
      }
    }
    expect([...emails.values()].some((companies) => companies.size > 1)).toBe(true);
  });
});
