/** Document_ЗаказКлиента (tabular section Товары inline) → canonical Order. */
import { InvalidRecordError, type OrderInput, type OrderLine } from '@crm-bridge/core';
import type { MapContext } from '@crm-bridge/sync';
import { currencyCode } from './currency-code';
import { EXPANDED_CURRENCY, EXPANDED_PRODUCT, ORDER, ORDER_LINE, pick } from './field-map';
import { requireKey } from './map-counterparty';
import type { CatalogRow, OneCRecord } from './onec-session';
import { decimal, localDateToUtc, refKey, text } from './onec-values';
import { orderStatus } from './order-status';

/** Maps one order; throws InvalidRecordError naming the first thing that makes it unusable. */
export function mapOrder(raw: OneCRecord, context: MapContext): OrderInput {
  const externalId = requireKey(raw);
  const invalid = (why: string) => new InvalidRecordError(`Order ${externalId}: ${why}`);
  const number = text(raw[ORDER.number]);
  if (number === null) throw invalid('Number is empty');
  const customerExternalId = refKey(raw[ORDER.counterparty]);
  if (customerExternalId === null) throw invalid(`${ORDER.counterparty} is empty`);
  const orderedAt = localDateToUtc(raw[ORDER.date], context.timeZone);
  if (orderedAt === null || orderedAt === undefined)
    throw invalid(`Date "${String(raw[ORDER.date])}" is no date`);
  const currency = currencyCode(raw[EXPANDED_CURRENCY] as CatalogRow | undefined);
  if (currency === null) {
    throw invalid(
      `currency ${String(pick(raw, ORDER.currency))} is not in Catalog_Валюты or has no ISO code`,
    );
  }
  const total = decimal(raw[ORDER.total]);
  if (total === null) throw invalid(`${ORDER.total} "${String(raw[ORDER.total])}" is not a number`);
  const rows = pick(raw, ORDER.lines);
  const lineRows = Array.isArray(rows) ? (rows as OneCRecord[]) : [];
  const lines = lineRows.map((row, index) => mapLine(row, index, invalid));
  const tax = round2(lineRows.reduce((sum, row) => sum + (decimal(row[ORDER_LINE.vat]) ?? 0), 0));
  const status = text(raw[ORDER.status]) ?? '';
  return {
    sourceId: context.sourceId,
    externalId,
    number,
    customerExternalId,
    status: orderStatus({
      posted: raw[ORDER.posted] === true,
      status,
      allLinesCancelled: lineRows.length > 0 && lineRows.every((row) => row[ORDER_LINE.cancelled] === true),
    }),
    erpStatus: raw[ORDER.posted] === true ? status : `${status || 'Статус не указан'} (не проведен)`,
    orderedAt,
    currency,
    // СуммаДокумента includes VAT in УТ 11 whether prices do or not.
    netAmount: round2(total - tax),
    taxAmount: tax,
    totalAmount: total,
    lines,
    recordStatus: raw.DeletionMark === true ? 'archived' : 'active',
    sourceModifiedAt: null,
  };
}

function mapLine(row: OneCRecord, index: number, invalid: (why: string) => Error): OrderLine {
  const lineNo = decimal(row.LineNumber) ?? index + 1;
  const where = `Товары line ${lineNo}`;
  if (refKey(row[ORDER_LINE.product]) === null) throw invalid(`${where}: ${ORDER_LINE.product} is empty`);
  const product = row[EXPANDED_PRODUCT] as CatalogRow | undefined;
  const name = text(product?.Description);
  if (name === null)
    throw invalid(`${where}: product ${String(row[ORDER_LINE.product])} is not in Catalog_Номенклатура`);
  const quantity = decimal(row[ORDER_LINE.quantity]);
  const unitPrice = decimal(row[ORDER_LINE.price]);
  const amount = decimal(row[ORDER_LINE.amount]);
  if (quantity === null || unitPrice === null || amount === null) {
    throw invalid(`${where}: Количество, Цена and Сумма must be numbers`);
  }
  return {
    lineNo,
    productCode: text(product?.Артикул) ?? text(product?.Code),
    name,
    quantity,
    unitPrice,
    amount,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
