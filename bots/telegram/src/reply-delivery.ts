/**
 * Puts a core ChatReply into the chat: edits the pressed message or sends new ones, then opens a form. A
 * reply with only a notice shows it as a message (a button's callback query is answered before the core runs).
 */
import type { ChatReply, ChatView } from '@crm-bridge/bot-core';
import type { FormContext, FormFlow } from './form-flow';
import { classifyTelegramError } from './telegram-errors';
import type { TelegramMessageRef, TelegramMessenger } from './telegram-messenger';

export interface ReplyDelivery {
  messenger: TelegramMessenger;
  forms: FormFlow;
}

/** Delivers a reply; `origin` is the message whose button was pressed, when there is one to edit. */
export async function deliverReply(
  deps: ReplyDelivery,
  caller: FormContext,
  reply: ChatReply,
  origin?: TelegramMessageRef,
): Promise<void> {
  const noticeOnly = reply.messages.length === 0 && reply.notice;
  const [first, ...rest] = noticeOnly ? [noticeView(noticeOnly)] : reply.messages;
  if (first) {
    // A notice alone never replaces the message whose button was pressed.
    if (reply.replaceOrigin && !noticeOnly && origin && (await tryEdit(deps, origin, first))) {
      // edited in place
    } else {
      await deps.messenger.sendView(caller.chatId, first);
    }
  }
  for (const view of rest) await deps.messenger.sendView(caller.chatId, view);
  if (reply.openForm) await deps.forms.open(caller, reply.openForm);
}

function noticeView(notice: string): ChatView {
  return { summary: notice, blocks: [{ type: 'line', spans: [notice] }] };
}

/** Edits the origin; a message Telegram no longer lets us edit (too old, deleted) gets a new message instead. */
async function tryEdit(
  deps: ReplyDelivery,
  origin: TelegramMessageRef,
  view: ChatReply['messages'][number],
): Promise<boolean> {
  try {
    await deps.messenger.editView(origin, view);
    return true;
  } catch (error) {
    if (classifyTelegramError(error).kind === 'rejected') return false;
    throw error;
  }
}
