import {
  isValidInn,
  isValidOgrn,
  makeAtVat,
  makeDeVat,
  makeInn10,
  makeInn12,
  makeNlVat,
  makeOgrn,
  makeOgrnip,
} from './tax-ids';
import { createWorld } from './world';

// Independent re-implementations of the published algorithms, so the makers are not checked against themselves.
function innOk(inn: string): boolean {
  const d = [...inn].map(Number);
  const check = (weights: number[]) => (weights.reduce((sum, w, i) => sum + w * d[i]!, 0) % 11) % 10;
  if (d.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  if (d.length === 12) {
    return (
      check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11]
    );
  }
  return false;
}

function ogrnOk(ogrn: string): boolean {
  const big = BigInt(ogrn.slice(0, -1));
  const mod = ogrn.length === 13 ? 11n : 13n;
  return (
    /^\d+$/.test(ogrn) &&
    (ogrn.length === 13 || ogrn.length === 15) &&
    Number((big % mod) % 10n) === Number(ogrn.at(-1))
  );
}

function deVatOk(vat: string): boolean {
  if (!/^DE[1-9]\d{8}$/.test(vat)) return false;
  let p = 10;
  for (const ch of vat.slice(2, 10)) {
    const s = (Number(ch) + p) % 10 || 10;
    p = (2 * s) % 11;
  }
  return (11 - p) % 10 === Number(vat[10]);
}

function atVatOk(vat: string): boolean {
  if (!/^ATU\d{8}$/.test(vat)) return false;
  const d = [...vat.slice(3)].map(Number);
  let s = 0;
  for (let i = 0; i < 7; i++) {
    const x = d[i]! * (i % 2 ? 2 : 1);
    s += x > 9 ? x - 9 : x;
  }
  return (96 - s) % 10 === d[7];
}

function nlVatOk(vat: string): boolean {
  if (!/^NL\d{9}B\d\d$/.test(vat)) return false;
  const d = [...vat.slice(2, 11)].map(Number);
  const s = d.slice(0, 8).reduce((sum, x, i) => sum + x * (9 - i), 0) - d[8]!;
  return s % 11 === 0;
}

describe('tax ids', () => {
  it('makes INNs, OGRNs and VAT numbers whose check digits verify', () => {
    for (let i = 0; i < 2000; i++) {
      expect(innOk(makeInn10('77', i * 4999))).toBe(true);
      expect(innOk(makeInn12('50', i * 49999))).toBe(true);
      expect(ogrnOk(makeOgrn(i % 24, '78', i * 3001))).toBe(true);
      expect(ogrnOk(makeOgrnip(i % 24, '66', i * 300_001))).toBe(true);
      expect(deVatOk(makeDeVat(10_000_000 + i * 40_001))).toBe(true);
      expect(atVatOk(makeAtVat(i * 4_001))).toBe(true);
      expect(nlVatOk(makeNlVat(i * 4_001))).toBe(true);
    }
  });

  it('validates known real-world numbers and rejects a changed digit', () => {
    expect(innOk('7707083893')).toBe(true); // Sberbank
    expect(isValidInn('7707083893')).toBe(true);
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidOgrn('1027700132195')).toBe(true); // Sberbank
    expect(isValidOgrn('1027700132196')).toBe(false);
    expect(deVatOk('DE136695976')).toBe(true);
  });

  it('gives every generated company checksum-valid, unique tax ids', () => {
    const world = createWorld({ seed: 7, size: 20_000 });
    const inns = new Set<string>();
    const vats = new Set<string>();
    let ru = 0;
    // Plain checks collected into one list: 100k expect() calls would make this test slow.
    const problems: string[] = [];
    for (let i = 0; i < world.size; i++) {
      const c = world.company(i);
      const ip = c.legalForm === 'ИП';
      if (c.country === 'RU') {
        ru += 1;
        const ok =
          c.inn !== null &&
          innOk(c.inn) &&
          c.inn.length === (ip ? 12 : 10) &&
          c.ogrn !== null &&
          ogrnOk(c.ogrn) &&
          c.ogrn.length === (ip ? 15 : 13) &&
          c.kpp === (ip ? null : `${c.inn.slice(0, 4)}01001`) &&
          c.vat === null;
        if (!ok) problems.push(JSON.stringify(c));
        inns.add(c.inn!);
      } else {
        const vat = c.vat ?? '';
        const ok =
          (c.country === 'DE' ? deVatOk(vat) : c.country === 'AT' ? atVatOk(vat) : nlVatOk(vat)) &&
          c.inn === null;
        if (!ok) problems.push(JSON.stringify(c));
        vats.add(vat);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(inns.size).toBe(ru);
    expect(vats.size).toBe(world.size - ru);
  });
});
