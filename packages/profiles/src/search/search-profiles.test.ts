import { CrmError } from '@crm-bridge/core';
import { type Db, migrate } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import { rebuildNameIndex } from './name-index';
import { type FixtureProfile, insertProfiles } from './search-fixture.test-support';
import { searchProfiles } from './search-profiles';

const fixture: FixtureProfile[] = [
  {
    key: 'romashka',
    displayName: 'ООО «Ромашка»',
    legalName: 'Общество с ограниченной ответственностью «Ромашка»',
    primaryEmail: 'office@romashka.ru',
    keys: [
      { kind: 'email', value: 'anna@romashka.ru' },
      { kind: 'phone', value: '+79123456789' },
      { kind: 'tax_id', value: 'inn:7707083893' },
      { kind: 'tax_id', value: 'ogrn:1027700132195' },
    ],
    records: [{ source: 'onec', externalId: 'CUST-0042', displayName: 'Ромашка ООО' }],
    orderNumbers: ['SAL-ORD-2024-00012'],
  },
  { key: 'romashkaPlus', displayName: 'Ромашка Плюс' },
  { key: 'romashkoTypo', displayName: 'ИП Ромашко' },
  { key: 'romashkaLatin', displayName: 'Romashka Trading LLC' },
  { key: 'romashkaMerged', displayName: 'Ромашка', status: 'merged' },
  {
    key: 'mueller',
    displayName: 'Müller Maschinenbau GmbH',
    keys: [{ kind: 'tax_id', value: 'vat:DE136695976' }],
  },
  {
    key: 'severny',
    displayName: 'Северный ветер',
    records: [
      { source: 'onec', externalId: '000123', displayName: 'Северный ветер' },
      { source: 'odoo', externalId: '77', displayName: 'Nord Wind AG' },
    ],
  },
  {
    key: 'ivanov',
    kind: 'person',
    displayName: 'Иванов Иван Иванович',
    keys: [{ kind: 'email', value: 'ivan.ivanov@mail.ru' }],
  },
  { key: 'stroy', displayName: 'Стройинвест' },
  { key: 'order', displayName: 'SO0042 Supplies' },
  { key: 'orderOwner', displayName: 'Василёк', orderNumbers: ['SO0042'] },
];

for (let i = 0; i < 30; i++) fixture.push({ key: `lotus${i}`, displayName: `Лотос ${i + 1}` });

