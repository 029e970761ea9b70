/** Small readers for Frappe values: text, Check (0/1), numbers, site times, Country names, tax ids. */
import { InvalidRecordError, type TaxId } from '@crm-bridge/core';
import type { Row } from './frappe-query';
import { siteTimeToUtc } from './site-time';

/** Trimmed text, or null for null / "" / non-strings (Frappe sends null or "" for an empty Data field). */
export function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A Check field: 1 / 0 (older sites and some paths send "1" / "0"). */
export function checked(value: unknown): boolean {
  return value === 1 || value === '1' || value === true;
}

/** A Currency/Float/Int field as a finite number; throws InvalidRecordError naming the field otherwise. */
export function amount(row: Row, field: string, record: string): number {
  const value = row[field];
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!Number.isFinite(number)) {
    throw new InvalidRecordError(`${record}: ${field} is not a number (${JSON.stringify(value)})`, {
      details: { field },
    });
  }
  return number;
}

/** A site-local datetime field as ISO UTC; throws InvalidRecordError when it is not a Frappe datetime. */
export function siteTime(row: Row, field: string, timeZone: string, record: string): string {
  const iso = siteTimeToUtc(row[field], timeZone);
  if (iso === null) {
    throw new InvalidRecordError(`${record}: ${field} is not a date-time (${JSON.stringify(row[field])})`, {
      details: { field },
    });
  }
  return iso;
}

/** Values without exact duplicates, in order (normalising is the profiles' job, not ours). */
export function distinct(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

let countryCodes: Map<string, string> | null = null;

/** ERPNext links Country by its English name ("Germany", "Russia"); returns ISO 3166-1 alpha-2 or null. */
export function countryCode(name: unknown): string | null {
  const value = text(name);
  if (value === null) return null;
  if (/^[A-Za-z]{2}$/.test(value)) return value.toUpperCase();
  if (countryCodes === null) countryCodes = buildCountryCodes();
  return countryCodes.get(value.toLowerCase()) ?? null;
}

function buildCountryCodes(): Map<string, string> {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const codes = new Map<string, string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters) {
    for (const b of letters) {
      const code = `${a}${b}`;
      const name = names.of(code);
      if (name === undefined || name === code || name === 'Unknown Region') continue;
      // Retired codes (SU, DD, YU) carry their successor's name: map the name to the living code.
      codes.set(name.toLowerCase(), new Intl.Locale(`und-${code}`).region ?? code);
    }
  }
  // ERPNext's Country records that differ from CLDR's English names.
  const erpnextNames: Record<string, string> = {
    'russian federation': 'RU',
    'korea, republic of': 'KR',
    'iran, islamic republic of': 'IR',
    'viet nam': 'VN',
    'moldova, republic of': 'MD',
    'czech republic': 'CZ',
    'united states': 'US',
    'united kingdom': 'GB',
    turkey: 'TR',
  };
  for (const [name, code] of Object.entries(erpnextNames)) codes.set(name, code);
  return codes;
}

/** EU VAT prefixes; Greece writes EL. */
const EU_VAT = new Set(
  'AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI'.split(' '),
);

/**
 * ERPNext has one `tax_id` field for whatever the clerk typed: an EU VAT number (with its prefix), a
 * Russian INN (10 digits, 12 for a sole trader), or anything else. Kept as written; the kind is a guess
 * by shape and the customer's country.
 */
export function taxIdsOf(value: unknown, country: string | null): TaxId[] {
  const written = text(value);
  if (written === null) return [];
  const compact = written.replace(/[\s.\-/]/g, '').toUpperCase();
  const prefix = compact.slice(0, 2);
  if (/^[A-Z]{2}[0-9A-Z]{2,13}$/.test(compact) && EU_VAT.has(prefix)) {
    return [
      { kind: 'eu_vat', value: written, country: prefix === 'EL' ? 'GR' : prefix === 'XI' ? 'GB' : prefix },
    ];
  }
  if (/^(\d{10}|\d{12})$/.test(compact) && (country === null || country === 'RU')) {
    return [{ kind: 'ru_inn', value: written, country: 'RU' }];
  }
  return [{ kind: country === null ? 'other' : 'vat', value: written, country }];
}
