import { Customer, InvalidRecordError } from '@crm-bridge/core';
import { mapPartner } from './map-partner';

const context = { sourceId: 'odoo' };

const company = {
  id: 1533,
  name: 'ООО «Ромашка»',
  is_company: true,
  parent_id: false,
  type: 'contact',
  email: ' Info@Romashka.ru ',
  phone: '8 (495) 123-45-67',
  mobile: false,
  vat: '7707 083893/770701001',
  company_registry: '1027700132195',
  street: 'ул. Ленина, 1',
  street2: false,
  city: 'Москва',
  zip: '101000',
  state_id: false,
  country_id: [190, 'Russian Federation'],
  country_code: 'RU',
  ref: false,
  active: true,
  write_date: '2024-05-01 10:00:07',
};

describe('mapPartner', () => {
  it('maps a Russian company: INN/KPP split from vat, OGRN from company_registry, values as written', () => {
    const customer = Customer.parse(mapPartner(company, context));
    expect(customer).toMatchObject({
      externalId: '1533',
      kind: 'organization',
      displayName: 'ООО «Ромашка»',
      emails: ['Info@Romashka.ru'],
      phones: ['8 (495) 123-45-67'],
      organizationExternalId: null,
      status: 'active',
      sourceModifiedAt: '2024-05-01T10:00:07Z',
    });
    expect(customer.taxIds).toEqual([
      { kind: 'ru_inn', value: '7707 083893', country: 'RU' },
      { kind: 'ru_kpp', value: '770701001', country: 'RU' },
      { kind: 'ru_ogrn', value: '1027700132195', country: 'RU' },
    ]);
    expect(customer.addresses).toEqual([
      {
        kind: 'legal',
        line1: 'ул. Ленина, 1',
        line2: null,
        city: 'Москва',
        region: null,
        postalCode: '101000',
        country: 'RU',
        text: null,
      },
    ]);
  });

  it('maps an EU VAT number with the country of its prefix', () => {
    const customer = mapPartner(
      { ...company, vat: 'DE 123456788', company_registry: 'HRB 1234', country_code: 'DE' },
      context,
    );
    expect(customer.taxIds).toEqual([
      { kind: 'eu_vat', value: 'DE 123456788', country: 'DE' },
      { kind: 'other', value: 'HRB 1234', country: 'DE' },
    ]);
  });

  it('maps a contact person of a company without the tax ids it inherits, phone and mobile kept, archived', () => {
    const person = {
      ...company,
      id: 1534,
      name: 'Jane Roe',
      is_company: false,
      parent_id: [1533, 'Deco Addict'],
      phone: '+7 495 123-45-67',
      mobile: '+7 916 000-00-01',
      active: false,
    };
    const customer = Customer.parse(mapPartner(person, context));
    expect(customer).toMatchObject({
      kind: 'person',
      organizationExternalId: '1533',
      phones: ['+7 495 123-45-67', '+7 916 000-00-01'],
      taxIds: [],
      status: 'archived',
    });
    expect(customer.addresses[0]?.kind).toBe('other');
  });

  it('reads `false` for every empty value and leaves no empty address', () => {
    const bare = {
      id: 7,
      name: 'Bare',
      is_company: true,
      parent_id: false,
      email: false,
      phone: false,
      vat: false,
      street: false,
      city: false,
      zip: false,
      country_id: false,
      country_code: false,
      active: true,
      write_date: '2024-05-01 10:00:00',
    };
    expect(Customer.parse(mapPartner(bare, context))).toMatchObject({
      emails: [],
      phones: [],
      taxIds: [],
      addresses: [],
    });
  });

  it('refuses a partner without a name or with an unreadable write_date', () => {
    expect(() => mapPartner({ ...company, name: false }, context)).toThrow(InvalidRecordError);
    expect(() => mapPartner({ ...company, name: false }, context)).toThrow('res.partner 1533 has no name');
    expect(() => mapPartner({ ...company, write_date: '01/05/2024' }, context)).toThrow(/write_date/);
  });
});
