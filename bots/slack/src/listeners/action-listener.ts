/**
 * Buttons: every button we render has an action_id starting with crm.btn. and the core's action in its value.
 * Ack at once; a button that opens a form gets its loading modal before anything slow (open-form.ts). Else
 * the core re-reads state and permissions; its answer replaces the message or follows it, and a click on the
 * Home tab refreshes the tab.
 */
import { type ChatInput, t } from '@crm-bridge/bot-core';
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { renderFormModal } from '../block-kit/render-form';
import { BUTTON_ACTION_PREFIX } from '../block-kit/render-view';
import { deliverReply, type OriginMessage } from '../reply-delivery';
import { bindSlackUser, languageFor, quickLanguage, slackPlace, slackUser } from '../slack-identity';
import { withRateLimitRetry } from '../web-api-client';
import { leadsToForm } from './form-intent';
import { publishHome } from './home-listener';
import { type ListenerDeps, logFailure } from './listener-deps';
import { openFormFromCore } from './open-form';

const BUTTON_PATTERN = new RegExp(`^${BUTTON_ACTION_PREFIX.replace(/\./g, '\\.')}`);

interface Container {
  type?: string;
  channel_id?: string;
  message_ts?: string;
  is_ephemeral?: boolean;
}

function originOf(body: BlockAction): OriginMessage | undefined {
  const container = body.container as Container | undefined;
  if (container?.type !== 'message' || !container.channel_id || !container.message_ts) return undefined;
  return {
    channel: container.channel_id,
    ts: container.message_ts,
    ephemeral: container.is_ephemeral === true,
  };
}

export function registerActionListener(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: BUTTON_PATTERN },
    async ({ body, action, ack, respond, client }) => {
      await ack();
      const onHome = body.view?.type === 'home';
      const respondFn = body.response_url ? respond : undefined;
      const input: ChatInput = { kind: 'action', data: action.value ?? '' };
      const place = slackPlace(body.channel?.id, body.user.id);
      let user = slackUser(body.user.id, body.team?.id);
      try {
        if (leadsToForm(input)) {
          await openFormFromCore(deps, {
            client,
            triggerId: body.trigger_id,
            userId: body.user.id,
            teamId: body.team?.id,
            place,
            input,
            listener: 'block_actions',
          });
          return;
        }
        const bound = await bindSlackUser(deps, client, user);
        user = bound.user;
        const reply = await deps.chatBot.handle({ user, place, input });
        if (reply.openForm) {
          // Not foreseen by leadsToForm: the trigger may still be fresh if the core was quick.
          const view = renderFormModal(reply.openForm, body.channel?.id, languageFor(bound.employee, user));
          await withRateLimitRetry(() => client.views.open({ trigger_id: body.trigger_id, view }), {
            maxWaitMs: 1000,
          });
        }
        if (onHome) {
          // The Home tab cannot hold a reply: it goes to the DM, and the tab shows the new state.
          await deliverReply(
            { ...reply, replaceOrigin: false },
            { client, userId: body.user.id, log: deps.log },
          );
          await publishHome(deps, client, body.user.id, body.team?.id);
          return;
        }
        await deliverReply(reply, {
          client,
          userId: body.user.id,
          respond: respondFn,
          origin: originOf(body),
          log: deps.log,
        });
      } catch (error) {
        logFailure(deps.log, 'block_actions', error);
        if (!respondFn) return;
        const text = t(await quickLanguage(deps, user), 'slack.failure');
        await respondFn({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
      }
    },
  );
}
