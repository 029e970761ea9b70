/** A Catalog_Валюты row as an ISO 4217 code: Наименование is the letter code ("RUB"), Код the numeric one ("643"). */
import type { CatalogRow } from './onec-session';

const NUMERIC: Record<string, string> = {
  '643': 'RUB',
  '810': 'RUB', // the pre-1998 rouble code, still the Код in old infobases
  '978': 'EUR',
  '840': 'USD',
  '156': 'CNY',
  '933': 'BYN',
  '398': 'KZT',
  '826': 'GBP',
  '756': 'CHF',
  '980': 'UAH',
  '949': 'TRY',
  '985': 'PLN',
  '203': 'CZK',
  '752': 'SEK',
  '578': 'NOK',
  '208': 'DKK',
  '392': 'JPY',
  '051': 'AMD',
  '860': 'UZS',
  '417': 'KGS',
  '944': 'AZN',
  '981': 'GEL',
};

/** Short names some infobases keep instead of the letter code. */
const SHORT_NAMES: Record<string, string> = { 'РУБ.': 'RUB', РУБ: 'RUB', 'ДОЛЛ.': 'USD', ЕВРО: 'EUR' };

/** The ISO code of a currency row, or null when the row names none we can tell. */
export function currencyCode(row: CatalogRow | undefined): string | null {
  if (row === undefined) return null;
  const name = (row.Description ?? '').trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(name)) return name;
  const code = (row.Code ?? '').trim();
  return NUMERIC[code] ?? SHORT_NAMES[name] ?? null;
}
