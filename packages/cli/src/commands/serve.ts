import { startServer } from '@crm-bridge/api';
import { createLogger } from '@crm-bridge/core';
import { startWebhookDrainer } from '@crm-bridge/desk';
import { migrationStatus, openDb } from '@crm-bridge/store';
import { type Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, storeTarget } from '../context';
import { connectorFor } from '../sync/connectors';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new InvalidArgumentError('expected a port from 0 to 65535');
  return port;
}

/** Resolves at the first SIGINT or SIGTERM, with its name. */
function stopSignal(): { stopped: Promise<string>; dispose(): void } {
  let onSignal: (signal: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    onSignal = resolve;
  });
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return { stopped, dispose: () => process.off('SIGINT', onSignal).off('SIGTERM', onSignal) };
}

/**
 * `crm-bridge serve`: the HTTP API and the webhook deliveries until SIGINT or SIGTERM; then it stops
 * taking requests, lets those in flight finish, stops its sync runs after the page each is writing and
 * waits for the delivery pass in progress.
 */
export function registerServeCommand(program: Command, context: CommandContext): void {
  program
    .command('serve')
    .description(
      'run the HTTP API (api.host and api.port in the config) and webhook deliveries until stopped',
    )
    .option('--port <port>', 'listen on this port instead of api.port (0 = any free port)', parsePort)
    .option('--host <host>', 'listen on this interface instead of api.host')
    .action(async (flags: { port?: number; host?: string }) => {
      const { io } = context;
      const config = readConfig(context.options(), io);
      const log = createLogger({ level: config.logging.level });
      const signal = stopSignal();
      const db = await openDb(storeTarget(config, io));
      try {
        const { pending } = await migrationStatus(db);
        if (pending.length > 0) {
          io.err(
            `warning: the store needs migrations (${pending.join(', ')}); /readyz fails until crm-bridge migrate`,
          );
        }
        const server = await startServer({
          db,
          config,
          log,
          connectorFor,
          ...(flags.host === undefined ? {} : { host: flags.host }),
          ...(flags.port === undefined ? {} : { port: flags.port }),
        });
        // Several serve processes may drain the outbox at once: each delivery is claimed by one.
        const drainer = startWebhookDrainer(db, { log: log.child({ component: 'webhooks' }) });
        io.out(`listening on ${server.url} (OpenAPI at ${server.url}/v1/openapi.json)`);
        const name = await signal.stopped;
        io.err(`${name}: stopping (requests in flight finish; sync runs stop after their current page)`);
        await Promise.all([server.close(), drainer.stop()]);
        io.out('stopped');
      } finally {
        signal.dispose();
        await db.close();
      }
    });
}
