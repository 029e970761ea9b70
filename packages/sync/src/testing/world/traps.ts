import { writePhone } from './phones';
import { saltOf, unit } from './prng';
import type { ErpKind, WorldCompany, WorldTrap, WrittenCompany } from './world-types';

const SALT_TRAP = saltOf('trap');

/**
 * The over-merge traps real customer data holds, planted on a fixed share of Russian companies with an
 * INN (pure in seed and index), so the profiles can be shown to refuse them:
 * - office_phone (2.5 %): the reception line of a business centre, shared by the trapped companies of a
 *   block of 128 indexes (two or three of them);
 * - call_centre (3 %): one outsourced call centre's number on every such company: too common;
 * - accountant_email (1.5 %): one outsourced accountant's personal address per block of 256 indexes;
 * - zero_inn (1 %) and bad_checksum_inn (1 %): the first ERP that knows the company typed 0000000000 or
 *   an INN one digit off; its other ERPs hold the real one.
 */
export function trapOf(seed: number, index: number, country: string, inn: string | null): WorldTrap | null {
  if (country !== 'RU' || inn === null) return null;
  const u = unit(seed, index, SALT_TRAP);
  if (u < 0.025) return 'office_phone';
  if (u < 0.055) return 'call_centre';
  if (u < 0.07) return 'accountant_email';
  if (u < 0.08) return 'zero_inn';
  if (u < 0.09) return 'bad_checksum_inn';
  return null;
}

/** The shared number a phone trap writes, in the writing the clerk used for the company's own phone. */
function sharedPhone(trap: 'office_phone' | 'call_centre', index: number, own: string): string {
  const subscriber =
    trap === 'call_centre' ? '2000600' : `500${String(Math.floor(index / 128) % 10_000).padStart(4, '0')}`;
  const writing = own.startsWith('+7 ')
    ? 'spaced'
    : own.startsWith('8 (')
      ? 'national'
      : own.startsWith('+')
        ? 'e164'
        : 'compact';
  return writePhone({ countryCode: '7', area: trap === 'call_centre' ? '800' : '495', subscriber }, writing);
}

/** The written company with its trap applied; `first` says whether this ERP is the first that knows it. */
export function withTrap(
  company: WorldCompany,
  written: WrittenCompany,
  erp: ErpKind,
  first: ErpKind,
): WrittenCompany {
  const { trap, index, inn } = company;
  switch (trap) {
    case 'office_phone':
    case 'call_centre':
      return { ...written, phone: sharedPhone(trap, index, written.phone) };
    case 'accountant_email':
      return { ...written, email: `e.smirnova.${Math.floor(index / 256)}@yandex.ru` };
    case 'zero_inn':
      return erp === first && written.inn !== null ? { ...written, inn: '0000000000' } : written;
    case 'bad_checksum_inn':
      return erp === first && written.inn !== null && inn !== null
        ? { ...written, inn: `${inn.slice(0, -1)}${(Number(inn.at(-1)) + 1) % 10}` }
        : written;
    default:
      return written;
  }
}
