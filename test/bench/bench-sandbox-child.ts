/**
 * The benchmark's sandbox, in its own process so the sync's memory is measured alone. Talks to the
 * parent over IPC: it answers `{ url, configFile, expected }` once started, applies `change` messages.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeDemoConfig } from '@crm-bridge/cli';
import { startErpNextSandbox } from '@crm-bridge/connector-erpnext';
import { startOdooSandbox } from '@crm-bridge/connector-odoo';
import { startOneCSandbox } from '@crm-bridge/connector-onec';
import type { ChangePlan, StartSandbox } from '@crm-bridge/sync/testing';

const starters: Record<string, StartSandbox> = {
  odoo: startOdooSandbox,
  erpnext: startErpNextSandbox,
  onec: startOneCSandbox,
};

async function main(): Promise<void> {
  const [erp, sizeText] = process.argv.slice(2);
  const start = starters[erp ?? ''];
  if (!start || !process.send)
    throw new Error('usage: fork bench-sandbox-child.js <odoo|erpnext|onec> <size>');
  const sandbox = await start({ seed: 42, size: Number(sizeText) });
  const configFile = writeDemoConfig(mkdtempSync(path.join(os.tmpdir(), 'crm-bench-')), [sandbox]);
  process.on('message', (message: { type: 'change'; plan: ChangePlan } | { type: 'close' }) => {
    if (message.type === 'change') {
      sandbox.change(message.plan);
      process.send!({ type: 'changed', expected: sandbox.expected() });
    } else {
      void sandbox.close().then(() => process.exit(0));
    }
  });
  process.send({ type: 'ready', url: sandbox.url, configFile, expected: sandbox.expected() });
}

void main();
