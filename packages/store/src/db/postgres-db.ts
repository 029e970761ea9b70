import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConfigError, TransientError } from '@crm-bridge/core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { bindParams, copySql, type Db, type SqlParam, withSavepoint } from './db';
import { Oid, parseDate, parseInt8 } from './type-parsers';

export interface PostgresDbOptions {
  url: string;
  /** Pool size; 10 suits one process (perf-facts: 5.6k PK reads/s through a pool of 10). */
  poolMax?: number;
}

const arrayParser = pg.types.arrayParser as unknown as {
  create(text: string, parse: (value: string) => unknown): { parse(): unknown[] };
};

// Per-pool parsers rather than pg.types.setTypeParser, so we never change other users of `pg`.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    switch (oid) {
      case Oid.int8:
        return parseInt8;
      case Oid.int8Array:
        return (text) => arrayParser.create(text, parseInt8).parse();
      case Oid.date:
        return parseDate;
      case Oid.dateArray:
        return (text) => arrayParser.create(text, parseDate).parse();
      default:
        return pg.types.getTypeParser(oid, format ?? 'text');
    }
  },
};

/** `host:port` of a connection URL: what error messages may show (never the password). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** Opens a pool and checks it can connect, so a wrong URL fails at start with a clear message. */
export async function openPostgresDb(options: PostgresDbOptions): Promise<Db> {
  const where = describeUrl(options.url);
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({ connectionString: options.url, max: options.poolMax ?? 10, types });
  } catch (cause) {
    throw new ConfigError(`DATABASE_URL for ${where} is not a valid PostgreSQL URL`, {
      cause,
      code: 'store.bad_url',
    });
  }
  // An idle client that dies is dropped by the pool; the next query reports the failure.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => {});
    throw connectError(where, cause);
  }
  return new PostgresDb(pool);
}

function connectError(where: string, cause: unknown): Error {
  const code = (cause as { code?: string }).code ?? '';
  // Auth, unknown database or role: retrying will not help, the config must change.
  if (code.startsWith('28') || code === '3D000') {
    const reason = code === '3D000' ? 'the database does not exist' : 'authentication failed';
    return new ConfigError(`PostgreSQL at ${where} refused the connection: ${reason}`, {
      cause,
      code: 'store.connect_refused',
    });
  }
  const reason = code ? ` (${code})` : '';
  return new TransientError(`PostgreSQL is not reachable at ${where}${reason}`, {
    cause,
    code: 'store.unreachable',
  });
}

type Queryable = pg.Pool | pg.PoolClient;

async function copyInto(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly string[],
): Promise<number> {
  const stream = client.query(copyFrom(copySql(table, columns, 'STDIN')));
  await pipeline(Readable.from(rows), stream);
  return rows.length;
}

async function run<R>(on: Queryable, sql: string, params?: readonly SqlParam[]): Promise<R[]> {
  const result = await on.query(sql, bindParams(params));
  return result.rows as R[];
}

class PostgresDb implements Db {
  readonly driver = 'postgres' as const;
  readonly inTransaction = false;
  constructor(private readonly pool: pg.Pool) {}

  query<R>(sql: string, params?: readonly SqlParam[]): Promise<R[]> {
    return run<R>(this.pool, sql, params);
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async copyFrom(table: string, columns: readonly string[], rows: readonly string[]): Promise<number> {
    const client = await this.pool.connect();
    try {
      return await copyInto(client, table, columns, rows);
    } finally {
      client.release();
    }
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PostgresTx(client));
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      // A client whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
      await client.query('ROLLBACK').then(
        () => client.release(),
        (rollbackError: Error) => client.release(rollbackError),
      );
      throw error;
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

class PostgresTx implements Db {
  readonly driver = 'postgres' as const;
  readonly inTransaction = true;
  private savepoints = 0;
  constructor(private readonly client: pg.PoolClient) {}

  query<R>(sql: string, params?: readonly SqlParam[]): Promise<R[]> {
    return run<R>(this.client, sql, params);
  }

  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  copyFrom(table: string, columns: readonly string[], rows: readonly string[]): Promise<number> {
    return copyInto(this.client, table, columns, rows);
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    this.savepoints += 1;
    return withSavepoint(this, `sp_${this.savepoints}`, fn);
  }

  close(): Promise<void> {
    return Promise.reject(new Error('A transaction handle cannot be closed; close the Db it came from'));
  }
}