describe.each(['postgres', 'pglite'] as const)('searching profiles on %s', (driver) => {
  let handle: TestDb;
  let db: Db;
  let ids: Map<string, string>;
  const id = (key: string) => ids.get(key)!;
  const search = (query: string, limit?: number) =>
    searchProfiles(db, query, { defaultRegion: 'RU', ...(limit === undefined ? {} : { limit }) });
  const found = async (query: string) => (await search(query)).map((hit) => hit.profileId);

  beforeAll(async () => {
    handle = await openTestDb(driver);
    db = handle.db;
    await migrate(db);
    ids = await insertProfiles(db, fixture);
    await rebuildNameIndex(db);
    // Opening PGlite and migrating takes seconds, more on a busy machine.
  }, 120_000);
  afterAll(() => handle.cleanup());

  it('finds a Cyrillic name, exact words before typos and shorter names first', async () => {
    const hits = await search('ромашка');
    expect(hits.map((hit) => hit.profileId)).toEqual([
      id('romashka'),
      id('romashkaPlus'),
      id('romashkaLatin'),
      id('romashkoTypo'),
    ]);
    expect(hits[0]).toEqual({
      profileId: id('romashka'),
      kind: 'organization',
      displayName: 'ООО «Ромашка»',
      matchedOn: 'name',
      matched: 'ООО «Ромашка»',
      rank: 1,
    });
    expect(hits[3]!.rank).toBe(3);
  });

  it('finds a Latin name, and Cyrillic and Latin spellings of one another', async () => {
    expect(await found('Romashka Trading')).toEqual([id('romashkaLatin')]);
    expect((await found('romashka')).slice(0, 3).sort()).toEqual(
      [id('romashka'), id('romashkaLatin'), id('romashkaPlus')].sort(),
    );
    expect(await found('mueller')).toEqual([id('mueller')]);
    expect(await found('Норд Винд')).toEqual([id('severny')]);
  });

  it.each([
    ['ромошка', 'romashka'],
    ['ромашк', 'romashka'],
    ['ромашкка', 'romashka'],
    ['рмоашка', 'romashka'],
    ['ромащка', 'romashka'],
    ['Muller', 'mueller'],
    ['северний ветер', 'severny'],
  ])('finds a name with one typo: %s', async (typo, key) => {
    expect(await found(typo)).toContain(id(key));
  });

  it('does not stretch a typo to two edits', async () => {
    expect(await found('ромашкааа')).toEqual([]);
  });

  it('finds by a prefix of three letters or more', async () => {
    expect(await found('Стройин')).toEqual([id('stroy')]);
    expect(await found('Сев вет')).toEqual([id('severny')]);
    const hits = await search('ромаш');
    expect(hits.slice(0, 2)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ profileId: id('romashka'), rank: 2 }),
        expect.objectContaining({ profileId: id('romashkoTypo'), rank: 2 }),
      ]),
    );
  });

  it('finds a profile by a name only a second source record gives it', async () => {
    const hits = await search('nord wind');
    expect(hits).toEqual([expect.objectContaining({ profileId: id('severny'), matched: 'Nord Wind AG' })]);
  });

  it('ignores legal forms and initials beside other words', async () => {
    expect((await found('ООО Ромашка'))[0]).toBe(id('romashka'));
    expect(await found('Иванов И. И.')).toEqual([id('ivanov')]);
  });

  it('finds a phone written in any format of the default region', async () => {
    for (const phone of ['8 912 345-67-89', '+7 (912) 3456789', '9123456789']) {
      expect(await search(phone)).toEqual([
        expect.objectContaining({
          profileId: id('romashka'),
          matchedOn: 'phone',
          matched: '+79123456789',
          rank: 0,
        }),
      ]);
    }
  });

  it('finds an e-mail whatever its case, in the keys or as the primary e-mail', async () => {
    expect(await search('Ivan.Ivanov@MAIL.ru ')).toEqual([
      expect.objectContaining({ profileId: id('ivanov'), kind: 'person', matchedOn: 'email' }),
    ]);
    expect(await found('OFFICE@romashka.ru')).toEqual([id('romashka')]);
    expect(await found('nobody@romashka.ru')).toEqual([]);
  });

  it('finds an INN, an OGRN and a VAT number', async () => {
    expect(await search('7707083893')).toEqual([
      expect.objectContaining({ profileId: id('romashka'), matchedOn: 'tax_id', matched: 'inn:7707083893' }),
    ]);
    expect(await found('ИНН 7707083893')).toEqual([id('romashka')]);
    expect(await found('1027700132195')).toEqual([id('romashka')]);
    expect(await search('DE 136 695 976')).toEqual([
      expect.objectContaining({ profileId: id('mueller'), matched: 'vat:DE136695976' }),
    ]);
  });

  it('finds an order number and an ERP customer id, before any name', async () => {
    expect(await search('SAL-ORD-2024-00012')).toEqual([
      expect.objectContaining({ profileId: id('romashka'), matchedOn: 'order_number' }),
    ]);
    expect(await search('CUST-0042')).toEqual([
      expect.objectContaining({ profileId: id('romashka'), matchedOn: 'external_id', matched: 'CUST-0042' }),
    ]);
    expect(await search('000123')).toEqual([
      expect.objectContaining({ profileId: id('severny'), matchedOn: 'external_id' }),
    ]);
    const hits = await search('SO0042');
    expect(hits.map((hit) => [hit.profileId, hit.matchedOn])).toEqual([
      [id('orderOwner'), 'order_number'],
      [id('order'), 'name'],
    ]);
  });

  it('never returns a merged profile', async () => {
    const merged = id('romashkaMerged');
    expect(await found('ромашка')).not.toContain(merged);
    expect((await search('Ромашка', 100)).map((hit) => hit.profileId)).not.toContain(merged);
  });

  it('returns at most the limit, best first, and no more than 100', async () => {
    const hits = await search('лотос', 5);
    expect(hits).toHaveLength(5);
    expect(hits.every((hit) => hit.rank === 1)).toBe(true);
    expect(await search('лотос')).toHaveLength(20);
    expect(await search('лотос', 1000)).toHaveLength(30);
  });

  it('refuses a blank query and a bad limit or region', async () => {
    await expect(search('   ')).rejects.toMatchObject({ code: 'profiles.search_query_empty' });
    await expect(search('')).rejects.toBeInstanceOf(CrmError);
    await expect(search('ромашка', 0)).rejects.toMatchObject({ code: 'profiles.search_limit' });
    await expect(searchProfiles(db, 'ромашка', { defaultRegion: 'XX' })).rejects.toMatchObject({
      code: 'profiles.search_region',
    });
  });
});
