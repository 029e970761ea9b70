/**
 * A whole Slack setup over a real store for scenario tests: migrated database (PGlite or PostgreSQL), the real
 * chat core, the Slack app in http mode mounted on the real API server (createApi), the fake Slack, and a
 * customer with orders in two ERPs written the way a sync writes them.
 */

import { createApi } from '@crm-bridge/api';
import { createChatBot } from '@crm-bridge/bot-core';
import {
  type Config,
  Customer,
  createLogger,
  Order,
  parseConfig,
  type Role,
  SlackBotConfig,
} from '@crm-bridge/core';
import { profilesSettings, updateProfiles } from '@crm-bridge/profiles';
import { contentHash, type Db, migrate, upsertOrders, upsertSourceRecords } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import type { FastifyInstance } from 'fastify';
import { FakeSlack } from './fake-slack.test-support';
import { createSlackApp, type SlackHandle } from './slack-app';
import { registerSlackRoutes } from './slack-routes';

export const SIGNING_SECRET = 'scenario-signing-secret';
export const NOW = new Date('2026-03-02T09:00:00.000Z');
/** Hostile on purpose: every mrkdwn mark, entities, a dot, and Cyrillic. */
export const HOSTILE_NAME = 'ООО <Ромашка> & *Acme_Corp*.';

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

export interface SlackScenario {
  db: () => Db;
  slack: FakeSlack;
  endpoint: () => string;
  handle: () => SlackHandle;
}

/** Sets up everything once per describe block (migrating PGlite is slow); tables are emptied before each test. */
export function useSlackScenario(driver: 'pglite' | 'postgres'): SlackScenario {
  const slack = new FakeSlack();
  let test: TestDb;
  let server: FastifyInstance;
  let handle: SlackHandle;
  let endpoint = '';
  beforeAll(async () => {
    test = await openTestDb(driver);
    await migrate(test.db);
    await slack.start();
    const config = scenarioConfig();
    const log = createLogger({ level: 'silent' });
    handle = await createSlackApp({
      chatBot: createChatBot({ db: test.db, config, now: () => NOW }),
      config: SlackBotConfig.parse({
        mode: 'http',
        botToken: 'xoxb-scenario',
        signingSecret: SIGNING_SECRET,
      }),
      log,
      slackApiUrl: slack.apiUrl,
      botIdentity: { botId: 'B1', botUserId: 'UBOT' },
    });
    server = createApi({ db: test.db, config, log, processMetrics: false });
    registerSlackRoutes(server, handle);
    endpoint = `${await server.listen({ host: '127.0.0.1', port: 0 })}/slack/events`;
  }, 120_000);
  beforeEach(async () => {
    slack.reset();
    slack.users.clear();
    const tables = await test.db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
    );
    await test.db.exec(
      `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`,
    );
  });
  afterAll(async () => {
    await server?.close();
    await slack.stop();
    await test?.cleanup();
  });
  return { db: () => test.db, slack, endpoint: () => endpoint, handle: () => handle };
}

/** An employee with a Slack user id in workspace T1. */
export async function slackEmployee(
  db: Db,
  name: string,
  role: Role,
  slackUserId: string | null,
  email: string,
) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO employees (name, email, role, slack_user_id, slack_team_id, time_zone)
     VALUES ($1, $2, $3, $4, $5, 'Europe/Berlin') RETURNING id`,
    [name, email, role, slackUserId, slackUserId ? 'T1' : null],
  );
  return row!.id;
}

/** One customer in Odoo and ERPNext (joined by its INN), with an order in each; returns the profile id. */
export async function customerInTwoErps(db: Db, name: string): Promise<string> {
  const records = [
    Customer.parse({
      sourceId: 'odoo',
      externalId: '42',
      kind: 'organization',
      displayName: name,
      taxIds: [{ kind: 'ru_inn', value: '7707083893' }],
    }),
    Customer.parse({
      sourceId: 'erpnext',
      externalId: 'CUST-0001',
      kind: 'organization',
      displayName: name,
      taxIds: [{ kind: 'ru_inn', value: '7707083893' }],
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
  const [row] = await db.query<{ tickets: number; audit: number; reminders: number; bound: number }>(
    `SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM audit_log) AS audit,
       (SELECT count(*)::int FROM reminders) AS reminders,
       (SELECT count(*)::int FROM employees WHERE slack_user_id IS NOT NULL) AS bound`,
  );
  return row!;
}
