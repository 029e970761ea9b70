/**
 * A worker in a child process (run through test-support/ts-register.cjs), for tests that kill it:
 * argv = database URL, Redis URL, prefix. Prints "ready" once it reconciled.
 */
import { openDb } from '@crm-bridge/store';
import { createDuties } from './duties';
import { queueConfig, quietLog } from './queue-fixture.test-support';
import { startQueueWorker } from './queue-worker';

async function run(): Promise<void> {
  const [databaseUrl, redisUrl, prefix] = process.argv.slice(2);
  const db = await openDb({ url: databaseUrl!, poolMax: 10 });
  const config = queueConfig();
  const worker = await startQueueWorker({
    db,
    config,
    duties: createDuties({ db, config, log: quietLog }),
    redis: { url: redisUrl!, prefix: prefix! },
    log: quietLog,
    pollEveryMs: 100,
    chat: false,
    lockDurationMs: 1000,
    stalledIntervalMs: 500,
  });
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    void worker.stop(5000).then(() => db.close().then(() => process.exit(0)));
  });
}

void run();
