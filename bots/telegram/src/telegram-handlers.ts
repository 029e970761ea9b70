/**
 * The two handlers behind the access gate: text messages (commands, form answers, a plain search in a
 * private chat) and button presses. Both turn the update into a ChatRequest for the core and deliver its
 * reply; neither holds a business rule.
 */
import type { ChatBot, ChatInput, ChatReply } from '@crm-bridge/bot-core';
import type { Context, Middleware } from 'node-telegram-bot-api';
import { FORM_ACTION_PREFIX, type FormContext, type FormFlow } from './form-flow';
import { deliverReply } from './reply-delivery';
import { callerOf } from './telegram-access';
import { CANCEL_COMMAND, coreText, parseCommand, SKIP_COMMAND } from './telegram-commands';
import type { TelegramMessageRef, TelegramMessenger } from './telegram-messenger';

export interface HandlerDeps {
  chatBot: ChatBot;
  messenger: TelegramMessenger;
  forms: FormFlow;
  botUsername: string | undefined;
}

export function ask(deps: HandlerDeps, caller: FormContext, input: ChatInput): Promise<ChatReply> {
  return deps.chatBot.handle({ user: caller.user, place: caller.place, input });
}

export function messageHandler(deps: HandlerDeps): Middleware<Context> {
  return async (ctx) => {
    const caller = callerOf(ctx);
    const text = ctx.message?.text;
    if (text === undefined) return;
    const line = await coreLineFor(deps, caller, text);
    if (line === null) return;
    const reply = await ask(deps, caller, { kind: 'text', text: line });
    await deliverReply(deps, caller, reply);
  };
}

/**
 * The core's command line for a message, or null when the form took it or the bot stays silent. /cancel and
 * /skip belong to a form in progress; with none, /cancel is the core's (a reminder). Every other command
 * word the core knows goes to it; an unknown command gets the help in a private chat (or when written
 * /x@this_bot) and silence in a group, where it may be another bot's.
 */
async function coreLineFor(deps: HandlerDeps, caller: FormContext, text: string): Promise<string | null> {
  const command = parseCommand(text, deps.botUsername);
  if (command && deps.forms.active(caller)) {
    if (command.command === CANCEL_COMMAND)
      return (await deps.forms.cancel(caller)) ? null : coreText(command);
    if (command.command === SKIP_COMMAND) return (await deps.forms.skip(caller)) ? null : 'help';
  }
  if (command?.known) return coreText(command);
  // A form's answer may look like a command ("/42"): the form takes it first.
  if (await deps.forms.answerText(caller, text)) return null;
  const inPrivate = caller.place.kind === 'private';
  if (command) return inPrivate || command.addressed ? 'help' : null;
  if (!inPrivate) return null;
  // Typing a name, phone or order number in the bot's chat is a search; a stray /word gets the help.
  return text.trimStart().startsWith('/') ? 'help' : `find ${text.trim()}`;
}

/**
 * A button press. The access gate has answered its callback query already, so the core's notice is not
 * shown there: the edit or the new message shows the outcome (a notice alone becomes a message).
 */
export function callbackHandler(deps: HandlerDeps): Middleware<Context> {
  return async (ctx) => {
    const caller = callerOf(ctx);
    const query = ctx.callbackQuery!;
    const data = query.data;
    if (data === undefined) return;
    if (data.startsWith(FORM_ACTION_PREFIX)) {
      await deps.forms.answerAction(caller, data);
      return;
    }
    const reply = await ask(deps, caller, { kind: 'action', data });
    const message = query.message;
    const origin: TelegramMessageRef | undefined =
      message && message.date !== 0 ? { chatId: message.chat.id, messageId: message.message_id } : undefined;
    await deliverReply(deps, caller, reply, origin);
  };
}
