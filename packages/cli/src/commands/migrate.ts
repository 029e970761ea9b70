import { migrate } from '@crm-bridge/store';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, withStore } from '../context';

/** `crm-bridge migrate`: applies pending migrations, each in its own transaction. */
export function registerMigrateCommand(program: Command, context: CommandContext): void {
  program
    .command('migrate')
    .description('create or update the store schema (re-running is a no-op)')
    .action(async () => {
      const config = readConfig(context.options(), context.io);
      const { applied } = await withStore(config, context.io, (db) => migrate(db));
      context.io.out(applied.length ? `applied ${applied.join(', ')}` : 'store is up to date');
    });
}
