/**
 * The one database interface every repository is written against. The same SQL runs on
 * PostgreSQL (`pg`) and on embedded PGlite; both drivers return the same JS types (see type-parsers.ts).
 */

export type DbDriver = 'postgres' | 'pglite';

/** A value that can be bound to a `$n` placeholder. Send JSON as text and cast it in SQL. */
export type SqlParam =
  | string
  | number
  | boolean
  | bigint
  | Date
  | null
  | readonly string[]
  | readonly number[];

export interface Db {
  readonly driver: DbDriver;
  /** True when this handle is a transaction (repositories pass it on so their writes join it). */
  readonly inTransaction: boolean;
  /** Runs one statement with `$1…` parameters and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<R[]>;
  /** Runs a script of one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: commit when it resolves, roll back when it throws.
   * Called on a transaction handle it opens a savepoint, so an inner failure undoes only the inner work.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Bulk-loads rows with COPY in text format (`copyText` escapes a row); returns the rows copied.
   * The fast path for a first load into empty tables (perf-facts: 2–4× an upsert).
   */
  copyFrom(table: string, columns: readonly string[], rows: readonly string[]): Promise<number>;
  /** Closes the pool or the embedded database; a transaction handle cannot be closed. */
  close(): Promise<void>;
}

/** Runs `fn` inside a savepoint on a handle that is already a transaction. */
export async function withSavepoint<T>(tx: Db, name: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  await tx.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn(tx);
    await tx.exec(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.exec(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}

/**
 * Parameters as both drivers should see them: a Date becomes its ISO UTC text, so a timestamptz
 * binds the same way everywhere (pg would send local time with an offset; PGlite checks `instanceof`).
 */
export function bindParams(params: readonly SqlParam[] | undefined): unknown[] | undefined {
  if (!params) return undefined;
  return params.map((param) =>
    param !== null && typeof param === 'object' && Object.prototype.toString.call(param) === '[object Date]'
      ? (param as Date).toISOString()
      : param,
  );
}

/** One row in COPY text format: tab-separated, `\\N` for null, backslash, tab and newlines escaped. */
export function copyText(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values
    .map((value) =>
      value === null || value === undefined
        ? '\\N'
        : String(value).replace(/[\\\t\n\r]/g, (c) =>
            c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
          ),
    )
    .join('\t')}\n`;
}

/** The COPY statement both drivers run (PGlite reads its data from a blob, pg from the stream). */
export function copySql(table: string, columns: readonly string[], from: 'STDIN' | "'/dev/blob'"): string {
  return `COPY ${table} (${columns.join(', ')}) FROM ${from}`;
}
