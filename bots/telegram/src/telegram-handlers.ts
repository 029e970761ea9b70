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
  /** How long a button press waits for the core before its callback query is answered anyway. */
  answerWithinMs: number;
}

export function ask(deps: HandlerDeps, caller: FormContext, input: ChatInput): Promise<ChatReply> {
  return deps.chatBot.handle({ user: caller.user, place: caller.place, input });
}

export function messageHandler(deps: HandlerDeps): Middleware<Context> {
  return async (ctx) => {
    const caller = callerOf(ctx);
    const text = ctx.message?.text;
    if (text === undefined) return;
    const command = parseCommand(text, deps.botUsername);
    if (command?.command === CANCEL_COMMAND) {
      await deps.forms.cancel(caller);
      return;
    }
    if (command?.command === SKIP_COMMAND) {
      await deps.forms.skip(caller);
      return;
    }
    let line: string;
    if (command) {
      line = coreText(command);
    } else if (await deps.forms.answerText(caller, text)) {
      return;
    } else if (caller.place.kind === 'private' && !text.startsWith('/')) {
      // Typing a name, phone or order number in the bot's chat is a search.
      line = `find ${text.trim()}`;
    } else {
      return;
    }
    const reply = await ask(deps, caller, { kind: 'text', text: line });
    await deliverReply(deps, caller, reply);
  };
}

export function callbackHandler(deps: HandlerDeps): Middleware<Context> {
  return async (ctx) => {
    const caller = callerOf(ctx);
    const query = ctx.callbackQuery!;
    const data = query.data;
    if (data === undefined || data.startsWith(FORM_ACTION_PREFIX)) {
      // The client's progress bar stops only when the query is answered: answer before anything else.
      await ctx.answerCallbackQuery();
      if (data !== undefined) await deps.forms.answerAction(caller, data);
      return;
    }
    const pending = ask(deps, caller, { kind: 'action', data });
    // Answer at once; with the reply's notice when the core is quick enough (it nearly always is).
    const early = await Promise.race([pending, delay(deps.answerWithinMs)]).catch(() => undefined);
    const notice = early?.notice?.slice(0, 200);
    await ctx.answerCallbackQuery(notice ? { text: notice } : {});
    const reply = early ?? (await pending);
    const message = query.message;
    const origin: TelegramMessageRef | undefined =
      message && message.date !== 0 ? { chatId: message.chat.id, messageId: message.message_id } : undefined;
    await deliverReply(deps, caller, reply, origin);
  };
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
