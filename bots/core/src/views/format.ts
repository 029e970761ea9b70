import type { ChatLanguage } from '@crm-bridge/core';
import { DateTime } from 'luxon';

/** An instant as the employee reads it: their zone, their language ("25 Aug 2026, 10:00"). */
export function formatTime(iso: string | Date, zone: string, lang: ChatLanguage): string {
  const date = typeof iso === 'string' ? DateTime.fromISO(iso) : DateTime.fromJSDate(iso);
  return date.setZone(zone).setLocale(lang).toFormat('d MMM yyyy, HH:mm');
}

/** A day as the employee reads it ("25 Aug 2026"). */
export function formatDay(iso: string, zone: string, lang: ChatLanguage): string {
  return DateTime.fromISO(iso).setZone(zone).setLocale(lang).toFormat('d MMM yyyy');
}

/** An exact decimal amount with its currency ("12,345.50 EUR"); the digits are kept as stored. */
export function formatMoney(amount: string, currency: string, lang: ChatLanguage): string {
  const [whole = '0', fraction] = amount.split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const group = lang === 'ru' ? '\u00a0' : ',';
  const point = lang === 'ru' ? ',' : '.';
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const cents =
    fraction === undefined
      ? ''
      : `${point}${fraction.padEnd(2, '0').slice(0, Math.max(2, fraction.replace(/0+$/, '').length))}`;
  return `${negative ? '-' : ''}${grouped}${cents} ${currency}`;
}

/** Cuts a text for a list line or a button, with an ellipsis. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
