import type { Config } from '@crm-bridge/core';
import { type Db, migrationStatus, redactUrl } from '@crm-bridge/store';
import { safeUrl } from '@crm-bridge/sync';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, storeTarget, withStore } from '../context';
import { EXIT_FAILED } from '../io';

interface StoreReport {
  reachable: boolean;
  error?: string;
  applied: string[];
  pending: string[];
  employees?: number;
}

/** `crm-bridge status`: is the store reachable, are migrations applied, which sources are configured. */
export function registerStatusCommand(program: Command, context: CommandContext): void {
  program
    .command('status')
    .description('show the store, its migrations and the configured sources')
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }) => {
      const { io } = context;
      const config = readConfig(context.options(), io);
      const target = storeTarget(config, io);
      const where = target.url ? `postgres ${redactUrl(target.url)}` : `embedded PGlite in ${target.dataDir}`;
      const store = await inspectStore(config, context);
      const sources = config.sources.map((source) => ({
        id: source.id,
        kind: source.kind,
        enabled: source.enabled,
        url: safeUrl(source.url),
      }));
      if (options.json) {
        io.out(JSON.stringify({ store: { where, ...store }, sources }, null, 2));
      } else {
        io.out(renderStatus(where, store, sources));
      }
      if (!store.reachable || store.pending.length > 0) context.setExitCode(EXIT_FAILED);
    });
}

async function inspectStore(config: Config, context: CommandContext): Promise<StoreReport> {
  try {
    return await withStore(config, context.io, async (db: Db) => {
      const { applied, pending } = await migrationStatus(db);
      const employees = applied.length
        ? Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM employees'))[0]?.n ?? 0)
        : undefined;
      return { reachable: true, applied, pending, employees };
    });
  } catch (error) {
    return { reachable: false, error: (error as Error).message, applied: [], pending: [] };
  }
}

function renderStatus(
  where: string,
  store: StoreReport,
  sources: { id: string; kind: string; enabled: boolean; url: string }[],
): string {
  const lines = [`store:      ${where}`];
  if (!store.reachable) {
    lines.push(`            not reachable: ${store.error}`);
  } else {
    lines.push(`migrations: ${store.applied.length} applied, ${store.pending.length} pending`);
    if (store.pending.length)
      lines.push(`            pending: ${store.pending.join(', ')} (run: crm-bridge migrate)`);
    if (store.employees !== undefined) lines.push(`employees:  ${store.employees}`);
  }
  lines.push(`sources:    ${sources.length || 'none configured'}`);
  for (const source of sources) {
    lines.push(
      `  ${source.id.padEnd(16)} ${source.kind.padEnd(8)} ${source.enabled ? 'enabled ' : 'disabled'} ${source.url}`,
    );
  }
  return lines.join('\n');
}
