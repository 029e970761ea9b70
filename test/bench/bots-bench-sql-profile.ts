/**
 * `--profile-sql`: the server's store handle with every statement timed (waiting for a pool connection
 * included), grouped by its text, so the bench can say where a lookup's time goes.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '@crm-bridge/store';

export interface SqlTiming {
  sql: string;
  calls: number;
  totalMs: number;
  maxMs: number;
}

export interface SqlProfile {
  db: Db;
  /** The statements by total time, longest first; forgets them. */
  take(limit: number): SqlTiming[];
}

const shape = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 110);

export function profileSql(db: Db): SqlProfile {
  let timings = new Map<string, SqlTiming>();
  const record = (sql: string, ms: number) => {
    const key = shape(sql);
    const timing = timings.get(key) ?? { sql: key, calls: 0, totalMs: 0, maxMs: 0 };
    timing.calls += 1;
    timing.totalMs += ms;
    timing.maxMs = Math.max(timing.maxMs, ms);
    timings.set(key, timing);
  };
  const wrap = (inner: Db): Db => ({
    get driver() {
      return inner.driver;
    },
    get inTransaction() {
      return inner.inTransaction;
    },
    async query(sql, params) {
      const started = performance.now();
      try {
        return await inner.query(sql, params);
      } finally {
        record(sql, performance.now() - started);
      }
    },
    async exec(sql) {
      const started = performance.now();
      try {
        await inner.exec(sql);
      } finally {
        record(sql, performance.now() - started);
      }
    },
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    copyFrom: (table, columns, rows) => inner.copyFrom(table, columns, rows),
    close: () => inner.close(),
  });
  return {
    db: wrap(db),
    take(limit) {
      const top = [...timings.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, limit);
      timings = new Map();
      return top;
    },
  };
}
