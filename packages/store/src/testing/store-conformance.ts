import type { Db } from '../db/db';
import { type MigrationStatus, migrate, migrationStatus } from '../migrations/migrate';
import type { ConformanceContext } from './conformance-context';
import { describePeopleConformance } from './conformance-people';
import { describeRecordConformance } from './conformance-records';
import { describeSchemaConformance } from './conformance-schema';
import { describeSyncStateConformance } from './conformance-sync-state';
import { describeTypeConformance } from './conformance-types';

/** Opens a fresh, empty database for one test file, and disposes of it. */
export type OpenConformanceDb = () => Promise<{ db: Db; cleanup(): Promise<void> }>;

/**
 * Registers the store's conformance tests against one driver. Every driver runs the very same tests:
 * a fresh database is opened and migrated once for the file; tests keep apart by unique source names.
 */
export function describeStoreConformance(name: string, open: OpenConformanceDb): void {
  describe(`store conformance: ${name}`, () => {
    let handle: { db: Db; cleanup(): Promise<void> } | undefined;
    let before: MigrationStatus | undefined;
    let first: { applied: string[] } | undefined;

    beforeAll(async () => {
      handle = await open();
      before = await migrationStatus(handle.db);
      first = await migrate(handle.db);
    }, 120_000);

    afterAll(async () => {
      await handle?.cleanup();
    });

    const ctx: ConformanceContext = {
      db: () => required(handle, 'database').db,
      firstMigrate: () => required(first, 'first migrate'),
      statusBefore: () => required(before, 'migration status'),
    };

    describeSchemaConformance(ctx);
    describeTypeConformance(ctx);
    describeRecordConformance(ctx);
    describeSyncStateConformance(ctx);
    describePeopleConformance(ctx);
  });
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new Error(`The conformance ${what} is not ready: did opening the database fail?`);
  return value;
}
