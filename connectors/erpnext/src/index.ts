export { erpNextConnector } from './erpnext-connector';
export { erpNextErrors } from './errors';
export {
  type ErpNextSandboxHandle,
  type ErpNextSandboxOptions,
  startErpNextSandbox,
  startErpNextSite,
} from './sandbox/erpnext-sandbox';
export type { ErpNextSession } from './session';
