/** @crm-bridge/bot-telegram: the Telegram adapter (node-telegram-bot-api 2) over the channel-neutral core. */

export { storeBlockMarks, type TelegramBlockMarks } from './block-marks';
export {
  ALLOWED_UPDATES,
  createTelegramBot,
  type TelegramBot,
  type TelegramBotOptions,
} from './create-telegram-bot';
export { assertCallbackData, CALLBACK_DATA_LIMIT, inlineKeyboard } from './inline-keyboard';
export { MESSAGE_LIMIT, renderViewPages } from './render-view';
export { commandList, MENU_DESCRIPTIONS, type ParsedCommand, parseCommand } from './telegram-commands';
export { escapeHtml, renderSpan } from './telegram-html';
export type { TelegramMessageRef } from './telegram-messenger';
export {
  createTelegramSender,
  type TelegramSender,
  type TelegramSenderOptions,
  telegramRef,
} from './telegram-sender';
export { registerTelegramWebhook, SECRET_HEADER, type TelegramWebhookOptions } from './telegram-webhook';
export type { ReceiveResult } from './update-queue';
