import type { ChatView } from '../chat-contract';
import { plainText, renderPlain, renderPlainForm } from './plain-renderer';

const NAME = '<b>Tom & Jerry</b> _under_ *star* 1.2.';

describe('the plain (terminal) renderer', () => {
  it('prints names with < & _ * . exactly as written, and numbers every button in order', () => {
    const view: ChatView = {
      summary: NAME,
      blocks: [
        { type: 'heading', text: NAME },
        { type: 'fields', fields: [{ label: 'Owner', value: [{ bold: NAME }] }] },
        {
          type: 'list',
          items: [[{ code: '#1' }, ' ', { link: NAME, url: 'https://odoo.example.com/odoo/contacts/1' }]],
        },
        { type: 'context', spans: [{ italic: 'hidden' }] },
      ],
      buttons: [
        [
          { label: 'Orders', action: 'o:a:0' },
          { label: NAME, action: 'c:a' },
        ],
        [{ label: 'Done', action: 'rd:a' }],
      ],
    };
    const plain = renderPlain(view, { firstNumber: 3 });
    expect(plain.text).toContain(`${NAME}\n───`);
    expect(plain.text).toContain(`Owner: ${NAME}`);
    expect(plain.text).toContain(`  • #1 ${NAME} <https://odoo.example.com/odoo/contacts/1>`);
    expect(plain.text).toContain(`[3] Orders  [4] ${NAME}\n[5] Done`);
    expect(plain.choices).toEqual([
      { number: 3, label: 'Orders', action: 'o:a:0' },
      { number: 4, label: NAME, action: 'c:a' },
      { number: 5, label: 'Done', action: 'rd:a' },
    ]);
  });

  it('shows terminal control characters instead of obeying them', () => {
    expect(plainText('Evil\u001b[2J\u0007Co\rX')).toBe('Evil\\u001b[2J\\u0007Co\\u000dX');
    expect(plainText('line\nbreak\tkept')).toBe('line\nbreak\tkept');
  });

  it('asks a form field with its options, hint, default and whether it may be left empty', () => {
    const prompt = renderPlainForm(
      {
        name: 'ticket',
        title: 'New ticket',
        submitLabel: 'Create',
        hidden: {},
        fields: [
          {
            id: 'priority',
            label: 'Priority',
            kind: 'select',
            initial: 'normal',
            optional: true,
            options: [{ value: 'high', label: 'high' }],
          },
        ],
      },
      0,
    );
    expect(prompt).toBe('Priority (high = high) [normal] (optional): ');
  });
});
