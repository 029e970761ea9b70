import { type CrmError, createLogger, type OdooSourceConfig } from '@crm-bridge/core';
import { createHttpClient, type PageToken, type Stream } from '@crm-bridge/sync';
import { odooErrors } from './errors';
import { odooConnector } from './odoo-connector';
import type { OdooSession } from './odoo-session';
import { createOdooSandbox, type OdooSandboxHandle } from './sandbox/odoo-sandbox';

const signal = new AbortController().signal;
const log = createLogger({ level: 'silent' });
const handles: OdooSandboxHandle[] = [];
afterAll(() => Promise.all(handles.map((handle) => handle.close())));

async function connect(sandbox: OdooSandboxHandle, overrides: Partial<OdooSourceConfig> = {}) {
  const source = { ...(sandbox.source('odoo') as OdooSourceConfig), ...overrides };
  const http = createHttpClient({
    baseUrl: sandbox.url,
    timeoutMs: 5000,
    requestsPerSecond: 1000,
    concurrency: 2,
    errors: odooErrors,
  });
  try {
    return { session: await odooConnector.connect({ source, http, log, signal }), close: () => http.close() };
  } catch (error) {
    http.close();
    throw error;
  }
}

async function readIds(
  stream: Stream<OdooSession>,
  session: OdooSession,
  pageSize: number,
  since: string | null = null,
) {
  const ids: string[] = [];
  let token: PageToken | null = null;
  do {
    const page = await stream.readPage(session, { since, token, pageSize, signal });
    ids.push(...page.records.map((raw) => stream.identify(raw).externalId!));
    token = page.next;
  } while (token !== null);
  return ids;
}

describe.each([17, 19] as const)('the Odoo connector against an Odoo %s sandbox', (version) => {
  let sandbox: OdooSandboxHandle;
  beforeAll(async () => {
    sandbox = await createOdooSandbox({ seed: 11, size: 80, version });
    handles.push(sandbox);
  });

  it('picks the API by version and reads every stream exactly once, ties across small pages included', async () => {
    const { session, close } = await connect(sandbox);
    expect(session.orm.api).toBe(version >= 19 ? 'json2' : 'jsonrpc');
    for (const stream of odooConnector.streams) {
      for (const pageSize of [2, 7, 50]) {
        const ids = await readIds(stream, session, pageSize);
        expect({ stream: stream.name, pageSize, ids: [...ids].sort() }).toEqual({
          stream: stream.name,
          pageSize,
          ids: [...sandbox.liveIds(stream.name)].sort(),
        });
      }
    }
    close();
  });

  it('sees rows edited while a read pages through them', async () => {
    const { session, close } = await connect(sandbox);
    const [customers] = odooConnector.streams;
    const live = sandbox.liveIds('customers').map(Number);
    sandbox.tables.partners.mutateAfterReads(2, { edits: live.slice(0, 5) });
    const ids = await readIds(customers!, session, 5);
    expect(new Set(ids)).toEqual(new Set(sandbox.liveIds('customers')));
    close();
  });

  it('maps every record it reads, except the ones served malformed', async () => {
    sandbox.setFaults({ malformedRate: 0.05 });
    const { session, close } = await connect(sandbox);
    for (const stream of odooConnector.streams) {
      const page = await stream.readPage(session, { since: null, token: null, pageSize: 1000, signal });
      const failed = page.records.flatMap((raw) => {
        try {
          stream.map(raw, { sourceId: 'odoo', timeZone: 'UTC' });
          return [];
        } catch {
          return [stream.identify(raw).externalId];
        }
      });
      expect({ stream: stream.name, failed: failed.sort() }).toEqual({
        stream: stream.name,
        failed: sandbox.malformedIds(stream.name).sort(),
      });
    }
    sandbox.setFaults({});
    close();
  });
});

it('calls a database the server does not have a config error', async () => {
  const sandbox = await createOdooSandbox({ seed: 2, size: 5 });
  handles.push(sandbox);
  const error = await connect(sandbox, { database: 'nope', api: 'jsonrpc' }).catch((e: CrmError) => e);
  expect((error as CrmError).code).toBe('odoo.database_missing');
});
