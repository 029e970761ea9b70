import type { ReminderView } from '@crm-bridge/desk';
import { encodeAction } from '../actions/action-codec';
import type { ChatContext } from '../chat-context';
import type { ChatView, ViewButton } from '../chat-contract';
import { formatTime, shorten } from './format';
import { pagingRow } from './paging-buttons';

type ReminderContext = Pick<ChatContext, 't' | 'zone' | 'lang'>;

/** The short id people can type: the first 8 characters of the reminder's uuid. */
export function reminderShortId(id: string): string {
  return id.slice(0, 8);
}

/** Done, Snooze 1h / 3h / tomorrow, Cancel: for a reminder still open. */
export function reminderButtons(
  ctx: ReminderContext,
  reminder: Pick<ReminderView, 'id' | 'status'>,
): ViewButton[][] {
  if (reminder.status === 'done' || reminder.status === 'cancelled') return [];
  return [
    [
      { label: ctx.t('button.done'), action: encodeAction('reminderDone', reminder.id), style: 'primary' },
      { label: ctx.t('button.snooze_1h'), action: encodeAction('reminderSnooze', reminder.id, '1h') },
      { label: ctx.t('button.snooze_3h'), action: encodeAction('reminderSnooze', reminder.id, '3h') },
      { label: ctx.t('button.snooze_tomorrow'), action: encodeAction('reminderSnooze', reminder.id, 'tm') },
    ],
    [{ label: ctx.t('button.cancel'), action: encodeAction('reminderCancel', reminder.id), style: 'danger' }],
  ];
}

/** One reminder: a headline (created, snoozed, done …), when, what, about whom, and its buttons. */
export function reminderView(
  ctx: ReminderContext,
  reminder: Pick<ReminderView, 'id' | 'status' | 'text' | 'dueAt' | 'customer' | 'ticket'>,
  headline: string,
): ChatView {
  return {
    summary: headline,
    subject: { kind: 'reminder', id: reminder.id },
    blocks: [
      { type: 'line', spans: [{ bold: headline }] },
      {
        type: 'context',
        spans: [
          `${formatTime(reminder.dueAt, ctx.zone, ctx.lang)} · #${reminderShortId(reminder.id)}`,
          ...(reminder.customer ? [` · ${ctx.t('reminder.about', { name: reminder.customer.name })}`] : []),
          ...(reminder.ticket ? [` · ${reminder.ticket.number}`] : []),
        ],
      },
    ],
    buttons: [
      ...reminderButtons(ctx, reminder),
      ...(reminder.customer
        ? [[{ label: ctx.t('button.card'), action: encodeAction('card', reminder.customer.id) }]]
        : []),
    ],
  };
}

/** A page of my open reminders, soonest first, each with a Done button. */
export function reminderListView(
  ctx: ReminderContext,
  result: { items: ReminderView[]; hasNext: boolean; page: number },
): ChatView {
  const title = ctx.t('reminder.mine_title');
  const paging = pagingRow(ctx, result.page, result.hasNext, (p) => encodeAction('remindersMine', p));
  return {
    summary: title,
    blocks: [
      { type: 'heading', text: title },
      result.items.length === 0
        ? { type: 'line', spans: [ctx.t('reminder.none')] }
        : {
            type: 'list',
            items: result.items.map((r) => [
              { code: `#${reminderShortId(r.id)}` },
              ` ${ctx.t('reminder.line', { due: formatTime(r.dueAt, ctx.zone, ctx.lang), text: shorten(r.text, 200) })}`,
              ...(r.customer ? [` · ${r.customer.name}`] : []),
            ]),
          },
    ],
    buttons: [
      ...result.items.map((r) => [
        {
          label: `${ctx.t('button.done')}: ${shorten(r.text, 50)}`,
          action: encodeAction('reminderDone', r.id),
        },
      ]),
      ...(paging.length ? [paging] : []),
      [{ label: ctx.t('button.remind'), action: encodeAction('reminderNew', null) }],
    ],
  };
}
