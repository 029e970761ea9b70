import { type Config, parseConfig, type Role } from '@crm-bridge/core';
import { rebuildNameIndex } from '@crm-bridge/profiles';
import { type Db, migrate } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import { createChatBot } from './chat-bot';
import type { ChatBot, ChatInput, ChatReply, ChatRequest, ChatUser } from './chat-contract';

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
 * A customer known to two ERPs: an Odoo partner and an ERPNext customer, one order in each, a phone and
 * an e-mail key, metrics with revenue in two currencies; `name` may hold characters every format escapes.
 */
export async function twoErpCustomer(db: Db, name: string, serial = 0): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO profiles (kind, display_name, primary_email, primary_phone, tax_ids, source_count)
     VALUES ('organization', $1, 'buyer@romashka.example', '+4930123456', '[{"kind":"vat","value":"DE136695976"}]'::jsonb, 2)
     RETURNING id`,
    [name],
  );
  const id = row!.id;
  // A second customer of a test gets its own ERP ids and order numbers.
  const tag = serial === 0 ? '' : `-${serial}`;
  const records: Array<[string, string]> = [
    ['odoo', `42${tag}`],
    ['erpnext', `CUST-0007${tag}`],
  ];
  for (const [source, externalId] of records) {
    const [record] = await db.query<{ id: number }>(
      `INSERT INTO source_records (source, stream, external_id, kind, display_name, emails, phones, content_hash, profile_id)
       VALUES ($1, 'customers', $2, 'organization', $3, ARRAY['buyer@romashka.example'], ARRAY['+4930123456'], 'h', $4)
       RETURNING id`,
      [source, externalId, name, id],
    );
    if (source === 'odoo' && serial === 0) {
      await db.query(
        `INSERT INTO profile_keys (kind, value, profile_id, source_record_id) VALUES ('phone', '+4930123456', $1, $2)`,
        [id, record!.id],
      );
      await db.query(
        `INSERT INTO profile_keys (kind, value, profile_id, source_record_id) VALUES ('email', 'buyer@romashka.example', $1, $2)`,
        [id, record!.id],
      );
    }
  }
  await db.query(
    `INSERT INTO orders (source, external_id, number, customer_external_id, status, ordered_at, currency, net_amount, tax_amount,
       total_amount, content_hash, profile_id)
     VALUES ('odoo', $2 || 'o-1', $2 || 'S00042', '42', 'fulfilled', '2026-06-01T10:00:00Z', 'EUR', 1000, 190, 1190.5, 'h', $1),
            ('erpnext', $2 || 'e-1', $2 || 'SAL-ORD-2026-00007', 'CUST-0007', 'confirmed', '2026-07-15T10:00:00Z', 'RUB', 50000, 10000,
             60000, 'h', $1)`,
    [id, tag],
  );
  await db.query(
    `INSERT INTO profile_metrics (profile_id, base_currency, revenue, revenue_base, order_count, last_order_at, typical_gap_days,
       segment, ltv, dormant, reason)
     VALUES ($1, 'EUR', '{"EUR": 1190.5, "RUB": 60000}'::jsonb, 1790.5, 2, '2026-07-15T10:00:00Z', 44, 'loyal', 5000, true,
       'no order for 40 days; usually every 44')`,
    [id],
  );
  await rebuildNameIndex(db);
  return id;
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
