import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import { accepted, isRepeatedDigit, type Normalised, refused } from './link-key';

/** The phone part of the key policy, compiled once per resolution run. */
export interface PhonePolicy {
  defaultRegion: CountryCode;
  /** E.164 numbers known to be shared (a business centre's switchboard, a call centre). */
  blocked: ReadonlySet<string>;
}

/** A region libphonenumber knows, or null: config and ERP countries are plain strings. */
export function phoneRegion(country: string | null | undefined): CountryCode | null {
  return country && isSupportedCountry(country) ? country : null;
}

/** Compiles the default region and the blocklist (written in any format of that region). */
export function phonePolicy(options: {
  defaultRegion: string;
  blockedPhones?: readonly string[];
}): PhonePolicy {
  const defaultRegion = phoneRegion(options.defaultRegion);
  if (defaultRegion === null) throw new RangeError(`unknown phone region ${options.defaultRegion}`);
  const blocked = new Set<string>();
  for (const raw of options.blockedPhones ?? []) {
    const e164 = toE164(raw, defaultRegion);
    if (e164 === null) throw new RangeError(`blocked phone ${raw} is not a valid number in ${defaultRegion}`);
    blocked.add(e164);
  }
  return { defaultRegion, blocked };
}

/** E.164 for a valid number, read in `region` when written without a country code; otherwise null. */
export function toE164(raw: string, region: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(raw, region);
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * Normalises a phone into a linking key. `region` is the record's own country when known (a German
 * record's "030 1234567" is Berlin even when the default region is RU), else the policy's default.
 */
export function normalisePhone(raw: string, policy: PhonePolicy, region?: CountryCode | null): Normalised {
  const parsed = parsePhoneNumberFromString(raw, region ?? policy.defaultRegion);
  if (!parsed?.isValid()) return refused('invalid_phone');
  // +7 999 999-99-99 passes the number plan yet is what clerks type for "unknown".
  if (isRepeatedDigit(parsed.nationalNumber.slice(-7))) return refused('placeholder');
  if (policy.blocked.has(parsed.number)) return refused('blocked_phone');
  return accepted(parsed.number);
}
