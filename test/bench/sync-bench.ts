/**
 * npm run bench:sync -- [--size 200000] [--erp odoo,erpnext,onec] [--driver postgres,pglite] [--rss-scaling]
 *
 * For N customers and about 3N orders in one sandbox, measured in the same run: (a) only paging the API,
 * (b) only COPYing the same rows into empty tables, (c) the full sync, (d) an incremental sync after 1% of
 * records changed, (e) a re-sync with nothing changed. Each (ERP, driver) runs in a fresh process, so its
 * peak RSS is its own; the sandbox runs in another.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { migrate } from '@crm-bridge/store';
import { connectors, copyOnly, pageOnly, runSync, startSandboxChild, withPeakRss } from './bench-phases';
import { arg, openBenchDb } from './bench-support';

const SHARE: Record<string, number> = { odoo: 0.6, erpnext: 0.5, onec: 0.5 };

interface OneResult {
  erp: string;
  driver: string;
  customers: number;
  records: number;
  pageMs: number;
  copyMs: number;
  copyRows: number;
  fullMs: number;
  fullPeakMiB: number;
  incrementalMs: number;
  incrementalRead: number;
  incrementalWritten: number;
  resyncMs: number;
  resyncWritten: number;
}

/** One ERP on one driver, in this process. */
async function runOne(erp: string, driver: string, customers: number, onlyFull: boolean): Promise<OneResult> {
  const connector = connectors[erp]!;
  const sandbox = await startSandboxChild(erp, Math.round(customers / SHARE[erp]!));
  const { db, cleanup } = await openBenchDb(driver);
  try {
    await migrate(db);
    const source = {
      ...sandbox.source,
      rateLimit: { requestsPerSecond: 100_000, concurrency: 4 },
      pageSize: 1000,
    };
    // The full sync first, so its peak RSS is not inflated by what another phase left on the heap.
    const full = await withPeakRss(() => runSync(db, connector, source, 'incremental'));
    if (onlyFull)
      return {
        ...emptyResult(erp, driver),
        customers: sandbox.expected.customers,
        records: full.result.read,
        fullMs: full.ms,
        fullPeakMiB: full.peakMiB,
      };
    const paging = await pageOnly(connector, source);
    await db.exec('VACUUM ANALYZE'); // autovacuum is off on this server (perf-facts)
    const total = sandbox.expected.customers + sandbox.expected.contacts + sandbox.expected.orders;
    const perStream = Math.max(1, Math.round(total / 100 / 3));
    await sandbox.change({ edits: perStream, archives: 0, deletions: 0, additions: 0 });
    const incremental = await withPeakRss(() => runSync(db, connector, source, 'incremental'));
    const resync = await withPeakRss(() => runSync(db, connector, source, 'full'));
    const copy = await copyOnly(db);
    return {
      erp,
      driver,
      customers: sandbox.expected.customers,
      records: paging.records,
      pageMs: paging.ms,
      copyMs: copy.ms,
      copyRows: copy.rows,
      fullMs: full.ms,
      fullPeakMiB: full.peakMiB,
      incrementalMs: incremental.ms,
      incrementalRead: incremental.result.read,
      incrementalWritten: incremental.result.written,
      resyncMs: resync.ms,
      resyncWritten: resync.result.written,
    };
  } finally {
    await cleanup();
    await sandbox.close();
  }
}

