/**
 * node test/bench/dist/bench/search-bench-main.js [--size 100000] [--driver pg|pglite] [--queries 300] [--keep] [--show-misses]
 * (build first: tsc -b && tsc -p test/bench). PostgreSQL gets a throw-away database on the test server,
 * PGlite a temporary directory; both are removed at the end unless --keep (to look at plans afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Db, migrate, openDb } from '@crm-bridge/store';
import { createTestDatabase } from '../support/postgres';
import { benchSearch } from './search-bench';

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

async function openBenchDb(driver: string, keep: boolean): Promise<{ db: Db; cleanup(): Promise<void> }> {
  if (driver === 'pg' || driver === 'postgres') {
    const database = await createTestDatabase();
    const db = await openDb({ url: database.url });
    return {
      db,
      cleanup: async () => {
        await db.close();
        if (keep) console.log(`kept database ${database.name}`);
        else await database.drop();
      },
    };
  }
  if (driver !== 'pglite') throw new Error(`--driver must be pg or pglite, not ${driver}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crm-search-bench-'));
  const db = await openDb({ dataDir: dir });
  return {
    db,
    cleanup: async () => {
      await db.close();
      if (keep) console.log(`kept PGlite directory ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const size = Number(arg('size', '100000'));
  const driver = arg('driver', 'pg');
  const queries = Number(arg('queries', '300'));
  console.log(
    `search benchmark: ${size.toLocaleString('en')} profiles on ${driver}, ${queries} timed queries per kind; ` +
      `${os.cpus().length} cores; node ${process.version}`,
  );
  const { db, cleanup } = await openBenchDb(driver, process.argv.includes('--keep'));
  try {
    await migrate(db);
    await benchSearch(db, {
      profiles: size,
      queries,
      log: (line) => console.log(line),
      showMisses: process.argv.includes('--show-misses'),
    });
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
