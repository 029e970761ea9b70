/**
 * ChatForm ⇄ Slack modal. The form name and its hidden values ride in private_metadata; each field is an
 * input block whose block_id is the field id, so a submission maps straight back to `values` and an error
 * for a field can be shown under it.
 */
import { type ChatForm, type ChatFormField, type ChatFormName, t } from '@crm-bridge/bot-core';
import type { ChatLanguage } from '@crm-bridge/core';
import type { types as slack } from '@slack/bolt';
import { BLOCK_LIMITS } from './block-limits';
import { truncate } from './mrkdwn';

/** callback_id of every form modal (one view_submission listener). */
export const FORM_CALLBACK_ID = 'crm_form';
/** action_id of a customer pick: the `options` listener answers it with ChatBot.suggestCustomers. */
export const CUSTOMER_ACTION_ID = 'crm.customer';
/** action_id of every other input element. */
export const VALUE_ACTION_ID = 'crm.value';

const FORM_NAMES: readonly ChatFormName[] = ['ticket', 'reminder', 'note'];

/** What a modal carries in private_metadata. */
export interface FormMetadata {
  form: ChatFormName;
  hidden: Record<string, string>;
  /** Where the form was opened from (a channel id), so the answer can go back there. */
  place?: string;
}

function isFormMetadata(value: unknown): value is FormMetadata {
  if (typeof value !== 'object' || value === null) return false;
  const { form, hidden, place } = value as Record<string, unknown>;
  return (
    FORM_NAMES.includes(form as ChatFormName) &&
    typeof hidden === 'object' &&
    hidden !== null &&
    Object.values(hidden).every((entry) => typeof entry === 'string') &&
    (place === undefined || typeof place === 'string')
  );
}

function plain(text: string, max: number): slack.PlainTextElement {
  return { type: 'plain_text', text: truncate(text || ' ', max), emoji: false };
}

function element(field: ChatFormField): slack.InputBlockElement {
  switch (field.kind) {
    case 'customer':
      return {
        type: 'external_select',
        action_id: CUSTOMER_ACTION_ID,
        min_query_length: 1,
        placeholder: plain(field.hint ?? field.label, 150),
        ...(field.initial
          ? { initial_option: { text: plain(field.initial, BLOCK_LIMITS.optionText), value: field.initial } }
          : {}),
      };
    case 'select': {
      const options = (field.options ?? []).slice(0, BLOCK_LIMITS.staticOptions).map((option) => ({
        text: plain(option.label, BLOCK_LIMITS.optionText),
        value: option.value,
      }));
      const initial = options.find((option) => option.value === field.initial);
      return {
        type: 'static_select',
        action_id: VALUE_ACTION_ID,
        options,
        ...(initial ? { initial_option: initial } : {}),
      };
    }
    default:
      return {
        type: 'plain_text_input',
        action_id: VALUE_ACTION_ID,
        multiline: field.kind === 'multiline',
        ...(field.initial ? { initial_value: field.initial.slice(0, 3000) } : {}),
        ...(field.kind === 'when' && field.hint ? { placeholder: plain(field.hint, 150) } : {}),
      };
  }
}

function inputBlock(field: ChatFormField): slack.InputBlock {
  return {
    type: 'input',
    block_id: field.id,
    label: plain(field.label, 2000),
    element: element(field),
    optional: field.optional === true,
    ...(field.hint && field.kind !== 'when' && field.kind !== 'customer'
      ? { hint: plain(field.hint, 2000) }
      : {}),
  };
}

/** The modal of a form; `place` is where it was opened from, `lang` the language of its own buttons. */
export function renderFormModal(
  form: ChatForm,
  place: string | undefined,
  lang: ChatLanguage,
): slack.ModalView {
  const metadata: FormMetadata = { form: form.name, hidden: form.hidden, ...(place ? { place } : {}) };
  const privateMetadata = JSON.stringify(metadata);
  if (privateMetadata.length > BLOCK_LIMITS.privateMetadata)
    throw new RangeError(
      `The ${form.name} form's hidden values exceed Slack's 3000-character private_metadata`,
    );
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: plain(form.title, BLOCK_LIMITS.modalTitle),
    submit: plain(form.submitLabel, BLOCK_LIMITS.modalTitle),
    close: plain(t(lang, 'button.cancel'), BLOCK_LIMITS.modalTitle),
    private_metadata: privateMetadata,
    blocks: form.fields.slice(0, BLOCK_LIMITS.surfaceBlocks).map(inputBlock),
  };
}

/** A modal that says it is loading: opened at once with the trigger, then replaced by views.update. */
export function loadingModal(
  title: string,
  text: 'slack.loading' | 'slack.saving',
  lang: ChatLanguage,
): slack.ModalView {
  return {
    type: 'modal',
    title: plain(title, BLOCK_LIMITS.modalTitle),
    close: plain(t(lang, 'button.close'), BLOCK_LIMITS.modalTitle),
    blocks: [{ type: 'section', text: plain(t(lang, text), BLOCK_LIMITS.sectionText) }],
  };
}

/** The shape of view.state.values Slack sends with a submission. */
type StateValues = Record<
  string,
  Record<string, { type?: string; value?: string | null; selected_option?: { value: string } | null }>
>;

/** The submitted values by field id; an empty or cleared input is left out. */
export function formValues(state: { values: StateValues } | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(state?.values ?? {})) {
    for (const action of Object.values(actions)) {
      const value = action.selected_option?.value ?? action.value ?? undefined;
      if (typeof value === 'string' && value.trim() !== '') values[blockId] = value;
    }
  }
  return values;
}

/** Reads private_metadata back; a modal we did not make (or tampered JSON) gives null. */
export function readFormMetadata(privateMetadata: string | undefined): FormMetadata | null {
  try {
    const parsed: unknown = JSON.parse(privateMetadata ?? '');
    return isFormMetadata(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** A modal that shows the core's answer (a created ticket, a refusal), with only a Close button. */
export function resultModal(title: string, blocks: slack.KnownBlock[], lang: ChatLanguage): slack.ModalView {
  return {
    type: 'modal',
    title: plain(title, BLOCK_LIMITS.modalTitle),
    close: plain(t(lang, 'button.close'), BLOCK_LIMITS.modalTitle),
    blocks: blocks.length > 0 ? blocks : [textBlock(t(lang, 'slack.done'))],
  };
}

/** One plain-text section: a notice in a modal. */
export function textBlock(text: string): slack.SectionBlock {
  return { type: 'section', text: plain(text, BLOCK_LIMITS.sectionText) };
}