function emptyResult(erp: string, driver: string): OneResult {
  return {
    erp,
    driver,
    customers: 0,
    records: 0,
    pageMs: 0,
    copyMs: 0,
    copyRows: 0,
    fullMs: 0,
    fullPeakMiB: 0,
    incrementalMs: 0,
    incrementalRead: 0,
    incrementalWritten: 0,
    resyncMs: 0,
    resyncWritten: 0,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

function report(results: OneResult[]): void {
  for (const r of results) {
    const floor = r.pageMs + r.copyMs;
    const ratio = r.fullMs / floor;
    const incShare = r.incrementalMs / r.fullMs;
    console.log(
      `\n== ${r.erp} on ${r.driver}: ${fmt(r.customers)} customers, ${fmt(r.records)} records paged, ${fmt(r.copyRows)} rows copied`,
    );
    console.log(
      `(a) paging only      ${sec(r.pageMs).padStart(8)}  ${fmt((r.records / r.pageMs) * 1000)} records/s`,
    );
    console.log(
      `(b) COPY only        ${sec(r.copyMs).padStart(8)}  ${fmt((r.copyRows / r.copyMs) * 1000)} rows/s`,
    );
    console.log(
      `(c) full sync        ${sec(r.fullMs).padStart(8)}  ${fmt((r.records / r.fullMs) * 1000)} records/s, peak RSS ${r.fullPeakMiB} MiB`,
    );
    console.log(
      `(d) incremental 1%   ${sec(r.incrementalMs).padStart(8)}  read ${fmt(r.incrementalRead)}, wrote ${fmt(r.incrementalWritten)}`,
    );
    console.log(`(e) no-change resync ${sec(r.resyncMs).padStart(8)}  wrote ${fmt(r.resyncWritten)} rows`);
    if (r.driver !== 'postgres') continue;
    console.log(
      `target full ≤ 1.25 × (a + b):   ${ratio.toFixed(2)} × (${sec(r.fullMs)} vs ${sec(floor)})  ${verdict(ratio <= 1.25)}`,
    );
    console.log(`target peak RSS ≤ 256 MiB:      ${r.fullPeakMiB} MiB  ${verdict(r.fullPeakMiB <= 256)}`);
    if (r.erp !== 'onec')
      console.log(
        `target (d) ≤ 5% of (c):         ${(incShare * 100).toFixed(1)}%  ${verdict(incShare <= 0.05)}`,
      );
    console.log(`target (e) writes 0 rows:       ${r.resyncWritten}  ${verdict(r.resyncWritten === 0)}`);
  }
}

function spawnOne(erp: string, driver: string, customers: number, onlyFull = false): OneResult {
  const out = execFileSync(
    process.execPath,
    [__filename, '--one', erp, driver, String(customers), onlyFull ? 'full' : 'all'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  const oneAt = process.argv.indexOf('--one');
  if (oneAt >= 0) {
    const [erp, driver, customers, phases] = process.argv.slice(oneAt + 1);
    console.log(JSON.stringify(await runOne(erp!, driver!, Number(customers), phases === 'full')));
    return;
  }
  const size = Number(arg('size', '200000'));
  const erps = arg('erp', 'odoo,erpnext,onec').split(',');
  const drivers = arg('driver', 'postgres,pglite')
    .split(',')
    .filter((driver) => driver !== 'none');
  console.log(
    `sync benchmark: N = ${fmt(size)} customers per sandbox; ${os.cpus().length} cores; node ${process.version}`,
  );
  const results: OneResult[] = [];
  for (const driver of drivers)
    for (const erp of erps) {
      const result = spawnOne(erp, driver, size);
      results.push(result);
      report([result]);
    }
  if (process.argv.includes('--rss-scaling')) {
    // Only the full sync is run at the two sizes: its peak RSS must not grow with the ERP.
    const erp = erps[0]!;
    const small = spawnOne(erp, 'postgres', 50_000, true);
    const large = spawnOne(erp, 'postgres', 500_000, true);
    const spread = Math.abs(large.fullPeakMiB - small.fullPeakMiB) / small.fullPeakMiB;
    console.log(
      `\n== peak RSS of the full sync, ${erp} on postgres: N=50,000 ${small.fullPeakMiB} MiB, N=500,000 ${large.fullPeakMiB} MiB`,
    );
    console.log(`target within 15%: ${(spread * 100).toFixed(1)}%  ${verdict(spread <= 0.15)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
