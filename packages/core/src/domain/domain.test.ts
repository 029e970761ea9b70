import { Customer, Order, roleAllows } from './index';

const customer = {
  sourceId: 'odoo',
  externalId: '42',
  kind: 'organization',
  displayName: 'ООО «Ромашка»',
  taxIds: [{ kind: 'ru_inn', value: '7707083893', country: 'RU' }],
};

describe('canonical customer', () => {
  it('fills defaults so every mapped record has the same shape', () => {
    const parsed = Customer.parse(customer);
    expect(parsed).toMatchObject({
      emails: [],
      phones: [],
      status: 'active',
      legalName: null,
      sourceModifiedAt: null,
    });
    expect(parsed.taxIds[0]).toEqual({ kind: 'ru_inn', value: '7707083893', country: 'RU' });
  });

  it('rejects unknown fields, blank names and timestamps without an offset, naming the field', () => {
    const result = Customer.safeParse({
      ...customer,
      displayName: ' ',
      sourceModifiedAt: '2026-01-01 10:00:00',
      vat: 'x',
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.') || issue.code);
    expect(paths).toEqual(expect.arrayContaining(['displayName', 'sourceModifiedAt', 'unrecognized_keys']));
  });
});

describe('canonical order', () => {
  const order = {
    sourceId: 'erpnext',
    externalId: 'SAL-ORD-2026-00001',
    number: 'SAL-ORD-2026-00001',
    customerExternalId: 'CUST-0001',
    status: 'confirmed',
    erpStatus: 'To Deliver and Bill',
    orderedAt: '2026-02-03T00:00:00+03:00',
    currency: 'RUB',
    netAmount: 1000,
    taxAmount: 200,
    totalAmount: 1200,
    lines: [{ lineNo: 1, name: 'Widget', quantity: 2, unitPrice: 500, amount: 1000 }],
  };

  it('accepts an order with lines and defaults the product code', () => {
    expect(Order.parse(order).lines[0]!.productCode).toBeNull();
  });

  it('rejects a lower-case currency, a NaN amount and an unknown status', () => {
    const result = Order.safeParse({ ...order, currency: 'rub', totalAmount: Number.NaN, status: 'sale' });
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'currency',
      'status',
      'totalAmount',
    ]);
  });
});

describe('roles', () => {
  it('ranks admin over manager over agent over viewer', () => {
    expect(roleAllows('admin', 'manager')).toBe(true);
    expect(roleAllows('agent', 'agent')).toBe(true);
    expect(roleAllows('agent', 'manager')).toBe(false);
    expect(roleAllows('viewer', 'agent')).toBe(false);
  });
});

describe('what the store can hold', () => {
  it('rejects a NUL character and amounts past the numeric columns, so the record is quarantined, not the page', () => {
    expect(Customer.safeParse({ ...customer, displayName: 'Ромашка\u0000' }).success).toBe(false);
    const order = {
      sourceId: 'odoo',
      externalId: '1',
      number: 'S1',
      customerExternalId: '42',
      status: 'draft',
      erpStatus: 'draft',
      orderedAt: '2026-01-01T00:00:00Z',
      currency: 'EUR',
      netAmount: 1,
      taxAmount: 0,
      totalAmount: 1,
    };
    expect(Order.safeParse(order).success).toBe(true);
    expect(Order.safeParse({ ...order, totalAmount: 1e16 }).success).toBe(false);
    expect(
      Order.safeParse({
        ...order,
        lines: [{ lineNo: 1, name: 'x', quantity: 1e14, unitPrice: 1, amount: 1 }],
      }).success,
    ).toBe(false);
  });
});
