import type { ChatLanguage, Employee } from '@crm-bridge/core';
import type { EventPayloads } from '@crm-bridge/desk';
import { encodeAction } from '../actions/action-codec';
import type { ChatContext } from '../chat-context';
import type { ChatView } from '../chat-contract';
import { textView } from '../commands/replies';
import type { MessageKey } from '../i18n/messages';
import { formatDay, formatTime } from './format';
import { reminderView } from './reminder-views';

type NotificationContext = Pick<ChatContext, 't' | 'zone'> & { lang: ChatLanguage };

function ticketNumber(ref: string): number | null {
  const match = /^T-(\d+)$/.exec(ref);
  return match ? Number(match[1]) : null;
}

function ticketNotice(
  ctx: NotificationContext,
  ticket: EventPayloads['ticket.created']['ticket'],
  headline: string,
): ChatView {
  const n = ticketNumber(ticket.number);
  return {
    summary: headline,
    subject: { kind: 'ticket', id: ticket.id },
    blocks: [
      { type: 'line', spans: [{ bold: headline }] },
      ...(ticket.customer ? [{ type: 'context' as const, spans: [ticket.customer.name] }] : []),
    ],
    buttons: [
      [
        ...(n === null ? [] : [{ label: ctx.t('button.open'), action: encodeAction('ticket', n) }]),
        ...(ticket.customer
          ? [{ label: ctx.t('button.card'), action: encodeAction('card', ticket.customer.id) }]
          : []),
      ],
    ].filter((row) => row.length > 0),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The chat message of an outbox event for one employee, in their language and zone: reminder.due with
 * Done / Snooze, a ticket given to them, an SLA at risk or breached, a customer gone quiet.
 */
export function notificationView(
  ctx: NotificationContext,
  topic: string,
  payload: unknown,
  employee: Employee,
): ChatView {
  if (!isObject(payload)) return textView(ctx.t('notification.unknown', { topic }));
  switch (topic) {
    case 'reminder.due': {
      const { reminder } = payload as EventPayloads['reminder.due'];
      return reminderView(
        ctx,
        { ...reminder, status: 'sent' },
        ctx.t('reminder.due_title', { text: reminder.text }),
      );
    }
    case 'ticket.created':
    case 'ticket.updated': {
      const data = payload as EventPayloads['ticket.updated'];
      const mine = data.ticket.assignee?.id === employee.id;
      const key: MessageKey =
        topic === 'ticket.created'
          ? mine
            ? 'notification.ticket_assigned'
            : 'notification.ticket_created'
          : data.change === 'assigned' && mine
            ? 'notification.ticket_assigned'
            : 'notification.ticket_updated';
      return ticketNotice(
        ctx,
        data.ticket,
        ctx.t(key, { ref: data.ticket.number, subject: data.ticket.subject }),
      );
    }
    case 'ticket.sla_at_risk':
    case 'ticket.breached': {
      const data = payload as EventPayloads['ticket.breached'];
      const clock = ctx.t(
        data.clock === 'first_response'
          ? 'notification.clock_first_response'
          : 'notification.clock_resolution',
      );
      const key = topic === 'ticket.breached' ? 'notification.breached' : 'notification.sla_at_risk';
      return ticketNotice(
        ctx,
        data.ticket,
        ctx.t(key, { ref: data.ticket.number, clock, due: formatTime(data.dueAt, ctx.zone, ctx.lang) }),
      );
    }
    case 'customer.dormant': {
      const { customer } = payload as EventPayloads['customer.dormant'];
      const headline = ctx.t('notification.dormant', { name: customer.name, reason: customer.reason });
      return {
        summary: headline,
        subject: { kind: 'customer', id: customer.id },
        blocks: [
          { type: 'line', spans: [{ bold: headline }] },
          ...(customer.lastOrderAt
            ? [
                {
                  type: 'context' as const,
                  spans: [
                    ctx.t('notification.last_order', {
                      date: formatDay(customer.lastOrderAt, ctx.zone, ctx.lang),
                    }),
                  ],
                },
              ]
            : []),
        ],
        buttons: [
          [
            { label: ctx.t('button.card'), action: encodeAction('card', customer.id) },
            { label: ctx.t('button.remind'), action: encodeAction('reminderNew', customer.id) },
          ],
        ],
      };
    }
    default:
      return textView(ctx.t('notification.unknown', { topic }));
  }
}
