/** The ERPNext / Frappe connector: token auth on REST v1, three keyset-paged streams, one error table. */
import type { ErpNextSourceConfig } from '@crm-bridge/core';
import type { Connector } from '@crm-bridge/sync';
import { erpNextErrors } from './errors';
import { loggedUser } from './frappe-query';
import { type ErpNextSession, streamFilters } from './session';
import { contactsStream } from './streams/contacts-stream';
import { customersStream } from './streams/customers-stream';
import { ordersStream } from './streams/orders-stream';

export const erpNextConnector: Connector<ErpNextSourceConfig, ErpNextSession> = {
  kind: 'erpnext',

  /** Sets `Authorization: token key:secret` and checks it with `frappe.auth.get_logged_user` (401 → ConfigError). */
  async connect({ source, http, log, signal }) {
    http.setDefaultHeaders({
      Authorization: `token ${source.credentials.apiKey.reveal()}:${source.credentials.apiSecret.reveal()}`,
      // Frappe ≤ v12 answers errors in HTML unless asked for JSON.
      Accept: 'application/json',
    });
    const user = await loggedUser(http, signal);
    log.debug({ source: source.id, user }, 'connected to ERPNext');
    return {
      http,
      timeZone: source.timezone,
      filters: streamFilters(source),
      log,
      readDeletedDocuments: true,
    };
  },

  streams: [customersStream, contactsStream, ordersStream],
  errors: erpNextErrors,
};
