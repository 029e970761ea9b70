import {
  createLogger,
  type SourceConfig,
  SourceConfig as SourceConfigSchema,
  type StreamName,
} from '@crm-bridge/core';
import { type Db, getCursor, migrate } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import type { HttpClient } from '../http/http-client';
import type { Connector, Page, Stream } from '../kit/connector';
import { type SandboxServer, sendJson, startSandboxServer } from '../testing/index';
import { syncSource } from './source-sync';
import { type AfterPage, syncStream } from './stream-sync';

const log = createLogger({ level: 'silent' });
const NOW = new Date('2026-03-01T00:00:00.000Z');

interface RawRow {
  id: string;
  name: string;
  customer?: string;
  modified: string;
}

/** What the little ERP behind the sandbox server holds: 5 customers and 3 orders. */
const ERP: Record<'customers' | 'orders', RawRow[]> = {
  customers: Array.from({ length: 5 }, (_, i) => ({
    id: `C${i + 1}`,
    name: `Фирма ${i + 1}`,
    modified: `2026-02-0${i + 1}T10:00:00Z`,
  })),
  orders: Array.from({ length: 3 }, (_, i) => ({
    id: `SO${i + 1}`,
    name: `SO-${i + 1}`,
    customer: `C${i + 1}`,
    modified: `2026-02-1${i}T10:00:00Z`,
  })),
};

/** A stream reading `GET /<name>?offset=&limit=` from the sandbox, offset as the page token. */
function stream(name: 'customers' | 'orders'): Stream<HttpClient, RawRow> {
  return {
    name,
    kind: name === 'customers' ? 'customer' : 'order',
    incremental: 'modified',
    async readPage(http, request): Promise<Page<RawRow>> {
      const offset = typeof request.token === 'number' ? request.token : 0;
      const { data } = await http.request<{ records: RawRow[]; total: number }>({
        url: `/${name}`,
        params: { offset, limit: request.pageSize },
        signal: request.signal,
      });
      const next = offset + data.records.length;
      return { records: data.records, next: next < data.total ? next : null, total: data.total };
    },
    identify: (raw) => ({ externalId: raw.id, modifiedAt: raw.modified }),
    map: (raw, context) =>
      name === 'customers'
        ? {
            sourceId: context.sourceId,
            externalId: raw.id,
            kind: 'organization',
            displayName: raw.name,
            sourceModifiedAt: raw.modified,
          }
        : {
            sourceId: context.sourceId,
            externalId: raw.id,
            number: raw.name,
            customerExternalId: raw.customer,
            status: 'confirmed',
            erpStatus: 'sale',
            orderedAt: raw.modified,
            currency: 'EUR',
            netAmount: 10,
            taxAmount: 0,
            totalAmount: 10,
            sourceModifiedAt: raw.modified,
          },
  };
}

const connector: Connector<SourceConfig, HttpClient> = {
  kind: 'odoo',
  connect: async (context) => context.http,
  streams: [stream('customers'), stream('orders')],
  errors: [],
};

/** What a hook saw when it was called: the page's stream, the rows stored, and the committed cursor. */
interface Seen {
  stream: StreamName;
  stored: number;
  storedAtEnd: number;
  resumeToken: unknown;
}

async function storedRows(db: Db, source: string, stream: StreamName): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    stream === 'orders'
      ? `SELECT count(*)::int AS n FROM orders WHERE source = $1`
      : `SELECT count(*)::int AS n FROM source_records WHERE source = $1 AND stream = $2`,
    stream === 'orders' ? [source] : [source, stream],
  );
  return row!.n;
}

/** A hook that records what the store holds when it is called, and again after it took its time. */
function recordingHook(db: Db, source: string, seen: Seen[]): AfterPage {
  return async (page) => {
    expect(page.source).toBe(source);
    const name = page.stream;
    const stored = await storedRows(db, source, name);
    const cursor = await getCursor<{ resume: { token: unknown } | null }>(db, source, name);
    // Slow on purpose: the engine must not write the next page meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 40));
    seen.push({
      stream: name,
      stored,
      storedAtEnd: await storedRows(db, source, name),
      resumeToken: cursor?.cursor.resume?.token ?? null,
    });
  };
}

