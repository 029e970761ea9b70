/** The measured phases of one benchmark run (one ERP, one driver), in the process whose memory is measured. */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { erpNextConnector } from '@crm-bridge/connector-erpnext';
import { odooConnector } from '@crm-bridge/connector-odoo';
import { oneCConnector } from '@crm-bridge/connector-onec';
import { type Config, createLogger, loadConfig, type SourceConfig } from '@crm-bridge/core';
import { copyText, type Db } from '@crm-bridge/store';
import {
  type Connector,
  createHttpClient,
  type PageToken,
  type SourceSyncResult,
  syncSource,
} from '@crm-bridge/sync';
import type { ChangePlan } from '@crm-bridge/sync/testing';

export const connectors: Record<string, Connector> = {
  odoo: odooConnector as Connector,
  erpnext: erpNextConnector as Connector,
  onec: oneCConnector as Connector,
};

export interface Expected {
  customers: number;
  contacts: number;
  orders: number;
}

/** The sandbox child: started, asked to change, closed. */
export async function startSandboxChild(erp: string, size: number) {
  const child: ChildProcess = fork(path.join(__dirname, 'bench-sandbox-child.js'), [erp, String(size)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`sandbox child exited with ${code}`)));
      const listener = (message: { type: string } & T) => {
        if (message.type !== type) return;
        child.off('message', listener);
        resolve(message);
      };
      child.on('message', listener);
    });
  const ready = await next<{ url: string; configFile: string; expected: Expected }>('ready');
  const config: Config = loadConfig(ready.configFile, {});
  return {
    source: config.sources[0]! as SourceConfig,
    expected: ready.expected,
    change: async (plan: ChangePlan) => {
      const changed = next<{ expected: Expected }>('changed');
      child.send({ type: 'change', plan });
      return (await changed).expected;
    },
    close: () => {
      child.send({ type: 'close' });
      return new Promise<void>((resolve) => child.once('exit', () => resolve()));
    },
  };
}

/** Samples this process's RSS while `fn` runs; returns its result and the peak in MiB. */
export async function withPeakRss<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; peakMiB: number; ms: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  try {
    const result = await fn();
    return {
      result,
      peakMiB: Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20),
      ms: performance.now() - started,
    };
  } finally {
    clearInterval(timer);
  }
}

/** (a) Only paging the sandbox API to the end: fetch + parse through the connector's own reads, nothing written. */
export async function pageOnly(
  connector: Connector,
  source: SourceConfig,
): Promise<{ records: number; ms: number }> {
  const log = createLogger({ level: 'silent' });
  const http = createHttpClient({
    baseUrl: source.url,
    timeoutMs: source.timeoutMs,
    requestsPerSecond: source.rateLimit.requestsPerSecond,
    concurrency: source.rateLimit.concurrency,
    errors: connector.errors,
  });
  const signal = new AbortController().signal;
  const started = performance.now();
  let records = 0;
  try {
    const session = await connector.connect({ source, http, log, signal });
    for (const stream of connector.streams) {
      let token: PageToken | null = null;
      do {
        const page: { records: unknown[]; next: PageToken | null } = await stream.readPage(session, {
          since: null,
          token,
          pageSize: source.pageSize,
          signal,
        });
        records += page.records.length;
        token = page.next;
      } while (token !== null);
    }
  } finally {
    http.close();
  }
  return { records, ms: performance.now() - started };
}

/** (c), (d), (e): the engine's sync. */
export async function runSync(
  db: Db,
  connector: Connector,
  source: SourceConfig,
  mode: 'incremental' | 'full',
) {
  const result: SourceSyncResult = await syncSource({
    db,
    connector,
    source,
    log: createLogger({ level: 'silent' }),
    mode,
  });
  const failed = result.error ?? result.streams.find((s) => s.status !== 'succeeded')?.error;
  if (failed) throw new Error(`sync failed: ${failed}`);
  const sum = (key: 'read' | 'inserted' | 'updated' | 'unchanged' | 'quarantined') =>
    result.streams.reduce((n, s) => n + s.counts[key], 0);
  return {
    read: sum('read'),
    written: sum('inserted') + sum('updated'),
    unchanged: sum('unchanged'),
    quarantined: sum('quarantined'),
  };
}

const copyTables: { table: string; key: string }[] = [
  { table: 'source_records', key: 'id' },
  { table: 'orders', key: 'id' },
  { table: 'order_lines', key: 'order_id' },
];

/**
 * (b) Only COPYing the same canonical rows into empty tables shaped like ours (indexes included):
 * the rows are read out of the synced store in chunks (not timed), each chunk COPYed (timed).
 */
export async function copyOnly(db: Db): Promise<{ rows: number; ms: number }> {
  let rows = 0;
  let ms = 0;
  for (const { table, key } of copyTables) {
    await db.exec(
      `DROP TABLE IF EXISTS bench_${table}; CREATE TABLE bench_${table} (LIKE ${table} INCLUDING ALL)`,
    );
    const columns = (
      await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      )
    ).map((c) => c.column_name);
    const select = columns.map((c) => `${c}::text AS ${c}`).join(', ');
    let after = -1;
    for (;;) {
      const chunk = await db.query<Record<string, string | null>>(
        `SELECT ${select} FROM ${table} WHERE ${key} > $1 ORDER BY ${key}, ${table === 'order_lines' ? 'line_no' : key} LIMIT 20000`,
        [after],
      );
      if (chunk.length === 0) break;
      // order_lines' key repeats within an order: take whole orders only, so none is split or read twice.
      const lastKey = Number(chunk[chunk.length - 1]![key]);
      const whole =
        table === 'order_lines' && chunk.length === 20000
          ? chunk.filter((r) => Number(r[key]) < lastKey)
          : chunk;
      const lines = whole.map((row) => copyText(columns.map((c) => row[c])));
      const started = performance.now();
      await db.copyFrom(`bench_${table}`, columns, lines);
      ms += performance.now() - started;
      rows += lines.length;
      after = table === 'order_lines' && chunk.length === 20000 ? lastKey - 1 : lastKey;
    }
    await db.exec(`DROP TABLE bench_${table}`);
  }
  return { rows, ms };
}
