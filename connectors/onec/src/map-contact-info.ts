/** The КонтактнаяИнформация tabular section as e-mails, phones and addresses (kept as written). */
import type { Address } from '@crm-bridge/core';
import { CONTACT_INFO } from './field-map';
import { text } from './onec-values';

export interface ContactInfo {
  emails: string[];
  phones: string[];
  addresses: Address[];
}

/** 1C writes the country as its classifier name; the ones our users meet, upper-cased as 1C stores them. */
const COUNTRIES: Record<string, string> = {
  РОССИЯ: 'RU',
  'РОССИЙСКАЯ ФЕДЕРАЦИЯ': 'RU',
  БЕЛАРУСЬ: 'BY',
  КАЗАХСТАН: 'KZ',
  ГЕРМАНИЯ: 'DE',
  АВСТРИЯ: 'AT',
  НИДЕРЛАНДЫ: 'NL',
  ФРАНЦИЯ: 'FR',
  ИТАЛИЯ: 'IT',
  КИТАЙ: 'CN',
  'СОЕДИНЕННЫЕ ШТАТЫ': 'US',
};

const POSTAL_PREFIX = /^\s*(\d{4,6})\s*,/;

/** Maps the rows; an unknown Тип (web page, Skype, other) is ignored, a row without a value too. */
export function mapContactInfo(rows: unknown): ContactInfo {
  const info: ContactInfo = { emails: [], phones: [], addresses: [] };
  if (!Array.isArray(rows)) return info;
  for (const row of rows as Record<string, unknown>[]) {
    if (row === null || typeof row !== 'object') continue;
    const type = row[CONTACT_INFO.type];
    const shown = text(row[CONTACT_INFO.presentation]);
    if (type === CONTACT_INFO.emailType) {
      addOnce(info.emails, text(row[CONTACT_INFO.email]) ?? shown);
    } else if ((CONTACT_INFO.phoneTypes as readonly unknown[]).includes(type)) {
      // The presentation is what the clerk typed; НомерТелефона is only digits.
      addOnce(info.phones, shown ?? text(row[CONTACT_INFO.phone]));
    } else if (type === CONTACT_INFO.addressType && shown !== null) {
      info.addresses.push(mapAddress(row, shown));
    }
  }
  return info;
}

function mapAddress(row: Record<string, unknown>, shown: string): Address {
  const countryName = text(row[CONTACT_INFO.country]);
  return {
    kind: 'other',
    line1: null,
    line2: null,
    city: text(row[CONTACT_INFO.city]),
    region: text(row[CONTACT_INFO.region]),
    postalCode: POSTAL_PREFIX.exec(shown)?.[1] ?? null,
    country: countryName === null ? null : (COUNTRIES[countryName.toUpperCase()] ?? null),
    text: shown,
  };
}

function addOnce(list: string[], value: string | null): void {
  if (value !== null && !list.includes(value)) list.push(value);
}
