/** Sends and edits ChatViews as Telegram HTML messages through the library's Api. */
import type { ChatView } from '@crm-bridge/bot-core';
import type { Api, ForceReply, InlineKeyboardMarkup } from 'node-telegram-bot-api';
import { inlineKeyboard } from './inline-keyboard';
import { renderViewPages } from './render-view';
import { isNotModified } from './telegram-errors';

/** Where a Telegram message is, for a later edit (stored as chat_messages.message_ref). */
export interface TelegramMessageRef {
  chatId: number;
  messageId: number;
}

type Markup = InlineKeyboardMarkup | ForceReply;

export class TelegramMessenger {
  constructor(private readonly api: Api) {}

  /** Sends one HTML text (already rendered and escaped). */
  async sendHtml(chatId: number, html: string, markup?: Markup): Promise<TelegramMessageRef> {
    const sent = await this.api.sendMessage({
      chat_id: chatId,
      text: html,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(markup ? { reply_markup: markup } : {}),
    });
    return { chatId, messageId: sent.message_id };
  }

  /** Sends a view as one message per page, the buttons under the last; returns that last message. */
  async sendView(chatId: number, view: ChatView): Promise<TelegramMessageRef> {
    const pages = renderViewPages(view);
    const keyboard = inlineKeyboard(view.buttons);
    let ref: TelegramMessageRef | undefined;
    for (const [index, page] of pages.entries()) {
      ref = await this.sendHtml(chatId, page, index === pages.length - 1 ? keyboard : undefined);
    }
    return ref!;
  }

  /**
   * Replaces a message with a view (its first page and the buttons when it has one page; further pages are
   * sent after it). An edit that changes nothing counts as done.
   */
  async editView(ref: TelegramMessageRef, view: ChatView): Promise<TelegramMessageRef> {
    const [first, ...rest] = renderViewPages(view);
    const keyboard = inlineKeyboard(view.buttons);
    try {
      await this.api.editMessageText({
        chat_id: ref.chatId,
        message_id: ref.messageId,
        text: first!,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        // An empty keyboard removes the old buttons (Done pressed: no Done/Snooze any more).
        reply_markup: rest.length === 0 && keyboard ? keyboard : { inline_keyboard: [] },
      });
    } catch (error) {
      if (!isNotModified(error)) throw error;
    }
    let last = ref;
    for (const [index, page] of rest.entries()) {
      last = await this.sendHtml(ref.chatId, page, index === rest.length - 1 ? keyboard : undefined);
    }
    return last;
  }
}
