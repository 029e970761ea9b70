import { listSyncRuns } from '@crm-bridge/store';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, withStore } from '../context';
import { formatTable } from '../format-table';

/** `crm-bridge runs`: the sync history with counts and errors. */
export function registerRunsCommand(program: Command, context: CommandContext): void {
  program
    .command('runs')
    .description('show recent sync runs with their counts and errors')
    .option('--source <id>', 'only this source')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(async (options: { source?: string; limit: string; json?: boolean }) => {
      const { io } = context;
      const config = readConfig(context.options(), io);
      const runs = await withStore(config, io, (db) =>
        listSyncRuns(db, {
          ...(options.source ? { source: options.source } : {}),
          limit: Number(options.limit) || 20,
        }),
      );
      if (options.json) return io.out(JSON.stringify(runs, null, 2));
      if (runs.length === 0) return io.out('no sync runs yet (crm-bridge sync)');
      const rows = runs.map((run) => [
        run.id,
        run.startedAt.replace('T', ' ').slice(0, 19),
        run.source,
        run.stream ?? '*',
        run.mode,
        run.status,
        run.counts.read,
        run.counts.inserted,
        run.counts.updated,
        run.counts.unchanged,
        run.counts.quarantined,
        run.counts.deleted,
        run.finishedAt
          ? `${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)}s`
          : '-',
      ]);
      const header = [
        'id',
        'started (UTC)',
        'source',
        'stream',
        'mode',
        'status',
        'read',
        'ins',
        'upd',
        'same',
        'quar',
        'del',
        'time',
      ];
      const errors = runs.filter((run) => run.error).map((run) => `  run ${run.id}: ${run.error}`);
      io.out(formatTable(header, rows) + (errors.length ? `\n\nerrors:\n${errors.join('\n')}` : ''));
    });
}
