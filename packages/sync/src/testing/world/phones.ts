/**
 * Phone numbers as people write them. A number is (country code, area code, subscriber); it is stored in
 * E.164 and written in one of four ways, all of which normalise back to the same E.164 digits.
 */

/** The four writings: spaced international, national with trunk prefix, compact national / 00-international, E.164. */
export const PHONE_WRITINGS = ['spaced', 'national', 'compact', 'e164'] as const;
export type PhoneWriting = (typeof PHONE_WRITINGS)[number];

export type PhoneCountry = 'RU' | 'DE' | 'AT' | 'NL';

export interface PhoneParts {
  /** Without '+': '7', '49', '43', '31'. */
  countryCode: string;
  /** Without the trunk prefix: '495', '30', '151'. */
  area: string;
  subscriber: string;
}

const COUNTRY_CODES: Record<PhoneCountry, string> = { RU: '7', DE: '49', AT: '43', NL: '31' };

/** Mobile prefixes per country, drawn for people. */
export const MOBILE_AREAS: Record<PhoneCountry, readonly string[]> = {
  RU: ['903', '905', '909', '915', '916', '925', '926', '985', '999', '912'],
  DE: ['151', '152', '160', '170', '171', '176'],
  AT: ['664', '676', '699'],
  NL: ['6'],
};

export function countryCodeOf(country: PhoneCountry): string {
  return COUNTRY_CODES[country];
}

export function toE164(parts: PhoneParts): string {
  return `+${parts.countryCode}${parts.area}${parts.subscriber}`;
}

/** "1234567" → "123-45-67" (the Russian habit). */
function ruGroups(subscriber: string): string {
  return `${subscriber.slice(0, 3)}-${subscriber.slice(3, 5)}-${subscriber.slice(5)}`;
}

/**
 * Writes a number one of the four ways:
 * RU: '+7 495 123-45-67', '8 (495) 123-45-67', '84951234567', '+74951234567';
 * DE: '+49 30 1234567', '030 1234567', '0049301234567', '+49301234567'.
 */
export function writePhone(parts: PhoneParts, writing: PhoneWriting): string {
  const { countryCode: cc, area, subscriber } = parts;
  const ru = cc === '7';
  switch (writing) {
    case 'spaced':
      return ru ? `+7 ${area} ${ruGroups(subscriber)}` : `+${cc} ${area} ${subscriber}`;
    case 'national':
      return ru ? `8 (${area}) ${ruGroups(subscriber)}` : `0${area} ${subscriber}`;
    case 'compact':
      return ru ? `8${area}${subscriber}` : `00${cc}${area}${subscriber}`;
    case 'e164':
      return toE164(parts);
  }
}

/**
 * Reads any of the four writings back to E.164, given the country a national writing belongs to.
 * Returns null for text that is not a phone number of that shape.
 */
export function parsePhone(text: string, country: PhoneCountry): string | null {
  const trimmed = text.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 7) return null;
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  const cc = COUNTRY_CODES[country];
  if (country === 'RU' && digits.length === 11 && (digits[0] === '8' || digits[0] === '7'))
    return `+7${digits.slice(1)}`;
  if (country !== 'RU' && digits.startsWith('0')) return `+${cc}${digits.slice(1)}`;
  return null;
}
