import { erpNextConnector } from '@crm-bridge/connector-erpnext';
import { odooConnector } from '@crm-bridge/connector-odoo';
import { oneCConnector } from '@crm-bridge/connector-onec';
import type { SourceConfig } from '@crm-bridge/core';
import type { Connector } from '@crm-bridge/sync';

const registry: Record<SourceConfig['kind'], Connector> = {
  odoo: odooConnector as Connector,
  erpnext: erpNextConnector as Connector,
  onec: oneCConnector as Connector,
};

/** The connector for a source's kind. */
export function connectorFor(kind: SourceConfig['kind']): Connector {
  return registry[kind];
}
