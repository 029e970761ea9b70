/** The bot behind the real webhook route on a Fastify instance listening on loopback, talking to the fake Bot API. */
import type { ChatBot } from '@crm-bridge/bot-core';
import { createLogger } from '@crm-bridge/core';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Update } from 'node-telegram-bot-api';
import type { TelegramBlockMarks } from './block-marks';
import { createTelegramBot, type TelegramBot, type TelegramBotOptions } from './create-telegram-bot';
import { registerTelegramWebhook } from './telegram-webhook';
import {
  BOT_USERNAME,
  type FakeTelegramApi,
  postUpdate,
  SECRET,
  startFakeTelegramApi,
  WEBHOOK_PATH,
} from './testing/index';

export interface WebhookHarness {
  api: FakeTelegramApi;
  telegram: TelegramBot;
  app: FastifyInstance;
  url: string;
  /** POSTs an update with the secret (or the given one) and waits until the bot has handled it. */
  post(update: Update, secret?: string | null): Promise<Response>;
  close(): Promise<void>;
}
/** The bot behind the real webhook route on a listening Fastify app, against the fake Bot API. */
export async function startWebhookHarness(
  chatBot: ChatBot,
  blockMarks: TelegramBlockMarks,
  options: Partial<TelegramBotOptions> = {},
): Promise<WebhookHarness> {
  const api = await startFakeTelegramApi();
  const telegram = createTelegramBot({
    token: api.token,
    apiRoot: api.apiRoot,
    chatBot,
    blockMarks,
    botUsername: BOT_USERNAME,
    log: createLogger({ level: 'silent' }),
    // Tests send many messages to one chat; the 1/s pacing has its own test.
    perChatPerSecond: 1000,
    globalPerSecond: 1000,
    ...options,
  });
  const app = Fastify();
  registerTelegramWebhook(app, telegram.receive, { path: WEBHOOK_PATH, secretToken: SECRET });
  const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}${WEBHOOK_PATH}`;
  return {
    api,
    telegram,
    app,
    url,
    async post(update, secret = SECRET) {
      const response = await postUpdate(url, update, secret);
      await telegram.idle();
      return response;
    },
    async close() {
      await telegram.stop();
      await app.close();
      await api.close();
    },
  };
}
