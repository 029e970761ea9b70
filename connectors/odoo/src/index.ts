/** The Odoo connector (legacy /jsonrpc and Odoo 19 JSON-2) and its sandbox. */
export { odooErrors } from './errors';
export { mapOrder, type OdooOrderRaw } from './map-order';
export { mapPartner } from './map-partner';
export { odooConnector } from './odoo-connector';
export type { OdooSession, OdooVersion } from './odoo-session';
export type { OdooMajor } from './sandbox/field-specs';
export {
  createOdooSandbox,
  type OdooSandboxHandle,
  type OdooSandboxOptions,
  SANDBOX_API_KEY,
  SANDBOX_DATABASE,
  SANDBOX_LOGIN,
  startOdooSandbox,
} from './sandbox/odoo-sandbox';
