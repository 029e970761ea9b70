import { z } from 'zod';
import { Amount, CurrencyCode, ExternalId, Quantity, SourceId, StoredText, Timestamp } from './common';

/**
 * Order status across ERPs: draft and sent are quotations, confirmed is a sale in progress,
 * on_hold is paused, fulfilled is delivered (and billed), closed was ended by hand, cancelled never counts.
 */
export const OrderStatus = z.enum([
  'draft',
  'sent',
  'confirmed',
  'on_hold',
  'fulfilled',
  'closed',
  'cancelled',
]);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderLine = z.strictObject({
  lineNo: z.number().int().nonnegative(),
  productCode: StoredText.max(255).nullable().default(null),
  name: StoredText.trim().min(1).max(2000),
  quantity: Quantity,
  unitPrice: Quantity,
  /** The line's amount as the ERP computed it (after discounts, before or with tax as the ERP does). */
  amount: Amount,
});
export type OrderLine = z.infer<typeof OrderLine>;

/** A sales order with its lines, mapped from one ERP. */
export const Order = z.strictObject({
  sourceId: SourceId,
  externalId: ExternalId,
  number: StoredText.trim().min(1).max(255),
  /** The customer's external id in the same source. */
  customerExternalId: ExternalId,
  status: OrderStatus,
  /** The ERP's own status word, kept for display and for remapping. */
  erpStatus: StoredText.max(100),
  orderedAt: Timestamp,
  currency: CurrencyCode,
  netAmount: Amount,
  taxAmount: Amount,
  totalAmount: Amount,
  lines: z.array(OrderLine).max(10_000).default([]),
  recordStatus: z.enum(['active', 'archived', 'deleted']).default('active'),
  sourceModifiedAt: Timestamp.nullable().default(null),
});
export type Order = z.infer<typeof Order>;
export type OrderInput = z.input<typeof Order>;
