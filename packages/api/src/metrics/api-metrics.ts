import type { Logger } from '@crm-bridge/core';
import type { Db, SyncRun } from '@crm-bridge/store';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { deskGauges } from './desk-gauges';

/** The API's Prometheus metrics: requests, sync runs started here, and the desk's live counts. */
export interface ApiMetrics {
  readonly registry: Registry;
  /** One answered request, by method, route pattern and status. */
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  syncStarted(source: string): void;
  syncFinished(run: SyncRun): void;
}

/**
 * A registry per API instance (two apps in one process, as in tests, do not share counters); the desk
 * gauges are read from the store when scraped.
 */
export function createApiMetrics(options: { db: Db; log: Logger; processMetrics?: boolean }): ApiMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'crm_bridge_' });
  const requests = new Counter({
    name: 'crm_bridge_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'crm_bridge_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const syncRuns = new Counter({
    name: 'crm_bridge_sync_runs_total',
    help: 'Sync runs started through this API process that ended, by source and status',
    labelNames: ['source', 'status'] as const,
    registers: [registry],
  });
  const syncRecords = new Counter({
    name: 'crm_bridge_sync_records_total',
    help: 'Records handled by sync runs of this process, by source and outcome',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  const syncRunning = new Gauge({
    name: 'crm_bridge_sync_runs_in_progress',
    help: 'Sync runs this process is running now, by source',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  deskGauges(registry, options.db, options.log);

  return {
    registry,
    observeRequest(labels, seconds) {
      const values = { method: labels.method, route: labels.route, status: String(labels.status) };
      requests.inc(values);
      latency.observe(values, seconds);
    },
    syncStarted(source) {
      syncRunning.inc({ source });
    },
    syncFinished(run) {
      syncRunning.dec({ source: run.source });
      syncRuns.inc({ source: run.source, status: run.status });
      for (const [outcome, count] of Object.entries(run.counts)) {
        if (count > 0) syncRecords.inc({ source: run.source, outcome }, count);
      }
    },
  };
}
