import type { ChatForm } from '@crm-bridge/bot-core';
import {
  CUSTOMER_ACTION_ID,
  formValues,
  loadingModal,
  readFormMetadata,
  renderFormModal,
  resultModal,
  VALUE_ACTION_ID,
} from './render-form';

const form: ChatForm = {
  name: 'ticket',
  title: 'Новая заявка для <Ромашка & Co> с длинным названием',
  submitLabel: 'Create',
  hidden: { chatThread: '{"channel":"slack","channelId":"C1","ts":"1.2"}' },
  fields: [
    { id: 'customer', label: 'Customer', kind: 'customer', optional: true, hint: 'a name or phone' },
    { id: 'subject', label: 'Subject', kind: 'text' },
    {
      id: 'description',
      label: 'Description',
      kind: 'multiline',
      optional: true,
      initial: 'from <msg> & more',
    },
    {
      id: 'priority',
      label: 'Priority',
      kind: 'select',
      initial: 'normal',
      options: [
        { value: 'low', label: 'Low' },
        { value: 'normal', label: 'Normal' },
      ],
    },
    { id: 'when', label: 'When', kind: 'when', hint: 'e.g. tomorrow 10am' },
  ],
};

describe('form modals', () => {
  const modal = renderFormModal(form, 'C0SALES', 'en');

  it('makes one input per field, keyed by the field id, with the right element', () => {
    expect(modal.callback_id).toBe('crm_form');
    expect(
      modal.blocks.map((block) => [block.block_id, (block as { element: { type: string } }).element.type]),
    ).toEqual([
      ['customer', 'external_select'],
      ['subject', 'plain_text_input'],
      ['description', 'plain_text_input'],
      ['priority', 'static_select'],
      ['when', 'plain_text_input'],
    ]);
    expect(modal.blocks[0]).toMatchObject({
      optional: true,
      element: { action_id: CUSTOMER_ACTION_ID, min_query_length: 1 },
    });
    expect(modal.blocks[2]).toMatchObject({
      element: { multiline: true, initial_value: 'from <msg> & more' },
    });
    expect(modal.blocks[3]).toMatchObject({ element: { initial_option: { value: 'normal' } } });
  });

  it('keeps the title within 24 characters, as plain text', () => {
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(modal.title.type).toBe('plain_text');
  });

  it('round-trips the form name, hidden values and place through private_metadata', () => {
    expect(readFormMetadata(modal.private_metadata)).toEqual({
      form: 'ticket',
      hidden: form.hidden,
      place: 'C0SALES',
    });
    expect(readFormMetadata('{"form":"drop table","hidden":{}}')).toBeNull();
    expect(readFormMetadata('not json')).toBeNull();
    expect(readFormMetadata(undefined)).toBeNull();
  });

  it('refuses hidden values too big for private_metadata instead of sending a modal Slack would reject', () => {
    expect(() => renderFormModal({ ...form, hidden: { big: 'x'.repeat(3000) } }, undefined, 'en')).toThrow(
      /3000/,
    );
  });

  it('labels its own buttons in the employee’s language', () => {
    expect(modal.close).toEqual({ type: 'plain_text', text: 'Cancel', emoji: false });
    expect(renderFormModal(form, undefined, 'ru').close?.text).toBe('Отменить');
    expect(loadingModal('CRM Bridge', 'slack.saving', 'ru')).toMatchObject({
      close: { text: 'Закрыть' },
      blocks: [{ type: 'section', text: { text: 'Сохраняю…' } }],
    });
    expect(resultModal('Заявка', [], 'ru').blocks).toEqual([
      { type: 'section', text: { type: 'plain_text', text: 'Готово.', emoji: false } },
    ]);
  });

  it('reads a submission back into values by field id, leaving out empty inputs', () => {
    expect(
      formValues({
        values: {
          customer: { [CUSTOMER_ACTION_ID]: { type: 'external_select', selected_option: { value: 'p-1' } } },
          subject: { [VALUE_ACTION_ID]: { type: 'plain_text_input', value: 'Broken <pallet>' } },
          description: { [VALUE_ACTION_ID]: { type: 'plain_text_input', value: null } },
          priority: { [VALUE_ACTION_ID]: { type: 'static_select', selected_option: { value: 'low' } } },
          when: { [VALUE_ACTION_ID]: { type: 'plain_text_input', value: '   ' } },
        },
      }),
    ).toEqual({ customer: 'p-1', subject: 'Broken <pallet>', priority: 'low' });
  });
});
