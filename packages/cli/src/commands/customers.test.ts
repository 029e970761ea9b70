import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Customer, type CustomerInput, loadConfig, Order } from '@crm-bridge/core';
import { profilesSettings, updateProfiles } from '@crm-bridge/profiles';
import { contentHash, type Db, openDb, upsertOrders, upsertSourceRecords } from '@crm-bridge/store';
import { createTestDatabase } from '@test/support/postgres';
import { runCli, scratchDir } from '../cli-harness.test-support';

// Each command opens the embedded store anew: a few seconds apiece on PGlite under load.
jest.setTimeout(120_000);

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const INN = [{ kind: 'ru_inn' as const, value: '7707083893' }];

const customer = (input: Omit<CustomerInput, 'kind'> & { kind?: 'organization' | 'person' }) =>
  Customer.parse({ kind: 'organization', ...input });

/** One customer known to all three ERPs, a contact of theirs, two dormant customers, one at risk, two namesakes. */
const CUSTOMERS = [
  customer({
    sourceId: 'odoo',
    externalId: '42',
    displayName: 'ООО «Ромашка»',
    taxIds: INN,
    emails: ['zakaz@romashka.ru'],
    phones: ['+7 912 345-67-89'],
    sourceModifiedAt: '2026-01-10T09:00:00Z',
  }),
  customer({ sourceId: 'erpnext', externalId: 'CUST-0001', displayName: 'Romashka LLC', taxIds: INN }),
  customer({
    sourceId: 'onec',
    externalId: '8d8564e8-4318-11ec-ad90-d178d871dc39',
    displayName: 'Ромашка ООО',
    taxIds: INN,
  }),
  customer({
    sourceId: 'odoo',
    externalId: '43',
    kind: 'person',
    displayName: 'Анна Иванова',
    emails: ['anna.ivanova@romashka.ru'],
    organizationExternalId: '42',
  }),
  customer({ sourceId: 'odoo', externalId: '77', displayName: 'Северная Логистика' }),
  customer({ sourceId: 'erpnext', externalId: 'CUST-0077', displayName: 'Восток Трейд' }),
  customer({
    sourceId: 'onec',
    externalId: 'f982c3e4-4306-11ec-ad90-d178d871dc39',
    displayName: 'Запад Групп',
  }),
  customer({ sourceId: 'odoo', externalId: '90', displayName: 'Лотос Плюс' }),
  customer({ sourceId: 'erpnext', externalId: 'CUST-0090', displayName: 'Лотос Минус' }),
];

const order = (
  sourceId: string,
  number: string,
  customerExternalId: string,
  days: number,
  currency: string,
  total: number,
) =>
  Order.parse({
    sourceId,
    externalId: number,
    number,
    customerExternalId,
    status: 'fulfilled',
    erpStatus: 'done',
    orderedAt: daysAgo(days),
    currency,
    netAmount: total,
    taxAmount: 0,
    totalAmount: total,
  });

const ORDERS = [
  order('odoo', 'SO0042', '42', 10, 'RUB', 120_000),
  order('erpnext', 'SAL-ORD-0001', 'CUST-0001', 40, 'EUR', 900),
  order('onec', 'УТ-000001', '8d8564e8-4318-11ec-ad90-d178d871dc39', 70, 'USD', 1000),
  // Every 100 days until 500 days ago: dormant (500 > 2.5 × 100 and > 180).
  order('odoo', 'SO0771', '77', 700, 'EUR', 5000),
  order('odoo', 'SO0772', '77', 600, 'EUR', 5000),
  order('odoo', 'SO0773', '77', 500, 'EUR', 5000),
  // One order 400 days ago: dormant on the 180-day floor alone.
  order('erpnext', 'SAL-ORD-0077', 'CUST-0077', 400, 'EUR', 700),
  // Every 30 days until 60 days ago: overdue (60 > 1.5 × 30), not dormant yet.
  ...[60, 90, 120, 150].map((days) =>
    order('onec', `УТ-00${days}`, 'f982c3e4-4306-11ec-ad90-d178d871dc39', days, 'EUR', 800),
  ),
];

/** Writes the records and orders as a sync would, then brings the profiles up to date. */
async function seed(db: Db, configFile: string): Promise<void> {
  for (const source of ['odoo', 'erpnext', 'onec']) {
    const mine = CUSTOMERS.filter((c) => c.sourceId === source);
    for (const stream of ['customers', 'contacts']) {
      const records = mine.filter((c) => (c.kind === 'person') === (stream === 'contacts'));
      await upsertSourceRecords(
        db,
        source,
        stream,
        records.map((c) => ({ customer: c, raw: null, contentHash: contentHash(c) })),
      );
    }
    await upsertOrders(
      db,
      source,
      ORDERS.filter((o) => o.sourceId === source).map((o) => ({
        order: o,
        raw: null,
        contentHash: contentHash(o),
      })),
    );
  }
  await updateProfiles(db, profilesSettings(loadConfig(configFile, {})), { rescore: true });
}

