import { createLogger, NotFoundError, StreamName } from '@crm-bridge/core';
import { findQuarantineEntry, listQuarantine } from '@crm-bridge/store';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, withStore } from '../context';
import { formatTable } from '../format-table';
import { EXIT_FAILED } from '../io';
import { allSucceeded, runSync } from '../sync/run-sync';
import { renderSyncSummary } from '../sync/sync-summary';

/** `crm-bridge quarantine list|show|retry`: the records a sync could not use, and why. */
export function registerQuarantineCommands(program: Command, context: CommandContext): void {
  const { io } = context;
  const quarantine = program
    .command('quarantine')
    .description('see and retry the records a sync could not use');
  const store = <T>(fn: Parameters<typeof withStore<T>>[2]) =>
    withStore(readConfig(context.options(), io), io, fn);

  quarantine
    .command('list')
    .description('quarantined records, most recent first')
    .option('--source <id>', 'only this source')
    .option('--stream <name>', 'only this stream')
    .option('--limit <n>', 'how many', '50')
    .action(async (options: { source?: string; stream?: string; limit: string }) => {
      const entries = await store((db) =>
        listQuarantine(db, {
          ...(options.source ? { source: options.source } : {}),
          ...(options.stream ? { stream: options.stream } : {}),
          limit: Number(options.limit) || 50,
        }),
      );
      if (entries.length === 0) return io.out('nothing is quarantined');
      io.out(
        formatTable(
          ['id', 'source', 'stream', 'external id', 'tries', 'reason'],
          entries.map((e) => [
            e.id,
            e.source,
            e.stream,
            e.externalId ?? '?',
            e.attempts,
            e.reason.slice(0, 100),
          ]),
        ),
      );
    });

  quarantine
    .command('show <id>')
    .description('one quarantined record: the reason, the issues and the raw payload')
    .action(async (id: string) => {
      const entry = await store((db) => findQuarantineEntry(db, Number(id)));
      if (!entry)
        throw new NotFoundError(`nothing quarantined with id ${id}`, { code: 'cli.quarantine_not_found' });
      io.out(
        [
          `${entry.source}/${entry.stream} ${entry.externalId ?? '(no id)'}  seen ${entry.attempts}× (first ${entry.firstSeenAt}, last ${entry.lastSeenAt})`,
          `reason: ${entry.reason}`,
          `raw:\n${JSON.stringify(entry.raw, null, 2)}`,
        ].join('\n'),
      );
    });

  quarantine
    .command('retry [sources...]')
    .description('re-read the streams that hold quarantined records; records now valid leave quarantine')
    .action(async (sourceIds: string[]) => {
      const config = readConfig(context.options(), io);
      await withStore(config, io, async (db) => {
        const entries = await listQuarantine(db, { limit: 100_000 });
        const wanted = entries.filter((e) => sourceIds.length === 0 || sourceIds.includes(e.source));
        const bySource = new Map<string, Set<StreamName>>();
        for (const e of wanted)
          bySource.set(e.source, (bySource.get(e.source) ?? new Set()).add(StreamName.parse(e.stream)));
        if (bySource.size === 0) return io.out('nothing is quarantined');
        const log = createLogger({ level: config.logging.level });
        const results = [];
        for (const [source, streams] of bySource) {
          results.push(
            ...(await runSync({
              config,
              db,
              log,
              sourceIds: [source],
              streams: [...streams],
              full: true,
              signal: new AbortController().signal,
            })),
          );
        }
        io.out(renderSyncSummary(results, false));
        const left = await listQuarantine(db, { limit: 100_000 });
        io.out(
          `${wanted.length - left.filter((e) => bySource.has(e.source)).length} of ${wanted.length} left quarantine`,
        );
        if (!allSucceeded(results)) context.setExitCode(EXIT_FAILED);
      });
    });
}
