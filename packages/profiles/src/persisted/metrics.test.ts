import {
  AnalyticsConfig,
  type Config,
  type Customer,
  type CustomerInput,
  Customer as CustomerSchema,
  Order,
  type OrderInput,
  parseConfig,
} from '@crm-bridge/core';
import { contentHash, type Db, upsertOrders } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import {
  type MetricsSettings,
  profilesWithPendingOrders,
  profilesWithStaleMetrics,
  refreshMetrics,
  rescoreBase,
} from './metrics';
import { migrated, recordOf, settings, storeCustomers } from './persisted-fixture.test-support';
import { resolvePending } from './resolve-pending';
import { updateProfiles } from './update-profiles';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-03-01T00:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();

const config = parseConfig(
  'version: 1\ncurrency:\n  base: EUR\n  rates:\n    USD: 0.9\n    RUB: 0.01\nphone:\n  defaultRegion: RU\n',
  { fileName: 'crm-bridge.yaml', env: {} },
);
const metricsSettings: MetricsSettings = {
  currency: config.currency,
  analytics: config.analytics,
  now: NOW,
};

const INN = [{ kind: 'ru_inn' as const, value: '7707083893' }];
const customer = (input: Omit<CustomerInput, 'kind'> & { kind?: Customer['kind'] }): Customer =>
  CustomerSchema.parse({ kind: 'organization', ...input });

/** A counted (fulfilled) order unless a status is given. */
const order = (
  input: Pick<OrderInput, 'sourceId' | 'externalId' | 'customerExternalId' | 'currency' | 'totalAmount'> &
    Partial<OrderInput>,
): Order =>
  Order.parse({
    number: `SO-${input.externalId}`,
    status: 'fulfilled',
    erpStatus: 'done',
    orderedAt: daysAgo(10),
    netAmount: input.totalAmount,
    taxAmount: 0,
    ...input,
  });

/** Writes orders as the sync would, grouped by source. */
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

interface MetricsRow {
  revenue: Record<string, number>;
  revenue_base: number;
  base_currency: string;
  order_count: number;
  average_order_value: number | null;
  first_order_at: string | null;
  last_order_at: string | null;
  typical_gap_days: number | null;
  dormant: boolean;
  churn_risk: boolean;
  reason: string | null;
  churn_reason: string | null;
  missing_rates: string[];
  rfm_r: number | null;
  rfm_f: number | null;
  rfm_m: number | null;
  segment: string | null;
  vip: boolean;
}

async function metricsOf(db: Db, profileId: string): Promise<MetricsRow | undefined> {
  const [row] = await db.query<
    Omit<MetricsRow, 'first_order_at' | 'last_order_at'> & Record<string, unknown>
  >(
    `SELECT revenue, revenue_base::float8 AS revenue_base, base_currency, order_count,
       average_order_value::float8 AS average_order_value, first_order_at, last_order_at,
       typical_gap_days::float8 AS typical_gap_days, dormant,
       churn_risk, reason, churn_reason, missing_rates, rfm_r, rfm_f, rfm_m, segment, vip
     FROM profile_metrics WHERE profile_id = $1`,
    [profileId],
  );
  if (!row) return undefined;
  const iso = (at: unknown) => (at instanceof Date ? at.toISOString() : null);
  return { ...row, first_order_at: iso(row.first_order_at), last_order_at: iso(row.last_order_at) };
}

/** Resolves the pending records, links the orders, and refreshes the metrics of every profile that changed. */
async function settle(db: Db, now = NOW): Promise<string[]> {
  const resolved = await resolvePending(db, settings);
  const due = [...new Set([...resolved.profiles, ...(await profilesWithPendingOrders(db))])];
  await refreshMetrics(db, due, { ...metricsSettings, now });
  return due;
}

