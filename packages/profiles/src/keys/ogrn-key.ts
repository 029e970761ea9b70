import { taxDigits } from './inn-key';
import { accepted, isRepeatedDigit, type Normalised, refused } from './link-key';

/** Whether bare digits are a checksum-valid OGRN (13 digits) or OGRNIP (15 digits). */
export function isValidOgrnChecksum(ogrn: string): boolean {
  // Both bodies stay below 2^53, so plain numbers are exact.
  if (/^\d{13}$/.test(ogrn)) return (Number(ogrn.slice(0, 12)) % 11) % 10 === ogrn.charCodeAt(12) - 48;
  if (/^\d{15}$/.test(ogrn)) return (Number(ogrn.slice(0, 14)) % 13) % 10 === ogrn.charCodeAt(14) - 48;
  return false;
}

/** Normalises an OGRN / OGRNIP into a linking key; the first digit says what kind of registration it is. */
export function normaliseOgrn(raw: string): Normalised {
  const ogrn = taxDigits(raw);
  if (!/^(\d{13}|\d{15})$/.test(ogrn)) return refused('malformed');
  // OGRN starts with 1 or 5, OGRNIP with 3; anything else is made up.
  const first = ogrn.length === 13 ? '15' : '3';
  if (isRepeatedDigit(ogrn) || !first.includes(ogrn[0]!)) return refused('placeholder');
  return isValidOgrnChecksum(ogrn) ? accepted(ogrn) : refused('checksum');
}
