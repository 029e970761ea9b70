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

/**
 * How far a view of several pages got: the pages already in the chat, in order (for an edit, the edited
 * message first). Filled in as each page lands; a later attempt given the same progress does only the rest,
 * so a failure on page 2 never puts page 1 in the chat twice.
 */
export interface ViewProgress {
  done: TelegramMessageRef[];
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

  /**
   * Sends a view as one message per page, the buttons under the last; returns that last message. Pages in
   * `progress` are not sent again.
   */
  async sendView(
    chatId: number,
    view: ChatView,
    progress: ViewProgress = { done: [] },
  ): Promise<TelegramMessageRef> {
    const pages = renderViewPages(view);
    const keyboard = inlineKeyboard(view.buttons);
    for (let index = progress.done.length; index < pages.length; index++) {
      progress.done.push(
        await this.sendHtml(chatId, pages[index]!, index === pages.length - 1 ? keyboard : undefined),
      );
    }
    return progress.done.at(-1)!;
  }

  /**
   * Replaces a message with a view (its first page and the buttons when it has one page; further pages are
   * sent after it). An edit that changes nothing counts as done. Steps in `progress` are not done again.
   */
  async editView(
    ref: TelegramMessageRef,
    view: ChatView,
    progress: ViewProgress = { done: [] },
  ): Promise<TelegramMessageRef> {
    const pages = renderViewPages(view);
    const keyboard = inlineKeyboard(view.buttons);
    if (progress.done.length === 0) {
      try {
        await this.api.editMessageText({
          chat_id: ref.chatId,
          message_id: ref.messageId,
          text: pages[0]!,
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          // An empty keyboard removes the old buttons (Done pressed: no Done/Snooze any more).
          reply_markup: pages.length === 1 && keyboard ? keyboard : { inline_keyboard: [] },
        });
      } catch (error) {
        if (!isNotModified(error)) throw error;
      }
      progress.done.push(ref);
    }
    for (let index = progress.done.length; index < pages.length; index++) {
      progress.done.push(
        await this.sendHtml(ref.chatId, pages[index]!, index === pages.length - 1 ? keyboard : undefined),
      );
    }
    return progress.done.at(-1)!;
  }
}
