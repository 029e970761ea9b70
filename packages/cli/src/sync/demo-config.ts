import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, Secret, type SourceConfig } from '@crm-bridge/core';
import type { SandboxHandle } from '@crm-bridge/sync/testing';
import { stringify } from 'yaml';
import { CONFIG_DIR } from '../commands/init';

/** The demo's config: config/demo.yaml with the running sandboxes as its sources, written for the user to read. */
export function writeDemoConfig(dir: string, sandboxes: SandboxHandle[]): string {
  const base = loadConfig(path.join(CONFIG_DIR, 'demo.yaml'), {});
  const document = {
    version: 1,
    store: { dataDir: path.join(dir, 'pglite') },
    currency: { base: base.currency.base, rates: base.currency.rates },
    phone: base.phone,
    owners: base.owners,
    logging: { level: 'error' },
    sources: sandboxes.map((sandbox) => sourceDocument(sandbox.source(sandbox.erp))),
  };
  const file = path.join(dir, 'crm-bridge.yaml');
  writeFileSync(
    file,
    `# Written by crm-bridge demo: the sandboxes' ports change every run.\n${stringify(document)}`,
  );
  return file;
}

/** A parsed source back in the YAML's words: secrets revealed (sandbox credentials), parsed schedules left to defaults. */
function sourceDocument(source: SourceConfig): Record<string, unknown> {
  const { schedule: _schedule, ...rest } = source;
  return revealed(rest) as Record<string, unknown>;
}

function revealed(value: unknown): unknown {
  if (value instanceof Secret) return value.reveal();
  if (Array.isArray(value)) return value.map(revealed);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, revealed(inner)]));
  }
  return value;
}
