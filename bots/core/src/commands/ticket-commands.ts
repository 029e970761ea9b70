import type { TicketStatus } from '@crm-bridge/core';
import {
  assignTicket,
  commentOnTicket,
  createTicket,
  getTicket,
  listTickets,
  type NewTicket,
  reopenTicket,
  type TicketFilter,
  transitionTicket,
} from '@crm-bridge/desk';
import { listEmployees } from '@crm-bridge/store';
import { encodeAction } from '../actions/action-codec';
import type { ChatContext } from '../chat-context';
import type { ChatReply } from '../chat-contract';
import { statusText } from '../views/ticket-lines';
import { ticketListView, ticketView } from '../views/ticket-views';
import { isSubWord } from './command-words';
import { pageAt } from './page-walk';
import { textReply, viewReply } from './replies';

/** "T-12", "t-12" or "12" → "T-12"; anything else is passed on for the desk to refuse. */
export function ticketRef(text: string): string {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed)
    ? `T-${trimmed}`
    : trimmed.toUpperCase().startsWith('T-')
      ? `T-${trimmed.slice(2)}`
      : trimmed;
}

export async function showTicket(ctx: ChatContext, ref: string): Promise<ChatReply> {
  return viewReply(ticketView(ctx, await getTicket(ctx.db, ctx.actor, ticketRef(ref), { now: ctx.now })));
}

async function ticketPage(ctx: ChatContext, filter: TicketFilter, page: number) {
  return pageAt(page, async (cursor: string | null, limit) => {
    const found = await listTickets(ctx.db, ctx.actor, filter, { limit, cursor }, { now: ctx.now });
    return { items: found.items, next: found.nextCursor };
  });
}

/** My tickets that are not closed, newest first. */
export async function myTickets(ctx: ChatContext, page: number): Promise<ChatReply> {
  const result = await ticketPage(
    ctx,
    { assigneeId: ctx.employee.id, status: ['new', 'open', 'pending', 'resolved'] },
    page,
  );
  return viewReply(
    ticketListView(ctx, ctx.t('ticket.mine_title'), result, (p) => encodeAction('ticketsMine', p), [
      { label: ctx.t('button.new_ticket'), action: encodeAction('ticketNew', null) },
    ]),
  );
}

/** A customer's open tickets. */
export async function customerTickets(
  ctx: ChatContext,
  profileId: string,
  name: string,
  page: number,
): Promise<ChatReply> {
  const result = await ticketPage(ctx, { profileId, status: ['new', 'open', 'pending'] }, page);
  return viewReply(
    ticketListView(
      ctx,
      ctx.t('ticket.customer_title', { name }),
      result,
      (p) => encodeAction('ticketsOfCustomer', profileId, p),
      [
        { label: ctx.t('button.new_ticket'), action: encodeAction('ticketNew', profileId) },
        { label: ctx.t('button.card'), action: encodeAction('card', profileId) },
      ],
    ),
  );
}

/** Opens a ticket (the desk checks the role: a viewer is refused). */
export async function openTicket(ctx: ChatContext, input: NewTicket): Promise<ChatReply> {
  const ticket = await createTicket(ctx.db, ctx.actor, input, ctx.settings.desk, { now: ctx.now });
  return viewReply(
    ticketView(ctx, ticket, ctx.t('ticket.created', { ref: ticket.ref, subject: ticket.subject })),
  );
}

/** Assigns to "me" or to an active employee named by e-mail or name. */
export async function assign(ctx: ChatContext, ref: string, who: string): Promise<ChatReply> {
  let assigneeId: string;
  let name: string;
  if (isSubWord(who, 'me') || who === '') {
    assigneeId = ctx.employee.id;
    name = ctx.employee.name;
  } else {
    const wanted = who.trim().toLowerCase();
    const employees = await listEmployees(ctx.db);
    const found =
      employees.find((e) => e.email?.toLowerCase() === wanted) ??
      employees.find((e) => e.name.toLowerCase() === wanted) ??
      employees.find((e) => e.id === wanted);
    if (!found) return textReply(ctx.t('ticket.no_employee', { who }));
    assigneeId = found.id;
    name = found.name;
  }
  const ticket = await assignTicket(ctx.db, ctx.actor, ticketRef(ref), assigneeId, { now: ctx.now });
  return viewReply(ticketView(ctx, ticket, ctx.t('ticket.assigned', { ref: ticket.ref, name })));
}

export async function comment(ctx: ChatContext, ref: string, body: string): Promise<ChatReply> {
  const { ticket } = await commentOnTicket(ctx.db, ctx.actor, ticketRef(ref), { body }, { now: ctx.now });
  return viewReply(ticketView(ctx, ticket, ctx.t('ticket.commented', { ref: ticket.ref })));
}

export async function changeStatus(ctx: ChatContext, ref: string, status: TicketStatus): Promise<ChatReply> {
  const ticket = await transitionTicket(ctx.db, ctx.actor, ticketRef(ref), status, ctx.settings.desk, {
    now: ctx.now,
  });
  return viewReply(
    ticketView(
      ctx,
      ticket,
      ctx.t('ticket.status_changed', { ref: ticket.ref, status: statusText(ctx, ticket.status) }),
    ),
  );
}

export async function reopen(ctx: ChatContext, ref: string): Promise<ChatReply> {
  const ticket = await reopenTicket(ctx.db, ctx.actor, ticketRef(ref), ctx.settings.desk, { now: ctx.now });
  return viewReply(
    ticketView(
      ctx,
      ticket,
      ctx.t('ticket.status_changed', { ref: ticket.ref, status: statusText(ctx, ticket.status) }),
    ),
  );
}
