import { type Customer, type CustomerInput, Customer as CustomerSchema } from '@crm-bridge/core';
import { createWorld } from '@crm-bridge/sync/testing';
import { openTestDb, type TestDb } from '@test/support/stores';
import { resolve } from '../resolution/resolve';
import { worldRecords } from '../resolution/world-records.test-support';
import { mergeProfiles, neverMerge, splitRecord, undoMerge } from './manual-decisions';
import {
  migrated,
  profiles,
  recordOf,
  settings,
  storeCustomers,
  storedPartition,
} from './persisted-fixture.test-support';
import { findProfileRef } from './profile-lookup';
import { resolveAll, resolvePending } from './resolve-pending';

const customer = (input: Omit<CustomerInput, 'kind'> & { kind?: Customer['kind'] }): Customer =>
  CustomerSchema.parse({ kind: 'organization', ...input });
const manager = {
  actor: { kind: 'cli' as const, id: null, channel: 'cli' as const },
  role: 'manager' as const,
};

describe.each(['pglite', 'postgres'] as const)('persisted resolution on %s', (driver) => {
  let handle: TestDb;
  beforeEach(async () => {
    handle = await openTestDb(driver);
    await migrated(handle.db);
  });
  afterEach(() => handle.cleanup());

  it('resolves the generated world a batch at a time into the same profiles as one pure resolution', async () => {
    const { records } = worldRecords(createWorld({ seed: 11, size: 300 }));
    await storeCustomers(
      handle.db,
      records.map((r) => r.customer),
    );
    const first = await resolvePending(handle.db, settings, { batchSize: 97 });
    expect(first.passes).toBeGreaterThan(3);
    const expected = resolve(records, {
      policy: settings.policy,
      maxKeyShare: settings.maxKeyShare,
    }).clusters;
    expect(await storedPartition(handle.db)).toEqual(expected);
    expect(expected.some((c) => c.length > 1)).toBe(true);

    const again = await resolvePending(handle.db, settings);
    expect(again.records).toBe(0);

    // A whole-store pass over the same records keeps every profile and its id.
    const ids = await handle.db.query(`SELECT id, profile_id FROM source_records ORDER BY id`);
    const whole = await resolveAll(handle.db, settings);
    expect(whole.created).toBe(0);
    expect(await handle.db.query(`SELECT id, profile_id FROM source_records ORDER BY id`)).toEqual(ids);
  });

  it('resolves a first load in one whole-store pass into the same profiles', async () => {
    const { records } = worldRecords(createWorld({ seed: 12, size: 200 }));
    await storeCustomers(
      handle.db,
      records.map((r) => r.customer),
    );
    const result = await resolvePending(handle.db, settings, { wholeStoreFrom: 1 });
    expect(result).toMatchObject({ whole: true, passes: 1, records: records.length });
    const expected = resolve(records, {
      policy: settings.policy,
      maxKeyShare: settings.maxKeyShare,
    }).clusters;
    expect(await storedPartition(handle.db)).toEqual(expected);
    const [keys] = await handle.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM profile_keys`);
    expect(keys!.n).toBeGreaterThan(records.length);
    // The indexes dropped for the bulk write are back.
    const indexes = await handle.db.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE tablename IN ('profile_keys', 'source_records') ORDER BY 1`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual(
      expect.arrayContaining([
        'profile_keys_kind_value_record_key',
        'profile_keys_record',
        'source_records_pending',
        'source_records_profile',
      ]),
    );
  });

  it('merges incrementally when a changed record gains a key, moves the desk rows, keeps the old id resolving, and undoes', async () => {
    const { db } = handle;
    const a = customer({
      sourceId: 'odoo',
      externalId: '1',
      displayName: 'ООО Ромашка',
      taxIds: [{ kind: 'ru_inn', value: '7707083893' }],
    });
    const b = customer({ sourceId: 'erpnext', externalId: 'CUST-1', displayName: 'Romashka LLC' });
    await storeCustomers(db, [a, b]);
    await resolvePending(db, settings);
    const before = await recordOf(db, 'erpnext', 'CUST-1');
    const survivor = (await recordOf(db, 'odoo', '1')).profileId;
    expect(before.profileId).not.toBe(survivor);
    await db.query(`INSERT INTO tickets (profile_id, title, channel) VALUES ($1, 'Broken delivery', 'cli')`, [
      before.profileId,
    ]);

    await storeCustomers(db, [{ ...b, taxIds: [{ kind: 'ru_inn', value: '7707083893', country: 'RU' }] }]);
    const pass = await resolvePending(db, settings);
    expect(pass.records).toBe(2);
    expect((await recordOf(db, 'erpnext', 'CUST-1')).profileId).toBe(survivor);
    expect(await findProfileRef(db, before.profileId)).toEqual({
      id: survivor,
      mergedFrom: before.profileId,
    });
    const [ticket] = await db.query<{ profile_id: string }>(`SELECT profile_id FROM tickets`);
    expect(ticket!.profile_id).toBe(survivor);
    const [merge] = await db.query<{ id: number; link_kind: string; link_key: string; absorbed_id: string }>(
      `SELECT id, link_kind, link_key, absorbed_id FROM profile_merges`,
    );
    expect(merge).toMatchObject({ link_kind: 'inn', link_key: '7707083893', absorbed_id: before.profileId });
    const [golden] = await db.query<{ display_name: string; source_count: number }>(
      `SELECT display_name, source_count FROM profiles WHERE id = $1`,
      [survivor],
    );
    expect(golden).toEqual({ display_name: 'ООО Ромашка', source_count: 2 });

    await undoMerge(db, profiles, Number(merge!.id), manager);
    expect((await recordOf(db, 'erpnext', 'CUST-1')).profileId).toBe(before.profileId);
    expect(await findProfileRef(db, before.profileId)).toEqual({ id: before.profileId, mergedFrom: null });
    // The undo holds through the next sync that touches the record.
    await storeCustomers(db, [
      { ...b, displayName: 'Romashka Ltd', taxIds: [{ kind: 'ru_inn', value: '7707083893', country: 'RU' }] },
    ]);
    await resolvePending(db, settings);
    expect((await recordOf(db, 'erpnext', 'CUST-1')).profileId).toBe(before.profileId);
  });

  it('keeps a manual split, merge and never-merge through re-syncs', async () => {
    const { db } = handle;
    const inn = [{ kind: 'ru_inn' as const, value: '7736207543' }];
    const a = customer({ sourceId: 'odoo', externalId: '7', displayName: 'Яндекс', taxIds: inn });
    const b = customer({ sourceId: 'onec', externalId: 'uuid-7', displayName: 'ООО Яндекс', taxIds: inn });
    const c = customer({ sourceId: 'erpnext', externalId: 'CUST-9', displayName: 'Yandex Cloud' });
    await storeCustomers(db, [a, b, c]);
    await resolvePending(db, settings);
    const together = (await recordOf(db, 'odoo', '7')).profileId;
    expect((await recordOf(db, 'onec', 'uuid-7')).profileId).toBe(together);

    const split = await recordOf(db, 'onec', 'uuid-7');
    await splitRecord(db, profiles, together, split.id, manager, 'a different legal entity');
    const apart = (await recordOf(db, 'onec', 'uuid-7')).profileId;
    expect(apart).not.toBe(together);
    expect((await recordOf(db, 'odoo', '7')).profileId).toBe(together);
    await storeCustomers(db, [{ ...b, displayName: 'ООО «Яндекс»' }]);
    await resolvePending(db, settings);
    expect((await recordOf(db, 'onec', 'uuid-7')).profileId).toBe(apart);
    expect((await recordOf(db, 'odoo', '7')).profileId).toBe(together);

    const cloud = (await recordOf(db, 'erpnext', 'CUST-9')).profileId;
    await mergeProfiles(db, profiles, together, cloud, manager);
    expect((await recordOf(db, 'erpnext', 'CUST-9')).profileId).toBe(together);
    await storeCustomers(db, [{ ...c, displayName: 'Yandex Cloud GmbH' }]);
    await resolvePending(db, settings);
    expect((await recordOf(db, 'erpnext', 'CUST-9')).profileId).toBe(together);
    const [history] = await db.query<{ link_kind: string; actor_kind: string }>(
      `SELECT link_kind, actor_kind FROM profile_merges WHERE absorbed_id = $1`,
      [cloud],
    );
    expect(history).toEqual({ link_kind: 'manual', actor_kind: 'cli' });

    await expect(neverMerge(db, profiles, together, apart, { ...manager, role: 'agent' })).rejects.toThrow(
      /agent may not/,
    );
    await neverMerge(db, profiles, together, apart, manager);
    await db.query(`DELETE FROM profile_links WHERE decision = 'split'`);
    await storeCustomers(db, [{ ...b, displayName: 'Яндекс ООО' }]);
    await resolvePending(db, settings);
    expect((await recordOf(db, 'onec', 'uuid-7')).profileId).not.toBe(together);
    const [audit] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'profile.%'`,
    );
    expect(audit!.n).toBe(3);
  });

  it('undoes a manual merge that brought a split record back, reviving the profile it had', async () => {
    const { db } = handle;
    const inn = [{ kind: 'ru_inn' as const, value: '7702070139' }];
    await storeCustomers(db, [
      customer({ sourceId: 'odoo', externalId: '8', displayName: 'ВТБ', taxIds: inn }),
      customer({ sourceId: 'erpnext', externalId: 'CUST-8', displayName: 'Банк ВТБ', taxIds: inn }),
    ]);
    await resolvePending(db, settings);
    const home = (await recordOf(db, 'odoo', '8')).profileId;
    const record = await recordOf(db, 'erpnext', 'CUST-8');
    await splitRecord(db, profiles, home, record.id, manager);
    const apart = (await recordOf(db, 'erpnext', 'CUST-8')).profileId;
    await mergeProfiles(db, profiles, home, apart, manager);
    expect((await recordOf(db, 'erpnext', 'CUST-8')).profileId).toBe(home);
    const [merge] = await db.query<{ id: number }>(`SELECT id FROM profile_merges WHERE absorbed_id = $1`, [
      apart,
    ]);
    await undoMerge(db, profiles, Number(merge!.id), manager);
    expect((await recordOf(db, 'erpnext', 'CUST-8')).profileId).toBe(apart);
    expect((await recordOf(db, 'odoo', '8')).profileId).toBe(home);
  });

  it('refuses a key held by more organisations than maxKeyShare, also when the holders arrive over several syncs', async () => {
    const { db } = handle;
    const firms = Array.from({ length: 7 }, (_, i) =>
      customer({
        sourceId: 'odoo',
        externalId: `f${i}`,
        displayName: `Фирма ${i}`,
        phones: ['+7 495 739-70-00'],
      }),
    );
    await storeCustomers(db, firms.slice(0, 3));
    await resolvePending(db, settings);
    expect(new Set((await storedPartition(db)).map((c) => c.length))).toEqual(new Set([3]));
    await storeCustomers(db, firms.slice(3));
    await resolvePending(db, settings);
    expect((await storedPartition(db)).every((c) => c.length === 1)).toBe(true);
    const [refusal] = await db.query<{ reason: string }>(
      `SELECT reason FROM profile_refusals WHERE type = 'key'`,
    );
    expect(refusal!.reason).toBe('too_common');
  });
});
