/** One worker process of the worker bench: argv = database URL, Redis URL, prefix. Reports RSS to the parent. */
import { createLogger, parseConfig } from '@crm-bridge/core';
import { createDuties, startQueueWorker } from '@crm-bridge/queue';
import { openDb } from '@crm-bridge/store';

async function run(): Promise<void> {
  const [databaseUrl, redisUrl, prefix] = process.argv.slice(2);
  const db = await openDb({ url: databaseUrl!, poolMax: 20 });
  const config = parseConfig('version: 1\ncurrency: { base: EUR }\nphone: { defaultRegion: DE }\n', {
    fileName: 'bench.yaml',
    env: {},
  });
  const log = createLogger({ level: 'warn' });
  const worker = await startQueueWorker({
    db,
    config,
    duties: createDuties({ db, config, log, webhooks: { batchSize: 500 } }),
    redis: { url: redisUrl!, prefix: prefix! },
    log,
    chat: false,
    intervals: { webhooksMs: 200 },
    concurrency: { reminders: 100 },
  });
  let maxRss = 0;
  const sample = setInterval(() => {
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
    process.send?.({ rss: maxRss, processed: worker.processed().reminders });
  }, 500);
  process.send?.({ ready: true });
  process.on('message', (message: { stop?: boolean }) => {
    if (!message.stop) return;
    clearInterval(sample);
    void worker.stop(5000).then(async () => {
      await db.close();
      process.exit(0);
    });
  });
}

void run();