describe.each(['pglite', 'postgres'] as const)('the after-page hook on %s', (driver) => {
  let handle: TestDb;
  let server: SandboxServer;
  // One database for the file; each test syncs a source of its own.
  beforeAll(async () => {
    handle = await openTestDb(driver);
    await migrate(handle.db);
    server = await startSandboxServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      const rows = ERP[url.pathname.slice(1) as 'customers' | 'orders'];
      if (!rows) return sendJson(res, 404, { error: 'no such table' });
      const offset = Number(url.searchParams.get('offset'));
      const limit = Number(url.searchParams.get('limit'));
      sendJson(res, 200, { records: rows.slice(offset, offset + limit), total: rows.length });
    });
  });
  afterAll(async () => {
    await server.close();
    await handle.cleanup();
  });
  const sourceNamed = (id: string): SourceConfig =>
    SourceConfigSchema.parse({
      kind: 'odoo',
      id,
      url: server.url,
      database: 'acme',
      api: 'jsonrpc',
      credentials: { username: 'sync@acme.example', apiKey: 'k3y-0f-the-integration-user' },
      pageSize: 2,
    });

  it('is awaited once per committed page, and sees the page and its cursor committed', async () => {
    const { db } = handle;
    const seen: Seen[] = [];
    const result = await syncSource({
      db,
      connector: connector as Connector,
      source: sourceNamed('first'),
      log,
      afterPage: recordingHook(db, 'first', seen),
      now: () => NOW,
    });
    expect(result.streams.map((s) => [s.stream, s.status, s.counts.inserted])).toEqual([
      ['customers', 'succeeded', 5],
      ['orders', 'succeeded', 3],
    ]);
    // Every call finished before the sync returned, each seeing exactly the pages written so far.
    expect(seen).toEqual([
      { stream: 'customers', stored: 2, storedAtEnd: 2, resumeToken: 2 },
      { stream: 'customers', stored: 4, storedAtEnd: 4, resumeToken: 4 },
      { stream: 'customers', stored: 5, storedAtEnd: 5, resumeToken: null },
      { stream: 'orders', stored: 2, storedAtEnd: 2, resumeToken: 2 },
      { stream: 'orders', stored: 3, storedAtEnd: 3, resumeToken: null },
    ]);
  });

  it('is called for every page of a re-sync too, though nothing changed', async () => {
    const { db } = handle;
    const source = sourceNamed('again');
    await syncSource({ db, connector: connector as Connector, source, log, now: () => NOW });
    const seen: Seen[] = [];
    const again = await syncSource({
      db,
      connector: connector as Connector,
      source,
      log,
      mode: 'full',
      streams: ['customers'],
      afterPage: recordingHook(db, 'again', seen),
      now: () => NOW,
    });
    expect(again.streams.map((s) => [s.stream, s.counts.inserted, s.counts.unchanged])).toEqual([
      ['customers', 0, 5],
    ]);
    expect(seen.map((s) => [s.stream, s.stored])).toEqual([
      ['customers', 5],
      ['customers', 5],
      ['customers', 5],
    ]);
  });

  it('is not called in a dry run, which writes nothing', async () => {
    const { db } = handle;
    const afterPage = jest.fn(async () => undefined);
    const result = await syncSource({
      db,
      connector: connector as Connector,
      source: sourceNamed('dry'),
      log,
      dryRun: true,
      afterPage,
      now: () => NOW,
    });
    expect(result.streams.map((s) => [s.stream, s.status, s.counts.inserted])).toEqual([
      ['customers', 'succeeded', 5],
      ['orders', 'succeeded', 3],
    ]);
    expect(afterPage).not.toHaveBeenCalled();
    expect(await storedRows(db, 'dry', 'customers')).toBe(0);
    expect(await storedRows(db, 'dry', 'orders')).toBe(0);
  });

  it('fails the stream when the hook throws, keeping the pages committed before it', async () => {
    const { db } = handle;
    let calls = 0;
    const pages: Page<RawRow>[] = [
      { records: ERP.customers.slice(0, 2), next: 2 },
      { records: ERP.customers.slice(2, 4), next: 4 },
      { records: ERP.customers.slice(4), next: null },
    ];
    const result = await syncStream({
      db,
      stream: stream('customers') as Stream,
      fetchPage: async (token) => pages[typeof token === 'number' ? token / 2 : 0]!,
      context: { sourceId: 'failing', timeZone: 'UTC' },
      mode: 'incremental',
      overlapMs: 0,
      dryRun: false,
      signal: new AbortController().signal,
      log,
      afterPage: async () => {
        calls += 1;
        if (calls === 2) throw new Error('profiles are down');
      },
      now: () => NOW,
    });
    expect(result).toMatchObject({ status: 'failed', error: 'profiles are down' });
    expect(calls).toBe(2);
    // The second page committed before its hook ran; the third was never written.
    expect(await storedRows(db, 'failing', 'customers')).toBe(4);
    expect(
      (await getCursor<{ resume: { token: unknown } }>(db, 'failing', 'customers'))?.cursor.resume.token,
    ).toBe(4);
  });
});
