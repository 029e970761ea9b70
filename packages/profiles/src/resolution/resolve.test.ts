import { record } from '../keys/customer-fixture.test-support';
import { keyPolicy } from '../keys/key-policy';
import type { ResolveOptions } from './resolution-types';
import { resolve } from './resolve';

const options: ResolveOptions = { policy: keyPolicy({ defaultRegion: 'RU' }), maxKeyShare: 5 };
const INN_A = '7707083893';
const INN_B = '7736050003';

describe('resolve', () => {
  it('joins records of different ERPs sharing a strong key, and says by which key', () => {
    const result = resolve(
      [
        record({ sourceId: 'odoo', externalId: '1', phones: ['8 (495) 123-45-67'] }),
        record({
          sourceId: 'onec',
          externalId: 'g1',
          phones: ['+7 495 123 45 67'],
          taxIds: [{ kind: 'ru_inn', value: INN_A }],
        }),
        record({
          sourceId: 'erpnext',
          externalId: 'C-1',
          taxIds: [{ kind: 'ru_inn', value: `${INN_A.slice(0, 4)} ${INN_A.slice(4)}` }],
        }),
        record({ sourceId: 'odoo', externalId: '2', phones: ['+7 495 765 43 21'] }),
      ],
      options,
    );
    expect(result.clusters).toEqual([['erpnext/C-1', 'odoo/1', 'onec/g1'], ['odoo/2']]);
    expect(result.links).toEqual([
      { a: 'erpnext/C-1', b: 'onec/g1', kind: 'inn', key: INN_A },
      { a: 'odoo/1', b: 'onec/g1', kind: 'phone', key: '+74951234567' },
    ]);
  });

  it('gives the same result whatever the input order', () => {
    const records = Array.from({ length: 12 }, (_, i) =>
      record({
        sourceId: i % 2 ? 'odoo' : 'onec',
        externalId: `${i}`,
        emails: [`p${i % 4}@firm${i % 3}.ru`],
      }),
    );
    expect(resolve([...records].reverse(), options)).toEqual(resolve(records, options));
  });

  it('lets a key held by more than maxKeyShare organisations link nothing', () => {
    const office = '+7 495 111 22 33';
    const records = Array.from({ length: 6 }, (_, i) => record({ externalId: `${i}`, phones: [office] }));
    const result = resolve(records, options);
    expect(result.clusters).toHaveLength(6);
    expect(result.refused).toContainEqual({
      type: 'key',
      kind: 'phone',
      key: '+74951112233',
      holders: 6,
      organisations: 6,
      reason: 'too_common',
    });
    // Three ERPs' copies of one company (one INN) count as one organisation.
    const copies = ['odoo', 'erpnext', 'onec'].flatMap((sourceId) =>
      [0, 1].map((i) =>
        record({
          sourceId,
          externalId: `${i}`,
          phones: [office],
          taxIds: [{ kind: 'ru_inn', value: i ? INN_B : INN_A }],
        }),
      ),
    );
    expect(resolve(copies, options).clusters).toHaveLength(2);
  });

  it('never merges two organisations with different valid INNs through a shared phone or e-mail', () => {
    const result = resolve(
      [
        record({ externalId: 'a', emails: ['boss@holding.ru'], taxIds: [{ kind: 'ru_inn', value: INN_A }] }),
        record({ externalId: 'b', emails: ['boss@holding.ru'], taxIds: [{ kind: 'ru_inn', value: INN_B }] }),
        // No INN: could be either, so the shared address joins it to neither.
        record({ externalId: 'c', emails: ['boss@holding.ru'] }),
      ],
      options,
    );
    expect(result.clusters).toEqual([['odoo/a'], ['odoo/b'], ['odoo/c']]);
    expect(result.refused).toContainEqual(
      expect.objectContaining({ type: 'key', key: 'boss@holding.ru', reason: 'ambiguous' }),
    );
  });

  it('refuses a union that would put conflicting INNs in one profile, however the path runs', () => {
    const result = resolve(
      [
        record({ externalId: 'a', phones: ['+74951112233'], taxIds: [{ kind: 'ru_inn', value: INN_A }] }),
        record({ externalId: 'b', phones: ['+74951112233'], emails: ['ivanov@firm.ru'] }),
        record({ externalId: 'c', emails: ['ivanov@firm.ru'], taxIds: [{ kind: 'ru_inn', value: INN_B }] }),
      ],
      options,
    );
    expect(result.clusters).toEqual([['odoo/a'], ['odoo/b', 'odoo/c']]);
    expect(result.refused).toContainEqual(
      expect.objectContaining({ key: '+74951112233', reason: 'ambiguous' }),
    );
    // A cross-reference is checked the same way before it joins.
    const referenced = resolve(
      [
        {
          ...record({ externalId: 'a', taxIds: [{ kind: 'ru_inn', value: INN_A }] }),
          references: [{ sourceId: 'onec', externalId: 'c' }],
        },
        record({ sourceId: 'onec', externalId: 'c', taxIds: [{ kind: 'ru_inn', value: INN_B }] }),
      ],
      options,
    );
    expect(referenced.clusters).toHaveLength(2);
    expect(referenced.refused).toContainEqual({
      type: 'link',
      a: 'odoo/a',
      b: 'onec/c',
      kind: 'erp_ref',
      key: 'onec/c',
      reason: 'conflicting_tax_ids',
    });
  });

  it('never merges an organisation and a person; the person is linked to their organisation instead', () => {
    const result = resolve(
      [
        record({ externalId: 'org', emails: ['petrov@firm.ru'] }),
        record({
          externalId: 'p',
          kind: 'person',
          organizationExternalId: 'org',
          emails: ['petrov@firm.ru'],
        }),
        record({ sourceId: 'onec', externalId: 'p', kind: 'person', emails: ['Petrov@firm.ru'] }),
      ],
      options,
    );
    expect(result.clusters).toEqual([['odoo/org'], ['odoo/p'], ['onec/p']]);
    expect(result.refused).toContainEqual(
      expect.objectContaining({ type: 'key', key: 'petrov@firm.ru', reason: 'organisation_key' }),
    );
    expect(result.affiliations).toEqual([{ person: 'odoo/p', organization: 'odoo/org' }]);
  });

  it('joins one person working for two companies into one person, linked to both, without joining the companies', () => {
    const result = resolve(
      [
        record({ externalId: 'a', taxIds: [{ kind: 'ru_inn', value: INN_A }] }),
        record({ sourceId: 'onec', externalId: 'b', taxIds: [{ kind: 'ru_inn', value: INN_B }] }),
        record({ externalId: 'pa', kind: 'person', organizationExternalId: 'a', emails: ['ivanov@mail.ru'] }),
        record({
          sourceId: 'onec',
          externalId: 'pb',
          kind: 'person',
          organizationExternalId: 'b',
          emails: ['ivanov@mail.ru'],
        }),
      ],
      options,
    );
    expect(result.clusters).toEqual([['odoo/a'], ['odoo/pa', 'onec/pb'], ['onec/b']]);
    expect(result.affiliations).toEqual([
      { person: 'odoo/pa', organization: 'odoo/a' },
      { person: 'onec/pb', organization: 'onec/b' },
    ]);
  });

  it('does not join organisations by a phone or e-mail alone when their names or countries disagree', () => {
    const result = resolve(
      [
        record({ externalId: 'a', displayName: 'ООО «Сфера»', phones: ['+74955000000'] }),
        record({
          sourceId: 'onec',
          externalId: 'b',
          displayName: 'Медиалогистик ООО',
          phones: ['8 495 500-00-00'],
        }),
        record({ sourceId: 'erpnext', externalId: 'c', displayName: 'сфера', phones: ['84955000000'] }),
        record({
          externalId: 'd',
          displayName: 'Sfera GmbH',
          emails: ['kontor@sfera.de'],
          addresses: [{ country: 'DE' }],
        }),
        record({
          sourceId: 'onec',
          externalId: 'e',
          displayName: 'Sfera',
          emails: ['kontor@sfera.de'],
          addresses: [{ country: 'RU' }],
        }),
      ],
      options,
    );
    expect(result.clusters).toEqual([['erpnext/c', 'odoo/a'], ['odoo/d'], ['onec/b'], ['onec/e']]);
    expect(result.refused).toContainEqual(
      expect.objectContaining({ type: 'link', b: 'onec/b', reason: 'different_names' }),
    );
    expect(result.refused).toContainEqual(
      expect.objectContaining({ type: 'link', a: 'odoo/d', b: 'onec/e', reason: 'different_country' }),
    );
  });

  it('does not join two contacts of one company in one ERP that share a line', () => {
    const result = resolve(
      [
        record({ externalId: 'p1', kind: 'person', organizationExternalId: 'org', phones: ['+79123456789'] }),
        record({ externalId: 'p2', kind: 'person', organizationExternalId: 'org', phones: ['+79123456789'] }),
      ],
      options,
    );
    expect(result.clusters).toHaveLength(2);
    expect(result.refused).toContainEqual(
      expect.objectContaining({ type: 'link', reason: 'same_source_contact' }),
    );
  });

  it('joins by an ERP cross-reference', () => {
    const odoo = record({ externalId: '5' });
    const result = resolve(
      [
        { ...odoo, references: [{ sourceId: 'onec', externalId: 'guid-9' }] },
        record({ sourceId: 'onec', externalId: 'guid-9' }),
      ],
      options,
    );
    expect(result.links).toEqual([{ a: 'odoo/5', b: 'onec/guid-9', kind: 'erp_ref', key: 'onec/guid-9' }]);
  });

  it('applies manual decisions first and lets them win: merge past the guards, never-merge against any path', () => {
    const records = [
      record({ externalId: 'a', emails: ['ivanov@firm.ru'], taxIds: [{ kind: 'ru_inn', value: INN_A }] }),
      record({ externalId: 'b', emails: ['ivanov@firm.ru'] }),
      record({ externalId: 'c', phones: ['+79123456789'] }),
      record({ externalId: 'd', phones: ['+79123456789'], taxIds: [{ kind: 'ru_inn', value: INN_B }] }),
    ];
    expect(resolve(records, options).clusters).toEqual([
      ['odoo/a', 'odoo/b'],
      ['odoo/c', 'odoo/d'],
    ]);
    const decided = resolve(records, {
      ...options,
      mustLink: [
        ['odoo/d', 'odoo/a'],
        ['odoo/x', 'odoo/a'],
      ],
      cannotLink: [['odoo/b', 'odoo/c']],
    });
    // a–d merged by hand despite different INNs; then b joins by e-mail, so c may no longer reach b through d.
    expect(decided.links[0]).toEqual({ a: 'odoo/a', b: 'odoo/d', kind: 'manual', key: null });
    expect(decided.clusters).toEqual([['odoo/a', 'odoo/b', 'odoo/d'], ['odoo/c']]);
    expect(decided.refused).toContainEqual(
      expect.objectContaining({ type: 'link', a: 'odoo/c', b: 'odoo/d', reason: 'never_merge' }),
    );
    // A never-merge beats a manual merge of the same pair.
    const both = resolve(records, {
      ...options,
      mustLink: [['odoo/a', 'odoo/b']],
      cannotLink: [['odoo/a', 'odoo/b']],
    });
    expect(both.clusters).toContainEqual(['odoo/b']);
  });

  it('reports refused values per record', () => {
    const result = resolve(
      [record({ externalId: '1', taxIds: [{ kind: 'ru_inn', value: '0000000000' }] })],
      options,
    );
    expect(result.refused).toEqual([
      { type: 'value', record: 'odoo/1', kind: 'inn', raw: '0000000000', reason: 'placeholder' },
    ]);
  });

  it('rejects a batch naming one record twice', () => {
    expect(() => resolve([record({ externalId: '1' }), record({ externalId: '1' })], options)).toThrow(
      RangeError,
    );
  });
});
