import { Customer } from '@crm-bridge/core';
import { mapContact } from './map-contact';

const context = { sourceId: 'erpnext', timeZone: 'Europe/Moscow' };
const contact = {
  name: 'Иван Петров-CUST-2024-00017',
  first_name: 'Иван',
  middle_name: null,
  last_name: 'Петров',
  full_name: 'Иван Петров',
  email_id: 'i.petrov@romashka.ru',
  mobile_no: '+7 916 000-00-01',
  phone: null,
  modified: '2024-05-01 10:00:00',
};

describe('mapContact', () => {
  it('maps a contact to a person of its Customer, e-mails and phones from the child tables (primary first)', () => {
    const mapped = Customer.parse(
      mapContact(
        {
          contact,
          links: [
            { idx: 2, link_doctype: 'Customer', link_name: 'CUST-2024-00099' },
            { idx: 1, link_doctype: 'Customer', link_name: 'CUST-2024-00017' },
          ],
          emails: [
            { idx: 1, email_id: 'ivan@home.example', is_primary: 0 },
            { idx: 2, email_id: 'I.Petrov@romashka.ru ', is_primary: 1 },
          ],
          phones: [{ idx: 1, phone: '+7 916 000-00-01', is_primary_mobile_no: 1 }],
        },
        context,
      ),
    );
    expect(mapped).toMatchObject({
      externalId: 'Иван Петров-CUST-2024-00017',
      kind: 'person',
      displayName: 'Иван Петров',
      organizationExternalId: 'CUST-2024-00017',
      emails: ['I.Petrov@romashka.ru', 'ivan@home.example', 'i.petrov@romashka.ru'],
      phones: ['+7 916 000-00-01'],
      status: 'active',
      sourceModifiedAt: '2024-05-01T07:00:00.000000Z',
    });
  });

  it('falls back to full_name and to the header fields when the child tables are empty', () => {
    const mapped = mapContact(
      { contact: { ...contact, first_name: null, last_name: null }, links: [], emails: [], phones: [] },
      context,
    );
    expect(mapped).toMatchObject({
      displayName: 'Иван Петров',
      emails: ['i.petrov@romashka.ru'],
      phones: ['+7 916 000-00-01'],
      organizationExternalId: null,
    });
  });

  it('refuses a contact without any name', () => {
    expect(() =>
      mapContact(
        {
          contact: { ...contact, first_name: null, last_name: null, full_name: null },
          links: [],
          emails: [],
          phones: [],
        },
        context,
      ),
    ).toThrow(/first_name, last_name and full_name are empty/);
  });
});
