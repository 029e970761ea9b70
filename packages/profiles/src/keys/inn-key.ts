import { accepted, isRepeatedDigit, type Normalised, refused } from './link-key';

const SEQUENCES: ReadonlySet<string> = new Set(['1234567890', '0123456789', '9876543210', '123456789012']);

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/** Digits as clerks write them: spaces, dots, dashes and a leading "ИНН" dropped. */
export function taxDigits(raw: string): string {
  return raw.replace(/^\s*(ИНН|КПП|ОГРНИП|ОГРН|INN|KPP|OGRNIP|OGRN)\s*:?/iu, '').replace(/[\s.\-/]/g, '');
}

function weightedCheck(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i]!;
  return (sum % 11) % 10;
}

/** Whether bare digits are a checksum-valid INN: 10 for organisations, 12 for persons and ИП. */
export function isValidInnChecksum(inn: string): boolean {
  if (/^\d{10}$/.test(inn)) return weightedCheck(inn, INN10_WEIGHTS) === inn.charCodeAt(9) - 48;
  if (!/^\d{12}$/.test(inn)) return false;
  return (
    weightedCheck(inn, INN12_WEIGHTS_11) === inn.charCodeAt(10) - 48 &&
    weightedCheck(inn, INN12_WEIGHTS_12) === inn.charCodeAt(11) - 48
  );
}

/** The INN's holder: 10 digits is an organisation, 12 a person or sole proprietor (ИП). */
export function innHolder(inn: string): 'organization' | 'person' {
  return inn.length === 10 ? 'organization' : 'person';
}

/** Normalises a Russian INN into a linking key; placeholders and checksum failures never link. */
export function normaliseInn(raw: string): Normalised {
  const inn = taxDigits(raw);
  if (!/^(\d{10}|\d{12})$/.test(inn)) return refused('malformed');
  // 0000000000 passes the checksum; region 00 does not exist; 1234567890 is what people type to get past a form.
  if (isRepeatedDigit(inn) || inn.startsWith('00') || SEQUENCES.has(inn)) return refused('placeholder');
  return isValidInnChecksum(inn) ? accepted(inn) : refused('checksum');
}

/**
 * Normalises a KPP (9 characters: tax office, reason code — digits or A–Z — and serial). Kept for
 * display only: every branch of a company, and companies at one tax office, share KPPs.
 */
export function normaliseKpp(raw: string): Normalised {
  const kpp = taxDigits(raw).toUpperCase();
  if (!/^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp)) return refused('malformed');
  return isRepeatedDigit(kpp) ? refused('placeholder') : accepted(kpp);
}
