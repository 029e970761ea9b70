/**
 * A whole Telegram setup over a real store for scenario tests: a migrated database, the real chat core, the
 * bot's webhook route on the real API server (createApi, as `crm-bridge serve` runs it), the fake Bot API,
 * and a customer with orders in two ERPs written the way a sync writes them.
 */
import { createApi } from '@crm-bridge/api';
import { createChatBot } from '@crm-bridge/bot-core';
import { type Config, Customer, createLogger, Order, parseConfig, type Role } from '@crm-bridge/core';
import { profilesSettings, updateProfiles } from '@crm-bridge/profiles';
import { contentHash, type Db, migrate, upsertOrders, upsertSourceRecords } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import type { FastifyInstance } from 'fastify';
import type { Update } from 'node-telegram-bot-api';
import { storeBlockMarks } from './block-marks';
import { createTelegramBot, type TelegramBot } from './create-telegram-bot';
import {
  type FakeTelegramApi,
  type RecordedCall,
  startFakeTelegramApi,
} from './fake-telegram-api.test-support';
import { BOT_USERNAME, SECRET, WEBHOOK_PATH } from './telegram-updates.test-support';
import { registerTelegramWebhook, SECRET_HEADER } from './telegram-webhook';

export const NOW = new Date('2026-03-02T09:00:00.000Z');
/** Hostile on purpose: HTML specials, MarkdownV2 marks, a dot, Cyrillic. */
export const HOSTILE_NAME = 'ООО «Рога & Копыта» <b>_*Acme*_.';

export function scenarioConfig(): Config {
  return parseConfig(
    [
      'version: 1',
      'currency:',
      '  base: EUR',
      'phone:',
      '  defaultRegion: DE',
      'sources:',
      '  - id: odoo',
      '    kind: odoo',
      '    name: Odoo Berlin',
      '    url: https://odoo.example.com',
      '    database: acme',
      '    credentials: { username: bot, apiKey: odoo-key }',
      '  - id: erpnext',
      '    kind: erpnext',
      '    name: ERPNext Wholesale',
      '    url: https://erp.example.com',
      '    timezone: Europe/Berlin',
      '    credentials: { apiKey: k, apiSecret: s }',
      'logging:',
      '  level: silent',
    ].join('\n'),
    { fileName: 'crm-bridge.yaml', env: {} },
  );
}

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
    const config = scenarioConfig();
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
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret === null ? {} : { [SECRET_HEADER]: secret }),
        },
        body: JSON.stringify(update),
      });
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

/** One customer in Odoo and ERPNext (joined by e-mail), with an order in each; returns the profile id. */
export async function customerInTwoErps(db: Db, name: string): Promise<string> {
  const records = [
    Customer.parse({
      sourceId: 'odoo',
      externalId: '42',
      kind: 'organization',
      displayName: name,
      emails: ['buyer@roga-kopyta.de'],
    }),
    Customer.parse({
      sourceId: 'erpnext',
      externalId: 'CUST-0001',
      kind: 'organization',
      displayName: name,
      emails: ['buyer@roga-kopyta.de'],
    }),
  ];
  for (const customer of records) {
    await upsertSourceRecords(db, customer.sourceId, 'customers', [
      { customer, raw: null, contentHash: contentHash(customer) },
    ]);
  }
  const orders = [
    Order.parse({
      sourceId: 'odoo',
      externalId: '7',
      number: 'SO_0007',
      customerExternalId: '42',
      status: 'fulfilled',
      erpStatus: 'done',
      orderedAt: '2026-02-01T10:00:00Z',
      currency: 'EUR',
      netAmount: 100,
      taxAmount: 19,
      totalAmount: 119,
    }),
    Order.parse({
      sourceId: 'erpnext',
      externalId: 'SO-2026-00009',
      number: 'SO-2026-00009',
      customerExternalId: 'CUST-0001',
      status: 'fulfilled',
      erpStatus: 'Completed',
      orderedAt: '2026-02-15T10:00:00Z',
      currency: 'EUR',
      netAmount: 200,
      taxAmount: 0,
      totalAmount: 200,
    }),
  ];
  for (const order of orders) {
    await upsertOrders(db, order.sourceId, [{ order, raw: null, contentHash: contentHash(order) }]);
  }
  await updateProfiles(db, profilesSettings(scenarioConfig()), { now: NOW });
  const [row] = await db.query<{ profile_id: string }>(
    `SELECT profile_id FROM source_records WHERE source = 'odoo' AND external_id = '42'`,
  );
  return row!.profile_id;
}

/** Counts that must not move when a request is refused. */
export async function storeCounts(db: Db) {
  const [row] = await db.query<{
    tickets: number;
    audit: number;
    reminders: number;
    notes: number;
    bound: number;
  }>(
    `SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM audit_log) AS audit,
       (SELECT count(*)::int FROM reminders) AS reminders, (SELECT count(*)::int FROM interactions) AS notes,
       (SELECT count(*)::int FROM employees WHERE telegram_user_id IS NOT NULL) AS bound`,
  );
  return row!;
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
