/**
 * The one gate before every handler, callbacks included: only a Telegram user bound to an active employee
 * gets past it. Anyone else gets "not registered" and nothing else (in a group: only for a command meant
 * for this bot) — except `/start <code>`, which goes to the core (it binds the user when the code is good).
 * A button press is answered here, before any write or call to the core. Block marks are kept here too: my_chat_member
 * "kicked" sets the mark, any later update from the employee clears it.
 */
import type { ChatBot, ChatPlace, ChatUser } from '@crm-bridge/bot-core';
import type { Employee } from '@crm-bridge/core';
import type { Chat, Context, Middleware, User } from 'node-telegram-bot-api';
import type { TelegramBlockMarks } from './block-marks';
import type { FormContext } from './form-flow';
import { parseCommand } from './telegram-commands';
import { classifyTelegramError } from './telegram-errors';
import { escapeHtml } from './telegram-html';
import { languageOf, textsFor } from './telegram-texts';

/** What the gate found out about an update, for the handlers after it. */
export interface TelegramCaller extends FormContext {
  /** Null only for `/start <code>` from someone not bound yet. */
  employee: Employee | null;
}

const CALLER = 'crmBridgeCaller';

export function callerOf(ctx: Context): TelegramCaller {
  const caller = ctx.state[CALLER] as TelegramCaller | undefined;
  if (!caller) throw new Error('The access middleware did not run before this handler');
  return caller;
}

export function chatUserOf(from: User): ChatUser {
  const displayName = [from.first_name, from.last_name].filter(Boolean).join(' ');
  return {
    channel: 'telegram',
    id: String(from.id),
    ...(from.language_code ? { languageHint: from.language_code } : {}),
    ...(displayName ? { displayName } : {}),
  };
}

export function placeOf(chat: Chat): ChatPlace {
  return { id: String(chat.id), kind: chat.type === 'private' ? 'private' : 'group' };
}

export interface AccessDeps {
  chatBot: ChatBot;
  blockMarks: TelegramBlockMarks;
  botUsername: string | undefined;
  now?: () => Date;
}

export function accessMiddleware(deps: AccessDeps): Middleware<Context> {
  const now = deps.now ?? (() => new Date());
  return async (ctx, next) => {
    const update = ctx.update;
    if ('my_chat_member' in update) {
      await trackBlocking(
        deps,
        update.my_chat_member.from,
        update.my_chat_member.chat,
        update.my_chat_member.new_chat_member.status,
        now(),
      );
      return;
    }
    const message = 'message' in update ? update.message : undefined;
    const query = 'callback_query' in update ? update.callback_query : undefined;
    const from = message?.from ?? query?.from;
    const chat = message?.chat ?? query?.message?.chat;
    // Only messages and button presses from people; everything else (channel posts, edits, bots) is ignored.
    if (!from || from.is_bot || (!message && !query)) return;
    const user = chatUserOf(from);
    const employee = await deps.chatBot.employeeFor(user);
    const caller: TelegramCaller = {
      user,
      // A button on an inaccessible message still comes from the user's own private chat.
      place: chat ? placeOf(chat) : { id: String(from.id), kind: 'private' },
      chatId: chat?.id ?? from.id,
      userId: from.id,
      employee,
      language: languageOf(employee?.language, from.language_code),
    };
    if (query) {
      // Answer first: the client's progress bar spins until then, and an answer that comes too late fails
      // with "query is too old". Only the employee read above comes before it (it picks the answer's text);
      // the block-mark write and the core come after, and show their result in the chat, not in this answer.
      await answerQuery(
        ctx,
        employee ? {} : { text: textsFor(caller.language).notRegistered, show_alert: true },
      );
      if (!employee) return;
    } else if (!employee) {
      const command = message?.text ? parseCommand(message.text, deps.botUsername) : null;
      if (command?.command === 'start' && command.args !== '') {
        ctx.state[CALLER] = caller;
        return next();
      }
      // In a group only a command for this bot gets an answer: the chatter of strangers gets none.
      if (caller.place.kind === 'group' && !(command && (command.known || command.addressed))) return;
      await ctx.api.sendMessage({
        chat_id: caller.chatId,
        text: escapeHtml(textsFor(caller.language).notRegistered),
        parse_mode: 'HTML',
      });
      return;
    }
    if (employee.telegramBlockedAt) await deps.blockMarks.clearBlocked(employee.id);
    ctx.state[CALLER] = caller;
    return next();
  };
}

/**
 * answerCallbackQuery; a 400 ("query is too old", a press that waited in Telegram's queue) is no reason to
 * drop the press: its result still shows in the chat. Anything else (network, 5xx after the library's
 * retries) goes to the bot's error boundary, before anything was done.
 */
async function answerQuery(ctx: Context, options: { text?: string; show_alert?: boolean }): Promise<void> {
  try {
    await ctx.answerCallbackQuery(options);
  } catch (error) {
    if (classifyTelegramError(error).kind !== 'rejected') throw error;
  }
}

/** my_chat_member in a private chat: "kicked" = the user blocked the bot; "member" = unblocked (restarted it). */
async function trackBlocking(
  deps: AccessDeps,
  from: User,
  chat: Chat,
  status: string,
  at: Date,
): Promise<void> {
  if (chat.type !== 'private' || from.is_bot) return;
  const employee = await deps.chatBot.employeeFor(chatUserOf(from));
  if (!employee) return;
  if (status === 'kicked') await deps.blockMarks.markBlocked(employee.id, at);
  else if (status === 'member' && employee.telegramBlockedAt) await deps.blockMarks.clearBlocked(employee.id);
}
