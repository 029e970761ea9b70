import path from 'node:path';
import { type Config, loadConfig } from '@crm-bridge/core';
import { type Db, openDb } from '@crm-bridge/store';
import type { Io } from './io';

/** Options every command shares. */
export interface GlobalOptions {
  config?: string;
  debug?: boolean;
}

/** The config file a command reads: --config, then CRM_BRIDGE_CONFIG, then ./crm-bridge.yaml. */
export function configPath(options: GlobalOptions, io: Io): string {
  return path.resolve(io.cwd, options.config ?? io.env.CRM_BRIDGE_CONFIG ?? 'crm-bridge.yaml');
}

/** Reads and validates the config; throws ConfigError naming every problem. */
export function readConfig(options: GlobalOptions, io: Io): Config {
  return loadConfig(configPath(options, io), io.env);
}

/** Where the store lives: store.url, then DATABASE_URL, else embedded PGlite under store.dataDir. */
export function storeTarget(config: Config, io: Io): { url?: string; dataDir: string; poolMax: number } {
  const url = config.store.url?.reveal() ?? (io.env.DATABASE_URL || undefined);
  return { url, dataDir: path.resolve(io.cwd, config.store.dataDir), poolMax: config.store.pool.max };
}

/** Opens the store the config points at, runs `fn` and always closes it. */
export async function withStore<T>(config: Config, io: Io, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(storeTarget(config, io));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
