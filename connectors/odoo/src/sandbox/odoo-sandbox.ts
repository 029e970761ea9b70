import type { IncomingMessage, ServerResponse } from 'node:http';
import { type SourceConfig, SourceConfig as SourceSchema } from '@crm-bridge/core';
import {
  applyFault,
  createFaults,
  createRng,
  createSandboxClock,
  createWorld,
  type FaultSettings,
  type SandboxHandle,
  type SandboxOptions,
  type StartSandbox,
  sendJson,
  sendText,
  startSandboxServer,
} from '@crm-bridge/sync/testing';
import type { OdooMajor } from './field-specs';
import { createOdooTables, type OdooTables } from './odoo-world';
import { handleJson2 } from './routes-json2';
import { handleJsonRpc, versionInfo } from './routes-jsonrpc';
import { applyChange, deletedIdsOf, liveIdsOf, type PartnerStream } from './sandbox-state';

export const SANDBOX_DATABASE = 'sandbox';
export const SANDBOX_LOGIN = 'sync@sandbox.test';
/** The integration user's API key (also its password on /jsonrpc). Not a secret: a test fixture. */
export const SANDBOX_API_KEY = 'sandbox-odoo-api-key';

export interface OdooSandboxOptions extends SandboxOptions {
  /** The Odoo version played. @defaultValue 17 (legacy /jsonrpc only, raw write_date comparisons) */
  version?: OdooMajor;
}

export interface OdooSandboxHandle extends SandboxHandle {
  version: OdooMajor;
  tables: OdooTables;
}

/** Starts a sandboxed Odoo on 127.0.0.1 speaking /jsonrpc (all versions) and JSON-2 (19) over the shared world. */
export async function createOdooSandbox(options: OdooSandboxOptions): Promise<OdooSandboxHandle> {
  const seed = options.seed ?? 1;
  const version = options.version ?? 17;
  const clock = createSandboxClock();
  const world = createWorld({ seed, size: options.size, nowMs: clock.now() });
  const faults = createFaults({ ...options.faults, seed });
  const tables = createOdooTables({ world, clock, faults, version, seed });
  const routeOptions = { version, database: SANDBOX_DATABASE, models: tables.models };

  const server = await startSandboxServer(async (req: IncomingMessage, res: ServerResponse) => {
    const fault = faults.beforeRequest({ method: req.method, url: req.url });
    if (await applyFault(res, fault)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/jsonrpc') {
      await handleJsonRpc(
        req,
        res,
        { ...routeOptions, login: SANDBOX_LOGIN, secret: SANDBOX_API_KEY },
        fault,
      );
    } else if (path?.startsWith('/json/2/')) {
      await handleJson2(req, res, { ...routeOptions, apiKey: SANDBOX_API_KEY }, fault);
    } else if (path === '/web/version') {
      const info = versionInfo(version);
      sendJson(res, 200, { version_info: info.server_version_info, version: info.server_version });
    } else {
      sendText(res, 404, '<!doctype html><title>404 Not Found</title><h1>Not Found</h1>', 'text/html');
    }
  });

  const source = (id: string, apiKey: string): SourceConfig =>
    SourceSchema.parse({
      kind: 'odoo',
      id,
      url: server.url,
      database: SANDBOX_DATABASE,
      api: 'auto',
      credentials: { username: SANDBOX_LOGIN, apiKey },
      // Odoo has no rate limiter (1.1); on loopback the default 5 requests/s would only slow tests down.
      rateLimit: { requestsPerSecond: 1000, concurrency: 4 },
    });
  const tableOf = (stream: PartnerStream | 'orders') => (stream === 'orders' ? 'sale.order' : 'res.partner');
  let changes = 0;

  return {
    erp: 'odoo',
    url: server.url,
    version,
    tables,
    source: (id) => source(id, SANDBOX_API_KEY),
    sourceWithBadCredentials: (id) => source(id, 'not-the-key'),
    expected: () => ({
      customers: liveIdsOf(tables, 'customers').length,
      contacts: liveIdsOf(tables, 'contacts').length,
      orders: liveIdsOf(tables, 'orders').length,
    }),
    liveIds: (stream) => liveIdsOf(tables, stream).map(String),
    // Deleted rows count too: a malformed row deleted later was never stored, so is no "deleted" row either.
    malformedIds: (stream) =>
      [...liveIdsOf(tables, stream), ...deletedIdsOf(tables, stream)]
        .filter((id) => faults.isMalformed(tableOf(stream), id))
        .map(String),
    change(plan) {
      changes += 1;
      clock.advance(1000 + (changes % 7) * 137);
      applyChange(tables, plan, createRng(seed * 7919 + changes));
    },
    setFaults: (settings: FaultSettings) => faults.setPlan({ ...settings, seed }),
    close: () => server.close(),
  };
}

/** The sandbox the conformance suite, the demo and the benchmark start (Odoo 17 over /jsonrpc). */
export const startOdooSandbox: StartSandbox = (options) => createOdooSandbox(options);
