/**
 * change(plan) as ERPNext's users would do it: edits (an address-only edit among the customer edits),
 * archives (Customer disabled=1, Sales Order Closed; Contact has no flag, so an edit), hard deletes that
 * leave `Deleted Document` rows (deleting a customer also deletes its address, contacts and orders, as
 * erpnext's on_trash does for contacts and addresses), and additions (new companies, then their people
 * and orders).
 */
import type { ChangePlan } from '@crm-bridge/sync/testing';
import { createRng, type Dataset, type DatasetRow, hash32, type Rng, saltOf } from '@crm-bridge/sync/testing';
import type { ParentDoctype } from './doctypes';
import type { ErpNextData } from './erpnext-data';
import type { Doc } from './render-parties';
import type { SiteClock } from './site-clock';

export interface ChangeState {
  data: ErpNextData;
  clock: SiteClock;
  doctypes: Map<string, ParentDoctype>;
  /** Deleted Document rows, oldest first. */
  deleted: Doc[];
  /** People and orders of companies founded by earlier changes, not entered yet. */
  pendingPeople: { company: number; item: number }[];
  pendingOrders: { company: number; item: number }[];
  changes: number;
}

const CHANGE = saltOf('erpnext:change');

export function applyChange(state: ChangeState, plan: ChangePlan): void {
  const { data } = state;
  const rng = createRng(hash32(data.seed, state.changes++, CHANGE));
  // At least a second, and off the whole second so changed rows carry a fraction (".250000").
  data.clock.advance(1001 + rng.below(998));
  const streams = new Set(plan.streams ?? ['customers', 'contacts', 'orders']);

  if (streams.has('customers')) {
    for (const row of sample(data.customers, plan.deletions, rng)) deleteCustomer(state, row);
    const addressEdits = Math.floor(plan.edits / 2);
    data.customers.mutate({ edits: plan.edits - addressEdits, archives: plan.archives }, rng);
    data.addresses.mutate({ edits: addressEdits }, rng);
    for (let k = 0; k < plan.additions; k++) found(state);
  }
  if (streams.has('contacts')) {
    remove(state, 'Contact', sample(data.contacts, plan.deletions, rng));
    data.contacts.mutate({ edits: plan.edits + plan.archives }, rng);
    add(state, 'contacts', state.pendingPeople, plan.additions);
  }
  if (streams.has('orders')) {
    remove(state, 'Sales Order', sample(data.orders, plan.deletions, rng));
    data.orders.mutate({ edits: plan.edits, archives: plan.archives }, rng);
    add(state, 'orders', state.pendingOrders, plan.additions);
  }
}

/** A company ERPNext did not know yet gets its Customer and Address; its people and orders wait. */
function found(state: ChangeState): void {
  const { data } = state;
  const company = data.foundCompany();
  const key = { company, item: -1 };
  data.remember('customers', key, data.customers.mutate({ additions: [key] }).added[0]!);
  data.remember('addresses', key, data.addresses.mutate({ additions: [key] }).added[0]!);
  const people = data.world.company(company).people.length;
  for (let item = 0; item < people; item++) state.pendingPeople.push({ company, item });
  const orders = data.world.orders('erpnext', company).length;
  for (let item = 0; item < orders; item++) state.pendingOrders.push({ company, item });
}

function add(
  state: ChangeState,
  table: 'contacts' | 'orders',
  pending: ChangeState['pendingPeople'],
  count: number,
): void {
  const dataset = table === 'contacts' ? state.data.contacts : state.data.orders;
  // Bounded: each founded company brings people (1+) and orders (0–6); give up after enough tries.
  for (let added = 0, tries = 0; added < count && tries < count * 20; tries++) {
    const key = pending.shift();
    if (key === undefined) {
      found(state);
      continue;
    }
    state.data.remember(table, key, dataset.mutate({ additions: [key] }).added[0]!);
    added += 1;
  }
}

/** Distinct live rows picked at random (fewer when the table is small). */
function sample(dataset: Dataset, count: number, rng: Rng): DatasetRow[] {
  const picked = new Map<number, DatasetRow>();
  const maxId = dataset.maxId();
  for (let attempt = 0; picked.size < count && attempt < count * 20 + 100 && maxId > 0; attempt++) {
    const row = dataset.get(1 + rng.below(maxId));
    if (row) picked.set(row.id, row);
  }
  return [...picked.values()];
}

function deleteCustomer(state: ChangeState, customer: DatasetRow): void {
  const { data } = state;
  const company = customer.key.company;
  const live = (dataset: Dataset, ids: number[]) =>
    ids.map((id) => dataset.get(id)).filter((row): row is DatasetRow => row !== null);
  remove(state, 'Sales Order', live(data.orders, data.orderIdsOf(company)));
  remove(state, 'Contact', live(data.contacts, data.contactIdsOf(company)));
  const address = data.addressIdOf(company);
  remove(state, 'Address', live(data.addresses, address === null ? [] : [address]));
  remove(state, 'Customer', [customer]);
}

/** Deletes rows, first writing each one's Deleted Document (the document as it was, children included). */
function remove(state: ChangeState, doctype: string, rows: DatasetRow[]): void {
  if (rows.length === 0) return;
  const parent = state.doctypes.get(doctype)!;
  const now = state.clock.datetime(state.data.clock.now());
  for (const row of rows) {
    const rendered = parent.render(row);
    if (!rendered) continue;
    const doc = { ...rendered.doc, doctype, ...rendered.children };
    state.deleted.push({
      name: hash32(row.id, state.deleted.length, saltOf(doctype)).toString(36).padStart(7, '0'),
      owner: 'Administrator',
      creation: now,
      modified: now,
      modified_by: 'Administrator',
      docstatus: 0,
      idx: 0,
      deleted_name: rendered.doc.name,
      deleted_doctype: doctype,
      restored: 0,
      new_name: null,
      data: JSON.stringify(doc, null, 1),
    });
  }
  parent.dataset.mutate({ deletions: rows.map((row) => row.id) });
}
