import { ConfigError } from '@crm-bridge/core';
import type { Db } from '../db/db';
import { loadMigrationFiles, type MigrationFile } from './migration-files';

/** Migrations named `NNN_name`, applied and not yet applied. */
export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

// Any constant: the advisory lock that keeps two processes from migrating at once.
const migrationLockKey = 7_352_001;

const createTable = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

interface AppliedRow {
  version: string;
  name: string;
  checksum: string;
}

const label = (migration: { version: string; name: string }) => `${migration.version}_${migration.name}`;

async function appliedRows(db: Db): Promise<AppliedRow[]> {
  const [exists] = await db.query<{ present: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS present`,
  );
  if (!exists?.present) return [];
  return db.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
}

function checkUnchanged(files: MigrationFile[], applied: AppliedRow[]): void {
  for (const row of applied) {
    const file = files.find((candidate) => candidate.version === row.version);
    if (!file) {
      throw new ConfigError(
        `Migration ${label(row)} is applied to this database but its file is missing: is this an older build?`,
        { code: 'store.migration_missing' },
      );
    }
    if (file.checksum !== row.checksum) {
      throw new ConfigError(
        `Migration ${label(row)} was changed after it was applied; add a new migration instead of editing it`,
        { code: 'store.migration_changed' },
      );
    }
  }
}

/** Which migrations this database has and which it still needs; never writes. */
export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  const files = await loadMigrationFiles();
  const applied = await appliedRows(db);
  checkUnchanged(files, applied);
  const done = new Set(applied.map((row) => row.version));
  return {
    applied: applied.map(label),
    pending: files.filter((file) => !done.has(file.version)).map(label),
  };
}

/**
 * Applies pending migrations, each in its own transaction with its schema_migrations row.
 * Re-running is a no-op; an edited, already-applied migration is an error.
 */
export async function migrate(db: Db): Promise<{ applied: string[] }> {
  const files = await loadMigrationFiles();
  const applied: string[] = [];
  for (const file of files) {
    const didApply = await db.transaction(async (tx) => {
      // Taken first and held to commit: a second process waits here, then sees the row and skips.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
      await tx.exec(createTable);
      const rows = await appliedRows(tx);
      checkUnchanged(files, rows);
      if (rows.some((row) => row.version === file.version)) return false;
      await tx.exec(file.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        file.version,
        file.name,
        file.checksum,
      ]);
      return true;
    });
    if (didApply) applied.push(label(file));
  }
  return { applied };
}
