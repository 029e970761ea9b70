import { migrate } from '@crm-bridge/store';
import { describeConnectorConformance } from '@crm-bridge/sync/testing';
import { openPgliteTestDb } from '@test/support/stores';
import { erpNextConnector } from './erpnext-connector';
import { startErpNextSandbox } from './sandbox/erpnext-sandbox';

jest.setTimeout(120_000);

describeConnectorConformance({
  name: 'ERPNext',
  connector: erpNextConnector,
  startSandbox: startErpNextSandbox,
  async openDb() {
    const handle = await openPgliteTestDb();
    await migrate(handle.db);
    return handle;
  },
  incrementalStreams: ['customers', 'contacts', 'orders'],
});
