/** УТ 11 order state (Posted, Статус, cancelled lines) → canonical order status (5.4, 5.6). */
import type { OrderStatus } from '@crm-bridge/core';

/** Статус members of Document_ЗаказКлиента (УТ 11 / ERP / КА 2) and Document_ЗаказПокупателя (УНФ). */
const BY_STATUS: Record<string, OrderStatus> = {
  НеСогласован: 'sent',
  Согласован: 'confirmed',
  КОбеспечению: 'confirmed',
  КОтгрузке: 'confirmed',
  КОплате: 'confirmed',
  ВРаботе: 'confirmed',
  Выполнен: 'fulfilled',
  Закрыт: 'fulfilled',
  Отменен: 'cancelled',
};

export interface OrderState {
  posted: boolean;
  status: string;
  /** Every line is marked Отменено (an order closed without shipping anything). */
  allLinesCancelled: boolean;
}

/** Unposted documents are drafts whatever their Статус says; a closed order whose lines were all cancelled is cancelled. */
export function orderStatus(state: OrderState): OrderStatus {
  if (!state.posted) return 'draft';
  if (state.allLinesCancelled) return 'cancelled';
  return BY_STATUS[state.status] ?? 'confirmed';
}
