import { type Config, parseConfig, type Role } from '@crm-bridge/core';
import { type Db, migrate } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import { createChatBot } from './chat-bot';
import type { ChatBot, ChatInput, ChatReply, ChatRequest, ChatUser } from './chat-contract';
import { customerInTwoErps } from './testing/index';

/** Monday 24 August 2026, 06:00 UTC: the clock of every chat scenario. */
export const NOW = new Date('2026-08-24T06:00:00.000Z');

/** A config with an Odoo and an ERPNext source (web links), Moscow as the default zone, one open group. */
export function chatConfig(): Config {
  return parseConfig(
    `version: 1
currency:
  base: EUR
phone:
  defaultRegion: DE
sources:
  - id: odoo
    kind: odoo
    name: Odoo Berlin
    url: https://odoo.example.com
    database: acme
    credentials:
      apiKey: \${ODOO_KEY}
  - id: erpnext
    kind: erpnext
    name: ERPNext
    url: https://erp.example.com/
    timezone: Europe/Berlin
    credentials:
      apiKey: \${ERP_KEY}
      apiSecret: \${ERP_SECRET}
bots:
  defaultTimeZone: Europe/Moscow
  telegram:
    botToken: 123456:test-token-000000000000000000
    botUsername: crm_test_bot
  groupChats:
    - channel: telegram
      chatId: -1001
      showPersonalData: true
`,
    { fileName: 'crm-bridge.yaml', env: { ODOO_KEY: 'k', ERP_KEY: 'a', ERP_SECRET: 'b' } },
  );
}

/** One migrated store per file and driver, emptied before each test. */
export function useChatDb(driver: 'pglite' | 'postgres'): () => Db {
  let handle: TestDb;
  beforeAll(async () => {
    handle = await openTestDb(driver);
    await migrate(handle.db);
  }, 120_000);
  beforeEach(async () => {
    const tables = await handle.db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
    );
    await handle.db.exec(
      `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`,
    );
  });
  afterAll(() => handle?.cleanup());
  return () => handle.db;
}

export interface EmployeeRow {
  id: string;
  name: string;
}

/** An employee written to the table, bound to a Telegram id and a Slack id when given. */
export async function employee(
  db: Db,
  name: string,
  role: Role,
  options: {
    telegram?: number;
    slack?: string;
    email?: string;
    timeZone?: string;
    language?: 'en' | 'ru';
  } = {},
): Promise<EmployeeRow> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO employees (name, email, role, telegram_user_id, slack_user_id, time_zone, language)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      name,
      options.email ?? null,
      role,
      options.telegram ?? null,
      options.slack ?? null,
      options.timeZone ?? null,
      options.language ?? null,
    ],
  );
  return { id: row!.id, name };
}

/**
 * The customer of the card scenarios in two ERPs (through the shared seeding): a phone, an e-mail and a VAT id,
 * revenue in two currencies, flagged dormant; `name` may hold characters every format escapes. A second
 * customer of a test (`serial` > 0) gets its own ERP ids, order numbers and keys, so it stays apart.
 */
export function twoErpCustomer(db: Db, name: string, serial = 0): Promise<string> {
  const tag = serial === 0 ? '' : `-${serial}`;
  return customerInTwoErps(db, name, {
    config: chatConfig(),
    now: NOW,
    keys:
      serial === 0
        ? {
            emails: ['buyer@romashka.example'],
            phones: ['+4930123456'],
            taxIds: [{ kind: 'vat', value: 'DE136695976' }],
          }
        : { emails: [`buyer${serial}@romashka.example`], phones: [`+49301234560${serial}`] },
    odoo: {
      id: `42${tag}`,
      order: {
        externalId: `o-1${tag}`,
        number: `S00042${tag}`,
        status: 'fulfilled',
        erpStatus: 'done',
        orderedAt: '2026-06-01T10:00:00Z',
        currency: 'EUR',
        net: 1000,
        tax: 190,
        total: 1190.5,
      },
    },
    erpnext: {
      id: `CUST-0007${tag}`,
      order: {
        externalId: `e-1${tag}`,
        number: `SAL-ORD-2026-00007${tag}`,
        status: 'confirmed',
        erpStatus: 'To Deliver and Bill',
        orderedAt: '2026-07-15T10:00:00Z',
        currency: 'RUB',
        net: 50000,
        tax: 10000,
        total: 60000,
      },
    },
    dormantReason: 'no order for 40 days; usually every 44',
  });
}

/** A bot over the store with the fixed clock, and a way to talk to it as a chat user. */
export function chatBotFor(
  db: Db,
  now = NOW,
): ChatBot & {
  say(user: ChatUser, input: ChatInput | string, place?: ChatRequest['place']): Promise<ChatReply>;
} {
  const bot = createChatBot({
    db,
    config: chatConfig(),
    now: () => now,
    onError: (error) => {
      throw error;
    },
  });
  return Object.assign(bot, {
    say(
      user: ChatUser,
      input: ChatInput | string,
      place: ChatRequest['place'] = { id: user.id, kind: 'private' },
    ) {
      return bot.handle({
        user,
        place,
        input: typeof input === 'string' ? { kind: 'text', text: input } : input,
      });
    },
  });
}

/** Every plain string of a reply, for assertions. */
export function replyText(reply: ChatReply): string {
  return JSON.stringify(reply.messages);
}
