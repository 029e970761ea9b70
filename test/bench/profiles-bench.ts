import os from 'node:os';
import { keyPolicy, type ProfilesSettings, resolvePending, updateProfiles } from '@crm-bridge/profiles';
import { migrate } from '@crm-bridge/store';
import { loadCustomers, worldCustomers } from './bench-customers';
import { connectors, runSync, startSandboxChild, withPeakRss } from './bench-phases';
import { arg, openBenchDb } from './bench-support';
import { benchSearch, type SearchBenchResult } from './search-bench';

const settings: ProfilesSettings = {
  resolution: {
    policy: keyPolicy({ defaultRegion: 'RU' }),
    maxKeyShare: 5,
    priorities: new Map([
      ['odoo', 300],
      ['erpnext', 200],
      ['onec', 100],
    ]),
  },
  metrics: {
    currency: { base: 'EUR', rates: { RUB: 0.0105, USD: 0.92 } },
    analytics: {
      dormantAfterDays: 180,
      dormantGapFactor: 2.5,
      churnRiskGapFactor: 1.5,
      rfmWindowDays: 730,
      minOrdersForGap: 3,
      ltvHorizonMonths: 36,
      vip: { minRevenue: null, minOrders: null, segments: ['champions'] },
    },
  },
  defaultRegion: 'RU',
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const fmt = (n: number) => n.toLocaleString('en');

/** (a) records/s of a full Odoo sync into PostgreSQL (customers, contacts and orders). */
async function syncRate(customers: number): Promise<number> {
  const sandbox = await startSandboxChild('odoo', Math.round(customers / 0.6));
  const { db, cleanup } = await openBenchDb('postgres');
  try {
    await migrate(db);
    const source = {
      ...sandbox.source,
      rateLimit: { requestsPerSecond: 100_000, concurrency: 4 },
      pageSize: 1000,
    };
    const full = await withPeakRss(() => runSync(db, connectors.odoo!, source, 'incremental'));
    const perSecond = rate(full.result.read, full.ms);
    console.log(
      `(a) sync (odoo → postgres)   ${seconds(full.ms)}  ${fmt(full.result.read)} records, ${fmt(perSecond)} records/s`,
    );
    return perSecond;
  } finally {
    await cleanup();
    await sandbox.close();
  }
}

/** (b) and (c) on PostgreSQL. */
async function resolutionRates(size: number): Promise<{ fullRate: number; incrementalRate: number }> {
  const { db, cleanup } = await openBenchDb('postgres');
  try {
    await migrate(db);
    let started = performance.now();
    const loaded = await loadCustomers(db, worldCustomers(size));
    await db.exec('VACUUM ANALYZE');
    console.log(
      `    ${fmt(loaded)} source records COPYed in ${seconds(performance.now() - started)} (not counted)`,
    );

    const full = await withPeakRss(() => resolvePending(db, settings.resolution));
    const fullRate = rate(full.result.records, full.ms);
    console.log(
      `(b) resolution from scratch  ${seconds(full.ms)}  ${fmt(full.result.records)} records → ${fmt(full.result.profiles.size)} profiles, ` +
        `${fmt(fullRate)} records/s, peak RSS ${full.peakMiB} MiB`,
    );
    started = performance.now();
    await updateProfiles(db, settings, { rescore: true, changedSince: new Date(0) });
    console.log(
      `    then name index, metrics and RFM of every profile: ${seconds(performance.now() - started)}`,
    );

    // 1%: every hundredth record changes its phone (some now shared with a neighbour) and so its hash.
    const changed = await db.query(
      `UPDATE source_records SET phones = ARRAY['+7 912 ' || lpad((id / 3)::text, 7, '0')], content_hash = md5(content_hash || 'x')
       WHERE id % 100 = 0 RETURNING id`,
    );
    started = performance.now();
    const incremental = await updateProfiles(db, settings);
    const ms = performance.now() - started;
    const incrementalRate = rate(changed.length, ms);
    console.log(
      `(c) incremental 1%           ${seconds(ms)}  ${fmt(changed.length)} changed records (${fmt(incremental.records)} re-resolved with their neighbourhoods), ` +
        `${fmt(incrementalRate)} changed records/s, ${fmt(incremental.profilesMerged)} merges`,
    );
    return { fullRate, incrementalRate };
  } finally {
    await cleanup();
  }
}

async function searchOn(driver: string, profiles: number): Promise<SearchBenchResult> {
  const { db, cleanup } = await openBenchDb(driver);
  try {
    await migrate(db);
    console.log(`(d) search over ${fmt(profiles)} profiles on ${driver}`);
    return await benchSearch(db, {
      profiles,
      queries: Number(arg('queries', '300')),
      log: (line) => console.log(`    ${line}`),
    });
  } finally {
    await cleanup();
  }
}

async function main(): Promise<void> {
  const size = Number(arg('size', '1000000'));
  const skip = arg('skip', '').split(',');
  console.log(
    `profiles benchmark: ${fmt(size)} source records; ${os.cpus().length} cores; node ${process.version}\n`,
  );
  const targets: string[] = [];
  const syncPerSecond = skip.includes('sync') ? null : await syncRate(Number(arg('sync-size', '50000')));
  if (!skip.includes('resolution')) {
    const { fullRate, incrementalRate } = await resolutionRates(size);
    if (syncPerSecond !== null) {
      targets.push(
        `target resolution ≥ sync rate:  ${fmt(fullRate)} vs ${fmt(syncPerSecond)} records/s (${(fullRate / syncPerSecond).toFixed(2)}×)  ${fullRate >= syncPerSecond ? 'met' : 'NOT met'}`,
      );
    }
    targets.push(`incremental 1%:                 ${fmt(incrementalRate)} changed records/s (no target)`);
  }
  if (!skip.includes('search')) {
    for (const driver of arg('search-driver', 'postgres,pglite').split(',')) {
      const result = await searchOn(driver, Number(arg('search-size', String(size))));
      for (const kind of result.kinds) {
        targets.push(
          `target search p99 ≤ 20 ms (${driver}, ${kind.kind}): p50 ${kind.p50Ms.toFixed(1)} / p99 ${kind.p99Ms.toFixed(1)} ms, hits ${(kind.hitRate * 100).toFixed(0)}%  ${kind.met ? 'met' : 'NOT met'}`,
        );
      }
    }
  }
  console.log(`\n${targets.join('\n')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
