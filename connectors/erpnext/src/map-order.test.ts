import { Order } from '@crm-bridge/core';
import { mapOrder, orderStatus } from './map-order';

const context = { sourceId: 'erpnext', timeZone: 'Europe/Moscow' };
const order = {
  name: 'SAL-ORD-2024-00012',
  customer: 'CUST-2024-00017',
  transaction_date: '2024-05-02',
  status: 'To Deliver and Bill',
  docstatus: 1,
  currency: 'RUB',
  net_total: 1000,
  total_taxes_and_charges: 200,
  grand_total: 1200,
  modified: '2024-05-02 14:03:11.123456',
};
const items = [
  { parent: order.name, idx: 2, item_code: 'B', item_name: 'Болт', qty: 10, rate: 50, amount: 500 },
  { parent: order.name, idx: 1, item_code: 'A', item_name: 'Анкер', qty: 5, rate: 100, amount: 500 },
];

describe('mapOrder', () => {
  it('maps header and items (in idx order), the date as site-local midnight, totals as numbers', () => {
    const mapped = Order.parse(mapOrder({ order, items }, context));
    expect(mapped).toMatchObject({
      externalId: 'SAL-ORD-2024-00012',
      number: 'SAL-ORD-2024-00012',
      customerExternalId: 'CUST-2024-00017',
      status: 'confirmed',
      erpStatus: 'To Deliver and Bill',
      orderedAt: '2024-05-01T21:00:00.000000Z',
      currency: 'RUB',
      netAmount: 1000,
      taxAmount: 200,
      totalAmount: 1200,
      recordStatus: 'active',
      sourceModifiedAt: '2024-05-02T11:03:11.123456Z',
    });
    expect(mapped.lines.map((line) => [line.lineNo, line.productCode, line.name, line.amount])).toEqual([
      [1, 'A', 'Анкер', 500],
      [2, 'B', 'Болт', 500],
    ]);
  });

  it('reads status together with docstatus', () => {
    expect(orderStatus('Draft', 0)).toBe('draft');
    expect(orderStatus('To Bill', 0)).toBe('draft');
    expect(orderStatus('On Hold', 1)).toBe('on_hold');
    expect(orderStatus('To Deliver', 1)).toBe('confirmed');
    expect(orderStatus('To Bill', 1)).toBe('confirmed');
    expect(orderStatus('Completed', 1)).toBe('fulfilled');
    expect(orderStatus('Closed', 1)).toBe('closed');
    expect(orderStatus(null, 1)).toBe('confirmed');
    expect(orderStatus('Cancelled', 2)).toBe('cancelled');
    expect(orderStatus('Teleported', 1)).toBeNull();
  });

  it('keeps a cancelled order as archived and a Closed one as live', () => {
    expect(
      mapOrder({ order: { ...order, status: 'Cancelled', docstatus: 2 }, items }, context),
    ).toMatchObject({
      status: 'cancelled',
      recordStatus: 'archived',
    });
    expect(mapOrder({ order: { ...order, status: 'Closed' }, items }, context)).toMatchObject({
      status: 'closed',
      recordStatus: 'active',
    });
  });

  it('refuses a missing grand_total, a bad currency and an unknown status', () => {
    expect(() => mapOrder({ order: { ...order, grand_total: null }, items }, context)).toThrow(
      /grand_total is not a number/,
    );
    expect(() => mapOrder({ order: { ...order, currency: 'rubles' }, items }, context)).toThrow(/currency/);
    expect(() => mapOrder({ order: { ...order, status: 'Teleported' }, items }, context)).toThrow(
      /unknown status/,
    );
  });
});
