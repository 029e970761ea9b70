import { createLogger } from '@crm-bridge/core';
import { createHttpClient, type PageToken } from '@crm-bridge/sync';
import { erpNextConnector } from '../erpnext-connector';
import { startErpNextSite } from './erpnext-sandbox';

jest.setTimeout(600_000);

// Opt-in: ERPNEXT_PERF=40000 npm test -- connectors/erpnext/src/sandbox/perf.test.ts
const run = process.env.ERPNEXT_PERF ? it : it.skip;

run('reads every stream of a big site through the connector and reports records per second', async () => {
  const size = Number(process.env.ERPNEXT_PERF);
  let t = Date.now();
  const s = await startErpNextSite({ seed: 1, size });
  console.log('start ms', Date.now() - t, s.expected(), process.memoryUsage().rss / 1e6);
  const source = s.source('perf');
  const log = createLogger({ level: 'silent' });
  const http = createHttpClient({
    baseUrl: source.url,
    timeoutMs: 60000,
    requestsPerSecond: 1000,
    concurrency: 4,
    errors: erpNextConnector.errors,
  });
  const signal = new AbortController().signal;
  const session = await erpNextConnector.connect({ source, http, log, signal });
  for (const stream of erpNextConnector.streams) {
    t = Date.now();
    let token: PageToken | null = null;
    let n = 0;
    let pages = 0;
    do {
      const page = await stream.readPage(session, { since: null, token, pageSize: 1000, signal });
      n += page.records.length;
      pages++;
      for (const r of page.records) {
        stream.identify(r);
        try {
          stream.map(r, { sourceId: 'perf', timeZone: s.timeZone });
        } catch {}
      }
      token = page.next;
    } while (token !== null);
    console.log(
      stream.name,
      n,
      pages,
      'ms',
      Date.now() - t,
      'rec/s',
      Math.round(n / ((Date.now() - t) / 1000)),
    );
  }
  http.close();
  await s.close();
});
