/** Shared pieces of the sandbox's 1C records: DataVersion, server-local dates, fixed references. */
import { hash32 } from '@crm-bridge/sync/testing';

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const DATA_VERSION_SALT = 0x1c0da7a;
const MOSCOW_OFFSET_MS = 3 * 3_600_000;

/** The sandbox server's time zone: Moscow has kept UTC+3 without DST since 2014. */
export const SANDBOX_TIME_ZONE = 'Europe/Moscow';

/** 1C's opaque DataVersion (8 bytes, base64): changes on every write of the object, as `version` does. */
export function dataVersion(id: number, version: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeUInt32BE(hash32(DATA_VERSION_SALT, id, 1) >>> 0, 0);
  bytes.writeUInt32BE(version >>> 0, 4);
  return bytes.toString('base64');
}

/** A naive server-local datetime, as 1C writes every date (5.2). */
export function moscowDate(epochMs: number): string {
  return new Date(epochMs + MOSCOW_OFFSET_MS).toISOString().slice(0, 19);
}

/** A catalog code as УТ 11 numbers them, e.g. `00-00000123`. */
export function catalogCode(id: number): string {
  return `00-${String(id).padStart(8, '0')}`;
}

/** 1C's country classifier names for the countries of the world. */
export const COUNTRY_NAMES: Record<string, string> = {
  RU: 'РОССИЯ',
  DE: 'ГЕРМАНИЯ',
  AT: 'АВСТРИЯ',
  NL: 'НИДЕРЛАНДЫ',
};
