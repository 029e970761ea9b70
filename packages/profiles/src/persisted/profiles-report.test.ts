import { AnalyticsConfig, type Customer, Order } from '@crm-bridge/core';
import { contentHash, type Db, upsertOrders, upsertSourceRecords } from '@crm-bridge/store';
import { createWorld } from '@crm-bridge/sync/testing';
import { openTestDb, type TestDb } from '@test/support/stores';
import { worldRecords } from '../resolution/world-records.test-support';
import { migrated, settings } from './persisted-fixture.test-support';
import { profilesReport } from './profiles-report';
import { type ProfilesSettings, updateProfiles } from './update-profiles';

const NOW = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

const profiles: ProfilesSettings = {
  resolution: settings,
  metrics: { currency: { base: 'EUR', rates: { RUB: 0.01 } }, analytics: AnalyticsConfig.parse({}) },
  defaultRegion: 'RU',
};

/** Writes the records as a sync would: organisations as customers, people as contacts. */
async function storeRecords(db: Db, customers: readonly Customer[]): Promise<void> {
  for (const source of new Set(customers.map((c) => c.sourceId))) {
    for (const [stream, kind] of [
      ['customers', 'organization'],
      ['contacts', 'person'],
    ] as const) {
      const list = customers.filter((c) => c.sourceId === source && c.kind === kind);
      for (let i = 0; i < list.length; i += 500) {
        await upsertSourceRecords(
          db,
          source,
          stream,
          list
            .slice(i, i + 500)
            .map((customer) => ({ customer, raw: null, contentHash: contentHash(customer) })),
        );
      }
    }
  }
}

/** Orders for every fifth organisation: some every month until lately, some that stopped a year ago. */
async function storeOrders(db: Db, customers: readonly Customer[]): Promise<void> {
  const buyers = customers.filter((c) => c.kind === 'organization').filter((_, i) => i % 5 === 0);
  const orders = buyers.flatMap((c, i) =>
    Array.from({ length: 1 + (i % 4) }, (_, k) =>
      Order.parse({
        sourceId: c.sourceId,
        externalId: `${c.externalId}-o${k}`,
        number: `${c.externalId}-o${k}`,
        customerExternalId: c.externalId,
        status: 'fulfilled',
        erpStatus: 'done',
        orderedAt: new Date(NOW.getTime() - ((i % 2 ? 400 : 20) + 30 * k) * DAY).toISOString(),
        currency: i % 3 ? 'EUR' : 'RUB',
        netAmount: 1000 + 10 * i,
        taxAmount: 0,
        totalAmount: 1000 + 10 * i,
      }),
    ),
  );
  for (const source of new Set(orders.map((o) => o.sourceId))) {
    await upsertOrders(
      db,
      source,
      orders
        .filter((o) => o.sourceId === source)
        .map((order) => ({ order, raw: null, contentHash: contentHash(order) })),
    );
  }
}

