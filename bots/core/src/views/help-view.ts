import { encodeAction } from '../actions/action-codec';
import type { ChatContext } from '../chat-context';
import type { ChatView } from '../chat-contract';

/** The list of commands, with buttons for the ones that need no argument. */
export function helpView(ctx: Pick<ChatContext, 't'>): ChatView {
  return {
    summary: ctx.t('help.title'),
    blocks: [
      { type: 'heading', text: ctx.t('help.title') },
      {
        type: 'list',
        items: (
          [
            'help.find',
            'help.card',
            'help.orders',
            'help.timeline',
            'help.note',
            'help.tickets',
            'help.reminders',
            'help.settings',
            'help.dormant',
          ] as const
        ).map((key) => [ctx.t(key)]),
      },
      { type: 'context', spans: [ctx.t('help.tip')] },
    ],
    buttons: [
      [
        { label: ctx.t('button.tickets'), action: encodeAction('ticketsMine', 0) },
        { label: ctx.t('button.new_ticket'), action: encodeAction('ticketNew', null) },
        { label: ctx.t('button.remind'), action: encodeAction('reminderNew', null) },
      ],
      [
        { label: ctx.t('reminder.mine_title'), action: encodeAction('remindersMine', 0) },
        { label: ctx.t('settings.title'), action: encodeAction('settings') },
      ],
    ],
  };
}
