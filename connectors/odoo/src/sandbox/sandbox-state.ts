import type { ChangePlan, DatasetMutation, Rng } from '@crm-bridge/sync/testing';
import type { OdooTables } from './odoo-world';

export type PartnerStream = 'customers' | 'contacts';

/** Live ids of a stream's rows (archived included): companies, their people, or orders. */
export function liveIdsOf(tables: OdooTables, stream: PartnerStream | 'orders'): number[] {
  const dataset = stream === 'orders' ? tables.orders : tables.partners;
  const out: number[] = [];
  const chunk = 50_000;
  for (let offset = 0; ; offset += chunk) {
    const ids = dataset.ids({ offset, limit: chunk });
    for (const id of ids) {
      if (stream === 'orders') out.push(id);
      else if (dataset.get(id)!.key.item < 0 === (stream === 'customers')) out.push(id);
    }
    if (ids.length < chunk) return out;
  }
}

/** Ids of a stream's rows deleted so far (malformed ones among them never reached a store). */
export function deletedIdsOf(tables: OdooTables, stream: PartnerStream | 'orders'): number[] {
  const dataset = stream === 'orders' ? tables.orders : tables.partners;
  return dataset
    .deletedRows()
    .filter((row) => stream === 'orders' || row.key.item < 0 === (stream === 'customers'))
    .map((row) => row.id);
}

/**
 * Applies a change plan: edits, archives (orders: cancellations), deletions and additions on each table the
 * plan's streams touch. When only one kind of partner is named, the rows are picked among that kind.
 */
export function applyChange(tables: OdooTables, plan: ChangePlan, rng: Rng): void {
  const streams = new Set(plan.streams ?? ['customers', 'contacts', 'orders']);
  if (streams.has('orders')) {
    tables.orders.mutate(mutationOf(plan), rng);
  }
  const customers = streams.has('customers');
  const contacts = streams.has('contacts');
  if (!customers && !contacts) return;
  if (customers && contacts) {
    tables.noteAdded(tables.partners.mutate(mutationOf(plan), rng).added);
    return;
  }
  const pool = liveIdsOf(tables, customers ? 'customers' : 'contacts');
  const pick = (count: number, from: number[]): number[] => {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, from.length)) chosen.add(from[rng.below(from.length)]!);
    return [...chosen];
  };
  const active = pool.filter((id) => !tables.partners.get(id)!.archived);
  const edits = pick(plan.edits, pool);
  const archives = pick(
    plan.archives,
    active.filter((id) => !edits.includes(id)),
  );
  const deletions = pick(
    plan.deletions,
    pool.filter((id) => !edits.includes(id) && !archives.includes(id)),
  );
  // Additions are new companies; a contacts-only plan adds none.
  const result = tables.partners.mutate(
    { edits, archives, deletions, additions: customers ? plan.additions : 0 },
    rng,
  );
  tables.noteAdded(result.added);
}

function mutationOf(plan: ChangePlan): DatasetMutation {
  return { edits: plan.edits, archives: plan.archives, deletions: plan.deletions, additions: plan.additions };
}
