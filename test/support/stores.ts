import { type Db, openDb, openPgliteDb } from '@crm-bridge/store';
import { createTestDatabase } from './postgres';

/** A database for one test file and how to get rid of it. */
export interface TestDb {
  db: Db;
  cleanup(): Promise<void>;
}

/** A fresh PostgreSQL database (from createTestDatabase), dropped on cleanup. */
export async function openPostgresTestDb(): Promise<TestDb> {
  const database = await createTestDatabase();
  try {
    const db = await openDb({ url: database.url, poolMax: 4 });
    return {
      db,
      async cleanup() {
        await db.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** A fresh in-memory PGlite database. */
export async function openPgliteTestDb(): Promise<TestDb> {
  const db = await openPgliteDb({ dataDir: 'memory://' });
  return { db, cleanup: () => db.close() };
}

/** Opens a test database of either driver. */
export function openTestDb(driver: 'postgres' | 'pglite'): Promise<TestDb> {
  return driver === 'postgres' ? openPostgresTestDb() : openPgliteTestDb();
}
