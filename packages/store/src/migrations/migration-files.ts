import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '@crm-bridge/core';

/** One numbered `.sql` file from the migrations folder. */
export interface MigrationFile {
  /** The number prefix as written, e.g. `001`. */
  version: string;
  /** The rest of the file name without `.sql`, e.g. `initial`. */
  name: string;
  sql: string;
  /** sha256 of the file text: an applied migration must never change. */
  checksum: string;
}

// `packages/store/migrations`, from both src/migrations (jest) and dist/migrations (built).
export const migrationsDir = path.join(__dirname, '..', '..', 'migrations');

const fileName = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

/** Reads the migration files in version order; a stray or duplicate-numbered file is an error. */
export async function loadMigrationFiles(dir: string = migrationsDir): Promise<MigrationFile[]> {
  const entries = (await readdir(dir)).filter((entry) => entry.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  for (const entry of entries) {
    const match = fileName.exec(entry);
    if (!match) {
      throw new ConfigError(`Migration file ${entry} must be named NNN_lower_snake_name.sql`, {
        code: 'store.migration_name',
      });
    }
    const [, version, name] = match as unknown as [string, string, string];
    if (files.some((file) => file.version === version)) {
      throw new ConfigError(`Two migration files share the number ${version}`, {
        code: 'store.migration_name',
      });
    }
    const sql = await readFile(path.join(dir, entry), 'utf8');
    files.push({ version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return files;
}
