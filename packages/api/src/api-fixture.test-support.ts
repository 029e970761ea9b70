import { Config, type ConfigInput, createLogger, InvalidRecordError } from '@crm-bridge/core';
import { type Actor, type Db, migrate } from '@crm-bridge/store';
import type { Connector, Page, Stream } from '@crm-bridge/sync';
import { openTestDb } from '@test/support/stores';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type ApiDeps, createApi } from './app/create-api';
import { createApiKey, type NewApiKey } from './auth/api-key-store';

/** A config with one Odoo-kind source, `shop`, that the fake connector serves. */
export function testConfig(extra: Partial<ConfigInput> = {}): Config {
  return Config.parse({
    version: 1,
    currency: { base: 'EUR' },
    phone: { defaultRegion: 'DE' },
    sources: [
      {
        id: 'shop',
        kind: 'odoo',
        url: 'http://127.0.0.1:9',
        database: 'shop',
        credentials: { username: 'bot', password: 'odoo-password-never-logged' },
        pageSize: 2,
      },
    ],
    logging: { level: 'silent' },
    ...extra,
  });
}

/** A migrated database of either driver for one test file. */
export async function openMigratedDb(driver: 'postgres' | 'pglite') {
  const test = await openTestDb(driver);
  await migrate(test.db);
  return test;
}

export const operator: Actor = { kind: 'cli', id: 'test', channel: 'cli' };

/** Creates a key as the CLI would and returns it in the clear with its id. */
export async function makeKey(db: Db, input: Partial<NewApiKey> = {}) {
  const { key, info } = await createApiKey(db, { name: 'test key', scopes: ['read'], ...input }, operator);
  return { key, id: info.id, prefix: info.prefix };
}

export interface FakeCustomer {
  id: number;
  name: string;
  email?: string;
  phone?: string;
  modified: string;
}

export interface FakeOrder {
  id: number;
  customerId: number;
  number: string;
  orderedAt: string;
  total: number;
}

/** What the fake ERP holds; `gate` (when set) holds the first page back until it resolves. */
export interface FakeErp {
  customers: FakeCustomer[];
  orders: FakeOrder[];
  gate?: Promise<void>;
}

function pageOfList<T>(list: readonly T[], token: unknown, size: number): Page<T> {
  const offset = typeof token === 'number' ? token : 0;
  const next = offset + size < list.length ? offset + size : null;
  return { records: list.slice(offset, offset + size), next, total: list.length };
}

/** A connector over in-memory records (the API's tests may not import the real connectors). */
export function fakeConnector(erp: FakeErp): Connector {
  const customers: Stream<unknown, FakeCustomer> = {
    name: 'customers',
    kind: 'customer',
    incremental: 'modified',
    async readPage(_session, request) {
      if (erp.gate && request.token === null) await erp.gate;
      return pageOfList(erp.customers, request.token, request.pageSize);
    },
    identify: (raw) => ({ externalId: String(raw.id), modifiedAt: raw.modified }),
    map(raw, context) {
      if (raw.name === '') throw new InvalidRecordError('a customer without a name');
      return {
        sourceId: context.sourceId,
        externalId: String(raw.id),
        kind: 'organization',
        displayName: raw.name,
        emails: raw.email ? [raw.email] : [],
        phones: raw.phone ? [raw.phone] : [],
        sourceModifiedAt: raw.modified,
      };
    },
  };
  const orders: Stream<unknown, FakeOrder> = {
    name: 'orders',
    kind: 'order',
    incremental: 'modified',
    readPage: async (_session, request) => pageOfList(erp.orders, request.token, request.pageSize),
    identify: (raw) => ({ externalId: String(raw.id), modifiedAt: raw.orderedAt }),
    map: (raw, context) => ({
      sourceId: context.sourceId,
      externalId: String(raw.id),
      number: raw.number,
      customerExternalId: String(raw.customerId),
      status: 'fulfilled',
      erpStatus: 'done',
      orderedAt: raw.orderedAt,
      currency: 'EUR',
      netAmount: raw.total,
      taxAmount: 0,
      totalAmount: raw.total,
      lines: [{ lineNo: 1, name: 'Widget', quantity: 1, unitPrice: raw.total, amount: raw.total }],
      sourceModifiedAt: raw.orderedAt,
    }),
  };
  return { kind: 'odoo', connect: async () => ({}), streams: [customers, orders], errors: [] };
}

/** A small world: three companies (one sharing an e-mail with another), orders, one malformed record. */
export function smallErp(): FakeErp {
  return {
    customers: [
      {
        id: 1,
        name: 'Acme GmbH',
        email: 'buy@acme.example',
        phone: '+49 30 1234567',
        modified: '2026-01-01T10:00:00Z',
      },
      { id: 2, name: 'Acme Berlin', email: 'buy@acme.example', modified: '2026-01-02T10:00:00Z' },
      { id: 3, name: "Bob's Bikes", email: 'bob@bikes.example', modified: '2026-01-03T10:00:00Z' },
      { id: 4, name: '', modified: '2026-01-04T10:00:00Z' },
      { id: 5, name: 'Carla Cafe', email: 'carla@cafe.example', modified: '2026-01-05T10:00:00Z' },
    ],
    orders: Array.from({ length: 7 }, (_, i) => ({
      id: 100 + i,
      customerId: i < 5 ? 1 : 3,
      number: `SO${100 + i}`,
      orderedAt: `2025-0${1 + i}-15T09:00:00Z`,
      total: 100 + i * 10,
    })),
  };
}

/** Log lines captured from the API's logger, as text. */
export function logCapture() {
  const lines: string[] = [];
  return {
    lines,
    log: createLogger({ level: 'trace', destination: { write: (line: string) => lines.push(line) } }),
    text: () => lines.join(''),
  };
}

/** The API as the tests build it: responses checked against their schemas, no key cache, quiet. */
export function testApi(db: Db, config: Config, deps: Partial<ApiDeps> = {}): FastifyInstance {
  return createApi({
    db,
    config,
    log: createLogger({ level: 'silent' }),
    validateResponses: true,
    authCacheTtlMs: 0,
    processMetrics: false,
    ...deps,
  });
}

/** One request through `inject`, with a key when given. */
export async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse & { body: string; json<T = Record<string, unknown>>(): T }> {
  return app.inject({
    method,
    url,
    headers: { ...(options.key ? { authorization: `Bearer ${options.key}` } : {}), ...options.headers },
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  }) as never;
}

/** Waits until `check` holds (polling), for the background work of a sync run. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  ms = 20_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
