/**
 * The App Home tab: on app_home_opened the core's own commands (my tickets, due reminders, my dormant
 * customers) are run and their views published together. Publishing is idempotent, so an event Slack
 * delivers twice costs a second publish and nothing else.
 */
import type { ChatReply } from '@crm-bridge/bot-core';
import type { App, types as slack, webApi } from '@slack/bolt';
import { BLOCK_LIMITS } from '../block-kit/block-limits';
import { renderViewsBlocks } from '../block-kit/render-view';
import { bindSlackUser, slackPlace, slackUser } from '../slack-identity';
import { withRateLimitRetry } from '../web-api-client';
import { type ListenerDeps, logFailure } from './listener-deps';

/** Builds and publishes one user's Home tab. */
export async function publishHome(
  deps: ListenerDeps,
  client: webApi.WebClient,
  userId: string,
  teamId?: string,
): Promise<void> {
  const { employee, user } = await bindSlackUser(deps, client, slackUser(userId, teamId));
  const place = slackPlace(null, userId);
  // An unbound user gets the core's one "not registered" answer, not three of them.
  const lines = employee !== null ? deps.lines.home : deps.lines.home.slice(0, 1);
  const replies: ChatReply[] = [];
  for (const text of lines)
    replies.push(await deps.chatBot.handle({ user, place, input: { kind: 'text', text } }));
  const view: slack.HomeView = {
    type: 'home',
    blocks: renderViewsBlocks(
      replies.flatMap((reply) => reply.messages),
      BLOCK_LIMITS.surfaceBlocks,
    ),
  };
  await withRateLimitRetry(() => client.views.publish({ user_id: userId, view }));
}

export function registerHomeListener(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    try {
      await publishHome(deps, client, event.user, (body as { team_id?: string }).team_id);
    } catch (error) {
      logFailure(deps.log, 'app_home_opened', error);
    }
  });
}
