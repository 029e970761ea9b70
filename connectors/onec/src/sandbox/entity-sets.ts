/** The entity sets the sandbox publishes, each a key-ordered list of rendered records. */
import type { Dataset, DatasetRow } from '@crm-bridge/sync/testing';
import type { GuidCodec } from './onec-guid';
import { currencyCount, productCount, renderCurrency, renderProduct } from './render-catalogs';
import { renderContact } from './render-contact';
import { COUNTERPARTY_FOLDERS, renderCounterparty, renderCounterpartyFolder } from './render-counterparty';
import { renderOrder } from './render-order';
import { type SandboxContext, SET } from './sandbox-context';

export type ODataRecord = Record<string, unknown>;

export interface SandboxSet {
  name: string;
  codec: GuidCodec;
  /** Hierarchical catalogs have IsFolder and serve their groups too. */
  folders: ODataRecord[];
  /** Live rows (archived included), not counting folders. */
  count(): number;
  /** Live row ids in Ref_Key order (= id order, see onec-guid.ts). */
  ids(offset: number, limit: number): number[];
  /** The record of a live row; null when the id was deleted or never existed. */
  render(id: number): ODataRecord | null;
  /** Properties a `$select` or `$filter` may name. */
  properties: ReadonlySet<string>;
}

function datasetSet(
  name: string,
  codec: GuidCodec,
  dataset: Dataset,
  render: (row: DatasetRow) => ODataRecord,
  folders: ODataRecord[] = [],
): SandboxSet {
  return withProperties({
    name,
    codec,
    folders,
    count: () => dataset.count(),
    ids: (offset, limit) => dataset.ids({ offset, limit }),
    render: (id) => {
      const row = id > 0 ? dataset.get(id) : null;
      return row === null ? null : render(row);
    },
  });
}

function staticSet(
  name: string,
  codec: GuidCodec,
  size: number,
  render: (id: number) => ODataRecord | null,
): SandboxSet {
  return withProperties({
    name,
    codec,
    folders: [],
    count: () => size,
    ids: (offset, limit) =>
      Array.from({ length: Math.max(0, Math.min(limit, size - offset)) }, (_, i) => offset + i + 1),
    render,
  });
}

/** The property names, read off a sample record (navigation links are not properties). */
function withProperties(set: Omit<SandboxSet, 'properties'>): SandboxSet {
  const sample = set.ids(0, 1).map((id) => set.render(id))[0] ?? set.folders[0] ?? {};
  const names = new Set(['Ref_Key', 'DataVersion', 'DeletionMark', ...Object.keys(sample)]);
  for (const name of [...names]) if (name.includes('@')) names.delete(name);
  if (set.folders.length > 0) names.add('IsFolder');
  return { ...set, properties: names };
}

/** Every published set by name; Catalog_Организации and the contact kinds exist in 1C but are not published. */
export function createEntitySets(context: SandboxContext): Map<string, SandboxSet> {
  const { tables, codecs } = context;
  const sets = [
    datasetSet(
      SET.counterparties,
      codecs.counterparties,
      tables.counterparties,
      (row) => renderCounterparty(row, context),
      COUNTERPARTY_FOLDERS.map((_, index) => renderCounterpartyFolder(index, context)),
    ),
    datasetSet(SET.contacts, codecs.contacts, tables.contacts, (row) => renderContact(row, context)),
    datasetSet(SET.orders, codecs.orders, tables.orders, (row) => renderOrder(row, context)),
    staticSet(SET.currencies, codecs.currencies, currencyCount(), (id) =>
      renderCurrency(id, codecs.currencies),
    ),
    staticSet(SET.products, codecs.products, productCount(), (id) => renderProduct(id, codecs.products)),
  ];
  return new Map(sets.map((set) => [set.name, set]));
}
