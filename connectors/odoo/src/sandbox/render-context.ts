import type { DatasetRow, Faults, World, WrittenCompany } from '@crm-bridge/sync/testing';
import { msToOdoo } from '../odoo-time';
import type { OdooMajor } from './field-specs';
import type { WriteDates } from './write-dates';

/** What rendering a world row as Odoo JSON needs. */
export interface RenderContext {
  world: World;
  version: OdooMajor;
  faults: Faults;
  writeDates: WriteDates;
  /** The res.partner id of a company (by world index), or null when it has no row. */
  companyRowId(company: number): number | null;
  /** world.written('odoo', company), remembered for the last company: rows come grouped by company. */
  written(company: number): WrittenCompany;
}

/** A one-entry memo of world.written: a page asks for the same company many times in a row. */
export function writtenMemo(world: World): (company: number) => WrittenCompany {
  let last: { company: number; written: WrittenCompany } | null = null;
  return (company) => {
    if (last?.company !== company) last = { company, written: world.written('odoo', company) };
    return last.written;
  };
}

/** Country many2one pairs as a stock Odoo database has them. */
export const COUNTRIES: Record<string, [number, string]> = {
  RU: [190, 'Russian Federation'],
  DE: [57, 'Germany'],
  AT: [14, 'Austria'],
  NL: [166, 'Netherlands'],
};

export const CURRENCIES: Record<string, [number, string]> = {
  EUR: [1, 'EUR'],
  USD: [2, 'USD'],
  RUB: [34, 'RUB'],
};

/** write_date / create_date as RPC shows them: whole seconds, UTC, naive. */
export function timestamps(row: DatasetRow): { create_date: string; write_date: string } {
  return { create_date: msToOdoo(row.createdMs), write_date: msToOdoo(row.modifiedMs) };
}
