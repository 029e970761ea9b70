import { accepted, isRepeatedDigit, type Normalised, refused } from './link-key';

/**
 * The body after the prefix, per VAT prefix (EU members, Northern Ireland XI, GB, CH). Shapes from the
 * EU VIES rules; DE and AT also carry a check digit we verify, because they are our commonest.
 */
const VAT_BODY: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CH: /^E\d{9}(MWST|TVA|IVA)?$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  GB: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^[1-9]\d{1,9}$/,
  SE: /^\d{10}01$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

/** The VAT prefix of an ISO country: the same code, except Greece (EL); null where no VAT shape is known. */
export function vatPrefixOf(country: string): string | null {
  const prefix = country === 'GR' ? 'EL' : country;
  return prefix in VAT_BODY ? prefix : null;
}

/** ISO 7064 MOD 11,10, the German USt-IdNr. check digit. */
function deCheckOk(body: string): boolean {
  let product = 10;
  for (let i = 0; i < 8; i++) {
    let sum = (body.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product;
  return (check === 10 ? 0 : check) === body.charCodeAt(8) - 48;
}

/** The Austrian UID check digit (after the U): Luhn-like with weights 1,2 and an offset of 4. */
function atCheckOk(body: string): boolean {
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const d = body.charCodeAt(i + 1) - 48;
    const x = i % 2 === 1 ? d * 2 : d;
    sum += Math.floor(x / 10) + (x % 10);
  }
  return (10 - ((sum + 4) % 10)) % 10 === body.charCodeAt(8) - 48;
}

/**
 * Normalises a VAT number into a linking key `<prefix><body>`: strips spaces, dots and dashes,
 * upper-cases, and adds the prefix from `country` when the clerk left it out (DE123456789 and
 * 123456789 of a German record are one key).
 */
export function normaliseVat(raw: string, country: string | null): Normalised {
  const text = raw.replace(/[\s.\-/]/g, '').toUpperCase();
  const letters = /^[A-Z]{2}/.test(text) ? text.slice(0, 2) : null;
  // Greek numbers are prefixed EL; clerks write GR too.
  const written = letters === 'GR' ? 'EL' : letters;
  const prefix = written !== null && written in VAT_BODY ? written : country ? vatPrefixOf(country) : null;
  if (prefix === null) return refused('unknown_country');
  const body = written === prefix ? text.slice(2) : text;
  if (!VAT_BODY[prefix]!.test(body)) return refused('malformed');
  if (isRepeatedDigit(body.replace(/\D/g, ''))) return refused('placeholder');
  if ((prefix === 'DE' && !deCheckOk(body)) || (prefix === 'AT' && !atCheckOk(body)))
    return refused('checksum');
  return accepted(`${prefix}${body}`);
}
