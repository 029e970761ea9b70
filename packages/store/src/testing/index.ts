/** @crm-bridge/store/testing: the conformance suite any Db implementation must pass. */

export { expectedTables } from './conformance-schema';
export { describeStoreConformance, type OpenConformanceDb } from './store-conformance';
