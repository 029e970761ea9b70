/** What every bench entry point shares: its flags and a throw-away store of either driver. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Db, openDb } from '@crm-bridge/store';
import { createTestDatabase } from '../support/postgres';

/** The value after `--name` on the command line, or the fallback. */
export function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

/**
 * A fresh store: a throw-away database on the test PostgreSQL server (`postgres` or `pg`), or PGlite in a
 * temporary directory; removed by cleanup unless `keep` (to look at plans afterwards).
 */
export async function openBenchDb(
  driver: string,
  options: { keep?: boolean } = {},
): Promise<{ db: Db; cleanup(): Promise<void> }> {
  if (driver === 'pg' || driver === 'postgres') {
    const database = await createTestDatabase();
    const db = await openDb({ url: database.url });
    return {
      db,
      cleanup: async () => {
        await db.close();
        if (options.keep) console.log(`kept database ${database.name}`);
        else await database.drop();
      },
    };
  }
  if (driver !== 'pglite') throw new Error(`--driver must be postgres (pg) or pglite, not ${driver}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crm-bench-'));
  const db = await openDb({ dataDir: dir });
  return {
    db,
    cleanup: async () => {
      await db.close();
      if (options.keep) console.log(`kept PGlite directory ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}
