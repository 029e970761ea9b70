import { mkdir } from 'node:fs/promises';
import type { Extension, PGlite, Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import { bindParams, copySql, type Db, type SqlParam, withSavepoint } from './db';
import { Oid, parseDate, parseInt8 } from './type-parsers';

/** PGlite's class and the pg_trgm extension, as `require` gives them. */
interface PgliteModules {
  PGlite: typeof PGlite;
  pg_trgm: Extension;
}

/**
 * Loaded lazily with require: a process on PostgreSQL never pays for the wasm build, and the contrib
 * entry's typings are ESM-only, which a CommonJS import may not name (it ships CommonJS all the same).
 */
function loadPglite(): PgliteModules {
  return {
    PGlite: require('@electric-sql/pglite').PGlite,
    pg_trgm: require('@electric-sql/pglite/contrib/pg_trgm').pg_trgm,
  };
}

// pg's own timestamptz parser, so both drivers turn the same text into the same Date.
const parseTimestamptz = pg.types.getTypeParser(Oid.timestamptz, 'text');

export interface PgliteDbOptions {
  /** A directory (created if missing) or `memory://` for a throw-away database. */
  dataDir: string;
}

/**
 * Opens embedded Postgres. shared_buffers is cut from 128 MB to 16 MB: inside wasm it is plain heap,
 * and memory, not speed, is PGlite's limit (perf-facts.md).
 */
export async function openPgliteDb(options: PgliteDbOptions): Promise<Db> {
  const inMemory = options.dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(options.dataDir, { recursive: true });
  const { PGlite: PGliteClass, pg_trgm } = loadPglite();
  const pglite = await PGliteClass.create({
    dataDir: options.dataDir,
    extensions: { pg_trgm },
    postgresqlconf: ['shared_buffers = 16MB'],
    parsers: {
      [Oid.int8]: parseInt8,
      [Oid.date]: parseDate,
      [Oid.timestamptz]: parseTimestamptz,
    },
  });
  return new PgliteDb(pglite);
}

type Runner = PGlite | Transaction;

async function copyInto(
  on: Runner,
  table: string,
  columns: readonly string[],
  rows: readonly string[],
): Promise<number> {
  await on.query(copySql(table, columns, "'/dev/blob'"), [], { blob: new Blob([rows.join('')]) });
  return rows.length;
}

async function run<R>(on: Runner, sql: string, params?: readonly SqlParam[]): Promise<R[]> {
  const result = await on.query<R>(sql, bindParams(params));
  return result.rows;
}

class PgliteDb implements Db {
  readonly driver = 'pglite' as const;
  readonly inTransaction = false;
  constructor(private readonly pglite: PGlite) {}

  query<R>(sql: string, params?: readonly SqlParam[]): Promise<R[]> {
    return run<R>(this.pglite, sql, params);
  }

  async exec(sql: string): Promise<void> {
    await this.pglite.exec(sql);
  }

  copyFrom(table: string, columns: readonly string[], rows: readonly string[]): Promise<number> {
    return copyInto(this.pglite, table, columns, rows);
  }

  // PGlite has one connection: its transaction() holds it exclusively, other callers wait.
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.pglite.transaction((tx) => fn(new PgliteTx(tx)));
  }

  close(): Promise<void> {
    return this.pglite.close();
  }
}

class PgliteTx implements Db {
  readonly driver = 'pglite' as const;
  readonly inTransaction = true;
  private savepoints = 0;
  constructor(private readonly tx: Transaction) {}

  query<R>(sql: string, params?: readonly SqlParam[]): Promise<R[]> {
    return run<R>(this.tx, sql, params);
  }

  async exec(sql: string): Promise<void> {
    await this.tx.exec(sql);
  }

  copyFrom(table: string, columns: readonly string[], rows: readonly string[]): Promise<number> {
    return copyInto(this.tx, table, columns, rows);
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    this.savepoints += 1;
    return withSavepoint(this, `sp_${this.savepoints}`, fn);
  }

  close(): Promise<void> {
    return Promise.reject(new Error('A transaction handle cannot be closed; close the Db it came from'));
  }
}
