/** The 1C:Enterprise OData connector and its sandbox. */
export { oneCConnector } from './onec-connector';
export { startOneCSandbox } from './sandbox/onec-sandbox';
