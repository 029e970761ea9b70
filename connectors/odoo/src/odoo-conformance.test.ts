import { migrate } from '@crm-bridge/store';
// The suite is not on @crm-bridge/sync/testing (it pulls in the store), so it is imported by path like the other connectors do.
import { describeConnectorConformance } from '@crm-bridge/sync/testing';
import { openPgliteTestDb } from '@test/support/stores';
import { odooConnector } from './odoo-connector';
import { createOdooSandbox, startOdooSandbox } from './sandbox/odoo-sandbox';

jest.setTimeout(120_000);

async function openDb() {
  const handle = await openPgliteTestDb();
  await migrate(handle.db);
  return handle;
}

// Odoo 17: /jsonrpc, raw (microsecond) write_date comparisons, session expiry as JSON-RPC code 100.
describeConnectorConformance({
  name: 'Odoo 17 /jsonrpc',
  connector: odooConnector as never,
  startSandbox: startOdooSandbox,
  openDb,
  incrementalStreams: ['customers', 'contacts', 'orders'],
});

// Odoo 19: api auto picks JSON-2 with the bearer key; whole-second comparisons.
describeConnectorConformance({
  name: 'Odoo 19 JSON-2',
  connector: odooConnector as never,
  startSandbox: (options) => createOdooSandbox({ ...options, version: 19 }),
  openDb,
  incrementalStreams: ['customers', 'contacts', 'orders'],
});
