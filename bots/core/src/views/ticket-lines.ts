import type { TicketView } from '@crm-bridge/desk';
import type { ChatContext } from '../chat-context';
import type { Span } from '../chat-contract';
import type { MessageKey } from '../i18n/messages';
import { formatTime } from './format';

/** The SLA of a ticket in words: on track / at risk with the due time, breached, or stopped. */
export function slaText(ctx: Pick<ChatContext, 't' | 'zone' | 'lang'>, ticket: TicketView): string {
  if (ticket.sla.breached) return ctx.t('ticket.sla_breached');
  const clock =
    ticket.sla.firstResponse.state === 'running' ? ticket.sla.firstResponse : ticket.sla.resolution;
  if (clock.state !== 'running' || clock.dueAt === null) return ctx.t('ticket.sla_stopped');
  const due = formatTime(clock.dueAt, ctx.zone, ctx.lang);
  return ctx.t(ticket.sla.atRisk ? 'ticket.sla_at_risk' : 'ticket.sla_ok', { due });
}

export function statusText(ctx: Pick<ChatContext, 't'>, status: string): string {
  return ctx.t(`status.${status}` as MessageKey);
}

export function priorityText(ctx: Pick<ChatContext, 't'>, priority: string): string {
  return ctx.t(`priority.${priority}` as MessageKey);
}

/** One line of a ticket list: number, status, priority, subject, SLA. */
export function ticketLine(ctx: Pick<ChatContext, 't' | 'zone' | 'lang'>, ticket: TicketView): Span[] {
  return [
    { bold: ticket.ref },
    ` · ${statusText(ctx, ticket.status)} · ${priorityText(ctx, ticket.priority)} · `,
    ticket.subject,
    ...(ticket.status === 'resolved' || ticket.status === 'closed' ? [] : [` · ${slaText(ctx, ticket)}`]),
  ];
}
