/**
 * Puts a ChatReply in front of the user: through the request's response_url (respond, ephemeral, at most 5
 * uses) when there is one, else as a DM from the bot (chat.postMessage with the user id). A reply that
 * replaces the message whose button was pressed edits it in place (chat.update, or respond replace_original
 * for an ephemeral one).
 */
import type { ChatReply, ChatView } from '@crm-bridge/bot-core';
import type { Logger } from '@crm-bridge/core';
import type { RespondFn, webApi } from '@slack/bolt';
import { renderMessage } from './block-kit/render-view';
import { withRateLimitRetry } from './web-api-client';

/** response_url allows 5 uses; keep one spare for a later replace. */
const RESPOND_USES = 4;

/** The message a pressed button sits in. */
export interface OriginMessage {
  channel: string;
  ts: string;
  ephemeral: boolean;
}

export interface ReplyTarget {
  client: webApi.WebClient;
  /** The Slack user: DMs go to them. */
  userId: string;
  respond?: RespondFn | undefined;
  origin?: OriginMessage | undefined;
  log: Logger;
}

function viewOfNotice(notice: string): ChatView {
  return { blocks: [{ type: 'line', spans: [notice] }], summary: notice };
}

/** Sends every message of the reply; errors propagate to the listener's edge. */
export async function deliverReply(reply: ChatReply, target: ReplyTarget): Promise<void> {
  const views =
    reply.messages.length > 0 ? [...reply.messages] : reply.notice ? [viewOfNotice(reply.notice)] : [];
  const retry = {
    onWait: (waitMs: number) => target.log.warn({ waitMs }, 'Slack rate limit: waiting before a retry'),
  };
  let respondUses = 0;
  for (const [index, view] of views.entries()) {
    const message = renderMessage(view);
    if (index === 0 && reply.replaceOrigin && target.origin) {
      const { origin } = target;
      if (!origin.ephemeral) {
        await withRateLimitRetry(
          () => target.client.chat.update({ channel: origin.channel, ts: origin.ts, ...message }),
          retry,
        );
        continue;
      }
      if (target.respond) {
        respondUses += 1;
        await target.respond({ ...message, replace_original: true });
        continue;
      }
    }
    if (target.respond && respondUses < RESPOND_USES) {
      respondUses += 1;
      await target.respond({ ...message, response_type: 'ephemeral', replace_original: false });
      continue;
    }
    await withRateLimitRetry(
      () => target.client.chat.postMessage({ channel: target.userId, ...message }),
      retry,
    );
  }
}
