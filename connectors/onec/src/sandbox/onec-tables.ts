/**
 * The 1C infobase the sandbox serves: datasets for counterparties, contact persons and customer orders over the
 * shared world (companies known to 1C, their people, their orders), and the lookups between them.
 */
import {
  createDataset,
  type Dataset,
  type DatasetKey,
  type Rng,
  type SandboxClock,
  type World,
  type WorldOrder,
} from '@crm-bridge/sync/testing';

/** Items of added contact persons and orders start here: they copy a generated one of an existing company. */
export const ADDED_ITEM = 1_000_000;

export interface OneCTables {
  world: World;
  counterparties: Dataset;
  contacts: Dataset;
  orders: Dataset;
  /** Dataset id of a company's counterparty row (generated companies; added ones have no orders or people). */
  counterpartyIdOf(company: number): number;
  /** A company's orders in 1C, the last company's kept (rows come in company order). */
  ordersOf(company: number): WorldOrder[];
}

export function createOneCTables(world: World, clock: SandboxClock): OneCTables {
  const seed = world.seed;
  const known: number[] = [];
  for (let company = 0; company < world.size; company++)
    if (world.knows('onec', company)) known.push(company);
  const counterpartyIds = new Int32Array(world.size);
  let lastCompany = -1;
  let lastOrders: WorldOrder[] = [];
  const ordersOf = (company: number): WorldOrder[] => {
    if (company !== lastCompany) {
      lastOrders = world.orders('onec', company);
      lastCompany = company;
    }
    return lastOrders;
  };
  // Added people and orders belong to a random company 1C already knows.
  const addedTo =
    (what: 'people' | 'orders') =>
    (n: number, rng: Rng): DatasetKey => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const company = known[rng.below(known.length)] ?? 0;
        const some = what === 'people' ? world.company(company).people.length : ordersOf(company).length;
        if (some > 0) return { company, item: ADDED_ITEM + n };
      }
      return { company: known[0] ?? 0, item: ADDED_ITEM + n };
    };

  const counterparties = createDataset({
    name: 'Catalog_Контрагенты',
    clock,
    seed,
    fill: (add) => {
      let id = 0;
      for (const company of known) {
        add(company, -1);
        counterpartyIds[company] = ++id;
      }
    },
  });
  const contacts = createDataset({
    name: 'Catalog_КонтактныеЛица',
    clock,
    seed,
    fill: (add) => {
      for (const company of known) {
        const people = world.company(company).people.length;
        for (let person = 0; person < people; person++) add(company, person);
      }
    },
    newKey: addedTo('people'),
  });
  const orders = createDataset({
    name: 'Document_ЗаказКлиента',
    clock,
    seed,
    fill: (add) => {
      for (const company of known) {
        const count = ordersOf(company).length;
        for (let order = 0; order < count; order++) add(company, order);
      }
    },
    newKey: addedTo('orders'),
  });
  return {
    world,
    counterparties,
    contacts,
    orders,
    counterpartyIdOf: (company) => counterpartyIds[company] ?? 0,
    ordersOf,
  };
}
