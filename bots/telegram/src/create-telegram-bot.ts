/**
 * The Telegram bot (node-telegram-bot-api 2): the library's Bot with our access gate and two handlers, the
 * Api configured for Telegram's limits, and the two transports — long polling for a single instance, or
 * webhook updates received through `receive` (see registerTelegramWebhook).
 */
import type { ChatBot } from '@crm-bridge/bot-core';
import type { Logger } from '@crm-bridge/core';
import { type Api, Bot, type Update } from 'node-telegram-bot-api';
import type { TelegramBlockMarks } from './block-marks';
import { FormFlow } from './form-flow';
import { FormSessions } from './form-sessions';
import { deliverReply } from './reply-delivery';
import { accessMiddleware } from './telegram-access';
import { commandList } from './telegram-commands';
import { ask, callbackHandler, type HandlerDeps, messageHandler } from './telegram-handlers';
import { escapeHtml } from './telegram-html';
import { TelegramMessenger } from './telegram-messenger';
import { textsFor } from './telegram-texts';
import { type ReceiveResult, UpdateQueue } from './update-queue';

/** The update types the bot asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'];

export interface TelegramBotOptions {
  token: string;
  chatBot: ChatBot;
  blockMarks: TelegramBlockMarks;
  log: Logger;
  /** The bot's @username without the @, to ignore commands addressed to other bots in groups. */
  botUsername?: string;
  /** The Bot API origin; default https://api.telegram.org (tests: the fake on loopback). */
  apiRoot?: string;
  /** Messages per second to one chat (Telegram: about 1). Default 1. */
  perChatPerSecond?: number;
  /** Messages per second in all (Telegram: about 30). Default 30. */
  globalPerSecond?: number;
  /** Per-call timeout. Default 15 s. */
  timeoutMs?: number;
  /** Retries of a 429 (after its retry_after, up to a minute) and of network errors and 5xx. Default 4. */
  maxRetries?: number;
  /** How long a form in progress lives. Default 15 minutes. */
  formTtlMs?: number;
}

export interface TelegramBot {
  /** The library's Bot (its Api is `bot.api`). */
  readonly bot: Bot;
  readonly api: Api;
  /** Handles one update now (polling does this for each update, in order). */
  handleUpdate(update: Update): Promise<void>;
  /** Takes a webhook update to handle after the HTTP answer; per chat in order, duplicates dropped. */
  receive(update: Update): ReceiveResult;
  /** Resolves when every received webhook update has been handled. */
  idle(): Promise<void>;
  /** setMyCommands: English by default, Russian for language_code "ru". */
  registerCommands(): Promise<void>;
  /** Webhook mode: registers the URL with its secret token (and the commands). */
  startWebhook(options: { url: string; secretToken: string; dropPendingUpdates?: boolean }): Promise<void>;
  /** Polling mode: removes any webhook, registers the commands, then long-polls until stop(). */
  startPolling(options?: { timeoutSeconds?: number }): Promise<void>;
  /** Stops polling and waits for the updates in hand. */
  stop(): Promise<void>;
}

export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { chatBot, log } = options;
  const bot = new Bot(options.token, {
    ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRetries: options.maxRetries ?? 4,
    rateLimit: { global: options.globalPerSecond ?? 30, perChat: options.perChatPerSecond ?? 1 },
  });
  const messenger = new TelegramMessenger(bot.api);
  const sessions = new FormSessions(options.formTtlMs === undefined ? {} : { ttlMs: options.formTtlMs });
  const handlerDeps: HandlerDeps = {
    chatBot,
    messenger,
    botUsername: options.botUsername,
    forms: new FormFlow({
      chatBot,
      messenger,
      sessions,
      submit: async (caller, form, values) => {
        const reply = await ask(handlerDeps, caller, { kind: 'form', form, values });
        await deliverReply(handlerDeps, caller, reply);
      },
    }),
  };

  bot.use(accessMiddleware({ chatBot, blockMarks: options.blockMarks, botUsername: options.botUsername }));
  bot.on('callback_query', callbackHandler(handlerDeps));
  bot.on('message', messageHandler(handlerDeps));
  bot.catch(async (error, ctx) => {
    // Descriptions and messages only: an error object's cause may carry request details.
    log.error(
      { updateId: ctx.update.update_id, err: { name: errorName(error), message: errorMessage(error) } },
      'telegram update failed',
    );
    const chatId = ctx.chatId ?? ctx.from?.id;
    if (chatId === undefined || 'my_chat_member' in ctx.update) return;
    const language = ctx.from?.language_code?.startsWith('ru') ? 'ru' : 'en';
    await bot.api
      .sendMessage({ chat_id: chatId, text: escapeHtml(textsFor(language).failed), parse_mode: 'HTML' })
      .catch(() => undefined);
  });

  const queue = new UpdateQueue((update) => bot.handleUpdate(update));
  let polling: Promise<void> | undefined;

  const registerCommands = async () => {
    await bot.api.setMyCommands({ commands: commandList('en') });
    await bot.api.setMyCommands({ commands: commandList('ru'), language_code: 'ru' });
  };

  return {
    bot,
    api: bot.api,
    handleUpdate: (update) => bot.handleUpdate(update),
    receive: (update) => queue.receive(update),
    idle: () => queue.idle(),
    registerCommands,
    async startWebhook({ url, secretToken, dropPendingUpdates }) {
      await bot.api.setWebhook({
        url,
        secret_token: secretToken,
        allowed_updates: ALLOWED_UPDATES,
        drop_pending_updates: dropPendingUpdates ?? false,
      });
      await registerCommands();
    },
    async startPolling({ timeoutSeconds } = {}) {
      // getUpdates answers 409 while a webhook is set.
      await bot.api.deleteWebhook({ drop_pending_updates: false });
      await registerCommands();
      polling = bot.startPolling(undefined, {
        timeout: timeoutSeconds ?? 30,
        allowedUpdates: ALLOWED_UPDATES,
        onError: (error) =>
          log.warn({ err: { message: errorMessage(error) } }, 'telegram polling failed; retrying'),
      });
      await polling;
    },
    async stop() {
      bot.stop();
      await polling?.catch(() => undefined);
      await queue.idle();
    },
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
