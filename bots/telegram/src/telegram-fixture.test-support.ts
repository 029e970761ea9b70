/**
 * A whole Telegram setup over a real store for scenario tests: a migrated database, the real chat core, the
 * bot's webhook route on the real API server (createApi, as `crm-bridge serve` runs it) and the fake Bot API.
 */
import { createApi } from '@crm-bridge/api';
import { createChatBot } from '@crm-bridge/bot-core';
import { TWO_ERP_NOW, twoErpConfig } from '@crm-bridge/bot-core/testing';
import { createLogger, type Role } from '@crm-bridge/core';
import { type Db, migrate } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import type { FastifyInstance } from 'fastify';
import type { Update } from 'node-telegram-bot-api';
import { storeBlockMarks } from './block-marks';
import { createTelegramBot, type TelegramBot } from './create-telegram-bot';
import { registerTelegramWebhook } from './telegram-webhook';
import {
  BOT_USERNAME,
  type FakeTelegramApi,
  postUpdate,
  type RecordedCall,
  SECRET,
  startFakeTelegramApi,
  WEBHOOK_PATH,
} from './testing/index';

export const NOW = TWO_ERP_NOW;
/** Hostile on purpose: HTML specials, MarkdownV2 marks, a dot, Cyrillic. */
export const HOSTILE_NAME = 'ООО «Рога & Копыта» <b>_*Acme*_.';

export interface TelegramScenario {
  db: () => Db;
  api: () => FakeTelegramApi;
  telegram: () => TelegramBot;
  /** POSTs an update to the webhook on the API server and waits until the bot has handled it. */
  post(update: Update, secret?: string | null): Promise<Response>;
}

/** Everything once per describe block (migrating is slow); tables are emptied before each test. */
export function useTelegramScenario(driver: 'pglite' | 'postgres'): TelegramScenario {
  let test: TestDb;
  let api: FakeTelegramApi;
  let telegram: TelegramBot;
  let server: FastifyInstance;
  let url = '';
  beforeAll(async () => {
    test = await openTestDb(driver);
    await migrate(test.db);
    api = await startFakeTelegramApi();
    const config = twoErpConfig();
    const log = createLogger({ level: 'silent' });
    telegram = createTelegramBot({
      token: api.token,
      apiRoot: api.apiRoot,
      chatBot: createChatBot({ db: test.db, config, now: () => NOW }),
      blockMarks: storeBlockMarks(test.db),
      botUsername: BOT_USERNAME,
      log,
      perChatPerSecond: 1000,
      globalPerSecond: 1000,
    });
    server = createApi({ db: test.db, config, log, processMetrics: false });
    registerTelegramWebhook(server, telegram.receive, { path: WEBHOOK_PATH, secretToken: SECRET });
    url = `${await server.listen({ host: '127.0.0.1', port: 0 })}${WEBHOOK_PATH}`;
  }, 120_000);
  beforeEach(async () => {
    api.reset();
    const tables = await test.db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
    );
    await test.db.exec(
      `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`,
    );
  });
  afterAll(async () => {
    await telegram?.stop();
    await server?.close();
    await api?.close();
    await test?.cleanup();
  });
  return {
    db: () => test.db,
    api: () => api,
    telegram: () => telegram,
    async post(update, secret = SECRET) {
      const response = await postUpdate(url, update, secret);
      await telegram.idle();
      return response;
    },
  };
}

/** An employee bound to a Telegram user id (or not bound). */
export async function telegramEmployee(db: Db, name: string, role: Role, telegramUserId: number | null) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO employees (name, email, role, telegram_user_id, time_zone, language)
     VALUES ($1, $2, $3, $4, 'Asia/Yekaterinburg', 'en') RETURNING id`,
    [name, `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`, role, telegramUserId],
  );
  return row!.id;
}

/** The text Telegram would show for an HTML message. */
export function visibleText(html: unknown): string {
  return String(html)
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The inline buttons of a sent or edited message. */
export function buttonsOf(call: RecordedCall | undefined): Array<{ text: string; callback_data: string }> {
  const markup = call?.params.reply_markup as {
    inline_keyboard?: Array<Array<{ text: string; callback_data: string }>>;
  };
  return markup?.inline_keyboard?.flat() ?? [];
}
