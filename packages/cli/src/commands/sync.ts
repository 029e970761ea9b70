import { createLogger, StreamName } from '@crm-bridge/core';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, withStore } from '../context';
import { EXIT_CANCELLED, EXIT_FAILED } from '../io';
import { allSucceeded, runSync } from '../sync/run-sync';
import { createSyncProgress } from '../sync/sync-progress';
import { renderSyncSummary } from '../sync/sync-summary';

interface SyncFlags {
  full?: boolean;
  reconcile?: boolean;
  dryRun?: boolean;
  stream?: string[];
}

/** `crm-bridge sync [source…]`: one sync in the foreground with progress, then a summary table. */
export function registerSyncCommand(program: Command, context: CommandContext): void {
  program
    .command('sync [sources...]')
    .description('read customers, contacts and orders from the configured ERPs into the store')
    .option('--full', 'ignore cursors and read everything (unchanged records are still not rewritten)')
    .option('--reconcile', 'also list every id and mark records the ERP no longer has as deleted')
    .option('--dry-run', 'read and validate, write nothing, show what would change')
    .option('--stream <name...>', `only these streams (${StreamName.options.join(', ')})`)
    .action(async (sourceIds: string[], flags: SyncFlags) => {
      const { io } = context;
      const config = readConfig(context.options(), io);
      const streams = flags.stream?.map((name) =>
        StreamName.parse(name, { error: () => `--stream must be one of ${StreamName.options.join(', ')}` }),
      );
      const controller = new AbortController();
      const progress = createSyncProgress(Boolean(process.stderr.isTTY) && !io.env.CI);
      // First Ctrl-C: finish the page being written, then stop. Second: leave at once (every committed page stays).
      const stop = () => {
        if (controller.signal.aborted) {
          progress.stop();
          process.exit(EXIT_CANCELLED);
        }
        io.err('stopping after the current page (Ctrl-C again to quit now)');
        controller.abort();
      };
      process.on('SIGINT', stop).on('SIGTERM', stop);
      try {
        const results = await withStore(config, io, (db) =>
          runSync({
            config,
            db,
            log: createLogger({ level: config.logging.level }),
            sourceIds,
            ...(streams ? { streams } : {}),
            full: flags.full ?? false,
            reconcile: flags.reconcile ?? false,
            dryRun: flags.dryRun ?? false,
            signal: controller.signal,
            onProgress: progress.update,
          }),
        );
        progress.stop();
        io.out(renderSyncSummary(results, flags.dryRun ?? false));
        if (controller.signal.aborted)
          io.out('cancelled: the next sync continues from the last committed page');
        if (!allSucceeded(results)) context.setExitCode(EXIT_FAILED);
      } finally {
        progress.stop();
        process.off('SIGINT', stop).off('SIGTERM', stop);
      }
    });
}
