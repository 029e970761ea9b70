import { customer } from './customer-fixture.test-support';
import { keyPolicy } from './key-policy';
import { analyseKeys, linkingKeys, refusedKeys } from './linking-keys';

const policy = keyPolicy({ defaultRegion: 'RU', ignoreDomains: ['ourcompany.ru'] });

describe('linking keys of a record', () => {
  const romashka = customer({
    externalId: '42',
    emails: [' Petrov@Romashka.ru', 'info@romashka.ru', 'me@ourcompany.ru'],
    phones: ['8 (495) 123-45-67', '+7 495 123 45 67', '12'],
    taxIds: [
      { kind: 'ru_inn', value: '7707 083 893' },
      { kind: 'ru_kpp', value: '773601001' },
      { kind: 'ru_ogrn', value: '1027700132195' },
      { kind: 'ru_inn', value: '0000000000' },
      { kind: 'other', value: 'OKPO 00032537' },
    ],
  });

  it('returns the strong keys, normalised and deduplicated, with its own ERP reference', () => {
    expect(
      linkingKeys(romashka, policy, { references: [{ sourceId: 'onec', externalId: 'guid-1' }] }),
    ).toEqual([
      { kind: 'email', value: 'petrov@romashka.ru' },
      { kind: 'erp_ref', value: 'odoo/42' },
      { kind: 'erp_ref', value: 'onec/guid-1' },
      { kind: 'inn', value: '7707083893' },
      { kind: 'ogrn', value: '1027700132195' },
      { kind: 'phone', value: '+74951234567' },
    ]);
  });

  it('says why each other value does not link; the KPP is kept for display', () => {
    expect(refusedKeys(romashka, policy)).toEqual([
      { kind: 'email', raw: 'info@romashka.ru', reason: 'role_address' },
      { kind: 'email', raw: 'me@ourcompany.ru', reason: 'ignored_domain' },
      { kind: 'phone', raw: '12', reason: 'invalid_phone' },
      { kind: 'inn', raw: '0000000000', reason: 'placeholder' },
      { kind: 'other_tax_id', raw: 'OKPO 00032537', reason: 'not_a_linking_kind' },
    ]);
    expect(analyseKeys(romashka, policy).kpps).toEqual(['773601001']);
  });

  it('reads national phones and bare VAT numbers in the record’s own country', () => {
    const berlin = customer({
      externalId: '7',
      phones: ['030 1234567'],
      taxIds: [{ kind: 'vat', value: '136695976', country: 'DE' }],
      addresses: [{ city: 'Berlin', country: 'DE' }],
    });
    expect(linkingKeys(berlin, policy).filter((k) => k.kind !== 'erp_ref')).toEqual([
      { kind: 'phone', value: '+49301234567' },
      { kind: 'vat', value: 'DE136695976' },
    ]);
    // A contact without an address is read in its company's country.
    const contact = customer({ externalId: '8', kind: 'person', phones: ['0151 2345678'] });
    expect(linkingKeys(contact, policy, { country: 'DE' })).toContainEqual({
      kind: 'phone',
      value: '+491512345678',
    });
  });

  it('keeps tax ids as identities for the guards even when they are not matched on', () => {
    const emailOnly = keyPolicy({
      defaultRegion: 'RU',
      matchOn: ['email'],
      ignoreDomains: ['ourcompany.ru'],
    });
    const analysis = analyseKeys(romashka, emailOnly);
    expect(analysis.keys).toEqual([{ kind: 'email', value: 'petrov@romashka.ru' }]);
    expect(analysis.taxIdentities).toEqual([
      { class: 'inn', value: '7707083893' },
      { class: 'ogrn', value: '1027700132195' },
    ]);
    expect(analysis.refused).toContainEqual({ kind: 'inn', raw: '7707 083 893', reason: 'not_matched_on' });
  });

  it('takes a Russian INN kept in a generic VAT field as an INN', () => {
    const odooStyle = customer({
      externalId: '9',
      taxIds: [{ kind: 'vat', value: '7707083893', country: 'RU' }],
    });
    expect(linkingKeys(odooStyle, policy)).toContainEqual({ kind: 'inn', value: '7707083893' });
  });
});
