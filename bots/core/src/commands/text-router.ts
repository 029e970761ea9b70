import { TicketStatus, Uuid } from '@crm-bridge/core';
import type { ChatContext } from '../chat-context';
import type { ChatReply } from '../chat-contract';
import { parseWhen } from '../dates/parse-when';
import { noteForm, reminderForm, ticketForm } from '../forms/chat-forms';
import type { MessageKey } from '../i18n/messages';
import { helpView } from '../views/help-view';
import { type CommandName, isSubWord, readCommand } from './command-words';
import {
  dormantList,
  findCustomers,
  resolveCustomer,
  showCard,
  showOrders,
  showTimeline,
} from './customer-commands';
import { noteOn } from './note-commands';
import {
  cancel,
  done,
  findMyReminderId,
  myReminders,
  remind,
  snooze,
  snoozeUntil,
  whenProblem,
} from './reminder-commands';
import { textReply, viewReply } from './replies';
import { settingsCommand } from './settings-commands';
import {
  assign,
  changeStatus,
  comment,
  customerTickets,
  myTickets,
  reopen,
  showTicket,
} from './ticket-commands';

/** Status words people type, English and Russian, to the desk's statuses. */
const STATUS_WORDS: Record<string, TicketStatus> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  waiting: 'pending',
  resolved: 'resolved',
  closed: 'closed',
  новая: 'new',
  открыта: 'open',
  ожидание: 'pending',
  ждём: 'pending',
  решена: 'resolved',
  закрыта: 'closed',
};

/** Splits off the first word: "T-12 call back" → ["T-12", "call back"]. */
function firstWord(text: string): [string, string] {
  const match = /^(\S*)\s*([\s\S]*)$/.exec(text.trim());
  return [match?.[1] ?? '', match?.[2]?.trim() ?? ''];
}

type TextHandler = (ctx: ChatContext, args: string) => Promise<ChatReply> | ChatReply;

/** With the customer a command names (or the pick list when the name is not unique). */
function withCustomer(
  run: (ctx: ChatContext, profileId: string, rest: string) => Promise<ChatReply> | ChatReply,
): TextHandler {
  return async (ctx, args) => {
    const found = await resolveCustomer(ctx, args);
    return 'reply' in found ? found.reply : run(ctx, found.profileId, '');
  };
}

const need = (ctx: ChatContext, key: MessageKey) => textReply(ctx.t(key));

/** One small handler per command word (COMMAND_WORDS says which words lead here). */
const HANDLERS: Record<CommandName, TextHandler> = {
  help: (ctx) => viewReply(helpView(ctx)),
  start: (ctx) => ({
    messages: [
      {
        summary: ctx.t('bind.hello', { name: ctx.employee.name }),
        blocks: [{ type: 'line', spans: [ctx.t('bind.hello', { name: ctx.employee.name })] }],
      },
      helpView(ctx),
    ],
  }),
  find: (ctx, args) => findCustomers(ctx, args),
  card: withCustomer((ctx, id) => showCard(ctx, id)),
  orders: withCustomer((ctx, id) => showOrders(ctx, id, 0)),
  timeline: withCustomer((ctx, id) => showTimeline(ctx, id, 0)),
  note: async (ctx, args) => {
    // "note <customer id> <text>" writes at once; "note <customer>" opens the form.
    // Only an id: a search on the first word of "note Ivan Petrov called" could find some other Ivan.
    const [first, rest] = firstWord(args);
    const byId = Uuid.safeParse(first).success && rest ? await resolveCustomer(ctx, first) : null;
    if (byId && 'profileId' in byId) return noteOn(ctx, byId.profileId, rest);
    const found = await resolveCustomer(ctx, args);
    return 'reply' in found
      ? found.reply
      : { messages: [], openForm: noteForm(ctx, { profileId: found.profileId }) };
  },
  tickets: async (ctx, args) => {
    if (!args || isSubWord(args, 'mine')) return myTickets(ctx, 0);
    const found = await resolveCustomer(ctx, args);
    if ('reply' in found) return found.reply;
    const [row] = await ctx.db.query<{ display_name: string }>(
      `SELECT display_name FROM profiles WHERE id = $1`,
      [found.profileId],
    );
    return customerTickets(ctx, found.profileId, row?.display_name ?? found.profileId, 0);
  },
  ticket: async (ctx, args) => {
    const [first, rest] = firstWord(args);
    if (isSubWord(first, 'new')) {
      if (!rest) return { messages: [], openForm: ticketForm(ctx, null) };
      const found = await resolveCustomer(ctx, rest);
      return 'reply' in found ? found.reply : { messages: [], openForm: ticketForm(ctx, found.profileId) };
    }
    if (!first || isSubWord(first, 'mine')) return myTickets(ctx, 0);
    return showTicket(ctx, first);
  },
  assign: (ctx, args) => {
    const [ref, who] = firstWord(args);
    return ref ? assign(ctx, ref, who) : need(ctx, 'need.assign');
  },
  comment: (ctx, args) => {
    const [ref, body] = firstWord(args);
    return ref && body ? comment(ctx, ref, body) : need(ctx, 'need.comment');
  },
  status: (ctx, args) => {
    const [ref, word] = firstWord(args);
    const status = STATUS_WORDS[word.toLowerCase()] ?? TicketStatus.safeParse(word).data;
    return ref && status ? changeStatus(ctx, ref, status) : need(ctx, 'need.status');
  },
  resolve: (ctx, args) =>
    args ? changeStatus(ctx, firstWord(args)[0], 'resolved') : need(ctx, 'need.resolve'),
  reopen: (ctx, args) => (args ? reopen(ctx, firstWord(args)[0]) : need(ctx, 'need.reopen')),
  remind: (ctx, args) => (args ? remind(ctx, args) : { messages: [], openForm: reminderForm(ctx, null) }),
  reminders: (ctx) => myReminders(ctx, 0),
  done: reminderCommand((ctx, id) => done(ctx, id)),
  cancel: reminderCommand((ctx, id) => cancel(ctx, id)),
  snooze: reminderCommand(async (ctx, id, rest) => {
    const amount = isSubWord(rest, 'tomorrow') ? 'tm' : rest.replace(/\s+/g, '').toLowerCase();
    const until = snoozeUntil(ctx, amount);
    if (until) return snooze(ctx, id, until);
    const when = parseWhen(rest, { zone: ctx.zone, now: ctx.now });
    return when.ok ? snooze(ctx, id, when.at) : whenProblem(ctx, rest, when);
  }),
  settings: (ctx, args) => settingsCommand(ctx, args),
  dormant: (ctx, args) => dormantList(ctx, !isSubWord(firstWord(args)[0], 'all')),
};

function reminderCommand(
  run: (ctx: ChatContext, id: string, rest: string) => Promise<ChatReply>,
): TextHandler {
  return async (ctx, args) => {
    const [ref, rest] = firstWord(args);
    if (!ref) return myReminders(ctx, 0);
    const id = await findMyReminderId(ctx, ref);
    return id ? run(ctx, id, rest) : textReply(ctx.t('bot.not_found', { what: ref }));
  };
}

/** A text command; a text that starts with no command word is a customer search. */
export function routeText(ctx: ChatContext, text: string): Promise<ChatReply> | ChatReply {
  const command = readCommand(text);
  if (!command) return text.trim() ? findCustomers(ctx, text.trim()) : viewReply(helpView(ctx));
  return HANDLERS[command.name](ctx, command.args);
}
