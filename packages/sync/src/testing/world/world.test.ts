import { parsePhone } from './phones';
import { createWorld, ERP_KINDS } from './world';
import type { ErpKind } from './world-types';

describe('createWorld', () => {
  it('gives the same records for the same seed, in any order of asking', () => {
    const a = createWorld({ seed: 11, size: 500 });
    const b = createWorld({ seed: 11, size: 500 });
    for (let i = 499; i >= 0; i -= 7) {
      expect(a.company(i)).toEqual(b.company(i));
      for (const erp of ERP_KINDS) {
        expect(a.knows(erp, i)).toBe(b.knows(erp, i));
        expect(a.written(erp, i)).toEqual(b.written(erp, i));
        expect(a.orders(erp, i)).toEqual(b.orders(erp, i));
      }
    }
    // Another world size does not move anyone: records depend on (seed, index) only.
    expect(createWorld({ seed: 11, size: 10 }).company(3)).toEqual(a.company(3));
  });

  it('gives different records for a different seed', () => {
    const a = createWorld({ seed: 1, size: 200 });
    const b = createWorld({ seed: 2, size: 200 });
    let same = 0;
    for (let i = 0; i < 200; i++)
      if (JSON.stringify(a.company(i)) === JSON.stringify(b.company(i))) same += 1;
    expect(same).toBe(0);
  });

  it('is mostly Russian with some German, Austrian and Dutch companies, 0–4 people each', () => {
    const world = createWorld({ size: 10_000 });
    const countries: Record<string, number> = {};
    const people = [0, 0, 0, 0, 0];
    for (let i = 0; i < world.size; i++) {
      const c = world.company(i);
      countries[c.country] = (countries[c.country] ?? 0) + 1;
      people[c.people.length]! += 1;
      expect(c.email).toBe(c.email.toLowerCase().trim());
      for (const p of c.people) expect(p.email).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+$/);
    }
    expect(countries.RU! / world.size).toBeGreaterThan(0.76);
    expect(countries.RU! / world.size).toBeLessThan(0.84);
    expect(countries.DE! + countries.AT! + countries.NL!).toBe(world.size - countries.RU!);
    expect(Math.min(...people)).toBeGreaterThan(0);
  });

  it('spreads companies over the ERPs: odoo ~60%, erpnext ~50%, onec ~50%, each known somewhere, ~35% to several', () => {
    const world = createWorld({ seed: 4, size: 20_000 });
    const known: Record<ErpKind, number> = { odoo: 0, erpnext: 0, onec: 0 };
    let several = 0;
    for (let i = 0; i < world.size; i++) {
      const by = world.knownBy(i);
      expect(by.length).toBeGreaterThan(0);
      if (by.length > 1) several += 1;
      for (const erp of by) known[erp] += 1;
    }
    expect(known.odoo / world.size).toBeCloseTo(0.6, 1);
    expect(known.erpnext / world.size).toBeCloseTo(0.5, 1);
    expect(known.onec / world.size).toBeCloseTo(0.5, 1);
    expect(several / world.size).toBeGreaterThan(0.3);
    expect(several / world.size).toBeLessThan(0.4);
  });

  it('writes a company down differently per ERP, with ~10% of INNs missing', () => {
    const world = createWorld({ seed: 9, size: 5000 });
    let ru = 0;
    let missing = 0;
    let spaced = 0;
    const names = new Set<string>();
    let sameNameEverywhere = 0;
    let multi = 0;
    for (let i = 0; i < world.size; i++) {
      const c = world.company(i);
      const by = world.knownBy(i);
      const written = by.map((erp) => world.written(erp, i));
      for (const w of written) {
        if (c.country === 'RU') {
          ru += 1;
          if (w.inn === null) missing += 1;
          else {
            if (w.inn.includes(' ')) spaced += 1;
            if (c.trap !== 'zero_inn' && c.trap !== 'bad_checksum_inn')
              expect(w.inn.replace(/\s/g, '')).toBe(c.inn);
          }
        }
        // Traps write a shared e-mail or phone instead (traps.test.ts).
        if (c.trap !== 'accountant_email') expect(w.email.trim().toLowerCase()).toBe(c.email);
        if (c.trap !== 'office_phone' && c.trap !== 'call_centre')
          expect(parsePhone(w.phone, c.country as 'RU')).toBe(c.phone);
        names.add(w.name);
      }
      if (by.length > 1) {
        multi += 1;
        if (new Set(written.map((w) => w.name)).size === 1) sameNameEverywhere += 1;
      }
    }
    expect(missing / ru).toBeGreaterThan(0.07);
    expect(missing / ru).toBeLessThan(0.13);
    expect(spaced).toBeGreaterThan(0);
    expect(sameNameEverywhere / multi).toBeLessThan(0.5);
  });

  it('writes the name variants clerks type', () => {
    const world = createWorld({ seed: 1, size: 3000 });
    const forms = new Set<string>();
    for (let i = 0; i < world.size; i++) {
      const c = world.company(i);
      for (const erp of world.knownBy(i)) {
        const name = world.written(erp, i).name;
        if (c.legalForm === 'ООО') {
          if (name === `ООО «${c.brand}»`) forms.add('legal');
          if (name === `${c.brand} ООО`) forms.add('form after');
          if (name === `ООО ${c.brand}`) forms.add('no quotes');
          if (name === c.brand.toLowerCase()) forms.add('lower');
        }
        if (c.country === 'DE' && /[äöü]/i.test(c.brand) && !/[äöü]/i.test(name) && /ae|oe|ue/i.test(name)) {
          forms.add('umlauts as ascii');
        }
      }
    }
    expect([...forms].sort()).toEqual(['form after', 'legal', 'lower', 'no quotes', 'umlauts as ascii']);
  });

  it('gives ~3 orders per known company and ERP, 1–5 lines, totals that add up, over three years', () => {
    const world = createWorld({ seed: 2, size: 4000 });
    const rates: Record<string, number> = { RU: 0.2, DE: 0.19, AT: 0.2, NL: 0.21 };
    // Plain checks collected into one list: thousands of expect() calls would make this test slow.
    const problems: string[] = [];
    const check = (ok: boolean, what: string): void => {
      if (!ok && problems.length < 20) problems.push(what);
    };
    let orders = 0;
    let known = 0;
    const stages: Record<string, number> = {};
    for (let i = 0; i < world.size; i++) {
      const c = world.company(i);
      for (const erp of ERP_KINDS) {
        const list = world.orders(erp, i);
        if (!world.knows(erp, i)) {
          check(list.length === 0, `${erp} has orders of unknown company ${i}`);
          continue;
        }
        known += 1;
        orders += list.length;
        check(list.length <= 6, `${erp}/${i}: ${list.length} orders`);
        list.forEach((o, k) => {
          const at = `${erp}/${i}/${k}`;
          check(k === 0 || o.orderedAt >= list[k - 1]!.orderedAt, `${at} out of date order`);
          check(o.orderedAt < world.nowMs && o.orderedAt > world.nowMs - 3 * 366 * 86_400_000, `${at} date`);
          check(o.lines.length >= 1 && o.lines.length <= 5, `${at} has ${o.lines.length} lines`);
          check(
            new Set(o.lines.map((l) => l.productCode)).size === o.lines.length,
            `${at} repeats a product`,
          );
          const net = o.lines.reduce((sum, l) => sum + l.amount, 0);
          check(Math.abs(o.net - net) < 0.005, `${at} net ${o.net} ≠ ${net}`);
          check(o.taxRate === rates[c.country], `${at} tax rate ${o.taxRate}`);
          check(Math.abs(o.tax - o.net * o.taxRate) < 0.01, `${at} tax`);
          check(Math.abs(o.total - o.net - o.tax) < 0.005, `${at} total`);
          check(o.currency === c.currency, `${at} currency`);
          stages[o.stage] = (stages[o.stage] ?? 0) + 1;
        });
      }
    }
    expect(problems).toEqual([]);
    expect(orders / known).toBeGreaterThan(2.7);
    expect(orders / known).toBeLessThan(3.3);
    expect(stages.delivered! / orders).toBeGreaterThan(0.7);
    expect(Object.keys(stages).sort()).toEqual(['cancelled', 'confirmed', 'delivered', 'draft']);
  });

  it('builds a company in a few microseconds', () => {
    const world = createWorld({ seed: 1, size: 1_000_000 });
    const started = performance.now();
    for (let i = 0; i < 50_000; i++) {
      world.company(i * 17);
      world.written('odoo', i * 17);
    }
    const perCompany = ((performance.now() - started) / 50_000) * 1000;
    console.log(`world: company + written in ${perCompany.toFixed(1)} µs`);
    expect(perCompany).toBeLessThan(500);
  });
});
