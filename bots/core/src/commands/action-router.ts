import { TicketStatus } from '@crm-bridge/core';
import { type ActionVerb, type ChatAction, decodeAction } from '../actions/action-codec';
import type { ChatContext } from '../chat-context';
import type { ChatReply } from '../chat-contract';
import { noteForm, reminderForm, ticketForm } from '../forms/chat-forms';
import { helpView } from '../views/help-view';
import { findCustomers, showCard, showOrders, showTimeline } from './customer-commands';
import { cancel, done, myReminders, snooze, snoozeUntil } from './reminder-commands';
import { textReply, viewReply } from './replies';
import { setLanguage, setNotify, showSettings } from './settings-commands';
import { assign, changeStatus, customerTickets, myTickets, reopen, showTicket } from './ticket-commands';

type ActionHandler = (ctx: ChatContext, args: ChatAction['args']) => Promise<ChatReply> | ChatReply;

const str = (value: unknown) => String(value);
const num = (value: unknown) => Number(value);

/** One handler per button verb; each re-reads state and the desk re-checks the role. */
const HANDLERS: Record<ActionVerb, ActionHandler> = {
  help: (ctx) => viewReply(helpView(ctx)),
  card: (ctx, [id]) => showCard(ctx, str(id)),
  orders: (ctx, [id, page]) => showOrders(ctx, str(id), num(page)),
  timeline: (ctx, [id, page]) => showTimeline(ctx, str(id), num(page)),
  find: (ctx, [page, query]) => findCustomers(ctx, str(query), num(page)),
  note: (ctx, [id]) => ({ messages: [], openForm: noteForm(ctx, { profileId: str(id) }) }),
  ticketNew: (ctx, [id]) => ({ messages: [], openForm: ticketForm(ctx, id === null ? null : str(id)) }),
  ticket: (ctx, [n]) => showTicket(ctx, `T-${num(n)}`),
  ticketsMine: (ctx, [page]) => myTickets(ctx, num(page)),
  ticketsOfCustomer: async (ctx, [id, page]) => {
    const [row] = await ctx.db.query<{ display_name: string }>(
      `SELECT display_name FROM profiles WHERE id = $1`,
      [str(id)],
    );
    return customerTickets(ctx, str(id), row?.display_name ?? str(id), num(page));
  },
  ticketTake: (ctx, [n]) => assign(ctx, `T-${num(n)}`, 'me'),
  ticketComment: (ctx, [n]) => ({ messages: [], openForm: noteForm(ctx, { ticket: num(n) }) }),
  ticketStatus: (ctx, [n, status]) => {
    const parsed = TicketStatus.safeParse(status);
    return parsed.success
      ? changeStatus(ctx, `T-${num(n)}`, parsed.data)
      : textReply(ctx.t('bot.bad_action'));
  },
  ticketReopen: (ctx, [n]) => reopen(ctx, `T-${num(n)}`),
  reminderNew: (ctx, [id]) => ({ messages: [], openForm: reminderForm(ctx, id === null ? null : str(id)) }),
  remindersMine: (ctx, [page]) => myReminders(ctx, num(page)),
  reminderDone: (ctx, [id]) => done(ctx, str(id)),
  reminderSnooze: (ctx, [id, amount]) => {
    const until = snoozeUntil(ctx, str(amount));
    return until ? snooze(ctx, str(id), until) : textReply(ctx.t('bot.bad_action'));
  },
  reminderCancel: (ctx, [id]) => cancel(ctx, str(id)),
  settings: (ctx) => showSettings(ctx),
  settingsLanguage: (ctx, [lang]) => setLanguage(ctx, str(lang)),
  settingsNotify: (ctx, [via]) => setNotify(ctx, str(via)),
};

/** A pressed button: decoded (anything the core did not make is refused politely) and routed. */
export function routeAction(ctx: ChatContext, data: string): Promise<ChatReply> | ChatReply {
  const action = decodeAction(data);
  if (!action) return textReply(ctx.t('bot.bad_action'));
  return HANDLERS[action.verb](ctx, action.args);
}
