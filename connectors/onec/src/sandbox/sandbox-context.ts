/** What every renderer and route of the sandbox shares: the tables, the GUID codecs per set, the faults. */
import type { Faults } from '@crm-bridge/sync/testing';
import { type GuidCodec, guidCodec } from './onec-guid';
import type { OneCTables } from './onec-tables';

export const SET = {
  counterparties: 'Catalog_Контрагенты',
  contacts: 'Catalog_КонтактныеЛица',
  orders: 'Document_ЗаказКлиента',
  currencies: 'Catalog_Валюты',
  products: 'Catalog_Номенклатура',
  organizations: 'Catalog_Организации',
  contactKinds: 'Catalog_ВидыКонтактнойИнформации',
} as const;

export interface SandboxContext {
  tables: OneCTables;
  faults: Faults;
  codecs: Record<keyof typeof SET, GuidCodec>;
}

export function createSandboxContext(tables: OneCTables, faults: Faults): SandboxContext {
  const seed = tables.world.seed;
  const codecs = Object.fromEntries(
    Object.entries(SET).map(([name, set]) => [name, guidCodec(seed, set)]),
  ) as Record<keyof typeof SET, GuidCodec>;
  return { tables, faults, codecs };
}
