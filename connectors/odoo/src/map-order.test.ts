import { InvalidRecordError, Order } from '@crm-bridge/core';
import { mapOrder } from './map-order';

const context = { sourceId: 'odoo' };

const order = {
  id: 88,
  name: 'S00088',
  partner_id: [1533, 'Deco Addict'],
  date_order: '2024-05-02 08:15:00',
  state: 'sale',
  locked: false,
  currency_id: [1, 'EUR'],
  amount_untaxed: 1000.0,
  amount_tax: 210.0,
  amount_total: 1210.0,
  invoice_status: 'to invoice',
  order_line: [300, 301, 302],
  write_date: '2024-05-02 08:16:12',
};
const lines = [
  { id: 300, order_id: [88, 'S00088'], display_type: 'line_section', product_id: false, name: 'Furniture' },
  {
    id: 301,
    order_id: [88, 'S00088'],
    display_type: false,
    product_id: [17, '[FURN_8888] Office Lamp'],
    name: '[FURN_8888] Office Lamp',
    product_uom_qty: 4.0,
    price_unit: 250.0,
    discount: 0.0,
    price_subtotal: 1000.0,
    price_total: 1210.0,
  },
  {
    id: 302,
    order_id: [88, 'S00088'],
    display_type: 'line_note',
    product_id: false,
    name: 'Deliver before noon',
    product_uom_qty: 0,
    price_unit: 0,
    price_subtotal: 0,
  },
];

describe('mapOrder', () => {
  it('maps a confirmed order with its product lines, sections and notes skipped', () => {
    const mapped = Order.parse(mapOrder({ order, lines }, context));
    expect(mapped).toMatchObject({
      externalId: '88',
      number: 'S00088',
      customerExternalId: '1533',
      status: 'confirmed',
      erpStatus: 'sale',
      orderedAt: '2024-05-02T08:15:00Z',
      currency: 'EUR',
      netAmount: 1000,
      taxAmount: 210,
      totalAmount: 1210,
      recordStatus: 'active',
      sourceModifiedAt: '2024-05-02T08:16:12Z',
    });
    expect(mapped.lines).toEqual([
      {
        lineNo: 1,
        productCode: 'FURN_8888',
        name: '[FURN_8888] Office Lamp',
        quantity: 4,
        unitPrice: 250,
        amount: 1000,
      },
    ]);
  });

  it.each([
    ['draft', false, 'no', 'draft', 'draft'],
    ['sent', false, 'no', 'sent', 'sent'],
    ['sale', false, 'to invoice', 'confirmed', 'sale'],
    ['sale', true, 'to invoice', 'fulfilled', 'sale (locked)'],
    ['sale', false, 'invoiced', 'fulfilled', 'sale'],
    ['done', false, 'invoiced', 'fulfilled', 'done'],
    ['cancel', false, 'no', 'cancelled', 'cancel'],
  ])(
    'maps state %s (locked %s, invoice_status %s) to %s',
    (state, locked, invoiceStatus, status, erpStatus) => {
      const mapped = mapOrder(
        { order: { ...order, state, locked, invoice_status: invoiceStatus }, lines: [] },
        context,
      );
      expect({ status: mapped.status, erpStatus: mapped.erpStatus }).toEqual({ status, erpStatus });
    },
  );

  it('refuses an order without a currency, a partner or a known state, naming the order', () => {
    expect(() => mapOrder({ order: { ...order, currency_id: false }, lines }, context)).toThrow(
      new InvalidRecordError('sale.order 88 has no currency_id'),
    );
    expect(() => mapOrder({ order: { ...order, partner_id: false }, lines }, context)).toThrow(
      'has no partner_id',
    );
    expect(() => mapOrder({ order: { ...order, state: 'weird' }, lines }, context)).toThrow('unknown state');
  });
});
