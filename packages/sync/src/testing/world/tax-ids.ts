/**
 * Checksum-valid tax identifiers: Russian INN (10 and 12 digits), KPP, OGRN / OGRNIP, and EU VAT numbers
 * (DE, AT, NL). Makers take the digits that carry meaning and add the check digits.
 */

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function weightedCheck(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i]!;
  return (sum % 11) % 10;
}

function pad(n: number, width: number): string {
  return `${n}`.padStart(width, '0');
}

/** A legal entity's INN: 2-digit region + 2-digit tax office + 5-digit serial (we pass office+serial as 7 digits). */
export function makeInn10(region: string, serial7: number): string {
  const body = `${region}${pad(serial7, 7)}`;
  return `${body}${weightedCheck(body, INN10_WEIGHTS)}`;
}

/** An individual's (ИП) INN: region + 8 digits + two check digits. */
export function makeInn12(region: string, serial8: number): string {
  const body = `${region}${pad(serial8, 8)}`;
  const d11 = weightedCheck(body, INN12_WEIGHTS_11);
  const d12 = weightedCheck(`${body}${d11}`, INN12_WEIGHTS_12);
  return `${body}${d11}${d12}`;
}

/** KPP: the INN's tax office (4 digits), reason code 01, serial 001. */
export function makeKpp(inn: string): string {
  return `${inn.slice(0, 4)}01001`;
}

/** OGRN (13 digits): 1, year, region, 7-digit serial, check = (first 12 mod 11) mod 10. */
export function makeOgrn(year2: number, region: string, serial7: number): string {
  const body = `1${pad(year2, 2)}${region}${pad(serial7, 7)}`;
  return `${body}${(+body % 11) % 10}`;
}

/** OGRNIP (15 digits): 3, year, region, 9-digit serial, check = (first 14 mod 13) mod 10. */
export function makeOgrnip(year2: number, region: string, serial9: number): string {
  const body = `3${pad(year2, 2)}${region}${pad(serial9, 9)}`;
  return `${body}${(+body % 13) % 10}`;
}

/** German USt-IdNr.: DE + 8 digits (first non-zero) + ISO 7064 MOD 11,10 check digit. */
export function makeDeVat(serial8: number): string {
  const body = pad(serial8, 8);
  let product = 10;
  for (const ch of body) {
    let sum = (ch.charCodeAt(0) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product;
  return `DE${body}${check === 10 ? 0 : check}`;
}

/** Austrian UID: ATU + 7 digits + check (Luhn-like with weights 1,2,1,2…, then (10 − (S + 4) mod 10) mod 10). */
export function makeAtVat(serial7: number): string {
  const body = pad(serial7, 7);
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const d = body.charCodeAt(i) - 48;
    const x = i % 2 === 1 ? d * 2 : d;
    sum += ((x / 10) | 0) + (x % 10);
  }
  return `ATU${body}${(10 - ((sum + 4) % 10)) % 10}`;
}

/** Dutch BTW-id of a B.V.: NL + RSIN (9 digits, eleven-test) + B01. The first digit is chosen to pass the test. */
export function makeNlVat(serial7: number): string {
  const rest = pad(serial7, 7);
  for (let first = 1; first <= 9; first++) {
    const eight = `${first}${rest}`;
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += (eight.charCodeAt(i) - 48) * (9 - i);
    const check = sum % 11;
    if (check !== 10) return `NL${eight}${check}B01`;
  }
  throw new Error('unreachable: some first digit always passes the eleven-test');
}

/** Whether a string of digits is a checksum-valid INN (10 or 12 digits). */
export function isValidInn(inn: string): boolean {
  if (/^\d{10}$/.test(inn)) return weightedCheck(inn, INN10_WEIGHTS) === Number(inn[9]);
  if (/^\d{12}$/.test(inn)) {
    return (
      weightedCheck(inn, INN12_WEIGHTS_11) === Number(inn[10]) &&
      weightedCheck(inn, INN12_WEIGHTS_12) === Number(inn[11])
    );
  }
  return false;
}

/** Whether a string is a checksum-valid OGRN (13 digits) or OGRNIP (15 digits). */
export function isValidOgrn(ogrn: string): boolean {
  if (/^\d{13}$/.test(ogrn)) return (Number(ogrn.slice(0, 12)) % 11) % 10 === Number(ogrn[12]);
  if (/^\d{15}$/.test(ogrn)) return (Number(ogrn.slice(0, 14)) % 13) % 10 === Number(ogrn[14]);
  return false;
}
