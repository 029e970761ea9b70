import { createLogger, type OdooSourceConfig } from '@crm-bridge/core';
import { createHttpClient, type PageToken } from '@crm-bridge/sync';
import { odooErrors } from '../errors';
import { odooConnector } from '../odoo-connector';
import type { OdooMajor } from './field-specs';
import { createOdooSandbox } from './odoo-sandbox';

jest.setTimeout(900_000);

// Opt-in: ODOO_PERF=340000 [ODOO_VERSION=19] npm test -- connectors/odoo/src/sandbox/sandbox-throughput
// (a 340k-company world holds ≈ 204k Odoo companies, 372k people and 611k orders).
const run = process.env.ODOO_PERF ? it : it.skip;

run('reads every stream of a big database through the connector and reports records per second', async () => {
  let started = performance.now();
  const version = Number(process.env.ODOO_VERSION ?? 17) as OdooMajor;
  const sandbox = await createOdooSandbox({ seed: 1, size: Number(process.env.ODOO_PERF), version });
  console.log(
    'start ms',
    Math.round(performance.now() - started),
    sandbox.expected(),
    'rss MB',
    process.memoryUsage().rss / 1e6,
  );
  const source = sandbox.source('perf') as OdooSourceConfig;
  const http = createHttpClient({
    baseUrl: sandbox.url,
    timeoutMs: 60_000,
    requestsPerSecond: 1000,
    concurrency: 2,
    errors: odooErrors,
  });
  const signal = new AbortController().signal;
  const session = await odooConnector.connect({
    source,
    http,
    log: createLogger({ level: 'silent' }),
    signal,
  });
  for (const stream of odooConnector.streams) {
    started = performance.now();
    let token: PageToken | null = null;
    let records = 0;
    let pages = 0;
    do {
      const page = await stream.readPage(session, { since: null, token, pageSize: 1000, signal });
      records += page.records.length;
      pages += 1;
      token = page.next;
    } while (token !== null);
    const ms = performance.now() - started;
    console.log(
      stream.name,
      records,
      'records',
      pages,
      'pages',
      Math.round(ms),
      'ms',
      Math.round((records / ms) * 1000),
      'rec/s',
    );
  }
  http.close();
  await sandbox.close();
});
