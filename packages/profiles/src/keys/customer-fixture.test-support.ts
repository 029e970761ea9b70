import { Customer, type CustomerInput } from '@crm-bridge/core';
import type { ResolvableRecord } from '../resolution/resolution-types';

/** A canonical Customer with defaults: an organisation named Ромашка in source `odoo`. */
export function customer(input: Partial<CustomerInput> & { externalId: string }): Customer {
  return Customer.parse({ sourceId: 'odoo', kind: 'organization', displayName: 'Ромашка', ...input });
}

/** A record keyed `source/externalId`. */
export function record(input: Partial<CustomerInput> & { externalId: string }): ResolvableRecord {
  const c = customer(input);
  return { key: `${c.sourceId}/${c.externalId}`, customer: c };
}
