import type { Logger } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { Gauge, type Registry } from 'prom-client';

/*
 * Tickets by status, live tickets (new, open, pending) by SLA state, reminders pending and due, records in
 * quarantine: one read-only statement per scrape. The SLA state is the desk's (ticket-rows.ts): a clock
 * that ran out before it stopped is breached; a running clock past its risk moment is at risk.
 */
const countsSql = `
WITH live AS (
  SELECT
    COALESCE(first_response_due_at < COALESCE(first_responded_at, now()), false)
      OR COALESCE(resolution_due_at < COALESCE(sla_paused_at, now()), false) AS breached,
    COALESCE(first_responded_at IS NULL AND first_response_risk_at <= now(), false)
      OR COALESCE(sla_paused_at IS NULL AND resolution_risk_at <= now(), false) AS risky
  FROM tickets WHERE status IN ('new', 'open', 'pending'))
SELECT 'tickets' AS metric, status AS label, count(*)::int AS n FROM tickets GROUP BY status
UNION ALL SELECT 'sla', 'breached', count(*)::int FROM live WHERE breached
UNION ALL SELECT 'sla', 'at_risk', count(*)::int FROM live WHERE risky AND NOT breached
UNION ALL SELECT 'reminders', 'pending', count(*)::int FROM reminders WHERE status = 'pending'
UNION ALL SELECT 'reminders', 'due', count(*)::int FROM reminders WHERE status = 'pending' AND due_at <= now()
UNION ALL SELECT 'quarantine', 'all', count(*)::int FROM quarantine`;

/** How long one read serves the gauges: long enough for one scrape, short enough to stay current. */
const SHARED_READ_MS = 200;

interface CountRow {
  metric: string;
  label: string;
  n: number;
}

/** Registers the gauges the store fills at scrape time; a store that cannot answer leaves them unset. */
export function deskGauges(registry: Registry, db: Db, log: Logger): void {
  let rows: CountRow[] = [];
  let readAt = 0;
  let reading: Promise<void> | null = null;
  // One query serves every gauge of a scrape, whether prom-client collects them together or in turn.
  const read = (): Promise<void> => {
    if (Date.now() - readAt < SHARED_READ_MS) return Promise.resolve();
    reading ??= db
      .query<CountRow>(countsSql)
      .then((result) => {
        rows = result;
      })
      .catch((error: unknown) => {
        rows = [];
        log.warn({ err: (error as Error).message }, 'metrics: could not count tickets and reminders');
      })
      .finally(() => {
        readAt = Date.now();
        reading = null;
      });
    return reading;
  };
  const of = (metric: string) => rows.filter((row) => row.metric === metric);

  new Gauge({
    name: 'crm_bridge_tickets',
    help: 'Tickets by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      await read();
      this.reset();
      for (const row of of('tickets')) this.set({ status: row.label }, row.n);
    },
  });
  new Gauge({
    name: 'crm_bridge_tickets_sla',
    help: 'Live tickets (new, open, pending) by SLA state: at_risk or breached',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      await read();
      this.reset();
      for (const row of of('sla')) this.set({ state: row.label }, row.n);
    },
  });
  new Gauge({
    name: 'crm_bridge_reminders',
    help: 'Reminders pending, and of those the ones due now',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      await read();
      this.reset();
      for (const row of of('reminders')) this.set({ state: row.label }, row.n);
    },
  });
  new Gauge({
    name: 'crm_bridge_quarantined_records',
    help: 'Records in quarantine',
    registers: [registry],
    async collect() {
      await read();
      this.reset();
      for (const row of of('quarantine')) this.set(row.n);
    },
  });
}
