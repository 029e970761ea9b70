/**
 * Telegram as a notification channel (the contract's ChatSender), for the notification drain: a view sent
 * to the employee's private chat (its id is their Telegram user id). The Api it uses does not retry by
 * itself (maxRetries 0): a 429 goes back to the drain as `retry` after retry_after, which keeps the row and
 * so loses nothing; 403 marks the employee blocked (unreachable); 400 is `failed` and never retried. A view
 * of several pages that stopped part way resumes after the pages already sent (SendProgress).
 */
import type { ChatSender, ChatView, MessageRef, SendOutcome } from '@crm-bridge/bot-core';
import type { Employee } from '@crm-bridge/core';
import { Api } from 'node-telegram-bot-api';
import type { TelegramBlockMarks } from './block-marks';
import { SendProgress } from './send-progress';
import { classifyTelegramError } from './telegram-errors';
import { type TelegramMessageRef, TelegramMessenger, type ViewProgress } from './telegram-messenger';

/** Wait before trying again after a network error or a 5xx. */
const TRANSIENT_RETRY_MS = 30_000;

export interface TelegramSenderOptions {
  token: string;
  blockMarks: TelegramBlockMarks;
  apiRoot?: string;
  /** Per-call timeout. Default 15 s. */
  timeoutMs?: number;
  /** Messages per second to one chat. Default 1. */
  perChatPerSecond?: number;
  now?: () => Date;
}

export interface TelegramSender extends ChatSender {
  /** Replaces a message sent earlier (chat_messages.message_ref) with a new view: a reminder marked done. */
  edit(ref: MessageRef, view: ChatView): Promise<SendOutcome>;
}

export function createTelegramSender(options: TelegramSenderOptions): TelegramSender {
  const api = new Api(options.token, {
    ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRetries: 0,
    rateLimit: { global: 30, perChat: options.perChatPerSecond ?? 1 },
  });
  const messenger = new TelegramMessenger(api);
  const now = options.now ?? (() => new Date());
  const resumable = new SendProgress({ now: () => now().getTime() });

  /** Runs one send or edit with the progress of an earlier attempt of the same view, and keeps it for a retry. */
  const resuming = async (
    key: string,
    run: (progress: ViewProgress) => Promise<TelegramMessageRef>,
    employeeId?: string,
  ): Promise<SendOutcome> => {
    const progress = resumable.get(key);
    try {
      const last = await run(progress);
      resumable.forget(key);
      return { kind: 'sent', ref: { chatId: last.chatId, messageId: last.messageId } };
    } catch (error) {
      const outcome = await outcomeOf(error, employeeId);
      // retry and unreachable come back to this view later; failed never does.
      if (outcome.kind === 'failed') resumable.forget(key);
      else resumable.keep(key, progress);
      return outcome;
    }
  };

  const outcomeOf = async (error: unknown, employeeId?: string): Promise<SendOutcome> => {
    const failure = classifyTelegramError(error);
    switch (failure.kind) {
      case 'forbidden':
        if (employeeId) await options.blockMarks.markBlocked(employeeId, now());
        return { kind: 'unreachable', reason: failure.reason };
      case 'rate_limited':
        return { kind: 'retry', afterMs: failure.afterMs, reason: failure.reason };
      case 'transient':
        return { kind: 'retry', afterMs: TRANSIENT_RETRY_MS, reason: failure.reason };
      case 'rejected':
        return { kind: 'failed', reason: failure.reason };
    }
  };

  return {
    channel: 'telegram',
    reachable: (employee: Employee) =>
      employee.active && employee.telegramUserId !== null && !employee.telegramBlockedAt,
    async send(employee: Employee, view: ChatView): Promise<SendOutcome> {
      const chatId = employee.telegramUserId;
      if (chatId === null) return { kind: 'unreachable', reason: 'not bound to Telegram' };
      return resuming(
        SendProgress.key(`send:${chatId}`, view),
        (progress) => messenger.sendView(chatId, view, progress),
        employee.id,
      );
    },
    async edit(ref: MessageRef, view: ChatView): Promise<SendOutcome> {
      const target = telegramRef(ref);
      if (!target) return { kind: 'failed', reason: 'not a Telegram message reference' };
      return resuming(SendProgress.key(`edit:${target.chatId}:${target.messageId}`, view), (progress) =>
        messenger.editView(target, view, progress),
      );
    },
  };
}

/** A stored {chatId, messageId} as numbers, or null when it is not one. */
export function telegramRef(ref: MessageRef): TelegramMessageRef | null {
  const chatId = Number(ref.chatId);
  const messageId = Number(ref.messageId);
  return Number.isSafeInteger(chatId) && Number.isSafeInteger(messageId) && messageId > 0
    ? { chatId, messageId }
    : null;
}
