import { Customer, InvalidRecordError } from '@crm-bridge/core';
import { mapCustomer } from './map-customer';

const context = { sourceId: 'erpnext', timeZone: 'Europe/Moscow' };

const customer = {
  name: 'CUST-2024-00017',
  customer_name: 'ООО «Ромашка»',
  customer_type: 'Company',
  tax_id: '7707 083 893',
  email_id: ' Info@Romashka.ru ',
  mobile_no: '8 (495) 123-45-67',
  disabled: 0,
  modified: '2024-05-01 10:04:12.593120',
};

const address = {
  name: 'CUST-2024-00017-Billing',
  address_type: 'Billing',
  address_line1: 'ул. Ленина, д. 1',
  address_line2: null,
  city: 'Москва',
  state: null,
  pincode: '101000',
  country: 'Russia',
  email_id: null,
  phone: '+7 495 123-45-67',
  is_primary_address: 1,
  disabled: 0,
  modified: '2024-05-02 09:00:00',
  link_name: 'CUST-2024-00017',
};

describe('mapCustomer', () => {
  it('maps a Company with its address, INN, phones and e-mail as written, modified in UTC', () => {
    const mapped = Customer.parse(mapCustomer({ customer, addresses: [address] }, context));
    expect(mapped).toMatchObject({
      externalId: 'CUST-2024-00017',
      kind: 'organization',
      displayName: 'ООО «Ромашка»',
      emails: ['Info@Romashka.ru'],
      phones: ['8 (495) 123-45-67', '+7 495 123-45-67'],
      taxIds: [{ kind: 'ru_inn', value: '7707 083 893', country: 'RU' }],
      status: 'active',
      // The address changed after the customer row: the record as stored changed then.
      sourceModifiedAt: '2024-05-02T06:00:00.000000Z',
    });
    expect(mapped.addresses).toEqual([
      {
        kind: 'billing',
        line1: 'ул. Ленина, д. 1',
        line2: null,
        city: 'Москва',
        region: null,
        postalCode: '101000',
        country: 'RU',
        text: null,
      },
    ]);
  });

  it('maps an Individual to a person, disabled=1 to archived, an EU VAT id with its country', () => {
    const mapped = mapCustomer(
      {
        customer: { ...customer, customer_type: 'Individual', disabled: 1, tax_id: 'DE 811 569 869' },
        addresses: [{ ...address, country: 'Germany' }],
      },
      context,
    );
    expect(mapped).toMatchObject({ kind: 'person', status: 'archived' });
    expect(mapped.taxIds).toEqual([{ kind: 'eu_vat', value: 'DE 811 569 869', country: 'DE' }]);
  });

  it('skips disabled addresses and keeps an unknown country name as text', () => {
    const mapped = mapCustomer(
      {
        customer,
        addresses: [
          { ...address, name: 'a', disabled: 1 },
          { ...address, name: 'b', country: 'Atlantis' },
        ],
      },
      context,
    );
    expect(mapped.addresses).toEqual([expect.objectContaining({ country: null, text: 'Atlantis' })]);
  });

  it('marks a tombstone deleted at the deletion time', () => {
    const mapped = mapCustomer({ customer, addresses: [] }, context, {
      modifiedAt: '2026-06-01T00:00:00.000000Z',
    });
    expect(mapped).toMatchObject({ status: 'deleted', sourceModifiedAt: '2026-06-01T00:00:00.000000Z' });
  });

  it('refuses an empty customer_name, an unknown customer_type and a garbage modified', () => {
    expect(() =>
      mapCustomer({ customer: { ...customer, customer_name: null }, addresses: [] }, context),
    ).toThrow(new InvalidRecordError('Customer CUST-2024-00017: customer_name is empty'));
    expect(() =>
      mapCustomer({ customer: { ...customer, customer_type: 'Alien' }, addresses: [] }, context),
    ).toThrow(/unknown customer_type "Alien"/);
    expect(() =>
      mapCustomer({ customer: { ...customer, modified: '0000-00-00 00:00:00' }, addresses: [] }, context),
    ).toThrow(/modified is not a date-time/);
  });
});
