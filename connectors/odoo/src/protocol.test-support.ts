import { type CrmError, createLogger, type OdooSourceConfig, SourceConfig } from '@crm-bridge/core';
import { type ClosableHttpClient, createHttpClient } from '@crm-bridge/sync';
import { useNock } from '@test/support/nock';
import type nock from 'nock';
import { odooErrors } from './errors';

/** Shared pieces of the nock protocol tests: a fake Odoo host, a source for it, strict nock hooks. */
export const BASE = 'http://odoo.test';
export const KEY = 'k3y-0f-the-integration-user';
export const signal = new AbortController().signal;
const log = createLogger({ level: 'silent' });
let clients: ClosableHttpClient[] = [];

export function source(overrides: Record<string, unknown> = {}): OdooSourceConfig {
  return SourceConfig.parse({
    kind: 'odoo',
    id: 'odoo',
    url: BASE,
    database: 'acme',
    api: 'jsonrpc',
    credentials: { username: 'sync@acme.example', apiKey: KEY },
    ...overrides,
  }) as OdooSourceConfig;
}

/** A connector context with the real HTTP client and the Odoo error table. */
export function context(config: OdooSourceConfig) {
  const http = createHttpClient({
    baseUrl: BASE,
    timeoutMs: 2000,
    requestsPerSecond: 1000,
    concurrency: 2,
    errors: odooErrors,
  });
  clients.push(http);
  return { source: config, http, log, signal };
}

/** A JSON-RPC `call` envelope as the connector sends it. */
export const rpc = (id: number, service: string, method: string, args: unknown[]): nock.DataMatcherMap => ({
  jsonrpc: '2.0',
  method: 'call',
  params: { service, method, args: args as nock.DataMatcherArray },
  id,
});

export async function failureOf(promise: Promise<unknown>): Promise<CrmError> {
  try {
    await promise;
  } catch (error) {
    return error as CrmError;
  }
  throw new Error('expected a failure');
}

/** No real network; every mocked request used by the end of each test. */
export function useStrictNock(): void {
  useNock(() => {
    for (const client of clients) client.close();
    clients = [];
  });
}
