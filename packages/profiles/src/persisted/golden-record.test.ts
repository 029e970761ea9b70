import type { CustomerInput } from '@crm-bridge/core';
import { customer } from '../keys/customer-fixture.test-support';
import { keyPolicy } from '../keys/key-policy';
import { analyseKeys } from '../keys/linking-keys';
import { type GoldenInput, goldenRecord, trustOrder } from './golden-record';

const policy = keyPolicy({ defaultRegion: 'RU' });
const PRIORITY: Record<string, number> = { odoo: 200, erpnext: 100, onec: 50 };

/** One record as the golden record weighs it: priority from its source, stored at `updatedAt`. */
function input(
  fields: Partial<CustomerInput> & { externalId: string },
  updatedAt = '2026-01-01T00:00:00.000Z',
): GoldenInput {
  const c = customer(fields);
  return { customer: c, analysis: analyseKeys(c, policy), priority: PRIORITY[c.sourceId]!, updatedAt };
}

const refs = (inputs: readonly GoldenInput[]) =>
  inputs.map((i) => `${i.customer.sourceId}/${i.customer.externalId}`);

describe('the golden record', () => {
  it('takes each field from the highest-priority source that has it', () => {
    const golden = goldenRecord([
      input({
        sourceId: 'onec',
        externalId: 'guid-1',
        displayName: 'Ромашка (1С)',
        legalName: 'ООО «Ромашка» по 1С',
        addresses: [{ kind: 'legal', city: 'Тверь' }],
      }),
      input({
        sourceId: 'erpnext',
        externalId: 'CUST-1',
        displayName: 'Romashka LLC',
        legalName: 'Общество с ограниченной ответственностью «Ромашка»',
      }),
      input({ sourceId: 'odoo', externalId: '1', displayName: 'ООО Ромашка' }),
    ]);
    expect(golden).toMatchObject({
      kind: 'organization',
      displayName: 'ООО Ромашка',
      legalName: 'Общество с ограниченной ответственностью «Ромашка»',
      address: { kind: 'legal', city: 'Тверь' },
      sourceCount: 3,
    });
  });

  it('takes the address of the most trusted record that has one, its legal address before the others', () => {
    const golden = goldenRecord([
      input({
        sourceId: 'odoo',
        externalId: '1',
        addresses: [
          { kind: 'shipping', city: 'Химки' },
          { kind: 'legal', city: 'Москва' },
        ],
      }),
      input({ sourceId: 'erpnext', externalId: 'CUST-1', addresses: [{ kind: 'legal', city: 'Казань' }] }),
    ]);
    expect(golden.address).toMatchObject({ kind: 'legal', city: 'Москва' });
    const shippingOnly = goldenRecord([
      input({ sourceId: 'odoo', externalId: '1', addresses: [{ kind: 'shipping', city: 'Химки' }] }),
      input({ sourceId: 'erpnext', externalId: 'CUST-1', addresses: [{ kind: 'legal', city: 'Казань' }] }),
    ]);
    expect(shippingOnly.address).toMatchObject({ kind: 'shipping', city: 'Химки' });
  });

  it('breaks a tie in priority by the most recent ERP change, not by the order records come in', () => {
    const older = input({
      sourceId: 'odoo',
      externalId: '1',
      displayName: 'Old name',
      sourceModifiedAt: '2025-03-01T00:00:00Z',
    });
    const newer = input({
      sourceId: 'odoo',
      externalId: '2',
      displayName: 'New name',
      sourceModifiedAt: '2025-09-01T00:00:00Z',
    });
    expect(goldenRecord([older, newer]).displayName).toBe('New name');
    expect(goldenRecord([newer, older]).displayName).toBe('New name');
    // Priority comes before recency: a newer record of a less trusted source does not win.
    const lessTrusted = input({
      sourceId: 'erpnext',
      externalId: 'CUST-1',
      displayName: 'Newest but less trusted',
      sourceModifiedAt: '2026-01-01T00:00:00Z',
    });
    expect(goldenRecord([lessTrusted, older]).displayName).toBe('Old name');
  });

  it('compares change times as instants, whatever offset the ERP wrote them with', () => {
    // 12:00 in Moscow is 09:00 UTC: earlier than 10:00 UTC although its text sorts later.
    const moscow = input({
      sourceId: 'odoo',
      externalId: '1',
      displayName: 'Changed at 09:00 UTC',
      sourceModifiedAt: '2025-06-01T12:00:00+03:00',
    });
    const utc = input({
      sourceId: 'odoo',
      externalId: '2',
      displayName: 'Changed at 10:00 UTC',
      sourceModifiedAt: '2025-06-01T10:00:00Z',
    });
    expect(goldenRecord([moscow, utc]).displayName).toBe('Changed at 10:00 UTC');
  });

  it('falls back on when the store wrote a record when the ERP keeps no timestamp', () => {
    const early = input(
      { sourceId: 'onec', externalId: 'a', displayName: 'Written first' },
      '2025-01-01T00:00:00Z',
    );
    const late = input(
      { sourceId: 'onec', externalId: 'b', displayName: 'Written last' },
      '2025-06-01T00:00:00Z',
    );
    expect(goldenRecord([early, late]).displayName).toBe('Written last');
    // The ERP's own timestamp is used over the store's when the record has one.
    const stamped = input(
      {
        sourceId: 'onec',
        externalId: 'c',
        displayName: 'Changed in the ERP last',
        sourceModifiedAt: '2025-08-01T00:00:00Z',
      },
      '2024-01-01T00:00:00Z',
    );
    expect(goldenRecord([early, late, stamped]).displayName).toBe('Changed in the ERP last');
  });

  it('orders full ties by source and external id, so any read order gives the same record', () => {
    const records = [
      input({ sourceId: 'odoo', externalId: 'b', displayName: 'B' }),
      input({ sourceId: 'odoo', externalId: 'a', displayName: 'A' }),
      input({ sourceId: 'onec', externalId: 'z', displayName: 'Z' }),
      input({ sourceId: 'erpnext', externalId: 'y', displayName: 'Y' }),
    ];
    expect(refs(trustOrder(records))).toEqual(['odoo/a', 'odoo/b', 'erpnext/y', 'onec/z']);
    expect(refs(trustOrder([...records].reverse()))).toEqual(['odoo/a', 'odoo/b', 'erpnext/y', 'onec/z']);
    expect(goldenRecord([...records].reverse()).displayName).toBe('A');
    // trustOrder leaves its input alone.
    expect(refs(records)).toEqual(['odoo/b', 'odoo/a', 'onec/z', 'erpnext/y']);
  });

  it('lets a deleted record name nothing while a live one is left, and everything when none is', () => {
    const deleted = input({
      sourceId: 'odoo',
      externalId: '1',
      displayName: 'Deleted in Odoo',
      legalName: 'ООО «Удалённая»',
      emails: ['old@romashka.ru'],
      taxIds: [{ kind: 'ru_inn', value: '7736207543' }],
      status: 'deleted',
    });
    const archived = input({
      sourceId: 'onec',
      externalId: 'guid-1',
      kind: 'person',
      displayName: 'Archived in 1C',
      status: 'archived',
    });
    const golden = goldenRecord([deleted, archived]);
    expect(golden).toMatchObject({
      kind: 'person',
      displayName: 'Archived in 1C',
      legalName: null,
      primaryEmail: null,
      taxIds: [],
      sourceCount: 2,
    });
    const gone = goldenRecord([
      deleted,
      input({ sourceId: 'erpnext', externalId: 'CUST-1', displayName: 'Also deleted', status: 'deleted' }),
    ]);
    expect(gone).toMatchObject({
      displayName: 'Deleted in Odoo',
      legalName: 'ООО «Удалённая»',
      primaryEmail: 'old@romashka.ru',
      taxIds: [{ kind: 'inn', value: '7736207543' }],
    });
  });

  it('prefers a linking e-mail and phone, normalised, over a role address or an invalid number of a more trusted record', () => {
    const golden = goldenRecord([
      input({ sourceId: 'odoo', externalId: '1', emails: ['info@romashka.ru'], phones: ['12'] }),
      input({
        sourceId: 'erpnext',
        externalId: 'CUST-1',
        emails: ['  Ivan.Petrov@Romashka.RU'],
        phones: ['8 (495) 123-45-67'],
      }),
    ]);
    expect(golden.primaryEmail).toBe('ivan.petrov@romashka.ru');
    expect(golden.primaryPhone).toBe('+74951234567');
  });

  it('keeps the first written e-mail and phone of the most trusted record when none links', () => {
    const golden = goldenRecord([
      input({ sourceId: 'erpnext', externalId: 'CUST-1', emails: ['sales@romashka.ru'], phones: ['000'] }),
      input({
        sourceId: 'odoo',
        externalId: '1',
        emails: ['Info@Romashka.ru', 'office@romashka.ru'],
        phones: ['12', '34'],
      }),
    ]);
    expect(golden.primaryEmail).toBe('Info@Romashka.ru');
    expect(golden.primaryPhone).toBe('12');
  });

  it('unites the valid tax ids of every record, each once, leaving out KPPs and failed checksums', () => {
    const golden = goldenRecord([
      input({
        sourceId: 'odoo',
        externalId: '1',
        taxIds: [
          { kind: 'ru_inn', value: '7707 083 893' },
          { kind: 'ru_kpp', value: '773601001' },
        ],
      }),
      input({
        sourceId: 'erpnext',
        externalId: 'CUST-1',
        taxIds: [
          { kind: 'ru_inn', value: '7707083893' },
          { kind: 'ru_ogrn', value: '1027700132195' },
          { kind: 'ru_inn', value: '7707083894' },
        ],
      }),
      input({
        sourceId: 'onec',
        externalId: 'guid-1',
        taxIds: [{ kind: 'eu_vat', value: 'DE136695976' }],
      }),
    ]);
    expect(golden.taxIds).toEqual([
      { kind: 'inn', value: '7707083893' },
      { kind: 'ogrn', value: '1027700132195' },
      { kind: 'vat', value: 'DE136695976' },
    ]);
  });

  it('refuses a profile without records', () => {
    expect(() => goldenRecord([])).toThrow(RangeError);
  });
});
