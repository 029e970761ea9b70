export * from './connector-conformance';
export * from './crashing-db';
export * from './sandbox-handle';
export * from './store-snapshot';
