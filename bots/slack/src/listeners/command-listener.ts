/**
 * `/crm <text>`: ack at once. A command that opens a form gets its loading modal before anything slow
 * (open-form.ts); any other is run through the core (binding a new user first) and answered via response_url.
 */
import { t } from '@crm-bridge/bot-core';
import type { App } from '@slack/bolt';
import { renderFormModal } from '../block-kit/render-form';
import { deliverReply } from '../reply-delivery';
import { bindSlackUser, languageFor, quickLanguage, slackPlace, slackUser } from '../slack-identity';
import { withRateLimitRetry } from '../web-api-client';
import { leadsToForm } from './form-intent';
import { type ListenerDeps, logFailure } from './listener-deps';
import { openFormFromCore } from './open-form';

/** The slash command this app registers (config/slack-manifest.yml). */
export const SLASH_COMMAND = '/crm';

export function registerCommandListener(app: App, deps: ListenerDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    const input = { kind: 'text', text: command.text.trim() || 'help' } as const;
    const place = slackPlace(command.channel_id, command.user_id);
    let user = slackUser(command.user_id, command.team_id);
    try {
      if (leadsToForm(input)) {
        await openFormFromCore(deps, {
          client,
          triggerId: command.trigger_id,
          userId: command.user_id,
          teamId: command.team_id,
          place,
          input,
          listener: 'command',
        });
        return;
      }
      const bound = await bindSlackUser(deps, client, user);
      user = bound.user;
      const reply = await deps.chatBot.handle({ user, place, input });
      if (reply.openForm) {
        // Not foreseen by leadsToForm: the trigger may still be fresh if the core was quick.
        const view = renderFormModal(reply.openForm, command.channel_id, languageFor(bound.employee, user));
        await withRateLimitRetry(() => client.views.open({ trigger_id: command.trigger_id, view }), {
          maxWaitMs: 1000,
        });
      }
      await deliverReply(reply, { client, userId: command.user_id, respond, log: deps.log });
    } catch (error) {
      logFailure(deps.log, 'command', error);
      const text = t(await quickLanguage(deps, user), 'slack.failure');
      await respond({ response_type: 'ephemeral', text }).catch(() => undefined);
    }
  });
}
