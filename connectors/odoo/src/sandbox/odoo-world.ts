import {
  createDataset,
  type Dataset,
  type DatasetRow,
  type Faults,
  type SandboxClock,
  type World,
} from '@crm-bridge/sync/testing';
import { createDatasetModel } from './dataset-model';
import { type OdooMajor, orderFields, orderLineFields, partnerFields } from './field-specs';
import { createLineModel } from './line-model';
import type { SandboxModel } from './odoo-model';
import { type RenderContext, writtenMemo } from './render-context';
import { ADDED_ORDER_ITEM, createOrderLookup, renderOrder, renderOrderLines } from './render-order';
import { customerRank, renderPartner } from './render-partner';
import { createWriteDates } from './write-dates';

export interface OdooTables {
  partners: Dataset;
  orders: Dataset;
  models: Map<string, SandboxModel>;
  /** Call after a mutation added rows, so new companies are known as partners. */
  noteAdded(ids: readonly number[]): void;
}

export interface OdooTablesOptions {
  world: World;
  clock: SandboxClock;
  faults: Faults;
  version: OdooMajor;
  seed: number;
}

/**
 * res.partner (each company Odoo knows, then its people: one id sequence, as in Odoo) and sale.order
 * (the company's orders) over the shared world; sale.order.line derived from the orders.
 */
export function createOdooTables(options: OdooTablesOptions): OdooTables {
  const { world, clock, seed, version } = options;
  const companyRows = new Int32Array(world.size);
  const addedCompanyRows = new Map<number, number>();
  const orderCompanies: number[] = [];

  let nextId = 1;
  const partners = createDataset({
    name: 'res.partner',
    clock,
    seed,
    fill(add) {
      for (let index = 0; index < world.size; index++) {
        if (!world.knows('odoo', index)) continue;
        companyRows[index] = nextId++;
        add(index, -1);
        const people = world.company(index).people.length;
        for (let person = 0; person < people; person++, nextId++) add(index, person);
      }
    },
    // New partners are companies the world has not founded yet.
    newKey: (n) => ({ company: world.size + n, item: -1 }),
  });
  const orders = createDataset({
    name: 'sale.order',
    clock,
    seed,
    fill(add) {
      for (let index = 0; index < world.size; index++) {
        if (!world.knows('odoo', index)) continue;
        const count = world.orders('odoo', index).length;
        for (let item = 0; item < count; item++) {
          add(index, item);
          orderCompanies.push(index);
        }
      }
    },
    // A new order goes to a company that already orders, modelled on one of its orders.
    newKey: (n, rng) => ({
      company: orderCompanies[rng.below(orderCompanies.length)] ?? 0,
      item: ADDED_ORDER_ITEM + n,
    }),
  });

  const writeDates = createWriteDates(seed, version >= 19);
  const ctx: RenderContext = {
    world,
    version,
    faults: options.faults,
    writeDates,
    companyRowId: (company) =>
      company < world.size ? companyRows[company] || null : (addedCompanyRows.get(company) ?? null),
    written: writtenMemo(world),
  };
  const orderOf = createOrderLookup(ctx);
  const linesOrderOf = createOrderLookup(ctx);

  const models = new Map<string, SandboxModel>();
  models.set(
    'res.partner',
    createDatasetModel({
      name: 'res.partner',
      dataset: partners,
      fields: partnerFields(version),
      defaultOrder: 'complete_name asc, id desc',
      writeDates,
      render: (row) => renderPartner(ctx, row),
      quick: (row: DatasetRow, field: string) => {
        if (field === 'is_company') return row.key.item < 0;
        if (field === 'customer_rank') return row.key.item < 0 ? customerRank(row.key.company) : 0;
        return undefined;
      },
    }) as SandboxModel,
  );
  models.set(
    'sale.order',
    createDatasetModel({
      name: 'sale.order',
      dataset: orders,
      fields: orderFields(version),
      defaultOrder: 'date_order desc, id desc',
      writeDates,
      render: (row) => renderOrder(ctx, row, orderOf(row)),
    }) as SandboxModel,
  );
  models.set(
    'sale.order.line',
    createLineModel({
      orders,
      fields: orderLineFields(version),
      writeDates,
      linesOf: (row) => renderOrderLines(ctx, row, linesOrderOf(row)),
    }) as SandboxModel,
  );

  return {
    partners,
    orders,
    models,
    noteAdded(ids) {
      for (const id of ids) {
        const row = partners.get(id);
        if (row && row.key.item < 0 && row.key.company >= world.size)
          addedCompanyRows.set(row.key.company, id);
      }
    },
  };
}
