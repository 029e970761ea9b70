/**
 * Opening a form from a trigger (command, button, shortcut): a loading modal goes up with the trigger at
 * once (it expires 3 s after the click), and only then does the slow work run (binding a new user through
 * users.info, the core); the modal is then swapped for the form, or for the core's answer, by views.update.
 */
import { type ChatForm, type ChatInput, type ChatPlace, type ChatReply, t } from '@crm-bridge/bot-core';
import type { ChatLanguage } from '@crm-bridge/core';
import type { webApi } from '@slack/bolt';
import { BLOCK_LIMITS } from '../block-kit/block-limits';
import { loadingModal, renderFormModal, resultModal, textBlock } from '../block-kit/render-form';
import { renderViewsBlocks } from '../block-kit/render-view';
import { bindSlackUser, languageFor, quickLanguage, slackUser } from '../slack-identity';
import { withRateLimitRetry } from '../web-api-client';
import { type ListenerDeps, logFailure } from './listener-deps';

export interface FormRequest {
  client: webApi.WebClient;
  triggerId: string;
  userId: string;
  teamId: string | undefined;
  place: ChatPlace;
  input: ChatInput;
  /** Names the listener in the log. */
  listener: string;
  /** Adjusts the core's form before it is shown (prefill, hidden values); may call Slack. */
  prepare?: (form: ChatForm) => Promise<ChatForm>;
}

/** The modal of a reply that brought no form: its messages (or notice), e.g. "not registered". */
function answerModal(reply: ChatReply, lang: ChatLanguage): ReturnType<typeof resultModal> {
  const blocks = renderViewsBlocks(reply.messages, BLOCK_LIMITS.surfaceBlocks);
  if (blocks.length === 0 && reply.notice) blocks.push(textBlock(reply.notice));
  return resultModal(t(lang, 'slack.app_title'), blocks, lang);
}

/**
 * Opens the loading modal, then runs the input through the core and shows its form (or answer) there.
 * Throws only when the loading modal cannot be opened; later failures show in the modal and are logged.
 */
export async function openFormFromCore(deps: ListenerDeps, request: FormRequest): Promise<void> {
  const { client } = request;
  const first = slackUser(request.userId, request.teamId);
  const early = await quickLanguage(deps, first);
  const opened = await client.views.open({
    trigger_id: request.triggerId,
    view: loadingModal(t(early, 'slack.app_title'), 'slack.loading', early),
  });
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open answered without a view id');
  let lang = early;
  try {
    const { employee, user } = await bindSlackUser(deps, client, first);
    lang = languageFor(employee, user);
    const reply = await deps.chatBot.handle({ user, place: request.place, input: request.input });
    const view = reply.openForm
      ? renderFormModal(
          request.prepare ? await request.prepare(reply.openForm) : reply.openForm,
          request.place.id,
          lang,
        )
      : answerModal(reply, lang);
    await withRateLimitRetry(() => client.views.update({ view_id: viewId, hash: opened.view?.hash, view }));
  } catch (error) {
    logFailure(deps.log, request.listener, error);
    const failed = resultModal(t(lang, 'slack.app_title'), [textBlock(t(lang, 'slack.failure'))], lang);
    await client.views.update({ view_id: viewId, view: failed }).catch(() => undefined);
  }
}