describe.each(['pglite', 'postgres'] as const)('the profiles report on %s', (driver) => {
  let handle: TestDb;
  let db: Db;
  const count = async (sql: string) => (await db.query<{ n: number }>(sql))[0]!.n;

  beforeAll(async () => {
    handle = await openTestDb(driver);
    db = await migrated(handle.db);
    const { records } = worldRecords(createWorld({ seed: 11, size: 300 }));
    const customers = records.map((r) => r.customer);
    await storeRecords(db, customers);
    await storeOrders(db, customers);
    await updateProfiles(db, profiles, { rescore: true, now: NOW });
  });
  afterAll(() => handle.cleanup());

  it('counts records and profiles so that they add up', async () => {
    const report = await profilesReport(db, { now: NOW });
    expect(report.records.total).toBe(await count('SELECT count(*)::int AS n FROM source_records'));
    expect(report.records.customers + report.records.contacts).toBe(report.records.total);
    expect(report.records.contacts).toBeGreaterThan(0);
    expect(report.profiles.total).toBe(
      await count(`SELECT count(*)::int AS n FROM profiles WHERE status <> 'merged'`),
    );
    expect(report.profiles.organizations + report.profiles.persons).toBe(report.profiles.total);
    expect(report.profiles.total).toBeLessThan(report.records.total);
    expect(report.byErpCount.map((g) => g.erps)).toEqual([1, 2, 3]);
    expect(report.byErpCount.reduce((sum, g) => sum + g.profiles, 0)).toBe(report.profiles.total);
  });

  it('shows cross-ERP profiles with how each record joined, preferring three ERPs and varied keys', async () => {
    const { crossErp } = await profilesReport(db, { now: NOW });
    expect(crossErp).toHaveLength(3);
    for (const example of crossErp) {
      expect(example.erps).toBe(3);
      expect(new Set(example.records.map((r) => r.ref.split('/')[0])).size).toBe(3);
      // The first record joined nothing; every other one names the key and the record it matched.
      expect(example.records[0]).toMatchObject({ joinedBy: null, joinedVia: null });
      for (const r of example.records.slice(1)) {
        expect(r.joinedBy).toMatch(/^(inn|ogrn|vat|email|phone|erp_ref)$/);
        expect(example.records.map((x) => x.ref)).toContain(r.joinedVia);
      }
    }
    const kinds = new Set(crossErp.flatMap((e) => e.records.map((r) => r.joinedBy)).filter(Boolean));
    expect(kinds.size).toBeGreaterThanOrEqual(3);
  });

  it('groups the refused over-merges by reason with examples, and counts refused values by reason', async () => {
    const { keptApart, refusedValues } = await profilesReport(db, { now: NOW });
    expect(keptApart.reduce((sum, g) => sum + g.count, 0)).toBe(
      await count(`SELECT count(*)::int AS n FROM profile_refusals WHERE type IN ('link', 'key')`),
    );
    // The call centre's number on eight companies' cards links none of them.
    const tooCommon = keptApart.find((g) => g.reason === 'too_common');
    expect(tooCommon?.examples[0]).toMatchObject({ type: 'key', kind: 'phone' });
    expect(tooCommon!.examples[0]!.holders).toBeGreaterThan(settings.maxKeyShare);
    for (const group of keptApart) {
      expect(group.examples.length).toBeGreaterThanOrEqual(1);
      expect(group.examples.length).toBeLessThanOrEqual(Math.min(2, group.count));
    }
    expect(refusedValues.reduce((sum, v) => sum + v.count, 0)).toBe(
      await count(`SELECT count(*)::int AS n FROM profile_refusals WHERE type = 'value'`),
    );
    // Zero INNs and INNs with a bad checksum are planted on fifteen companies each.
    expect(refusedValues.find((v) => v.kind === 'inn' && v.reason === 'checksum')?.count).toBeGreaterThan(0);
  });

  it('lists the customers worth most, the segments and the dormant customers with their reasons', async () => {
    const report = await profilesReport(db, { top: 4, now: NOW });
    expect(report.topByLtv).toHaveLength(4);
    const ltv = report.topByLtv.map((c) => Number(c.ltv));
    expect([...ltv].sort((a, b) => b - a)).toEqual(ltv);
    expect(report.topByLtv.every((c) => c.baseCurrency === 'EUR' && c.orderCount > 0)).toBe(true);
    expect(report.segments.reduce((sum, s) => sum + s.customers, 0)).toBe(
      await count(`SELECT count(*)::int AS n FROM profile_metrics WHERE segment IS NOT NULL`),
    );
    expect(report.dormant.total).toBe(
      await count(`SELECT count(*)::int AS n FROM profile_metrics WHERE dormant`),
    );
    expect(report.dormant.total).toBeGreaterThan(4);
    expect(report.dormant.customers).toHaveLength(4);
    const revenue = report.dormant.customers.map((c) => Number(c.revenueBase));
    expect([...revenue].sort((a, b) => b - a)).toEqual(revenue);
    for (const c of report.dormant.customers) {
      expect(c.reason).toMatch(/^no order for \d+ days/);
      expect(c.daysSinceLastOrder).toBeGreaterThan(180);
      expect(c.owner).toBeNull();
    }
  });

  it('reads the same report twice', async () => {
    expect(await profilesReport(db, { now: NOW })).toEqual(await profilesReport(db, { now: NOW }));
  });
});
