import { Customer, type TaxId } from '@crm-bridge/core';
import { contentHash, copySourceRecords, type Db } from '@crm-bridge/store';
import { createWorld } from '@crm-bridge/sync/testing';

/** The world's companies and people as the three ERPs wrote them, `count` records in all, as canonical customers. */
export function* worldCustomers(count: number, seed = 3): Generator<Customer> {
  const world = createWorld({ seed, size: Math.ceil(count / 3) });
  let made = 0;
  for (let i = 0; made < count; i++) {
    for (const erp of world.knownBy(i)) {
      const w = world.written(erp, i);
      const company = world.company(i);
      const taxIds: TaxId[] = [];
      if (w.inn) taxIds.push({ kind: 'ru_inn', value: w.inn, country: 'RU' });
      if (w.kpp) taxIds.push({ kind: 'ru_kpp', value: w.kpp, country: 'RU' });
      if (w.vat) taxIds.push({ kind: 'eu_vat', value: w.vat, country: company.country });
      yield Customer.parse({
        sourceId: erp,
        externalId: `${erp}-${i}`,
        kind: 'organization',
        displayName: w.name,
        emails: [w.email],
        phones: [w.phone],
        taxIds,
        addresses: [{ kind: 'legal', city: company.address.city, country: company.country }],
      });
      if (++made >= count) return;
      for (const [p] of company.people.entries()) {
        const wp = world.writtenPerson(erp, i, p);
        yield Customer.parse({
          sourceId: erp,
          externalId: `${erp}-${i}-p${p}`,
          kind: 'person',
          displayName: wp.name,
          emails: [wp.email],
          phones: [wp.phone],
          organizationExternalId: `${erp}-${i}`,
        });
        if (++made >= count) return;
      }
    }
  }
}

/** Loads customers with COPY (the sync's first-load path), grouped by source, in chunks. */
export async function loadCustomers(db: Db, customers: Iterable<Customer>, chunk = 20_000): Promise<number> {
  const pending = new Map<string, Customer[]>();
  let loaded = 0;
  const flush = async (source: string) => {
    const list = pending.get(source) ?? [];
    if (list.length === 0) return;
    await copySourceRecords(
      db,
      source,
      'customers',
      list.map((customer) => ({ customer, raw: null, contentHash: contentHash(customer) })),
    );
    loaded += list.length;
    pending.set(source, []);
  };
  for (const customer of customers) {
    const list = pending.get(customer.sourceId) ?? [];
    list.push(customer);
    pending.set(customer.sourceId, list);
    if (list.length >= chunk) await flush(customer.sourceId);
  }
  for (const source of pending.keys()) await flush(source);
  return loaded;
}
