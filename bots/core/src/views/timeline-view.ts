import type { TimelineEntry } from '@crm-bridge/desk';
import { encodeAction } from '../actions/action-codec';
import type { ChatContext } from '../chat-context';
import type { ChatView, Span } from '../chat-contract';
import { sourceName } from './erp-links';
import { formatDay, formatMoney, formatTime, shorten } from './format';
import { pagingRow } from './paging-buttons';
import { statusText } from './ticket-lines';

type TimelineContext = Pick<ChatContext, 't' | 'zone' | 'lang' | 'settings'>;

function entryLine(ctx: TimelineContext, entry: TimelineEntry): Span[] {
  const day = `${formatDay(entry.at, ctx.zone, ctx.lang)} · `;
  switch (entry.kind) {
    case 'order':
      return [
        day,
        ctx.t('timeline.order', {
          number: entry.order.number,
          source: sourceName(ctx.settings, entry.order.source),
          total: formatMoney(entry.order.total, entry.order.currency, ctx.lang),
          status: entry.order.status,
        }),
      ];
    case 'ticket':
      return [
        day,
        ctx.t('timeline.ticket', {
          number: entry.ticket.number,
          subject: entry.ticket.subject,
          status: statusText(ctx, entry.ticket.status),
        }),
      ];
    case 'reminder':
      return [
        day,
        ctx.t('timeline.reminder', {
          text: shorten(entry.reminder.text, 200),
          due: formatTime(entry.reminder.dueAt, ctx.zone, ctx.lang),
          status: entry.reminder.status,
        }),
      ];
    case 'note':
      return [
        day,
        ctx.t('timeline.note', {
          kind: entry.note.kind,
          author: entry.note.author ?? '—',
          body: shorten(entry.note.body, 300),
        }),
      ];
  }
}

/** A page of a customer's timeline, newest first. */
export function timelineView(
  ctx: TimelineContext,
  customer: { profileId: string; name: string },
  result: { items: TimelineEntry[]; hasNext: boolean; page: number },
): ChatView {
  const title = ctx.t('timeline.title', { name: customer.name });
  const paging = pagingRow(ctx, result.page, result.hasNext, (p) =>
    encodeAction('timeline', customer.profileId, p),
  );
  return {
    summary: title,
    subject: { kind: 'customer', id: customer.profileId },
    blocks: [
      { type: 'heading', text: title },
      result.items.length === 0
        ? { type: 'line', spans: [ctx.t('timeline.none')] }
        : { type: 'list', items: result.items.map((entry) => entryLine(ctx, entry)) },
    ],
    buttons: [
      ...(paging.length ? [paging] : []),
      [{ label: ctx.t('button.card'), action: encodeAction('card', customer.profileId) }],
    ],
  };
}
