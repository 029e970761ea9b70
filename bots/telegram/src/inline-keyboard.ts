/** A view's buttons as a Telegram inline keyboard whose callback_data is the core's action string. */
import type { ViewButton } from '@crm-bridge/bot-core';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'node-telegram-bot-api';

/** Telegram's limit for callback_data, in bytes (a Cyrillic letter takes two). */
export const CALLBACK_DATA_LIMIT = 64;
/** Telegram shows at most 8 buttons in a row and 100 in a keyboard. */
const ROW_LIMIT = 8;
const KEYBOARD_LIMIT = 100;

/** Throws when an action cannot be callback_data: a bug in the core, never something to send. */
export function assertCallbackData(action: string): string {
  const bytes = Buffer.byteLength(action, 'utf8');
  if (bytes < 1 || bytes > CALLBACK_DATA_LIMIT) {
    throw new RangeError(
      `A button action must be 1-${CALLBACK_DATA_LIMIT} bytes for Telegram's callback_data; got ${bytes} bytes`,
    );
  }
  return action;
}

/** The keyboard for rows of buttons, or undefined when there are none. */
export function inlineKeyboard(rows: ViewButton[][] | undefined): InlineKeyboardMarkup | undefined {
  if (!rows) return undefined;
  const keyboard: InlineKeyboardButton[][] = [];
  let count = 0;
  for (const row of rows) {
    for (let start = 0; start < row.length; start += ROW_LIMIT) {
      const buttons = row.slice(start, start + ROW_LIMIT).map(
        (button): InlineKeyboardButton => ({
          // Button labels are plain text: Telegram does not parse entities in them.
          text: button.label,
          callback_data: assertCallbackData(button.action),
          ...(button.style ? { style: button.style === 'primary' ? 'primary' : 'danger' } : {}),
        }),
      );
      count += buttons.length;
      if (count > KEYBOARD_LIMIT)
        throw new RangeError(`An inline keyboard holds at most ${KEYBOARD_LIMIT} buttons`);
      keyboard.push(buttons);
    }
  }
  return keyboard.length === 0 ? undefined : { inline_keyboard: keyboard };
}
