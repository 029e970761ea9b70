import { type DatasetRow, hash32, saltOf } from '@crm-bridge/sync/testing';
import type { Bounds } from './odoo-domain';
import { valueError } from './odoo-exception';

const FRACTION = saltOf('odoo:write_date:micro');
const OPERAND = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2})(\.\d{1,6})?)?$/;

/**
 * write_date as PostgreSQL stores it: with microseconds (Odoo sets it from `now()`), while RPC shows whole
 * seconds (1.4). Pairs of consecutive ids share their microseconds (one transaction wrote both); others in the
 * same second sort by their own. Domains compare the raw value up to 18 and whole seconds from 19.
 */
export interface WriteDates {
  /** The stored value in microseconds since the epoch. */
  storedUs(row: DatasetRow): number;
  test(row: DatasetRow, op: string, operand: unknown): boolean;
  /** Bounds on modifiedMs (inclusive) a write_date leaf implies. */
  leafBounds(op: string, operand: unknown): Bounds;
}

export function createWriteDates(seed: number, wholeSeconds: boolean): WriteDates {
  const storedUs = (row: DatasetRow): number => {
    const h = hash32(seed, Math.floor(row.id / 2), FRACTION ^ row.version);
    const ms = row.modifiedMs;
    // Base rows sit on whole seconds; a row changed at a clock with milliseconds keeps them.
    return ms % 1000 === 0 ? ms * 1000 + (h % 1_000_000) : ms * 1000 + (h % 1000);
  };
  const compare = (stored: number, op: string, operand: number): boolean => {
    const value = wholeSeconds ? Math.floor(stored / 1e6) * 1e6 : stored;
    switch (op) {
      case '=':
        return value === operand;
      case '!=':
        return value !== operand;
      case '>':
        return value > operand;
      case '>=':
        return value >= operand;
      case '<':
        return value < operand;
      case '<=':
        return value <= operand;
      default:
        throw valueError(`Operator ${op} is not supported on write_date in this sandbox`);
    }
  };
  return {
    storedUs,
    test(row, op, operand) {
      if (operand === false) return op === '!=' || op === 'not in'; // write_date is never empty
      if (op === 'in' || op === 'not in') {
        const hit = (operand as unknown[]).some((item) => compare(storedUs(row), '=', toUs(item)));
        return op === 'in' ? hit : !hit;
      }
      return compare(storedUs(row), op, toUs(operand));
    },
    leafBounds(op, operand) {
      if (operand === false) return { lo: null, hi: null };
      if (op === 'in') {
        const all = (operand as unknown[]).map((item) => Math.floor(toUs(item) / 1e6) * 1000);
        return all.length === 0 ? { lo: 0, hi: -1 } : { lo: Math.min(...all), hi: Math.max(...all) + 999 };
      }
      const second = Math.floor(toUs(operand) / 1e6) * 1000;
      if (op === '>' || op === '>=') return { lo: second, hi: null };
      if (op === '=') return { lo: second, hi: second + 999 };
      if (op === '<' || op === '<=') return { lo: null, hi: second + 999 };
      return { lo: null, hi: null };
    },
  };
}

/** "2024-05-01 10:00:07" (or a date, or with microseconds) → µs; anything else is Odoo's ValueError. */
function toUs(operand: unknown): number {
  const match = typeof operand === 'string' ? OPERAND.exec(operand) : null;
  if (!match)
    throw valueError(`time data ${JSON.stringify(operand)} does not match format '%Y-%m-%d %H:%M:%S'`);
  const ms = Date.parse(`${match[1]}T${match[2] ?? '00:00:00'}Z`);
  if (Number.isNaN(ms)) throw valueError(`time data ${JSON.stringify(operand)} is not a valid datetime`);
  const micro = match[3] === undefined ? 0 : Number(match[3].slice(1).padEnd(6, '0'));
  return ms * 1000 + micro;
}
