/**
 * A whole Slack setup over a real store for scenario tests: migrated database (PGlite or PostgreSQL), the real
 * chat core, the Slack app in http mode mounted on the real API server (createApi) and the fake Slack.
 */

import { createApi } from '@crm-bridge/api';
import { createChatBot } from '@crm-bridge/bot-core';
import { TWO_ERP_NOW, twoErpConfig } from '@crm-bridge/bot-core/testing';
import { createLogger, type Role, SlackBotConfig } from '@crm-bridge/core';
import { type Db, migrate } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import type { FastifyInstance } from 'fastify';
import { createSlackApp, type SlackHandle } from './slack-app';
import { registerSlackRoutes } from './slack-routes';
import { FakeSlack } from './testing/index';

export const SIGNING_SECRET = 'scenario-signing-secret';
export const NOW = TWO_ERP_NOW;
/** Hostile on purpose: every mrkdwn mark, entities, a dot, and Cyrillic. */
export const HOSTILE_NAME = 'ООО <Ромашка> & *Acme_Corp*.';

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
    const config = twoErpConfig();
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
