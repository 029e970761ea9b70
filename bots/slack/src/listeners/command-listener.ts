/** `/crm <text>`: ack at once, bind the user if needed, run the text through the core, answer via response_url. */
import type { App } from '@slack/bolt';
import { renderFormModal } from '../block-kit/render-form';
import { deliverReply } from '../reply-delivery';
import { bindSlackUser, slackPlace, slackUser } from '../slack-identity';
import { withRateLimitRetry } from '../web-api-client';
import { FAILURE_TEXT, type ListenerDeps, logFailure } from './listener-deps';

/** The slash command this app registers (config/slack-manifest.yml). */
export const SLASH_COMMAND = '/crm';

export function registerCommandListener(app: App, deps: ListenerDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    try {
      const user = slackUser(command.user_id, command.team_id);
      await bindSlackUser(deps, client, user);
      const reply = await deps.chatBot.handle({
        user,
        place: slackPlace(command.channel_id, command.user_id),
        input: { kind: 'text', text: command.text.trim() || 'help' },
      });
      if (reply.openForm) {
        // The trigger lives 3 s from the command; the core answered first, so open it now.
        const view = renderFormModal(reply.openForm, command.channel_id);
        await withRateLimitRetry(() => client.views.open({ trigger_id: command.trigger_id, view }), {
          maxWaitMs: 1000,
        });
      }
      await deliverReply(reply, { client, userId: command.user_id, respond, log: deps.log });
    } catch (error) {
      logFailure(deps.log, 'command', error);
      await respond({ response_type: 'ephemeral', text: FAILURE_TEXT }).catch(() => undefined);
    }
  });
}
