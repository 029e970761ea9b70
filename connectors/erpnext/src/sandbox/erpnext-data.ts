/**
 * The ERPNext site's tables over the shared world: one Customer and one Address per company ERPNext knows,
 * one Contact per person, one Sales Order per world order. Each table is a shared Dataset (ids, modified
 * with ties, versions, archive/delete/add); this file keeps the company ↔ row indexes and the records
 * that will be added later (people and orders of companies founded during a test).
 */
import {
  createDataset,
  type Dataset,
  type DatasetKey,
  type SandboxClock,
  type World,
} from '@crm-bridge/sync/testing';

export interface ErpNextData {
  world: World;
  clock: SandboxClock;
  seed: number;
  customers: Dataset;
  addresses: Dataset;
  contacts: Dataset;
  orders: Dataset;
  customerIdOf(company: number): number | null;
  addressIdOf(company: number): number | null;
  contactIdOf(company: number, person: number): number | null;
  /** Contact ids of a company (live or not; callers check). */
  contactIdsOf(company: number): number[];
  orderIdsOf(company: number): number[];
  /** Records rows added by a change, so the indexes above find them. */
  remember(table: 'customers' | 'addresses' | 'contacts' | 'orders', key: DatasetKey, id: number): void;
  /** The next company index ERPNext will know that does not exist yet (for additions). */
  foundCompany(): number;
}

const NONE = 0;

/** Builds the four tables: one pass over the world counts people and orders, then each table fills. */
export function createErpNextData(world: World, clock: SandboxClock): ErpNextData {
  const size = world.size;
  const people = new Uint8Array(size);
  const orderCounts = new Uint8Array(size);
  const known = new Uint8Array(size);
  for (let company = 0; company < size; company++) {
    if (!world.knows('erpnext', company)) continue;
    known[company] = 1;
    people[company] = world.company(company).people.length;
    orderCounts[company] = world.orders('erpnext', company).length;
  }

  const customerIds = new Int32Array(size);
  const addressIds = new Int32Array(size);
  const firstContact = new Int32Array(size);
  const firstOrder = new Int32Array(size);
  const seed = world.seed;

  const table = (
    name: string,
    archivedRate: number,
    each: (company: number, add: (item: number) => void) => void,
  ) =>
    createDataset({
      name,
      clock,
      seed,
      archivedRate,
      fill(add) {
        for (let company = 0; company < size; company++)
          if (known[company]) each(company, (item) => add(company, item));
      },
    });

  // Ids are 1, 2, 3… in fill order, so each company's rows are one contiguous run starting at ids[company].
  const fillRuns = (ids: Int32Array, count: (company: number) => number, whole: boolean) => {
    let next = 1;
    return (company: number, add: (item: number) => void) => {
      const n = count(company);
      if (n > 0) ids[company] = next;
      for (let item = 0; item < n; item++, next++) add(whole ? -1 : item);
    };
  };
  const customers = table(
    'Customer',
    0.03,
    fillRuns(customerIds, () => 1, true),
  );
  const addresses = table(
    'Address',
    0,
    fillRuns(addressIds, () => 1, true),
  );
  // Frappe's Contact has no disabled flag, so no contact is generated archived.
  const contacts = table(
    'Contact',
    0,
    fillRuns(firstContact, (company) => people[company]!, false),
  );
  // Archived orders are Closed ones.
  const orders = table(
    'Sales Order',
    0.03,
    fillRuns(firstOrder, (company) => orderCounts[company]!, false),
  );

  const added = {
    customers: new Map<number, number>(),
    addresses: new Map<number, number>(),
    contacts: new Map<string, number>(),
    orders: new Map<number, number[]>(),
    contactsOf: new Map<number, number[]>(),
  };
  let nextCompany = size;

  const base = (ids: Int32Array, company: number) =>
    company < size && ids[company] !== NONE ? ids[company]! : null;

  return {
    world,
    clock,
    seed,
    customers,
    addresses,
    contacts,
    orders,
    customerIdOf: (company) => base(customerIds, company) ?? added.customers.get(company) ?? null,
    addressIdOf: (company) => base(addressIds, company) ?? added.addresses.get(company) ?? null,
    contactIdOf(company, person) {
      if (company < size)
        return known[company] && person < people[company]! ? firstContact[company]! + person : null;
      return added.contacts.get(`${company}/${person}`) ?? null;
    },
    contactIdsOf(company) {
      if (company < size) {
        return Array.from(
          { length: known[company] ? people[company]! : 0 },
          (_, i) => firstContact[company]! + i,
        );
      }
      return added.contactsOf.get(company) ?? [];
    },
    orderIdsOf(company) {
      const own =
        company < size
          ? Array.from({ length: orderCounts[company]! }, (_, i) => firstOrder[company]! + i)
          : [];
      return [...own, ...(added.orders.get(company) ?? [])];
    },
    remember(tableName, key, id) {
      if (tableName === 'customers') added.customers.set(key.company, id);
      else if (tableName === 'addresses') added.addresses.set(key.company, id);
      else if (tableName === 'contacts') {
        added.contacts.set(`${key.company}/${key.item}`, id);
        added.contactsOf.set(key.company, [...(added.contactsOf.get(key.company) ?? []), id]);
      } else added.orders.set(key.company, [...(added.orders.get(key.company) ?? []), id]);
    },
    foundCompany() {
      while (!world.knows('erpnext', nextCompany)) nextCompany += 1;
      return nextCompany++;
    },
  };
}
