import { type Db, migrate } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import { rebuildNameIndex, refreshNameIndex } from './name-index';
import { insertProfiles } from './search-fixture.test-support';
import { searchProfiles } from './search-profiles';

describe.each(['postgres', 'pglite'] as const)('keeping the name index on %s', (driver) => {
  let handle: TestDb;
  let db: Db;
  const found = async (query: string) =>
    (await searchProfiles(db, query, { defaultRegion: 'RU' })).map((hit) => hit.profileId);

  beforeAll(async () => {
    handle = await openTestDb(driver);
    db = handle.db;
    await migrate(db);
    await insertProfiles(db, [{ key: 'base', displayName: 'Гвоздика' }]);
    await rebuildNameIndex(db);
    // Opening PGlite and migrating takes seconds, more on a busy machine.
  }, 120_000);
  afterAll(() => handle.cleanup());

  it('splits, folds and transliterates names in the database', async () => {
    const [row] = await db.query<{ words: string[]; latin: string[] }>(
      `SELECT array(SELECT search_name_words('ООО «ЁЛКИ-Палки» & Müller, №7')) AS words,
              array(SELECT search_latin(w) FROM unnest(array['щука', 'желтый', 'объект', 'müller', 'café']) w) AS latin`,
    );
    expect(row).toEqual({
      words: ['ооо', 'елки', 'палки', 'müller', '7'],
      latin: ['shchuka', 'zheltyy', 'obekt', 'mueller', 'cafe'],
    });
  });

  it('makes a renamed profile findable by its new name and no longer by its old one', async () => {
    const ids = await insertProfiles(db, [
      {
        key: 'renamed',
        displayName: 'Одуванчик',
        records: [{ externalId: 'r-1', displayName: 'Одуванчик' }],
      },
    ]);
    const id = ids.get('renamed')!;
    await refreshNameIndex(db, [id]);
    expect(await found('одуванчик')).toEqual([id]);
    await db.query(`UPDATE profiles SET display_name = 'Незабудка Трейд' WHERE id = $1`, [id]);
    await db.query(`UPDATE source_records SET display_name = 'Незабудка Трейд' WHERE profile_id = $1`, [id]);
    await refreshNameIndex(db, [id]);
    expect(await found('незабудка')).toEqual([id]);
    expect(await found('незабутка')).toEqual([id]);
    expect(await found('одуванчик')).toEqual([]);
  });

  it('makes a name of a newly linked source record findable', async () => {
    const ids = await insertProfiles(db, [{ key: 'linked', displayName: 'Кактус' }]);
    const id = ids.get('linked')!;
    await refreshNameIndex(db, [id]);
    await db.query(
      `INSERT INTO source_records (source, stream, external_id, kind, display_name, legal_name, content_hash, profile_id)
       VALUES ('erpnext', 'customers', 'CUST-9', 'organization', 'Cactus Trading', 'Cactus Trading GmbH', 'h', $1)`,
      [id],
    );
    expect(await found('cactus trading')).toEqual([]);
    await refreshNameIndex(db, [id]);
    expect(await searchProfiles(db, 'cactus trading', { defaultRegion: 'RU' })).toEqual([
      expect.objectContaining({ profileId: id, displayName: 'Кактус', matched: 'Cactus Trading' }),
    ]);
  });

  it('drops merged and deleted profiles', async () => {
    const ids = await insertProfiles(db, [
      { key: 'merged', displayName: 'Тюльпан' },
      { key: 'deleted', displayName: 'Тюльпан Сервис' },
    ]);
    const merged = ids.get('merged')!;
    const deleted = ids.get('deleted')!;
    await refreshNameIndex(db, [merged, deleted]);
    expect((await found('тюльпан')).sort()).toEqual([merged, deleted].sort());
    await db.query(`UPDATE profiles SET status = 'merged' WHERE id = $1`, [merged]);
    await db.query('UPDATE source_records SET profile_id = NULL WHERE profile_id = $1', [deleted]);
    await db.query('DELETE FROM profile_keys WHERE profile_id = $1', [deleted]);
    await db.query('DELETE FROM profiles WHERE id = $1', [deleted]);
    await refreshNameIndex(db, [merged, deleted]);
    expect(await found('тюльпан')).toEqual([]);
    const rows = await db.query('SELECT 1 FROM profile_search_names WHERE profile_id = ANY($1::uuid[])', [
      [merged, deleted],
    ]);
    expect(rows).toHaveLength(0);
  });

  it('adds only the words the dictionary lacks, and does nothing for no ids', async () => {
    const ids = await insertProfiles(db, [{ key: 'again', displayName: 'Гвоздика Плюс' }]);
    const words = async () =>
      (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM profile_search_words'))[0]!
        .count;
    const before = await words();
    await refreshNameIndex(db, [ids.get('again')!]);
    await refreshNameIndex(db, [ids.get('again')!]);
    await refreshNameIndex(db, []);
    expect(await words()).toBe(before + 1);
    expect(await found('гвоздика плюс')).toEqual([ids.get('again')]);
  });

  it('rebuilds the same index the refreshes kept', async () => {
    const snapshot = () =>
      db.query<{ profile_id: string; words: string[]; name_length: number }>(
        `SELECT n.profile_id, array(SELECT d.word FROM profile_search_words d WHERE d.id = ANY(n.word_ids) ORDER BY d.word) AS words,
                n.name_length
         FROM profile_search_names n ORDER BY n.profile_id`,
      );
    const kept = await snapshot();
    await rebuildNameIndex(db);
    expect(await snapshot()).toEqual(kept);
  });
});
