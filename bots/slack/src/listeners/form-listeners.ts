/**
 * Form modals: the customer pick searches as you type (options → ChatBot.suggestCustomers), and a submission
 * is acked at once with a "Saving…" view, handed to the core as a form, and the modal then shows the answer
 * (or the form again when the core asks for it, e.g. a field to fix).
 */
import { t } from '@crm-bridge/bot-core';
import type { App } from '@slack/bolt';
import { BLOCK_LIMITS } from '../block-kit/block-limits';
import { truncate } from '../block-kit/mrkdwn';
import {
  CUSTOMER_ACTION_ID,
  FORM_CALLBACK_ID,
  formValues,
  loadingModal,
  readFormMetadata,
  renderFormModal,
  resultModal,
  textBlock,
} from '../block-kit/render-form';
import { renderViewsBlocks } from '../block-kit/render-view';
import { quickLanguage, slackPlace, slackUser } from '../slack-identity';
import { withRateLimitRetry } from '../web-api-client';
import { type ListenerDeps, logFailure } from './listener-deps';

/** The options answer is the ack itself, so the search gets this long before an empty list is sent. */
const SUGGEST_BUDGET_MS = 2000;

export function registerFormListeners(app: App, deps: ListenerDeps): void {
  app.options(CUSTOMER_ACTION_ID, async ({ body, options, ack }) => {
    const user = slackUser(body.user.id, body.team?.id);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Array<{ value: string; label: string }>>((resolve) => {
      timer = setTimeout(() => resolve([]), SUGGEST_BUDGET_MS);
    });
    try {
      const query = (options.value ?? '').trim();
      const found =
        query === '' ? [] : await Promise.race([deps.chatBot.suggestCustomers(user, query), timeout]);
      await ack({
        options: found.slice(0, BLOCK_LIMITS.staticOptions).map((option) => ({
          text: { type: 'plain_text', text: truncate(option.label, BLOCK_LIMITS.optionText) },
          value: option.value,
        })),
      });
    } catch (error) {
      logFailure(deps.log, 'options', error);
      await ack({ options: [] });
    } finally {
      clearTimeout(timer);
    }
  });

  app.view(FORM_CALLBACK_ID, async ({ body, view, ack, client }) => {
    const metadata = readFormMetadata(view.private_metadata);
    const user = slackUser(body.user.id, body.team?.id);
    const lang = await quickLanguage(deps, user);
    if (metadata === null) {
      const stale = [textBlock(t(lang, 'slack.form_stale'))];
      await ack({ response_action: 'update', view: resultModal(t(lang, 'slack.app_title'), stale, lang) });
      return;
    }
    await ack({ response_action: 'update', view: loadingModal(view.title.text, 'slack.saving', lang) });
    try {
      const reply = await deps.chatBot.handle({
        user,
        place: slackPlace(metadata.place, body.user.id),
        input: {
          kind: 'form',
          form: metadata.form,
          values: { ...metadata.hidden, ...formValues(view.state) },
        },
      });
      const blocks = renderViewsBlocks(reply.messages, BLOCK_LIMITS.surfaceBlocks);
      const next = reply.openForm
        ? renderFormModal(reply.openForm, metadata.place, lang)
        : resultModal(view.title.text, blocks, lang);
      if (reply.openForm && blocks.length > 0) next.blocks = [...blocks, ...next.blocks].slice(0, 100);
      await withRateLimitRetry(() => client.views.update({ view_id: view.id, view: next }));
    } catch (error) {
      logFailure(deps.log, 'view_submission', error);
      const failed = resultModal(view.title.text, [textBlock(t(lang, 'slack.failure'))], lang);
      await client.views.update({ view_id: view.id, view: failed }).catch(() => undefined);
    }
  });
}
