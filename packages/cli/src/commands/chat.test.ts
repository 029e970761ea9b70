import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Customer, loadConfig, Order } from '@crm-bridge/core';
import { profilesSettings, updateProfiles } from '@crm-bridge/profiles';
import { contentHash, type Db, openDb, upsertOrders, upsertSourceRecords } from '@crm-bridge/store';
import { runCli, scratchDir } from '../cli-harness.test-support';

// Each command opens the embedded store anew: a few seconds apiece on PGlite under load.
jest.setTimeout(180_000);

const CONFIG = `version: 1
store:
  dataDir: .data/store
currency:
  base: EUR
phone:
  defaultRegion: DE
sources:
  - id: odoo
    kind: odoo
    enabled: false
    url: https://odoo.example.com
    database: acme
    credentials:
      username: bot
      password: not-used
bots:
  defaultTimeZone: Europe/Berlin
  telegram:
    enabled: false
    botToken: "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    botUsername: crm_bridge_test_bot
`;

async function seed(db: Db, configFile: string): Promise<void> {
  const customer = Customer.parse({
    kind: 'organization',
    sourceId: 'odoo',
    externalId: '42',
    displayName: 'Romashka <Trading> & Co',
    emails: ['buyer@romashka.example'],
    phones: ['+49 30 1234567'],
  });
  await upsertSourceRecords(db, 'odoo', 'customers', [
    { customer, raw: null, contentHash: contentHash(customer) },
  ]);
  const order = Order.parse({
    sourceId: 'odoo',
    externalId: 'SO0042',
    number: 'SO0042',
    customerExternalId: '42',
    status: 'fulfilled',
    erpStatus: 'done',
    orderedAt: '2026-01-10T09:00:00Z',
    currency: 'EUR',
    netAmount: 100,
    taxAmount: 19,
    totalAmount: 119,
  });
  await upsertOrders(db, 'odoo', [{ order, raw: null, contentHash: contentHash(order) }]);
  await updateProfiles(db, profilesSettings(loadConfig(configFile, {})), { rescore: true });
}

describe('crm-bridge chat and employee chat settings (PGlite)', () => {
  let dir: string;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: {} });
  const withDb = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const db = await openDb({ dataDir: path.join(dir, '.data/store') });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    dir = scratchDir();
    const configFile = path.join(dir, 'crm-bridge.yaml');
    writeFileSync(configFile, CONFIG);
    expect((await cli('migrate')).code).toBe(0);
    await withDb((db) => seed(db, configFile));
    expect((await cli('employee', 'add', '--name', 'Anna Agent', '--email', 'anna@example.com')).code).toBe(
      0,
    );
    expect((await cli('employee', 'add', '--name', 'Vera Viewer', '--role', 'viewer')).code).toBe(0);
  });

  it('runs one command with --once and prints the card with numbered buttons', async () => {
    const result = await cli('chat', '--as', 'anna@example.com', '--once', 'find +49 30 1234567');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Romashka <Trading> & Co');
    expect(result.stdout).toContain('https://odoo.example.com/odoo/contacts/42');
    expect(result.stdout).toMatch(/\[1\] Orders/);
  });

  it('writes through the desk with the cli channel in the audit log', async () => {
    const result = await cli(
      'chat',
      '--as',
      'Anna Agent',
      '--once',
      'remind tomorrow 10am call Romashka back',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('I will remind you');
    const rows = await withDb((db) =>
      db.query<{ channel: string; action: string }>(
        `SELECT channel, action FROM audit_log WHERE action = 'reminder.created'`,
      ),
    );
    expect(rows).toEqual([{ channel: 'cli', action: 'reminder.created' }]);
  });

  it('refuses an unknown employee with a clear error', async () => {
    const result = await cli('chat', '--as', 'nobody@example.com', '--once', 'help');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('no active employee');
  });

  it('sets zone and language, then answers in Russian', async () => {
    const set = await cli(
      'employee',
      'chat',
      'anna@example.com',
      '--tz',
      'Asia/Yekaterinburg',
      '--lang',
      'ru',
      '--notify',
      'telegram',
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('zone Asia/Yekaterinburg, language ru, notifications telegram');
    const bad = await cli('employee', 'chat', 'anna@example.com', '--tz', 'Mars/Olympus');
    expect(bad.code).not.toBe(0);
    expect((await cli('chat', '--as', 'anna@example.com', '--once', 'help')).stdout).toContain(
      'Команды CRM Bridge',
    );
  });

  it('prints a one-time Telegram link for an employee', async () => {
    const result = await cli('employee', 'telegram-link', 'anna@example.com');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^https:\/\/t\.me\/crm_bridge_test_bot\?start=[A-Za-z0-9_-]{22}$/);
    const [row] = await withDb((db) =>
      db.query<{ n: number }>(`SELECT count(*)::int AS n FROM chat_bind_codes WHERE used_at IS NULL`),
    );
    expect(row!.n).toBe(1);
  });
});
