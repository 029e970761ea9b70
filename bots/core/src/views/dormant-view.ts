import type { QuietCustomers } from '@crm-bridge/profiles';
import { encodeAction } from '../actions/action-codec';
import type { ChatContext } from '../chat-context';
import type { ChatView } from '../chat-contract';
import { shorten } from './format';

/** Customers gone dormant, biggest revenue first, each with the reason and a button to its card. */
export function dormantView(ctx: Pick<ChatContext, 't'>, quiet: QuietCustomers, mine: boolean): ChatView {
  const title = ctx.t(mine ? 'dormant.title_mine' : 'dormant.title_all');
  if (quiet.customers.length === 0) {
    return { summary: title, blocks: [{ type: 'line', spans: [ctx.t('dormant.none')] }] };
  }
  return {
    summary: title,
    blocks: [
      { type: 'heading', text: title },
      {
        type: 'list',
        items: quiet.customers.map((customer) => [{ bold: customer.displayName }, ` · ${customer.reason}`]),
      },
      {
        type: 'context',
        spans: [ctx.t('dormant.more', { shown: quiet.customers.length, total: quiet.total })],
      },
    ],
    buttons: quiet.customers.map((customer) => [
      { label: shorten(customer.displayName, 60), action: encodeAction('card', customer.profileId) },
    ]),
  };
}
