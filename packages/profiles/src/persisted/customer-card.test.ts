import { randomUUID } from 'node:crypto';
import {
  type Customer,
  type CustomerInput,
  Customer as CustomerSchema,
  NotFoundError,
  Order,
  type OrderInput,
} from '@crm-bridge/core';
import { contentHash, type Db, upsertOrders } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import { customerCard } from './customer-card';
import { explainProfile, explanationLines } from './explain';
import { mergeProfiles, neverMerge } from './manual-decisions';
import { profilesWithPendingOrders, refreshMetrics } from './metrics';
import { migrated, profiles, recordOf, settings, storeCustomers } from './persisted-fixture.test-support';
import { resolvePending } from './resolve-pending';

const NOW = new Date('2026-03-01T00:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const INN = '7707083893';
const manager = {
  actor: { kind: 'cli' as const, id: null, channel: 'cli' as const },
  role: 'manager' as const,
};

const customer = (input: Omit<CustomerInput, 'kind'> & { kind?: Customer['kind'] }): Customer =>
  CustomerSchema.parse({ kind: 'organization', ...input });

const order = (
  input: Pick<
    OrderInput,
    'sourceId' | 'externalId' | 'customerExternalId' | 'currency' | 'totalAmount' | 'orderedAt'
  >,
): Order =>
  Order.parse({
    number: `N-${input.externalId}`,
    status: 'fulfilled',
    erpStatus: 'done',
    netAmount: input.totalAmount,
    taxAmount: 0,
    ...input,
  });

async function storeOrders(db: Db, orders: readonly Order[]): Promise<void> {
  for (const source of new Set(orders.map((o) => o.sourceId))) {
    await upsertOrders(
      db,
      source,
      orders
        .filter((o) => o.sourceId === source)
        .map((o) => ({ order: o, raw: null, contentHash: contentHash(o) })),
    );
  }
}

const metricsSettings = {
  currency: { base: 'EUR', rates: { USD: 0.9 } },
  analytics: {
    dormantAfterDays: 180,
    dormantGapFactor: 2.5,
    churnRiskGapFactor: 1.5,
    rfmWindowDays: 730,
    minOrdersForGap: 3,
    ltvHorizonMonths: 36,
    vip: { minRevenue: null, minOrders: null, segments: ['champions' as const] },
  },
  now: NOW,
};

const romashka = customer({
  sourceId: 'odoo',
  externalId: '1',
  displayName: 'ООО Ромашка',
  legalName: 'Общество с ограниченной ответственностью «Ромашка»',
  taxIds: [{ kind: 'ru_inn', value: INN }],
  addresses: [{ kind: 'legal', city: 'Москва', country: 'RU' }],
});
// ERPNext knows the company without its INN at first: it becomes a profile of its own, merged later.
const llc = customer({ sourceId: 'erpnext', externalId: 'CUST-1', displayName: 'Romashka LLC' });
const ivanInOdoo = customer({
  sourceId: 'odoo',
  externalId: 'p1',
  kind: 'person',
  displayName: 'Ivan Petrov',
  emails: ['ivan.petrov@romashka.ru'],
  organizationExternalId: '1',
});
const ivanInErpNext = customer({
  sourceId: 'erpnext',
  externalId: 'CONT-1',
  kind: 'person',
  displayName: 'Ivan Petrov',
  emails: ['Ivan.Petrov@Romashka.ru'],
  organizationExternalId: 'CUST-1',
});

/** Empties every table but the migrations' record, restarting the ids. */
async function emptyTables(db: Db): Promise<void> {
  const tables = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  await db.exec(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

describe.each(['pglite', 'postgres'] as const)('the customer card on %s', (driver) => {
  let handle: TestDb;
  // One migrated database per file (migrating PGlite is slow); every test starts from empty tables.
  beforeAll(async () => {
    handle = await openTestDb(driver);
    await migrated(handle.db);
  }, 120_000);
  beforeEach(() => emptyTables(handle.db));
  afterAll(() => handle.cleanup());

  /** Stores the company in both ERPs with its contact person, merges them by INN, and returns the ids. */
  async function mergedCompany(db: Db) {
    await storeCustomers(db, [romashka, ivanInOdoo, llc, ivanInErpNext]);
    await resolvePending(db, settings);
    const absorbed = (await recordOf(db, 'erpnext', 'CUST-1')).profileId;
    const [employee] = await db.query<{ id: string }>(
      `INSERT INTO employees (name, role) VALUES ('Мария Иванова', 'manager') RETURNING id`,
    );
    // Desk rows written against the ERPNext-only profile follow it into the survivor.
    await db.query(
      `INSERT INTO tickets (profile_id, title, channel, priority) VALUES ($1, 'Broken delivery', 'cli', 'high')`,
      [absorbed],
    );
    await db.query(
      `INSERT INTO reminders (employee_id, profile_id, text, due_at) VALUES ($1, $2, 'Call about the invoice', $3)`,
      [employee!.id, absorbed, daysAgo(-2)],
    );
    await db.query(
      `INSERT INTO reminders (employee_id, profile_id, text, due_at, status) VALUES ($1, $2, 'Old call', $3, 'done')`,
      [employee!.id, absorbed, daysAgo(5)],
    );
    await db.query(
      `INSERT INTO interactions (profile_id, kind, body, channel, occurred_at) VALUES ($1, 'note', 'Prefers e-mail', 'cli', $2)`,
      [absorbed, daysAgo(3)],
    );
    await storeCustomers(db, [{ ...llc, taxIds: [{ kind: 'ru_inn', value: INN, country: 'RU' }] }]);
    await resolvePending(db, settings);
    const survivor = (await recordOf(db, 'odoo', '1')).profileId;
    const person = (await recordOf(db, 'odoo', 'p1')).profileId;
    return { survivor, absorbed, person, employee: employee!.id };
  }

  it('shows the golden fields, every record and how it joined, the related people, and orders from both ERPs', async () => {
    const { db } = handle;
    const { survivor, person } = await mergedCompany(db);
    expect((await recordOf(db, 'erpnext', 'CUST-1')).profileId).toBe(survivor);
    expect((await recordOf(db, 'erpnext', 'CONT-1')).profileId).toBe(person);
    await storeOrders(db, [
      order({
        sourceId: 'odoo',
        externalId: 'S1',
        customerExternalId: '1',
        currency: 'EUR',
        totalAmount: 1000,
        orderedAt: daysAgo(30),
      }),
      order({
        sourceId: 'odoo',
        externalId: 'S2',
        customerExternalId: '1',
        currency: 'EUR',
        totalAmount: 500,
        orderedAt: daysAgo(5),
      }),
      order({
        sourceId: 'erpnext',
        externalId: 'SO-9',
        customerExternalId: 'CUST-1',
        currency: 'USD',
        totalAmount: 200,
        orderedAt: daysAgo(15),
      }),
    ]);
    await refreshMetrics(db, await profilesWithPendingOrders(db), metricsSettings);

    const card = await customerCard(db, survivor);
    expect(card.profile).toMatchObject({
      id: survivor,
      mergedFrom: null,
      kind: 'organization',
      displayName: 'ООО Ромашка',
      legalName: 'Общество с ограниченной ответственностью «Ромашка»',
      taxIds: [{ kind: 'inn', value: INN }],
      address: { kind: 'legal', city: 'Москва', country: 'RU' },
      status: 'active',
      owner: null,
    });
    expect(
      card.records.map((r) => ({
        source: r.source,
        externalId: r.externalId,
        joinedBy: r.joinedBy,
        joinedKey: r.joinedKey,
      })),
    ).toEqual([
      { source: 'erpnext', externalId: 'CUST-1', joinedBy: 'inn', joinedKey: INN },
      { source: 'odoo', externalId: '1', joinedBy: null, joinedKey: null },
    ]);
    expect(card.related).toEqual([{ profileId: person, displayName: 'Ivan Petrov', kind: 'person' }]);
    expect(card.orders.map((o) => [o.source, o.number, o.currency])).toEqual([
      ['odoo', 'N-S2', 'EUR'],
      ['erpnext', 'N-SO-9', 'USD'],
      ['odoo', 'N-S1', 'EUR'],
    ]);
    expect(card.orderTotal).toBe(3);
    expect(card.orders[1]!.total).toBe('200.0000');
    expect(card.metrics).toMatchObject({
      baseCurrency: 'EUR',
      revenue: { EUR: '1500', USD: '200' },
      orderCount: 3,
      lastOrderAt: daysAgo(5),
      missingRates: [],
      dormant: false,
    });
    expect(card.metrics!.revenueBase).toBe('1680.0000');

    const fewer = await customerCard(db, survivor, { orders: 2 });
    expect(fewer.orders.map((o) => o.number)).toEqual(['N-S2', 'N-SO-9']);
    expect(fewer.orderTotal).toBe(3);

    const personCard = await customerCard(db, person);
    expect(personCard.profile.kind).toBe('person');
    expect(personCard.records.map((r) => `${r.source}/${r.externalId}:${r.joinedBy ?? '-'}`)).toEqual([
      'erpnext/CONT-1:email',
      'odoo/p1:-',
    ]);
    expect(personCard.related).toEqual([
      { profileId: survivor, displayName: 'ООО Ромашка', kind: 'organization' },
    ]);
    expect(personCard.orders).toEqual([]);
    expect(personCard.metrics).toBeNull();
  });

  it('shows the desk rows, its owner, and answers for an absorbed id with the survivor', async () => {
    const { db } = handle;
    const { survivor, absorbed, employee } = await mergedCompany(db);
    await db.query(`UPDATE profiles SET owner_id = $1 WHERE id = $2`, [employee, survivor]);

    const card = await customerCard(db, absorbed.toUpperCase());
    expect(card.profile).toMatchObject({ id: survivor, mergedFrom: absorbed });
    expect(card.profile.owner).toEqual({ id: employee, name: 'Мария Иванова' });
    expect(card.tickets).toMatchObject([{ title: 'Broken delivery', status: 'open', priority: 'high' }]);
    expect(card.tickets[0]!.number).toEqual(expect.any(Number));
    // Only pending reminders are shown.
    expect(card.reminders).toEqual([
      { id: expect.any(String), text: 'Call about the invoice', dueAt: daysAgo(-2), status: 'pending' },
    ]);
    expect(card.notes).toEqual([
      { id: expect.any(String), kind: 'note', body: 'Prefers e-mail', occurredAt: daysAgo(3) },
    ]);
    expect((await customerCard(db, survivor)).profile.mergedFrom).toBeNull();
  });

  it('refuses an unknown id with NotFoundError', async () => {
    const { db } = handle;
    await expect(customerCard(db, randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    await expect(customerCard(db, 'not-a-profile-id')).rejects.toMatchObject({ code: 'profiles.not_found' });
    await expect(explainProfile(db, randomUUID())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('explains which key joined each record, the merge, and a manual decision', async () => {
    const { db } = handle;
    const { survivor, absorbed } = await mergedCompany(db);
    const trade = customer({ sourceId: 'onec', externalId: 'guid-9', displayName: 'Ромашка Трейд' });
    const other = customer({ sourceId: 'onec', externalId: 'guid-10', displayName: 'Василёк' });
    await storeCustomers(db, [trade, other]);
    await resolvePending(db, settings);
    const tradeProfile = (await recordOf(db, 'onec', 'guid-9')).profileId;
    const otherProfile = (await recordOf(db, 'onec', 'guid-10')).profileId;
    await mergeProfiles(db, profiles, survivor, tradeProfile, manager, 'one holding');
    await neverMerge(db, profiles, survivor, otherProfile, manager);

    const explanation = await explainProfile(db, absorbed);
    expect(explanation).toMatchObject({
      profileId: survivor,
      mergedFrom: absorbed,
      displayName: 'ООО Ромашка',
    });
    const lines = explanationLines(explanation);
    expect(lines[0]).toBe(`ООО Ромашка (${survivor}), which absorbed ${absorbed}`);
    expect(lines).toContain('  odoo/1 "ООО Ромашка": first record');
    expect(lines).toContain(`  erpnext/CUST-1 "Romashka LLC": joined odoo/1 by INN ${INN}`);
    expect(lines).toContain('  onec/guid-9 "Ромашка Трейд": joined odoo/1 by a manual merge');
    const merges = lines.filter((l) => l.startsWith('  merge #'));
    expect(merges).toHaveLength(2);
    expect(merges[0]).toMatch(
      new RegExp(
        `^  merge #\\d+: ${absorbed} into ${survivor} by INN ${INN} \\(odoo/1 \\+ erpnext/CUST-1\\), system, `,
      ),
    );
    expect(merges[1]).toMatch(
      new RegExp(
        `^  merge #\\d+: ${tradeProfile} into ${survivor} by a manual merge \\(odoo/1 \\+ onec/guid-9\\), cli, `,
      ),
    );
    const decisions = lines.filter((l) => l.startsWith('  decision #'));
    expect(decisions).toEqual([
      expect.stringMatching(/^ {2}decision #\d+: merge odoo\/1 \+ onec\/guid-9 by cli \("one holding"\)$/),
      expect.stringMatching(/^ {2}decision #\d+: never-merge odoo\/1 \+ onec\/guid-10 by cli$/),
    ]);
  });

  it('explains the keys it refused: a phone too common to link and an INN that fails its checksum', async () => {
    const { db } = handle;
    const firms = Array.from({ length: 6 }, (_, i) =>
      customer({
        sourceId: 'odoo',
        externalId: `f${i}`,
        displayName: `Фирма ${i}`,
        phones: ['+7 495 739-70-00'],
      }),
    );
    const badInn = customer({
      sourceId: 'erpnext',
      externalId: 'CUST-7',
      displayName: 'Кривой ИНН',
      taxIds: [{ kind: 'ru_inn', value: '7707083894' }],
    });
    await storeCustomers(db, [...firms, badInn]);
    await resolvePending(db, settings);

    const firm = (await recordOf(db, 'odoo', 'f0')).profileId;
    const firmLines = explanationLines(await explainProfile(db, firm));
    expect(firmLines).toEqual([
      `Фирма 0 (${firm})`,
      '  odoo/f0 "Фирма 0": first record',
      '  not linking: phone +74957397000 (6 holders), too common: held by more organisations than identity.maxKeyShare',
    ]);
    const crooked = (await recordOf(db, 'erpnext', 'CUST-7')).profileId;
    expect(explanationLines(await explainProfile(db, crooked))).toContain(
      '  not a key: erpnext/CUST-7 INN 7707083894, fails the checksum',
    );
  });
});
