/** A customer order (Document_ЗаказКлиента, УТ 11) with its Товары inline, from the world's order. */
import { type DatasetRow, hash32, type WorldOrder } from '@crm-bridge/sync/testing';
import { ADDED_ITEM } from './onec-tables';
import { currencyId, productId } from './render-catalogs';
import { dataVersion, EMPTY_GUID, moscowDate } from './render-common';
import { type SandboxContext, SET } from './sandbox-context';

const STAGES: readonly WorldOrder['stage'][] = ['draft', 'confirmed', 'delivered'];
const round2 = (value: number) => Math.round(value * 100) / 100;

/** An edit moves an open order one step on (draft → confirmed → delivered), as its users would. */
function stageOf(order: WorldOrder, version: number): WorldOrder['stage'] {
  if (order.stage === 'cancelled' || order.stage === 'delivered') return order.stage;
  return STAGES[Math.min(STAGES.indexOf(order.stage) + version, STAGES.length - 1)]!;
}

export function renderOrder(row: DatasetRow, context: SandboxContext): Record<string, unknown> {
  const { company, item } = row.key;
  const orders = context.tables.ordersOf(company);
  const order = orders[item >= ADDED_ITEM ? (item - ADDED_ITEM) % Math.max(1, orders.length) : item]!;
  const stage = stageOf(order, row.version);
  const malformed = context.faults.isMalformed('orders', row.id);
  const ref = context.codecs.orders.encode(row.id);
  let total = 0;
  const lines = order.lines.map((line, index) => {
    const vat = round2(line.amount * order.taxRate);
    if (stage !== 'cancelled') total += line.amount + vat;
    const product = context.codecs.products.encode(productId(line.productCode));
    return {
      LineNumber: String(index + 1),
      // Malformed rows (even ids) carry a line whose product was never chosen.
      Номенклатура_Key: malformed && row.id % 2 === 0 && index === 0 ? EMPTY_GUID : product,
      Характеристика_Key: EMPTY_GUID,
      Количество: line.quantity,
      Цена: line.unitPrice,
      ПроцентРучнойСкидки: round2(line.discount * 100),
      Сумма: line.amount,
      СуммаНДС: vat,
      СуммаСНДС: round2(line.amount + vat),
      Отменено: stage === 'cancelled',
    };
  });
  const posted = stage !== 'draft' && !row.archived;
  const status =
    stage === 'draft' ? 'НеСогласован' : stage === 'confirmed' ? confirmedStatus(row.id) : 'Закрыт';
  const counterparty = context.codecs.counterparties.encode(context.tables.counterpartyIdOf(company));
  return {
    Ref_Key: ref,
    DataVersion: dataVersion(row.id, row.version),
    DeletionMark: row.archived,
    Number: `УТ-${String(row.id).padStart(6, '0')}`,
    Date: moscowDate(order.orderedAt),
    Posted: posted,
    Организация_Key: context.codecs.organizations.encode(1),
    // Malformed rows (odd ids) lost their counterparty.
    Контрагент_Key: malformed && row.id % 2 === 1 ? EMPTY_GUID : counterparty,
    'Контрагент@navigationLinkUrl': `${SET.orders}(guid'${ref}')/Контрагент`,
    Валюта_Key: context.codecs.currencies.encode(currencyId(order.currency)),
    'Валюта@navigationLinkUrl': `${SET.orders}(guid'${ref}')/Валюта`,
    СуммаДокумента: round2(total),
    ЦенаВключаетНДС: false,
    Статус: status,
    Комментарий: row.version > 0 ? `Изменён ${row.version} раз` : '',
    Товары: lines,
  };
}

function confirmedStatus(id: number): string {
  return hash32(0x5a7, id, 2) % 2 === 0 ? 'КОбеспечению' : 'КОтгрузке';
}
