import { startServer } from '@crm-bridge/api';
import { createLogger, type Logger } from '@crm-bridge/core';
import {
  dutySchedules,
  type EmbeddedDuties,
  openQueues,
  type QueueSet,
  queueHealth,
  registerQueueMetrics,
  startEmbeddedDuties,
} from '@crm-bridge/queue';
import { type Db, migrationStatus, openDb } from '@crm-bridge/store';
import { type Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, storeTarget } from '../context';
import type { Io } from '../io';
import { connectorFor } from '../sync/connectors';
import {
  type ChatBots,
  chatBotsNote,
  chatDrain,
  createChatBots,
  mountChatReceivers,
  startChatBots,
  stopChatBots,
} from './chat-bots';
import { cliDuties, redisTarget } from './worker-duties';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new InvalidArgumentError('expected a port from 0 to 65535');
  return port;
}

/** Resolves at the first SIGINT or SIGTERM, with its name. */
export function stopSignal(): { stopped: Promise<string>; dispose(): void } {
  let onSignal: (signal: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    onSignal = resolve;
  });
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return { stopped, dispose: () => process.off('SIGINT', onSignal).off('SIGTERM', onSignal) };
}

/** How long a stopping serve waits for a duty in progress (a delivery pass, a sweep). */
const DUTY_STOP_GRACE_MS = 15_000;

/**
 * The background duties of this process: none when Redis is configured (the worker runs them) unless
 * `embedded` is asked for; else the same duties on in-process timers. With Redis, the queues' health
 * goes to /metrics.
 */
async function serveDuties(options: {
  config: ReturnType<typeof readConfig>;
  db: Db;
  log: Logger;
  io: Io;
  embedded: boolean;
  bots: ChatBots;
}): Promise<{ duties: EmbeddedDuties | null; queues: QueueSet | null; note: string }> {
  const { config, db, log, io, bots } = options;
  const redis = redisTarget(config, io);
  let queues: QueueSet | null = null;
  if (redis) {
    queues = await openQueues(redis, log.child({ component: 'queues' })).catch((error: Error) => {
      io.err(`warning: Redis is not reachable (${error.message}); queue metrics are off`);
      return null;
    });
  }
  if (redis && !options.embedded) {
    return { duties: null, queues, note: 'background duties: run crm-bridge worker (Redis is configured)' };
  }
  const chat = bots.senders.length > 0;
  const duties = startEmbeddedDuties({
    duties: cliDuties(config, db, log, chat ? { drainChat: chatDrain(db, bots, log) } : {}),
    schedules: dutySchedules(config, {}, { chat }),
    log: log.child({ component: 'duties' }),
  });
  return { duties, queues, note: 'background duties: running in this process' };
}

/**
 * `crm-bridge serve`: the HTTP API and, without Redis (or with --embedded-duties), the background duties
 * until SIGINT or SIGTERM; then it stops taking requests, lets those in flight finish, stops its sync runs
 * after the page each is writing and waits for the duty in progress.
 */
export function registerServeCommand(program: Command, context: CommandContext): void {
  program
    .command('serve')
    .description(
      'run the HTTP API (api.host and api.port in the config) and, without Redis, the background duties until stopped',
    )
    .option('--port <port>', 'listen on this port instead of api.port (0 = any free port)', parsePort)
    .option('--host <host>', 'listen on this interface instead of api.host')
    .option('--embedded-duties', 'run the background duties in this process even when Redis is configured')
    .action(async (flags: { port?: number; host?: string; embeddedDuties?: boolean }) => {
      const { io } = context;
      const config = readConfig(context.options(), io);
      const log = createLogger({ level: config.logging.level });
      const signal = stopSignal();
      const db = await openDb(storeTarget(config, io));
      let background: Awaited<ReturnType<typeof serveDuties>> | null = null;
      let bots: ChatBots | null = null;
      try {
        const { pending } = await migrationStatus(db);
        if (pending.length > 0) {
          io.err(
            `warning: the store needs migrations (${pending.join(', ')}); /readyz fails until crm-bridge migrate`,
          );
        }
        bots = await createChatBots(config, db, log);
        const chatBots = bots;
        background = await serveDuties({
          config,
          db,
          log,
          io,
          embedded: flags.embeddedDuties ?? false,
          bots: chatBots,
        });
        const queues = background.queues;
        const server = await startServer({
          db,
          config,
          log,
          connectorFor,
          mount: (app) => mountChatReceivers(app, chatBots, config),
          ...(queues
            ? {
                registerMetrics: (registry) =>
                  registerQueueMetrics(
                    registry,
                    () => queueHealth(queues),
                    (error) => log.warn({ err: error }, 'queue metrics unavailable'),
                  ),
              }
            : {}),
          ...(flags.host === undefined ? {} : { host: flags.host }),
          ...(flags.port === undefined ? {} : { port: flags.port }),
        });
        await startChatBots(chatBots, config, log);
        io.out(`listening on ${server.url} (OpenAPI at ${server.url}/v1/openapi.json)`);
        io.out(background.note);
        io.out(chatBotsNote(chatBots));
        const name = await signal.stopped;
        io.err(`${name}: stopping (requests in flight finish; sync runs stop after their current page)`);
        bots = null; // stopped here; the finally block stops them only when serve failed before this
        await Promise.all([
          server.close(),
          background.duties?.stop(DUTY_STOP_GRACE_MS),
          stopChatBots(chatBots),
        ]);
        io.out('stopped');
      } finally {
        signal.dispose();
        if (bots) await stopChatBots(bots);
        await background?.duties?.stop(0);
        await background?.queues?.close();
        await db.close();
      }
    });
}
