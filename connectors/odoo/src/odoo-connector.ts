import type { OdooSourceConfig } from '@crm-bridge/core';
import type { Connector } from '@crm-bridge/sync';
import { odooErrors } from './errors';
import { connectOdoo, type OdooSession } from './odoo-session';
import { contactsStream } from './streams/contacts';
import { customersStream } from './streams/customers';
import { ordersStream } from './streams/orders';

/** Odoo over /jsonrpc (all versions up to 19) or JSON-2 (19+): partners and sale orders. */
export const odooConnector: Connector<OdooSourceConfig, OdooSession> = {
  kind: 'odoo',
  connect: connectOdoo,
  streams: [customersStream, contactsStream, ordersStream] as Connector<
    OdooSourceConfig,
    OdooSession
  >['streams'],
  errors: odooErrors,
};
