import type { CustomerOrder } from '@crm-bridge/profiles';
import { encodeAction } from '../actions/action-codec';
import type { ChatContext } from '../chat-context';
import type { ChatView } from '../chat-contract';
import { sourceName } from './erp-links';
import { formatDay, formatMoney } from './format';
import { pagingRow } from './paging-buttons';

/** A page of a customer's orders: date, ERP, number, status and total; Prev / Next and back to the card. */
export function ordersView(
  ctx: Pick<ChatContext, 't' | 'zone' | 'lang' | 'settings'>,
  customer: { profileId: string; name: string },
  result: { items: CustomerOrder[]; hasNext: boolean; page: number },
): ChatView {
  const title = ctx.t('orders.title', { name: customer.name });
  const paging = pagingRow(ctx, result.page, result.hasNext, (p) =>
    encodeAction('orders', customer.profileId, p),
  );
  return {
    summary: title,
    subject: { kind: 'customer', id: customer.profileId },
    blocks: [
      { type: 'heading', text: title },
      result.items.length === 0
        ? { type: 'line', spans: [ctx.t('orders.none')] }
        : {
            type: 'list',
            items: result.items.map((order) => [
              `${formatDay(order.orderedAt, ctx.zone, ctx.lang)} · ${sourceName(ctx.settings, order.source)} · `,
              { bold: order.number },
              ` · ${order.status}${order.deleted ? ' ✗' : ''} · ${formatMoney(order.total, order.currency, ctx.lang)}`,
            ]),
          },
      ...(result.page > 0 || result.hasNext
        ? [{ type: 'context' as const, spans: [ctx.t('orders.page', { page: result.page + 1 })] }]
        : []),
    ],
    buttons: [
      ...(paging.length ? [paging] : []),
      [{ label: ctx.t('button.card'), action: encodeAction('card', customer.profileId) }],
    ],
  };
}
