// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in these strings is crm-bridge.yaml syntax, not a JS template
/**
 * The bots bench's server, in its own forked process: the HTTP API as `crm-bridge serve` runs it (createApi)
 * with the Slack app in http mode mounted on POST /slack/events (registerSlackRoutes: Bolt's HTTPReceiver
 * checks each signature on the raw bytes) and the Telegram bot's webhook on POST /telegram/webhook, both
 * over the real chat core and the bench database, talking to the fake platforms. Secrets come in through the
 * environment, as `${VAR}` in the YAML. The Telegram bot keeps the adapter's pacing (1 message/s per chat,
 * 30/s in all, Telegram's published limits) unless BOTS_BENCH_TELEGRAM_GLOBAL raises the global one.
 */
import { createApi } from '@crm-bridge/api';
import { createChatBot } from '@crm-bridge/bot-core';
import { createSlackApp, registerSlackRoutes } from '@crm-bridge/bot-slack';
import { createTelegramBot, registerTelegramWebhook, storeBlockMarks } from '@crm-bridge/bot-telegram';
import { createLogger, parseConfig } from '@crm-bridge/core';
import { openDb } from '@crm-bridge/store';
import { TELEGRAM_BOT_USERNAME } from './bots-bench-fakes';
import { profileSql, type SqlTiming } from './bots-bench-sql-profile';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

/** What the server child reports when asked. */
export interface ServerStats {
  rss: number;
  maxRss: number;
  cpuMicros: number;
}

export type ServerMessage = { url: string } | { stats: ServerStats } | { idle: true } | { sql: SqlTiming[] };

/** The environment the parent gives the child. */
export interface ServerEnv {
  BOTS_BENCH_DATABASE_URL: string;
  BOTS_BENCH_POOL: string;
  BOTS_BENCH_LOG_LEVEL: string;
  BOTS_BENCH_SLACK_API: string;
  BOTS_BENCH_TELEGRAM_ROOT: string;
  /** Messages per second in all for the Telegram adapter; empty = the adapter's default. */
  BOTS_BENCH_TELEGRAM_GLOBAL: string;
  SLACK_BOT_TOKEN: string;
  SLACK_SIGNING_SECRET: string;
  TELEGRAM_BOT_TOKEN: string;
  TELEGRAM_WEBHOOK_SECRET: string;
  /** '1': time every statement (see bots-bench-sql-profile). */
  BOTS_BENCH_PROFILE_SQL: string;
}

async function serve(): Promise<void> {
  const env = process.env as unknown as ServerEnv;
  const yaml = [
    'version: 1',
    'currency: { base: RUB }',
    'phone: { defaultRegion: RU }',
    `store: { url: ${JSON.stringify(env.BOTS_BENCH_DATABASE_URL)}, pool: { max: ${env.BOTS_BENCH_POOL} } }`,
    `logging: { level: ${env.BOTS_BENCH_LOG_LEVEL} }`,
    'bots:',
    '  slack: { mode: http, botToken: "${SLACK_BOT_TOKEN}", signingSecret: "${SLACK_SIGNING_SECRET}" }',
    '  telegram:',
    '    mode: webhook',
    '    botToken: "${TELEGRAM_BOT_TOKEN}"',
    '    webhookUrl: https://crm.example.com/telegram/webhook',
    `    botUsername: ${TELEGRAM_BOT_USERNAME}`,
    '    webhookSecret: "${TELEGRAM_WEBHOOK_SECRET}"',
  ].join('\n');
  const config = parseConfig(yaml, { fileName: 'bots-bench.yaml', env: process.env });
  const slackConfig = config.bots.slack!;
  const telegramConfig = config.bots.telegram!;
  const log = createLogger({ level: config.logging.level });
  const opened = await openDb({ url: config.store.url!.reveal(), poolMax: config.store.pool.max });
  const profile = env.BOTS_BENCH_PROFILE_SQL === '1' ? profileSql(opened) : null;
  const db = profile?.db ?? opened;
  const chatBot = createChatBot({
    db,
    config,
    onError: (error) => log.error({ err: error }, 'chat bot failed'),
  });
  // No botIdentity: the app checks its token with auth.test at start, as serve does.
  const slack = await createSlackApp({
    chatBot,
    config: slackConfig,
    log,
    slackApiUrl: env.BOTS_BENCH_SLACK_API,
  });
  const global = Number(env.BOTS_BENCH_TELEGRAM_GLOBAL);
  const telegram = createTelegramBot({
    token: telegramConfig.botToken.reveal(),
    apiRoot: env.BOTS_BENCH_TELEGRAM_ROOT,
    chatBot,
    blockMarks: storeBlockMarks(db),
    botUsername: telegramConfig.botUsername,
    log,
    ...(global > 0 ? { globalPerSecond: global } : {}),
  });
  await telegram.startWebhook({
    url: telegramConfig.webhookUrl!,
    secretToken: telegramConfig.webhookSecret!.reveal(),
  });
  const app = createApi({ db, config, log, processMetrics: false });
  registerSlackRoutes(app, slack);
  registerTelegramWebhook(app, telegram.receive, {
    path: TELEGRAM_WEBHOOK_PATH,
    secretToken: telegramConfig.webhookSecret!.reveal(),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  const send = (message: ServerMessage) => process.send!(message);
  process.on('message', async (message) => {
    if (message === 'stats') {
      const cpu = process.cpuUsage();
      send({
        stats: {
          rss: process.memoryUsage().rss,
          maxRss: process.resourceUsage().maxRSS * 1024,
          cpuMicros: cpu.user + cpu.system,
        },
      });
    } else if (message === 'sql') {
      send({ sql: profile?.take(8) ?? [] });
    } else if (message === 'idle') {
      await telegram.idle();
      send({ idle: true });
    } else if (message === 'stop') {
      await app.close();
      await telegram.stop();
      await db.close();
      process.disconnect();
    }
  });
  // A parent that died without saying stop leaves no server behind.
  process.once('disconnect', () => process.exit(0));
  send({ url });
}

if (require.main === module) {
  serve().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
