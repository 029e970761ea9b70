import { Customer, type CustomerInput, Order, type OrderInput as OrderShape } from '@crm-bridge/core';
import type { Db } from '../db/db';
import type { MigrationStatus } from '../migrations/migrate';
import { contentHash } from '../repositories/content-hash';
import type { OrderInput } from '../repositories/orders';
import type { SourceRecordInput } from '../repositories/source-records';

/** What each conformance section gets: the open database and what the first migrate did. */
export interface ConformanceContext {
  db(): Db;
  firstMigrate(): { applied: string[] };
  statusBefore(): MigrationStatus;
}

let sequence = 0;

/** A source id no other test uses, so tests sharing one database never see each other's rows. */
export function uniqueSource(prefix = 'src'): string {
  sequence += 1;
  return `${prefix}_${sequence}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A canonical customer with defaults filled, as a connector's mapper would produce it. */
export function customer(source: string, externalId: string, fields: Partial<CustomerInput> = {}): Customer {
  return Customer.parse({
    sourceId: source,
    externalId,
    kind: 'organization',
    displayName: `Customer ${externalId}`,
    ...fields,
  });
}

/** A source record input whose hash is computed from its content, as the sync engine does. */
export function recordInput(value: Customer, raw: unknown = { id: value.externalId }): SourceRecordInput {
  return { customer: value, raw, contentHash: contentHash({ value, raw }) };
}

/** A canonical order with defaults filled. */
export function order(source: string, externalId: string, fields: Partial<OrderShape> = {}): Order {
  return Order.parse({
    sourceId: source,
    externalId,
    number: `SO-${externalId}`,
    customerExternalId: 'C1',
    status: 'confirmed',
    erpStatus: 'sale',
    orderedAt: '2026-02-03T09:00:00.000Z',
    currency: 'EUR',
    netAmount: 1000,
    taxAmount: 200.5,
    totalAmount: 1200.5,
    lines: [
      { lineNo: 1, name: 'Widget', quantity: 2, unitPrice: 250, amount: 500 },
      { lineNo: 2, productCode: 'G-1', name: 'Gadget', quantity: 1.5, unitPrice: 333.333333, amount: 500 },
    ],
    ...fields,
  });
}

/** An order input with its content hash. */
export function orderInput(value: Order, raw: unknown = { name: value.number }): OrderInput {
  return { order: value, raw, contentHash: contentHash({ value, raw }) };
}

/** The SQLSTATE a rejected promise carries (both drivers set `code`). */
export async function sqlState(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
  throw new Error('expected the statement to be rejected, but it succeeded');
}
