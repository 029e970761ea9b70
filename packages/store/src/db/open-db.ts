import path from 'node:path';
import type { Db } from './db';
import { openPgliteDb } from './pglite-db';
import { openPostgresDb } from './postgres-db';

export interface OpenDbOptions {
  /** A PostgreSQL URL (DATABASE_URL); without one the embedded PGlite store is used. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` for a throw-away database. Default `./.data/pglite`. */
  dataDir?: string | undefined;
  /** PostgreSQL pool size (default 10). */
  poolMax?: number | undefined;
}

/** The embedded store's default home, relative to the working directory. */
export const defaultDataDir = path.join('.data', 'pglite');

/** Opens PostgreSQL when a URL is given, else embedded PGlite under `dataDir`. */
export function openDb(options: OpenDbOptions = {}): Promise<Db> {
  if (options.url) {
    return openPostgresDb({
      url: options.url,
      ...(options.poolMax === undefined ? {} : { poolMax: options.poolMax }),
    });
  }
  return openPgliteDb({ dataDir: options.dataDir ?? defaultDataDir });
}

/** A URL with its password replaced by `***`, safe for a log line. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
