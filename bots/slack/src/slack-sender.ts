/**
 * The Slack ChatSender: a notification is a DM from the bot (chat.postMessage with the employee's Slack user id
 * as channel). Slack's answers map onto the drain's outcomes: a 429 → retry after Retry-After; an employee
 * Slack cannot reach → unreachable (the notification waits); a network failure or 5xx → retry; any other
 * platform error → failed.
 */
import type { ChatEmployeeFields, ChatSender, ChatView, MessageRef, SendOutcome } from '@crm-bridge/bot-core';
import type { Employee } from '@crm-bridge/core';
import { webApi } from '@slack/bolt';
import { renderMessage } from './block-kit/render-view';
import { platformErrorCode, rateLimitDelayMs } from './web-api-client';

/** Platform errors that mean "this person cannot get a DM now" (not bound, gone, deactivated). */
const UNREACHABLE = new Set([
  'users_not_found',
  'user_not_found',
  'channel_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'is_archived',
  'not_in_channel',
]);

/** Delay before retrying after a network failure or an HTTP 5xx. */
const TRANSIENT_RETRY_MS = 30_000;

export interface SlackSender extends ChatSender {
  channel: 'slack';
  /** Edits a message this sender sent ({ channel, ts } from `send`), e.g. a reminder marked done. */
  edit(ref: MessageRef, view: ChatView): Promise<SendOutcome>;
}

/** The outcome a failed Web API call stands for. */
export function sendFailure(error: unknown): Exclude<SendOutcome, { kind: 'sent' }> {
  const waitMs = rateLimitDelayMs(error);
  if (waitMs !== null) return { kind: 'retry', afterMs: waitMs, reason: 'slack rate limited (429)' };
  const code = platformErrorCode(error);
  if (code !== null) {
    return UNREACHABLE.has(code)
      ? { kind: 'unreachable', reason: `slack: ${code}` }
      : { kind: 'failed', reason: `slack: ${code}` };
  }
  if (error instanceof webApi.WebAPIHTTPError && error.statusCode < 500)
    return { kind: 'failed', reason: `slack: HTTP ${error.statusCode}` };
  const reason = error instanceof Error ? `slack: ${error.name}` : 'slack: request failed';
  return { kind: 'retry', afterMs: TRANSIENT_RETRY_MS, reason };
}

/** A sender over `client` (made with webClientOptions: a timeout and 429s thrown, not waited out). */
export function createSlackSender(client: webApi.WebClient): SlackSender {
  return {
    channel: 'slack',
    reachable: (employee: Employee & ChatEmployeeFields) => employee.active && employee.slackUserId !== null,
    async send(employee, view) {
      if (!employee.active || employee.slackUserId === null)
        return { kind: 'unreachable', reason: 'no Slack user bound' };
      try {
        const answer = await client.chat.postMessage({
          channel: employee.slackUserId,
          ...renderMessage(view),
        });
        if (!answer.channel || !answer.ts)
          return { kind: 'failed', reason: 'slack: no channel/ts in the answer' };
        return { kind: 'sent', ref: { channel: answer.channel, ts: answer.ts } };
      } catch (error) {
        return sendFailure(error);
      }
    },
    async edit(ref, view) {
      const { channel, ts } = ref;
      if (typeof channel !== 'string' || typeof ts !== 'string')
        return { kind: 'failed', reason: 'not a Slack message reference' };
      try {
        await client.chat.update({ channel, ts, ...renderMessage(view) });
        return { kind: 'sent', ref: { channel, ts } };
      } catch (error) {
        return sendFailure(error);
      }
    },
  };
}
