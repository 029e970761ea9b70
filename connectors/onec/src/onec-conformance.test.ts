import { migrate } from '@crm-bridge/store';
import type { Connector } from '@crm-bridge/sync';
import { describeConnectorConformance } from '@crm-bridge/sync/testing';
import { openPgliteTestDb } from '@test/support/stores';
import { oneCConnector } from './onec-connector';
import { startOneCSandbox } from './sandbox/onec-sandbox';

describeConnectorConformance({
  name: '1C:Enterprise OData',
  connector: oneCConnector as Connector,
  startSandbox: startOneCSandbox,
  openDb: async () => {
    const handle = await openPgliteTestDb();
    await migrate(handle.db);
    return handle;
  },
  // 1C keeps no modified-at: every stream is a full scan, only changed rows written.
  incrementalStreams: [],
});
