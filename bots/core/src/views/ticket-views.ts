import type { TicketView } from '@crm-bridge/desk';
import { encodeAction } from '../actions/action-codec';
import type { ChatContext } from '../chat-context';
import type { ChatView, ViewButton } from '../chat-contract';
import { shorten } from './format';
import { pagingRow } from './paging-buttons';
import { priorityText, slaText, statusText, ticketLine } from './ticket-lines';

type TicketContext = Pick<ChatContext, 't' | 'zone' | 'lang'> & { employee?: { id: string } };

/** The buttons that fit a ticket's status: take, comment, resolve / wait / reopen. */
function ticketButtons(ctx: TicketContext, ticket: TicketView): ViewButton[][] {
  const first: ViewButton[] = [];
  const open = ticket.status !== 'resolved' && ticket.status !== 'closed';
  if (open && ticket.assignee === null)
    first.push({ label: ctx.t('button.take'), action: encodeAction('ticketTake', ticket.number) });
  first.push({ label: ctx.t('button.comment'), action: encodeAction('ticketComment', ticket.number) });
  const second: ViewButton[] = [];
  if (open) {
    second.push({
      label: ctx.t('button.resolve'),
      action: encodeAction('ticketStatus', ticket.number, 'resolved'),
      style: 'primary',
    });
    if (ticket.status !== 'pending')
      second.push({
        label: ctx.t('button.pending'),
        action: encodeAction('ticketStatus', ticket.number, 'pending'),
      });
  } else {
    second.push({ label: ctx.t('button.reopen'), action: encodeAction('ticketReopen', ticket.number) });
  }
  if (ticket.customer)
    second.push({ label: ctx.t('button.card'), action: encodeAction('card', ticket.customer.id) });
  return [first, second];
}

/** One ticket with its status, priority, customer, assignee, SLA and actions. */
export function ticketView(ctx: TicketContext, ticket: TicketView, headline?: string): ChatView {
  const title = ctx.t('ticket.title', { ref: ticket.ref, subject: ticket.subject });
  return {
    summary: headline ?? title,
    subject: { kind: 'ticket', id: ticket.id },
    blocks: [
      ...(headline ? [{ type: 'line' as const, spans: [{ bold: headline }] }] : []),
      { type: 'heading', text: title },
      {
        type: 'fields',
        fields: [
          { label: ctx.t('ticket.status'), value: [statusText(ctx, ticket.status)] },
          { label: ctx.t('ticket.priority'), value: [priorityText(ctx, ticket.priority)] },
          { label: ctx.t('ticket.customer'), value: [ticket.customer?.name ?? ctx.t('card.none')] },
          { label: ctx.t('ticket.assignee'), value: [ticket.assignee?.name ?? ctx.t('ticket.unassigned')] },
        ],
      },
      ...(ticket.description ? [{ type: 'line' as const, spans: [shorten(ticket.description, 1500)] }] : []),
      ...(ticket.status === 'resolved' || ticket.status === 'closed'
        ? []
        : [{ type: 'context' as const, spans: [slaText(ctx, ticket)] }]),
    ],
    buttons: ticketButtons(ctx, ticket),
  };
}

/** A page of tickets: one line and one Open button each, Prev / Next. */
export function ticketListView(
  ctx: TicketContext,
  title: string,
  result: { items: TicketView[]; hasNext: boolean; page: number },
  actionFor: (page: number) => string,
  extra: ViewButton[] = [],
): ChatView {
  const paging = pagingRow(ctx, result.page, result.hasNext, actionFor);
  return {
    summary: title,
    blocks: [
      { type: 'heading', text: title },
      result.items.length === 0
        ? { type: 'line', spans: [ctx.t('ticket.none')] }
        : { type: 'list', items: result.items.map((ticket) => ticketLine(ctx, ticket)) },
    ],
    buttons: [
      ...result.items.map((ticket) => [
        {
          label: shorten(`${ticket.ref} · ${ticket.subject}`, 60),
          action: encodeAction('ticket', ticket.number),
        },
      ]),
      ...(paging.length ? [paging] : []),
      ...(extra.length ? [extra] : []),
    ],
  };
}
