import { type CustomerInput, createLogger } from '@crm-bridge/core';
import { type ClosableHttpClient, createHttpClient, type PageToken } from '@crm-bridge/sync';
import { erpNextConnector } from '../erpnext-connector';
import type { CustomerRaw, DeletedRaw } from '../raw-records';
import { type ErpNextSandboxHandle, startErpNextSite } from '../sandbox/erpnext-sandbox';
import type { ErpNextSession } from '../session';
import { customersStream } from './customers-stream';

const log = createLogger({ level: 'silent' });
const signal = new AbortController().signal;
let site: ErpNextSandboxHandle;
let http: ClosableHttpClient;
let session: ErpNextSession;

beforeAll(async () => {
  site = await startErpNextSite({ seed: 11, size: 60, timeZone: 'Europe/Berlin' });
  const source = site.source('erp');
  http = createHttpClient({
    baseUrl: source.url,
    timeoutMs: 5000,
    requestsPerSecond: 1000,
    concurrency: 4,
    errors: erpNextConnector.errors,
  });
  session = await erpNextConnector.connect({ source, http, log, signal });
});
afterAll(async () => {
  http.close();
  await site.close();
});

async function readAll(since: string | null, pageSize = 4): Promise<(CustomerRaw | DeletedRaw)[]> {
  const records: (CustomerRaw | DeletedRaw)[] = [];
  let token: PageToken | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await customersStream.readPage(session, { since, token, pageSize, signal });
    records.push(...page.records);
    token = page.next;
    if (token === null) return records;
  }
  throw new Error('did not reach the end');
}

describe('customers stream against the sandbox', () => {
  it('reads every customer once, with its address, across pages with ties', async () => {
    const records = (await readAll(null)) as CustomerRaw[];
    const names = records.map((record) => String(record.customer.name));
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(site.liveIds('customers').sort());
    expect(records.every((record) => record.addresses.length === 1)).toBe(true);
  });

  it('brings a customer back when only its address changed, and a deleted one as a tombstone', async () => {
    const since = new Date(site.data.clock.now()).toISOString();
    site.data.clock.advance(1500);
    const [addressId] = site.data.addresses.ids({ limit: 1 });
    site.data.addresses.mutate({ edits: [addressId!] });
    site.change({ edits: 0, archives: 0, deletions: 1, additions: 0, streams: ['customers'] });

    const records = await readAll(since, 2);
    const context = { sourceId: 'erp', timeZone: site.timeZone };
    const mapped = records.map((record) => customersStream.map(record, context) as CustomerInput);
    const edited = mapped.find((customer) => customer.addresses?.[0]?.line2 !== null);
    expect(edited).toBeDefined();
    expect(mapped.filter((customer) => customer.status === 'deleted')).toHaveLength(1);
    // Only what changed is read: the address event and the tombstone.
    expect(records).toHaveLength(2);
  });
});
