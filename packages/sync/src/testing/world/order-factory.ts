import { draws, saltOf } from './prng';
import { PRODUCTS, priceIn } from './products';
import type { ErpKind, WorldCompany, WorldOrder, WorldOrderLine } from './world-types';

// Module-level copies: global lookups are slow under jest's vm context.
const round = Math.round;
const floor = Math.floor;
const DAY_MS = 86_400_000;
const SPAN_MS = 3 * 365 * DAY_MS;
const ORDER_SALT: Record<ErpKind, number> = {
  odoo: saltOf('orders:odoo'),
  erpnext: saltOf('orders:erpnext'),
  onec: saltOf('orders:onec'),
};

const TAX_RATES: Record<string, number> = { RU: 0.2, DE: 0.19, AT: 0.2, NL: 0.21 };

function round2(value: number): number {
  return round(value * 100) / 100;
}

/** The company's orders in one ERP, oldest first: 0–6 orders of 1–5 lines over the three years before nowMs. */
export function buildOrders(seed: number, company: WorldCompany, erp: ErpKind, nowMs: number): WorldOrder[] {
  const d = draws(seed, company.index, ORDER_SALT[erp]);
  const count = d.int(0, 6);
  const taxRate = TAX_RATES[company.country] ?? 0.2;
  const dates: number[] = [];
  // Whole minutes: orders are entered by people, and equal minutes across companies are fine.
  for (let i = 0; i < count; i++) dates.push(nowMs - floor((d.unit() * SPAN_MS) / 60_000) * 60_000 - 60_000);
  dates.sort((a, b) => a - b);
  const orders: WorldOrder[] = [];
  for (let i = 0; i < count; i++) {
    const orderedAt = dates[i]!;
    const recent = nowMs - orderedAt < 14 * DAY_MS;
    const stage = recent
      ? d.weighted([
          ['draft', 35],
          ['confirmed', 45],
          ['delivered', 15],
          ['cancelled', 5],
        ] as const)
      : d.weighted([
          ['delivered', 82],
          ['cancelled', 10],
          ['confirmed', 4],
          ['draft', 4],
        ] as const);
    const lineCount = d.int(1, 5);
    const first = d.int(0, PRODUCTS.length - 1);
    const stride = d.pick([1, 5, 7, 11]); // coprime to the catalog size: no product twice
    const lines: WorldOrderLine[] = [];
    let net = 0;
    for (let l = 0; l < lineCount; l++) {
      // A stride walk over the catalog gives distinct products within one order.
      const product = PRODUCTS[(first + l * stride) % PRODUCTS.length]!;
      const quantity = product.uom === 'кг' || product.uom === 'м' ? d.int(1, 400) / 2 : d.int(1, 20);
      const unitPrice = priceIn(product, company.currency);
      const discount = d.weighted([
        [0, 80],
        [0.05, 10],
        [0.1, 7],
        [0.15, 3],
      ] as const);
      const amount = round2(quantity * unitPrice * (1 - discount));
      net += amount;
      lines.push({
        productCode: product.code,
        productName: company.country === 'RU' ? product.nameRu : product.nameDe,
        quantity,
        unitPrice,
        discount,
        amount,
      });
    }
    net = round2(net);
    const tax = round2(net * taxRate);
    orders.push({
      index: i,
      orderedAt,
      currency: company.currency,
      lines,
      net,
      taxRate,
      tax,
      total: round2(net + tax),
      stage,
    });
  }
  return orders;
}