/** Empties every table but the migrations' record, restarting the ids. */
async function emptyTables(db: Db): Promise<void> {
  const tables = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  await db.exec(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

describe.each(['pglite', 'postgres'] as const)('profile metrics on %s', (driver) => {
  let handle: TestDb;
  // One migrated database per file (migrating PGlite is slow); every test starts from empty tables.
  beforeAll(async () => {
    handle = await openTestDb(driver);
    await migrated(handle.db);
  }, 120_000);
  beforeEach(() => emptyTables(handle.db));
  afterAll(() => handle.cleanup());

  it('sums the orders of both ERPs of one customer, per currency and in the base currency at the config rates', async () => {
    const { db } = handle;
    await storeCustomers(db, [
      customer({ sourceId: 'odoo', externalId: '1', displayName: 'ООО Ромашка', taxIds: INN }),
      customer({ sourceId: 'erpnext', externalId: 'CUST-1', displayName: 'Romashka LLC', taxIds: INN }),
    ]);
    await resolvePending(db, settings);
    const profileId = (await recordOf(db, 'odoo', '1')).profileId;
    expect((await recordOf(db, 'erpnext', 'CUST-1')).profileId).toBe(profileId);

    await storeOrders(db, [
      order({
        sourceId: 'odoo',
        externalId: 'o1',
        customerExternalId: '1',
        currency: 'EUR',
        totalAmount: 1000,
      }),
      order({
        sourceId: 'odoo',
        externalId: 'o2',
        customerExternalId: '1',
        currency: 'RUB',
        totalAmount: 50_000,
        status: 'confirmed',
        orderedAt: daysAgo(40),
      }),
      order({
        sourceId: 'odoo',
        externalId: 'o3',
        customerExternalId: '1',
        currency: 'EUR',
        totalAmount: 700,
        status: 'cancelled',
        orderedAt: daysAgo(2),
      }),
      order({
        sourceId: 'erpnext',
        externalId: 'SO-1',
        customerExternalId: 'CUST-1',
        currency: 'USD',
        totalAmount: 200,
        status: 'closed',
        orderedAt: daysAgo(20),
      }),
      order({
        sourceId: 'erpnext',
        externalId: 'SO-2',
        customerExternalId: 'CUST-1',
        currency: 'GBP',
        totalAmount: 300,
        orderedAt: daysAgo(30),
      }),
    ]);
    expect(await profilesWithPendingOrders(db)).toEqual([profileId]);
    const linked = await db.query<{ profile_id: string }>(`SELECT DISTINCT profile_id FROM orders`);
    expect(linked).toEqual([{ profile_id: profileId }]);

    expect(await refreshMetrics(db, [profileId, profileId], metricsSettings)).toBe(1);
    expect(await metricsOf(db, profileId)).toMatchObject({
      revenue: { EUR: 1000, GBP: 300, RUB: 50_000, USD: 200 },
      // 1000 EUR + 50 000 RUB × 0.01 + 200 USD × 0.9; the cancelled order and the GBP one add nothing.
      revenue_base: 1680,
      base_currency: 'EUR',
      order_count: 4,
      average_order_value: 560,
      missing_rates: ['GBP'],
      first_order_at: daysAgo(40),
      last_order_at: daysAgo(10),
      dormant: false,
    });
    // Counted: nothing is pending until an order changes.
    expect(await profilesWithPendingOrders(db)).toEqual([]);
  });

  it('links an order that arrives after its customer was resolved, and recounts an order that changed', async () => {
    const { db } = handle;
    const profiles = {
      resolution: settings,
      metrics: { currency: config.currency, analytics: config.analytics },
      defaultRegion: 'RU',
    };
    await storeCustomers(db, [
      customer({ sourceId: 'odoo', externalId: '1', displayName: 'ООО Ромашка', taxIds: INN }),
      customer({ sourceId: 'erpnext', externalId: 'CUST-1', displayName: 'Romashka LLC', taxIds: INN }),
    ]);
    await storeOrders(db, [
      order({
        sourceId: 'odoo',
        externalId: 'o1',
        customerExternalId: '1',
        currency: 'EUR',
        totalAmount: 100,
      }),
    ]);
    const first = await updateProfiles(db, profiles, { now: NOW });
    expect(first).toMatchObject({ records: 2, profilesCreated: 1, metricsRefreshed: 1, more: false });
    const profileId = (await recordOf(db, 'odoo', '1')).profileId;
    expect(await metricsOf(db, profileId)).toMatchObject({ order_count: 1, revenue_base: 100 });

    // The next sync brings an ERPNext order of the resolved customer, and one of a customer not synced yet.
    await storeOrders(db, [
      order({
        sourceId: 'erpnext',
        externalId: 'SO-1',
        customerExternalId: 'CUST-1',
        currency: 'EUR',
        totalAmount: 250,
      }),
      order({
        sourceId: 'erpnext',
        externalId: 'SO-2',
        customerExternalId: 'CUST-404',
        currency: 'EUR',
        totalAmount: 999,
      }),
    ]);
    expect(await profilesWithPendingOrders(db)).toEqual([profileId]);
    const rows = await db.query<{ external_id: string; profile_id: string | null }>(
      `SELECT external_id, profile_id FROM orders WHERE source = 'erpnext' ORDER BY external_id`,
    );
    expect(rows).toEqual([
      { external_id: 'SO-1', profile_id: profileId },
      { external_id: 'SO-2', profile_id: null },
    ]);
    const second = await updateProfiles(db, profiles, { now: NOW });
    expect(second).toMatchObject({ records: 0, metricsRefreshed: 1 });
    expect(await metricsOf(db, profileId)).toMatchObject({ order_count: 2, revenue_base: 350 });

    // An order the ERP changed is counted again with its new amount.
    await storeOrders(db, [
      order({
        sourceId: 'odoo',
        externalId: 'o1',
        customerExternalId: '1',
        currency: 'EUR',
        totalAmount: 400,
      }),
    ]);
    expect(await profilesWithPendingOrders(db)).toEqual([profileId]);
    expect(await updateProfiles(db, profiles, { now: NOW })).toMatchObject({ metricsRefreshed: 1 });
    expect(await metricsOf(db, profileId)).toMatchObject({ order_count: 2, revenue_base: 650 });
    expect(await updateProfiles(db, profiles, { now: NOW })).toMatchObject({ metricsRefreshed: 0 });
  });

  it('flags a customer who stopped ordering as dormant with the reason, and lists metrics a day old as stale', async () => {
    const { db } = handle;
    await storeCustomers(db, [
      customer({ sourceId: 'odoo', externalId: 'quiet', displayName: 'Тихая гавань' }),
      customer({ sourceId: 'odoo', externalId: 'busy', displayName: 'Бойкая торговля' }),
    ]);
    await storeOrders(db, [
      ...[400, 460, 520].map((days) =>
        order({
          sourceId: 'odoo',
          externalId: `q${days}`,
          customerExternalId: 'quiet',
          currency: 'EUR',
          totalAmount: 100,
          orderedAt: daysAgo(days),
        }),
      ),
      order({
        sourceId: 'odoo',
        externalId: 'b1',
        customerExternalId: 'busy',
        currency: 'EUR',
        totalAmount: 100,
      }),
    ]);
    await settle(db);
    const quiet = (await recordOf(db, 'odoo', 'quiet')).profileId;
    const busy = (await recordOf(db, 'odoo', 'busy')).profileId;
    expect(await metricsOf(db, quiet)).toMatchObject({
      dormant: true,
      reason: 'no order for 400 days; usually orders every 60 days',
      typical_gap_days: 60,
      churn_risk: false,
    });
    expect(await metricsOf(db, busy)).toMatchObject({ dormant: false, reason: null });

    expect(await profilesWithStaleMetrics(db, new Date(NOW.getTime() + DAY_MS / 2))).toEqual([]);
    expect((await profilesWithStaleMetrics(db, new Date(NOW.getTime() + 2 * DAY_MS))).sort()).toEqual(
      [quiet, busy].sort(),
    );
  });

  it('scores RFM in quintiles over the base, applies each VIP rule, and rewrites only rows that changed', async () => {
    const { db } = handle;
    // Customer k has k orders of 100 EUR, the last (60 − 10k) days ago: R, F and M all grow with k.
    const names = ['Альфа', 'Бета', 'Гамма', 'Дельта', 'Эпсилон'];
    await storeCustomers(db, [
      ...names.map((displayName, i) => customer({ sourceId: 'odoo', externalId: `c${i + 1}`, displayName })),
      customer({ sourceId: 'odoo', externalId: 'c0', displayName: 'Без заказов' }),
    ]);
    await storeOrders(
      db,
      names.flatMap((_, i) =>
        Array.from({ length: i + 1 }, (__, j) =>
          order({
            sourceId: 'odoo',
            externalId: `c${i + 1}-${j}`,
            customerExternalId: `c${i + 1}`,
            currency: 'EUR',
            totalAmount: 100,
            orderedAt: daysAgo(60 - 10 * (i + 1) + 30 * j),
          }),
        ),
      ),
    );
    expect(await settle(db)).toHaveLength(6);
    const scores = () =>
      db.query<{
        ref: string;
        r: number | null;
        f: number | null;
        m: number | null;
        segment: string | null;
        vip: boolean;
      }>(
        `SELECT s.external_id AS ref, m.rfm_r AS r, m.rfm_f AS f, m.rfm_m AS m, m.segment, m.vip
         FROM profile_metrics m JOIN source_records s ON s.profile_id = m.profile_id ORDER BY s.external_id`,
      );
    const vips = async () => (await scores()).filter((s) => s.vip).map((s) => s.ref);
    const analytics = (vip: Partial<Config['analytics']['vip']>) => AnalyticsConfig.parse({ vip });

    expect(await rescoreBase(db, analytics({}))).toEqual({ scored: 5, changed: 5 });
    expect(await scores()).toEqual([
      { ref: 'c0', r: null, f: null, m: null, segment: null, vip: false },
      { ref: 'c1', r: 1, f: 1, m: 1, segment: 'lost', vip: false },
      { ref: 'c2', r: 2, f: 2, m: 2, segment: 'hibernating', vip: false },
      { ref: 'c3', r: 3, f: 3, m: 3, segment: 'need attention', vip: false },
      { ref: 'c4', r: 4, f: 4, m: 4, segment: 'loyal', vip: false },
      { ref: 'c5', r: 5, f: 5, m: 5, segment: 'champions', vip: true },
    ]);
    expect(await rescoreBase(db, analytics({}))).toEqual({ scored: 5, changed: 0 });

    // c5 stays VIP by revenue (500 ≥ 400): only c4 changes.
    expect(await rescoreBase(db, analytics({ minRevenue: 400, segments: [] }))).toEqual({
      scored: 5,
      changed: 1,
    });
    expect(await vips()).toEqual(['c4', 'c5']);
    expect(await rescoreBase(db, analytics({ minOrders: 3, segments: [] }))).toEqual({
      scored: 5,
      changed: 1,
    });
    expect(await vips()).toEqual(['c3', 'c4', 'c5']);
    expect(await rescoreBase(db, analytics({ segments: ['lost'] }))).toEqual({ scored: 5, changed: 4 });
    expect(await vips()).toEqual(['c1']);

    // c1's only order is cancelled: it leaves the base, loses its score and VIP, and the quintiles move.
    await storeOrders(db, [
      order({
        sourceId: 'odoo',
        externalId: 'c1-0',
        customerExternalId: 'c1',
        currency: 'EUR',
        totalAmount: 100,
        orderedAt: daysAgo(50),
        status: 'cancelled',
      }),
    ]);
    await settle(db);
    expect(await rescoreBase(db, analytics({ segments: ['lost'] }))).toEqual({ scored: 4, changed: 4 });
    expect(await scores()).toEqual([
      { ref: 'c0', r: null, f: null, m: null, segment: null, vip: false },
      { ref: 'c1', r: null, f: null, m: null, segment: null, vip: false },
      { ref: 'c2', r: 1, f: 1, m: 1, segment: 'lost', vip: true },
      { ref: 'c3', r: 2, f: 2, m: 2, segment: 'hibernating', vip: false },
      { ref: 'c4', r: 3, f: 3, m: 3, segment: 'need attention', vip: false },
      { ref: 'c5', r: 4, f: 4, m: 4, segment: 'loyal', vip: false },
    ]);
  });

  it('moves the orders of an absorbed profile to the survivor and drops its metrics row', async () => {
    const { db } = handle;
    const romashka = customer({ sourceId: 'odoo', externalId: '1', displayName: 'ООО Ромашка', taxIds: INN });
    const llc = customer({ sourceId: 'erpnext', externalId: 'CUST-1', displayName: 'Romashka LLC' });
    await storeCustomers(db, [romashka, llc]);
    await storeOrders(db, [
      order({
        sourceId: 'odoo',
        externalId: 'o1',
        customerExternalId: '1',
        currency: 'EUR',
        totalAmount: 100,
      }),
      order({
        sourceId: 'erpnext',
        externalId: 'SO-1',
        customerExternalId: 'CUST-1',
        currency: 'EUR',
        totalAmount: 20,
      }),
      order({
        sourceId: 'erpnext',
        externalId: 'SO-2',
        customerExternalId: 'CUST-1',
        currency: 'EUR',
        totalAmount: 3,
      }),
    ]);
    await settle(db);
    const survivor = (await recordOf(db, 'odoo', '1')).profileId;
    const absorbed = (await recordOf(db, 'erpnext', 'CUST-1')).profileId;
    expect(absorbed).not.toBe(survivor);
    expect(await metricsOf(db, absorbed)).toMatchObject({ order_count: 2, revenue_base: 23 });

    await storeCustomers(db, [{ ...llc, taxIds: [{ kind: 'ru_inn', value: '7707083893', country: 'RU' }] }]);
    const pass = await resolvePending(db, settings);
    expect([...pass.absorbed]).toEqual([absorbed]);
    expect((await recordOf(db, 'erpnext', 'CUST-1')).profileId).toBe(survivor);
    expect(await metricsOf(db, absorbed)).toBeUndefined();
    const moved = await db.query<{ profile_id: string }>(`SELECT DISTINCT profile_id FROM orders`);
    expect(moved).toEqual([{ profile_id: survivor }]);

    expect(await profilesWithPendingOrders(db)).toEqual([survivor]);
    await refreshMetrics(db, [survivor, absorbed], metricsSettings);
    expect(await metricsOf(db, survivor)).toMatchObject({ order_count: 3, revenue_base: 123 });
    // A merged profile gets no metrics row back.
    expect(await metricsOf(db, absorbed)).toBeUndefined();
  });
});
