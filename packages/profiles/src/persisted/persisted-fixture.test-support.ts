import type { Customer } from '@crm-bridge/core';
import { contentHash, type Db, migrate, upsertSourceRecords } from '@crm-bridge/store';
import { keyPolicy } from '../keys/key-policy';
import type { ResolutionSettings } from './resolve-pending';
import type { ProfilesSettings } from './update-profiles';

export const settings: ResolutionSettings = {
  policy: keyPolicy({ defaultRegion: 'RU' }),
  maxKeyShare: 5,
  priorities: new Map([
    ['odoo', 200],
    ['erpnext', 100],
    ['onec', 50],
  ]),
};

export async function migrated(db: Db): Promise<Db> {
  await migrate(db);
  return db;
}

/** Writes customers as the sync would (grouped by source, stream `customers`). */
export async function storeCustomers(db: Db, customers: readonly Customer[]): Promise<void> {
  const bySource = new Map<string, Customer[]>();
  for (const c of customers) bySource.set(c.sourceId, [...(bySource.get(c.sourceId) ?? []), c]);
  for (const [source, list] of bySource) {
    for (let i = 0; i < list.length; i += 500) {
      await upsertSourceRecords(
        db,
        source,
        'customers',
        list
          .slice(i, i + 500)
          .map((customer) => ({ customer, raw: null, contentHash: contentHash(customer) })),
      );
    }
  }
}

/** The store's partition of records into profiles, as sorted lists of `source/externalId`. */
export async function storedPartition(db: Db): Promise<string[][]> {
  const rows = await db.query<{ profile_id: string; ref: string }>(
    `SELECT profile_id, source || '/' || external_id AS ref FROM source_records ORDER BY ref`,
  );
  const groups = new Map<string, string[]>();
  for (const { profile_id, ref } of rows) groups.set(profile_id, [...(groups.get(profile_id) ?? []), ref]);
  return [...groups.values()].sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** The store id and profile of a record. */
export async function recordOf(db: Db, source: string, externalId: string) {
  const [row] = await db.query<{ id: number; profile_id: string }>(
    `SELECT id, profile_id FROM source_records WHERE source = $1 AND external_id = $2`,
    [source, externalId],
  );
  if (!row) throw new Error(`no record ${source}/${externalId}`);
  return { id: Number(row.id), profileId: row.profile_id };
}

/** The whole profiles settings around `settings` (EUR base, a RUB rate, default analytics). */
export const profiles: ProfilesSettings = {
  resolution: settings,
  metrics: {
    currency: { base: 'EUR', rates: { RUB: 0.01 } },
    analytics: {
      dormantAfterDays: 180,
      dormantGapFactor: 2.5,
      churnRiskGapFactor: 1.5,
      rfmWindowDays: 730,
      minOrdersForGap: 3,
      ltvHorizonMonths: 36,
      vip: { minRevenue: null, minOrders: null, segments: ['champions'] },
    },
  },
  defaultRegion: 'RU',
};
