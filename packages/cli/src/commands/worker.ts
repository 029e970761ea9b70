import { createLogger } from '@crm-bridge/core';
import { openQueues, queueHealth, queueHealthLines, startQueueWorker } from '@crm-bridge/queue';
import { migrationStatus, openDb } from '@crm-bridge/store';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, storeTarget } from '../context';
import { chatDrain, createChatBots } from './chat-bots';
import { stopSignal } from './serve';
import { cliDuties, requireRedis } from './worker-duties';

/** How long a stopping worker waits for running jobs before leaving them to be retried. */
const STOP_GRACE_MS = 25_000;

/**
 * `crm-bridge worker`: BullMQ workers for every duty (scheduled syncs, reminders, SLA watch, dormant sweep,
 * webhook and chat deliveries) until SIGINT or SIGTERM; `crm-bridge worker status`: the queues' health.
 */
export function registerWorkerCommands(program: Command, context: CommandContext): void {
  const worker = program
    .command('worker')
    .description('run the background duties on Redis (BullMQ) until stopped; any number may run')
    .action(async () => {
      const { io } = context;
      const config = readConfig(context.options(), io);
      const redis = requireRedis(config, io);
      const log = createLogger({ level: config.logging.level });
      const signal = stopSignal();
      const db = await openDb(storeTarget(config, io));
      try {
        const { pending } = await migrationStatus(db);
        if (pending.length > 0) {
          io.err(`the store needs migrations (${pending.join(', ')}): run crm-bridge migrate`);
          context.setExitCode(2);
          return;
        }
        // The worker sends chat notifications; it receives nothing (serve runs the bots' receivers).
        const bots = await createChatBots(config, db, log);
        const chat = bots.senders.length > 0;
        const running = await startQueueWorker({
          db,
          config,
          duties: cliDuties(config, db, log, chat ? { drainChat: chatDrain(db, bots, log) } : {}),
          redis,
          log: log.child({ component: 'worker' }),
          chat,
        });
        io.out(`worker running (queues under prefix ${redis.prefix})`);
        const name = await signal.stopped;
        io.err(`${name}: stopping (running jobs get ${STOP_GRACE_MS / 1000}s to finish)`);
        await running.stop(STOP_GRACE_MS);
        io.out('stopped');
      } finally {
        signal.dispose();
        await db.close();
      }
    });

  worker
    .command('status')
    .description('show each queue: waiting, active, delayed and failed jobs, and how late the oldest is')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { io } = context;
      const config = readConfig(context.options(), io);
      const redis = requireRedis(config, io);
      const log = createLogger({ level: 'silent' });
      const queues = await openQueues(redis, log);
      try {
        const health = await queueHealth(queues);
        if (options.json) io.out(JSON.stringify(health, null, 2));
        else for (const line of queueHealthLines(health)) io.out(line);
      } finally {
        await queues.close();
      }
    });
}
