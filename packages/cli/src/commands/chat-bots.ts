import { type ChatBot, type ChatSender, createChatBot, drainChatNotifications } from '@crm-bridge/bot-core';
import { createSlackApp, registerSlackRoutes, type SlackHandle } from '@crm-bridge/bot-slack';
import {
  createTelegramBot,
  createTelegramSender,
  registerTelegramWebhook,
  storeBlockMarks,
  type TelegramBot,
} from '@crm-bridge/bot-telegram';
import type { Config, Logger } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import type { FastifyInstance } from 'fastify';

/** The chat side of a process: the core, each enabled platform's receiver and its notification sender. */
export interface ChatBots {
  chatBot: ChatBot;
  slack: SlackHandle | null;
  telegram: TelegramBot | null;
  senders: ChatSender[];
}

/** Builds the bots the config enables (the Slack app checks its token with auth.test). */
export async function createChatBots(config: Config, db: Db, log: Logger): Promise<ChatBots> {
  const chatLog = log.child({ component: 'chat' });
  const chatBot = createChatBot({
    db,
    config,
    onError: (error) => chatLog.error({ err: error }, 'chat command failed'),
  });
  const senders: ChatSender[] = [];
  const { slack: slackConfig, telegram: telegramConfig } = config.bots;

  let slack: SlackHandle | null = null;
  if (slackConfig?.enabled) {
    slack = await createSlackApp({
      chatBot,
      config: slackConfig,
      log: log.child({ component: 'slack' }),
      ...(slackConfig.apiUrl ? { slackApiUrl: slackConfig.apiUrl } : {}),
    });
    senders.push(slack.sender);
  }
  let telegram: TelegramBot | null = null;
  if (telegramConfig?.enabled) {
    const token = telegramConfig.botToken.reveal();
    const blockMarks = storeBlockMarks(db);
    const apiRoot = telegramConfig.apiRoot ? { apiRoot: telegramConfig.apiRoot } : {};
    telegram = createTelegramBot({
      token,
      chatBot,
      blockMarks,
      log: log.child({ component: 'telegram' }),
      ...apiRoot,
      ...(telegramConfig.botUsername ? { botUsername: telegramConfig.botUsername } : {}),
    });
    senders.push(createTelegramSender({ token, blockMarks, ...apiRoot }));
  }
  return { chatBot, slack, telegram, senders };
}

/** Mounts the receivers that come in over HTTP on the API server: Slack in http mode, the Telegram webhook. */
export function mountChatReceivers(app: FastifyInstance, bots: ChatBots, config: Config): void {
  if (bots.slack?.mode === 'http') registerSlackRoutes(app, bots.slack);
  const telegram = config.bots.telegram;
  if (bots.telegram && telegram?.mode === 'webhook' && telegram.webhookUrl && telegram.webhookSecret) {
    registerTelegramWebhook(app, bots.telegram.receive, {
      path: new URL(telegram.webhookUrl).pathname,
      secretToken: telegram.webhookSecret.reveal(),
    });
  }
}

/** Connects what reaches out by itself: Slack Socket Mode, Telegram webhook registration or long polling. */
export async function startChatBots(bots: ChatBots, config: Config, log: Logger): Promise<void> {
  if (bots.slack?.mode === 'socket') await bots.slack.start();
  const telegram = config.bots.telegram;
  if (!bots.telegram || !telegram) return;
  if (telegram.mode === 'webhook' && telegram.webhookUrl && telegram.webhookSecret) {
    await bots.telegram.startWebhook({
      url: telegram.webhookUrl,
      secretToken: telegram.webhookSecret.reveal(),
    });
  } else {
    // Long polling runs until stop(); a failure to start (deleteWebhook, setMyCommands) is logged, not thrown.
    bots.telegram.startPolling().catch((error: unknown) => {
      log.error({ err: error }, 'Telegram long polling stopped');
    });
  }
}

/** What `serve` says about the bots it runs. */
export function chatBotsNote(bots: ChatBots): string {
  const running = [
    bots.slack
      ? `Slack (${bots.slack.mode === 'socket' ? 'Socket Mode' : 'Events API at /slack/events'})`
      : null,
    bots.telegram ? 'Telegram' : null,
  ].filter((name) => name !== null);
  return running.length > 0
    ? `chat bots: ${running.join(', ')}`
    : 'chat bots: none enabled (bots.slack / bots.telegram in the config); try crm-bridge chat';
}

export async function stopChatBots(bots: ChatBots): Promise<void> {
  await Promise.all([bots.slack?.stop(), bots.telegram?.stop()]);
}

/** One pass of chat notifications through this process's senders (the chat duty). */
export function chatDrain(db: Db, bots: ChatBots, log: Logger): () => Promise<unknown> {
  const drainLog = log.child({ component: 'chat-notifications' });
  // The real clock, not the duty's start: a pass may wait on the platforms' rates before it records a send.
  return () =>
    drainChatNotifications(db, { senders: bots.senders, view: bots.chatBot.notificationView, log: drainLog });
}
