import type { Employee, Logger } from '@crm-bridge/core';
import { fanOutEvents } from '@crm-bridge/desk';
import { type Db, findEmployee } from '@crm-bridge/store';
import type { ChatSender, ChatView, SendOutcome } from '../chat-contract';
import { type ChatRateGuard, sharedChatRateGuard } from './chat-rate-guard';
import { type ChatRetryPolicy, chatRetryDelay, defaultChatRetryPolicy, failureReason } from './chat-retry';
import {
  type ClaimedNotification,
  claimDueNotifications,
  recordFailed,
  recordRetry,
  recordSent,
  recordWaiting,
  releaseNotifications,
} from './notification-queue';

/** What a drain pass needs: the platforms' senders and the view of each event (ChatBot.notificationView). */
export interface ChatNotificationDeps {
  /** One sender per channel; notifications of a channel without a sender stay queued for a process that has one. */
  senders: readonly ChatSender[];
  /** The message of an event for one employee, in their language, with the buttons to act on it. */
  view: (topic: string, payload: unknown, employee: Employee) => Promise<ChatView>;
  /** Any pino-style logger. */
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The clock, for tests that step time. @defaultValue () => new Date() */
  now?: () => Date;
  /** Outbox events published, and notifications claimed, per pass. @defaultValue 50 */
  batchSize?: number;
  /** How long a claim holds a notification; longer than any send (senders time out on their own). @defaultValue 120000 */
  leaseMs?: number;
  /** Paces sends per chat and channel. @defaultValue {@link sharedChatRateGuard} */
  rateGuard?: ChatRateGuard;
  /** A send that would wait longer than this for its chat goes back to the queue until then. @defaultValue 5000 */
  maxWaitMs?: number;
  /** @defaultValue {@link defaultChatRetryPolicy} */
  retry?: Partial<ChatRetryPolicy>;
  /** Publish unpublished outbox events (to webhooks and chat) before sending. @defaultValue true */
  publish?: boolean;
  /** @defaultValue setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

/** What one pass did. */
export interface ChatDrainResult {
  /** Outbox events published. */
  published: number;
  /** Notifications claimed (each ends sent, retried, waiting, failed or handed back). */
  claimed: number;
  sent: number;
  /** Due again later: a 429, a network error, or paced back by the rate guard. */
  retried: number;
  /** The employee turned out unreachable: waits for wakeWaitingNotifications. */
  waiting: number;
  failed: number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The chat a sender writes to for an employee: the Slack user (a DM) or the Telegram user. */
function chatOf(employee: Employee, channel: 'slack' | 'telegram'): string {
  return String(channel === 'slack' ? employee.slackUserId : employee.telegramUserId);
}

/**
 * One pass of chat notifications: publishes the outbox, claims what is due, sends each through the sender
 * of its channel (one chat's notifications in event order, chats side by side, paced by the rate guard)
 * and records the outcome. A notification is sent at most once however many drainers run: each is
 * claimed by one, and every outcome is written only while that claim holds. This is the one-pass function
 * the duties of packages/queue run on a schedule (in the worker, and in serve without Redis).
 */
export async function drainChatNotifications(db: Db, deps: ChatNotificationDeps): Promise<ChatDrainResult> {
  const now = deps.now ?? (() => new Date());
  const batchSize = deps.batchSize ?? 50;
  const guard = deps.rateGuard ?? sharedChatRateGuard;
  const maxWaitMs = deps.maxWaitMs ?? 5000;
  const retry: ChatRetryPolicy = { ...defaultChatRetryPolicy, ...deps.retry };
  const sleep = deps.sleep ?? wait;
  const { log } = deps;
  const senders = new Map(deps.senders.map((sender) => [sender.channel, sender]));
  const result: ChatDrainResult = { published: 0, claimed: 0, sent: 0, retried: 0, waiting: 0, failed: 0 };

  if (deps.publish ?? true) result.published = await fanOutEvents(db, { now: now(), batchSize });
  const claimed = await claimDueNotifications(db, {
    now: now(),
    limit: batchSize,
    leaseMs: deps.leaseMs ?? 120_000,
    channels: [...senders.keys()],
  });
  result.claimed = claimed.length;
  if (claimed.length === 0) return result;

  const employees = new Map<string, Employee | null>();
  for (const id of new Set(claimed.map((row) => row.employeeId)))
    employees.set(id, await findEmployee(db, id));

  /** Sends one notification and records what happened; returns when its chat must pause, or null. */
  async function deliver(row: ClaimedNotification): Promise<{ until: number; tried: boolean } | null> {
    const context = { notificationId: row.id, channel: row.channel, topic: row.topic, attempt: row.attempt };
    const employee = employees.get(row.employeeId);
    if (!employee?.active) {
      await recordFailed(db, row, 'the employee is deactivated');
      result.failed += 1;
      log.warn({ ...context, employeeId: row.employeeId }, 'chat notification dropped: employee deactivated');
      return null;
    }
    const sender = senders.get(row.channel)!;
    if (!sender.reachable(employee)) {
      await recordWaiting(db, row, `not reachable on ${row.channel}`);
      result.waiting += 1;
      return null;
    }
    const chat = chatOf(employee, row.channel);
    const delay = guard.delayFor(row.channel, chat);
    if (delay > maxWaitMs) return { until: now().getTime() + delay, tried: false };
    await sleep(guard.reserve(row.channel, chat));

    let outcome: SendOutcome;
    let view: ChatView | undefined;
    try {
      view = await deps.view(row.topic, row.payload, employee);
      outcome = await sender.send(employee, view);
    } catch (error) {
      const reason = failureReason(error);
      const delayMs = chatRetryDelay(retry, row.attempt);
      if (delayMs === null) {
        await recordFailed(db, row, reason);
        result.failed += 1;
        log.error({ ...context, error: reason }, 'chat notification failed for the last time');
      } else {
        await recordRetry(db, row, new Date(now().getTime() + delayMs), reason);
        result.retried += 1;
        log.warn(
          { ...context, error: reason, retryInMs: delayMs },
          'chat notification send threw; will retry',
        );
      }
      return null;
    }
    switch (outcome.kind) {
      case 'sent':
        if (await recordSent(db, row, { ref: outcome.ref, subject: view.subject, at: now() })) {
          result.sent += 1;
          log.info({ ...context, employeeId: employee.id }, 'chat notification sent');
        } else {
          log.warn(context, 'chat notification sent after its claim ran out');
        }
        return null;
      case 'retry':
        guard.holdChat(row.channel, chat, outcome.afterMs);
        await recordRetry(db, row, new Date(now().getTime() + outcome.afterMs), outcome.reason);
        result.retried += 1;
        log.warn({ ...context, retryInMs: outcome.afterMs }, 'chat platform asked to retry later');
        return { until: now().getTime() + outcome.afterMs, tried: true };
      case 'unreachable':
        await recordWaiting(db, row, outcome.reason);
        result.waiting += 1;
        log.info({ ...context, employeeId: employee.id, reason: outcome.reason }, 'chat notification waits');
        return null;
      case 'failed':
        await recordFailed(db, row, outcome.reason);
        result.failed += 1;
        log.warn({ ...context, reason: outcome.reason }, 'chat notification refused by the platform');
        return null;
    }
  }

  /** One chat's notifications in event order; once the chat must pause, the rest go back to the queue. */
  async function sendInOrder(rows: ClaimedNotification[]): Promise<void> {
    for (const [index, row] of rows.entries()) {
      const pause = await deliver(row);
      if (pause === null) continue;
      // A 429 recorded this row's retry itself; a pacing pause left it untried, so it goes back too.
      const untried = rows.slice(pause.tried ? index + 1 : index);
      await releaseNotifications(db, untried, new Date(pause.until));
      result.retried += untried.length;
      return;
    }
  }

  const byChat = new Map<string, ClaimedNotification[]>();
  for (const row of claimed) {
    const key = `${row.channel}:${row.employeeId}`;
    byChat.set(key, [...(byChat.get(key) ?? []), row]);
  }
  const settled = await Promise.allSettled([...byChat.values()].map(sendInOrder));
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return result;
}