describe.each(['pglite', 'postgres'] as const)('crm-bridge customers on %s', (driver) => {
  let dir: string;
  let env: NodeJS.ProcessEnv = {};
  let drop = async () => {};
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
  const withDb = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const db = await openDb(
      env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: path.join(dir, '.data/store') },
    );
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  const profileOf = (source: string, externalId: string) =>
    withDb(async (db) => {
      const [row] = await db.query<{ profile_id: string }>(
        'SELECT profile_id FROM source_records WHERE source = $1 AND external_id = $2',
        [source, externalId],
      );
      return row!.profile_id;
    });

  beforeAll(async () => {
    dir = scratchDir();
    const configFile = path.join(dir, 'crm-bridge.yaml');
    writeFileSync(
      configFile,
      `version: 1
store:
  dataDir: .data/store
currency:
  base: EUR
  rates:
    RUB: 0.01
    USD: 0.9
phone:
  defaultRegion: RU
# Only for its priority: the Odoo record wins the golden record.
sources:
  - id: odoo
    kind: odoo
    enabled: false
    priority: 200
    url: https://odoo.example.com
    database: acme
    credentials:
      username: bot
      password: not-used
`,
    );
    if (driver === 'postgres') {
      const database = await createTestDatabase();
      env = { DATABASE_URL: database.url };
      drop = database.drop;
    }
    expect((await cli('migrate')).code).toBe(0);
    await withDb((db) => seed(db, configFile));
    expect((await cli('employee', 'add', '--name', 'Olga Owner')).code).toBe(0);
    const romashka = await profileOf('odoo', '42');
    await withDb(async (db) => {
      await db.query(`UPDATE profiles SET owner_id = (SELECT id FROM employees) WHERE id = $1`, [
        await profileOf('odoo', '77'),
      ]);
      await db.query(
        `INSERT INTO tickets (profile_id, title, priority, channel) VALUES ($1, 'Late delivery of SO0042', 'high', 'cli')`,
        [romashka],
      );
      await db.query(
        `INSERT INTO reminders (employee_id, profile_id, text, due_at)
         VALUES ((SELECT id FROM employees), $1, 'Call about the renewal', now() + interval '2 days')`,
        [romashka],
      );
      await db.query(
        `INSERT INTO interactions (profile_id, kind, body, channel) VALUES ($1, 'call', 'Asked for a discount', 'cli')`,
        [romashka],
      );
    });
  });
  afterAll(() => drop());

  it('finds a customer by a typo in the name, by phone in any spelling and by e-mail', async () => {
    const romashka = await profileOf('odoo', '42');
    const typo = await cli('customers', 'search', 'Ромашко');
    expect(typo.code).toBe(0);
    expect(typo.stdout.split('\n')[0]).toMatch(/^id\s+name\s+kind\s+matched\s+rank$/);
    expect(typo.stdout).toContain(romashka);

    const phone = await cli('customers', 'search', '8 (912) 345-67-89');
    expect(phone.stdout).toMatch(
      new RegExp(`${romashka}\\s+ООО «Ромашка»\\s+organization\\s+phone \\+79123456789\\s+0`),
    );

    const email = JSON.parse((await cli('customers', 'search', 'ZAKAZ@romashka.ru', '--json')).stdout);
    expect(email).toEqual([
      expect.objectContaining({
        profileId: romashka,
        matchedOn: 'email',
        matched: 'zakaz@romashka.ru',
        rank: 0,
      }),
    ]);

    const none = await cli('customers', 'search', 'Qwertyuiop');
    expect(none).toMatchObject({ code: 0, stdout: 'no customer matches "Qwertyuiop"\n' });
    const badLimit = await cli('customers', 'search', 'Ромашка', '--limit', '0');
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('expected a whole number from 1');
  });

  it('shows the 360 of one customer: every ERP record, related contacts, metrics, orders across ERPs and the desk', async () => {
    const romashka = await profileOf('odoo', '42');
    const shown = await cli('customers', 'show', romashka);
    expect(shown.code).toBe(0);
    const out = shown.stdout;
    expect(out).toMatch(/^ООО «Ромашка» {2}\(organization\)$/m);
    expect(out).toContain(`id          ${romashka}`);
    expect(out).toContain('tax ids     INN 7707083893');
    expect(out).toContain('owner       no owner');
    expect(out).toContain('sources (3):');
    expect(out).toMatch(/odoo\s+42\s+ООО «Ромашка»\s+active\s+2026-01-10 09:00\s+first record/);
    expect(out).toMatch(/erpnext\s+CUST-0001\s+Romashka LLC\s+active\s+.*\(synced\)\s+INN 7707083893/);
    expect(out).toMatch(/onec\s+8d8564e8-4318-11ec-ad90-d178d871dc39\s+Ромашка ООО/);
    expect(out).toMatch(/person\s+Анна Иванова/);
    // 120,000 RUB × 0.01 + 900 EUR + 1,000 USD × 0.9 = 3,000 EUR.
    expect(out).toContain(
      'revenue     3,000.00 EUR from 3 orders (900.00 EUR + 120,000.00 RUB + 1,000.00 USD)',
    );
    expect(out).toMatch(/RFM {9}R\d F\d M\d: [a-z ]+/);
    expect(out).toMatch(/LTV {9}[\d,]+\.\d\d EUR/);
    expect(out).toContain('dormant     no');
    expect(out).toContain('latest orders (3 of 3, every ERP):');
    expect(out.indexOf('SO0042')).toBeLessThan(out.indexOf('SAL-ORD-0001'));
    expect(out).toMatch(/odoo\s+SO0042\s+fulfilled\s+120,000.00 RUB/);
    expect(out).toMatch(/onec\s+УТ-000001\s+fulfilled\s+1,000.00 USD/);
    expect(out).toMatch(/#\d+ {2}open {2}high {2}Late delivery of SO0042/);
    expect(out).toContain('Call about the renewal');
    expect(out).toContain('call  Asked for a discount');

    const card = JSON.parse((await cli('customers', 'show', romashka, '--json')).stdout);
    expect(card.records.map((r: { source: string }) => r.source).sort()).toEqual(['erpnext', 'odoo', 'onec']);
    expect(card.metrics).toMatchObject({ baseCurrency: 'EUR', revenueBase: '3000.0000', orderCount: 3 });

    const person = await cli('customers', 'show', await profileOf('odoo', '43'));
    expect(person.stdout).toMatch(/organization\s+ООО «Ромашка»/);
    expect(person.stdout).toContain('latest orders (0 of 0, every ERP):\n  none');
    expect(person.stdout).toContain('tickets:\n  none');
  });

  it('shows the best search hit for a query that is not an id, and lists the hits that tie with it', async () => {
    const byName = await cli('customers', 'show', 'Romashka');
    expect(byName.code).toBe(0);
    expect(byName.stdout).toMatch(/^best match for "Romashka": ООО «Ромашка»/);
    expect(byName.stdout).toContain('sources (3):');
    expect(byName.stdout).not.toContain('match equally well');

    const tie = await cli('customers', 'show', 'Лотос');
    expect(tie.stdout).toContain('2 customers match equally well; showing the first. The others:');
    const chosen = tie.stdout.match(/^best match for "Лотос": (Лотос \S+)/m)![1];
    const other = chosen === 'Лотос Плюс' ? 'Лотос Минус' : 'Лотос Плюс';
    expect(tie.stdout).toMatch(new RegExp(`^  \\S+  ${other}  \\(name ${other}\\)$`, 'm'));

    const json = JSON.parse((await cli('customers', 'show', 'Лотос', '--json')).stdout);
    expect(json.search.tied).toHaveLength(2);
    expect(json.profile.id).toBe(json.search.chosen.profileId);
  });

  it('says clearly when there is nothing to show, and exits 1', async () => {
    const unknownId = await cli('customers', 'show', '00000000-0000-4000-8000-000000000000');
    expect(unknownId).toMatchObject({ code: 1, stdout: '' });
    expect(unknownId.stderr).toBe('error: no profile 00000000-0000-4000-8000-000000000000\n');
    const nothing = await cli('customers', 'show', 'Qwertyuiop');
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('no customer matches "Qwertyuiop"');
  });

  it('lists dormant customers worth most first with owner and reason, then those at risk of churning', async () => {
    const quiet = await cli('customers', 'dormant');
    expect(quiet.code).toBe(0);
    const [dormant = '', churn = ''] = quiet.stdout.split('\nat risk of churning');
    expect(dormant).toContain('dormant customers: 2\n');
    expect(dormant).toMatch(
      /Северная Логистика\s+\S+\s+\d{4}-\d\d-\d\d\s+500\s+15,000.00 EUR\s+Olga Owner\s+no order for 500 days; usually orders every 100 days/,
    );
    expect(dormant).toMatch(
      /Восток Трейд\s+\S+\s+\S+\s+400\s+700.00 EUR\s+no owner\s+no order for 400 days$/m,
    );
    expect(dormant.indexOf('Северная Логистика')).toBeLessThan(dormant.indexOf('Восток Трейд'));
    expect(churn).toMatch(
      /Запад Групп\s+\S+\s+\S+\s+60\s+3,200.00 EUR\s+no owner\s+.*no order for 60 days; usually orders every 30 days/,
    );
    expect(churn).not.toContain('Ромашка');

    const json = JSON.parse((await cli('customers', 'dormant', '--limit', '1', '--json')).stdout);
    expect(json.dormant.total).toBe(2);
    expect(json.dormant.customers).toEqual([
      expect.objectContaining({
        displayName: 'Северная Логистика',
        owner: expect.objectContaining({ name: 'Olga Owner' }),
      }),
    ]);
    expect(json.churnRisk.customers[0]).toMatchObject({ displayName: 'Запад Групп', daysSinceLastOrder: 60 });
  });
});
