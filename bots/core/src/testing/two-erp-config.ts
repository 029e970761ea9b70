import { type Config, parseConfig } from '@crm-bridge/core';

/** A config with an Odoo and an ERPNext source (each with its web address, so cards link to them). */
export function twoErpConfig(): Config {
  return parseConfig(
    [
      'version: 1',
      'currency:',
      '  base: EUR',
      'phone:',
      '  defaultRegion: DE',
      'sources:',
      '  - id: odoo',
      '    kind: odoo',
      '    name: Odoo Berlin',
      '    url: https://odoo.example.com',
      '    database: acme',
      '    credentials: { username: bot, apiKey: odoo-key }',
      '  - id: erpnext',
      '    kind: erpnext',
      '    name: ERPNext Wholesale',
      '    url: https://erp.example.com',
      '    timezone: Europe/Berlin',
      '    credentials: { apiKey: k, apiSecret: s }',
      'logging:',
      '  level: silent',
    ].join('\n'),
    { fileName: 'crm-bridge.yaml', env: {} },
  );
}
