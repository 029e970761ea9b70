import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createLogger, loadConfig } from '@crm-bridge/core';
import { profilesReport } from '@crm-bridge/profiles';
import { countQuarantine, listQuarantine, migrate } from '@crm-bridge/store';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { withStore } from '../context';
import { formatTable } from '../format-table';
import { EXIT_FAILED } from '../io';
import { writeDemoConfig } from '../sync/demo-config';
import { startDemoSandboxes } from '../sync/demo-sandboxes';
import { allSucceeded, runSync } from '../sync/run-sync';
import { createSyncProgress } from '../sync/sync-progress';
import { renderSyncSummary } from '../sync/sync-summary';
import { demoDesk } from './demo-desk';
import { demoNextSteps, renderProfilesReport } from './demo-profiles-report';

/** `crm-bridge demo`: three sandbox ERPs on loopback, a sync into the embedded store, a report. */
export function registerDemoCommand(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description(
      'start sandbox Odoo, ERPNext and 1C servers, sync them into the embedded store, print a report',
    )
    .option('--size <n>', 'companies in the generated world', '400')
    .option('--data-dir <dir>', 'where the demo store and config live', '.data/demo')
    .action(async (options: { size: string; dataDir: string }) => {
      const { io } = context;
      const dir = path.resolve(io.cwd, options.dataDir);
      mkdirSync(dir, { recursive: true });
      const sandboxes = await startDemoSandboxes(Number(options.size) || 400);
      try {
        const file = writeDemoConfig(dir, sandboxes);
        const config = loadConfig(file, io.env);
        io.out(
          `sandboxes: ${sandboxes.map((s) => `${s.erp} ${s.url}`).join(', ')}\nconfig:    ${path.relative(io.cwd, file)}`,
        );
        const progress = createSyncProgress(Boolean(process.stderr.isTTY) && !io.env.CI);
        await withStore(config, io, async (db) => {
          await migrate(db);
          const started = Date.now();
          const results = await runSync({
            config,
            db,
            log: createLogger({ level: 'error' }),
            sourceIds: [],
            reconcile: true,
            signal: new AbortController().signal,
            onProgress: progress.update,
          });
          progress.stop();
          io.out(
            `\n${renderSyncSummary(results, false)}\n\ntotal ${((Date.now() - started) / 1000).toFixed(1)}s`,
          );
          io.out(await storeReport(db));
          const profiles = await profilesReport(db, { top: 5 });
          io.out(renderProfilesReport(profiles));
          io.out(await demoDesk(db, config));
          io.out(demoNextSteps(path.relative(io.cwd, file) || file, profiles));
          if (!allSucceeded(results)) context.setExitCode(EXIT_FAILED);
        });
      } finally {
        await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
      }
    });
}

async function storeReport(db: Parameters<typeof countQuarantine>[0]): Promise<string> {
  const counts = await db.query<{
    source: string;
    stream: string;
    active: number;
    archived: number;
    deleted: number;
  }>(
    `SELECT source, stream, count(*) FILTER (WHERE status = 'active')::int AS active,
            count(*) FILTER (WHERE status = 'archived')::int AS archived,
            count(*) FILTER (WHERE status = 'deleted')::int AS deleted
     FROM source_records GROUP BY 1, 2
     UNION ALL
     SELECT source, 'orders', count(*) FILTER (WHERE record_status = 'active')::int,
            count(*) FILTER (WHERE record_status = 'archived')::int, count(*) FILTER (WHERE record_status = 'deleted')::int
     FROM orders GROUP BY 1
     ORDER BY 1, 2`,
  );
  const quarantined = await countQuarantine(db);
  const samples = await listQuarantine(db, { limit: 5 });
  return [
    '\nin the store:',
    formatTable(
      ['source', 'stream', 'active', 'archived', 'deleted'],
      counts.map((r) => [r.source, r.stream, r.active, r.archived, r.deleted]),
    ),
    `\nquarantined: ${quarantined}${samples.length ? ' (samples)' : ''}`,
    ...samples.map((e) => `  ${e.source}/${e.stream} ${e.externalId ?? '?'}: ${e.reason}`),
  ].join('\n');
}
