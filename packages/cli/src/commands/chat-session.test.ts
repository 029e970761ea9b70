import type { ChatBot, ChatRequest } from '@crm-bridge/bot-core';
import { ChatSession } from './chat-session';

/** A bot that records requests: "new" opens a one-field form, anything else answers with two buttons. */
function recordingBot(seen: ChatRequest['input'][]): ChatBot {
  return {
    async handle(request) {
      seen.push(request.input);
      if (request.input.kind === 'text' && request.input.text === 'new') {
        return {
          messages: [],
          openForm: {
            name: 'note',
            title: 'Add a note',
            submitLabel: 'Save',
            hidden: { profileId: 'p1' },
            fields: [{ id: 'body', label: 'Note', kind: 'multiline' }],
          },
        };
      }
      return {
        messages: [
          {
            summary: 'card',
            blocks: [{ type: 'line', spans: ['card'] }],
            buttons: [
              [
                { label: 'Orders', action: 'o:x:0' },
                { label: 'Timeline', action: 'l:x:0' },
              ],
            ],
          },
        ],
      };
    },
    employeeFor: async () => null,
    bindByEmail: async () => null,
    suggestCustomers: async () => [],
    notificationView: async () => ({ summary: '', blocks: [] }),
  };
}

describe('the terminal chat session', () => {
  it('presses the numbered button, asks a form field by field with its hidden values, and stops at quit', async () => {
    const seen: ChatRequest['input'][] = [];
    const answers = ['2', 'new', 'called them', 'quit'];
    const printed: string[] = [];
    const session = new ChatSession(recordingBot(seen), 'e1', {
      print: (text) => printed.push(text),
      ask: async () => answers.shift() ?? null,
    });
    await session.loop();
    expect(seen).toEqual([
      { kind: 'text', text: 'help' },
      { kind: 'action', data: 'l:x:0' },
      { kind: 'text', text: 'new' },
      { kind: 'form', form: 'note', values: { profileId: 'p1', body: 'called them' } },
    ]);
    expect(printed.join('\n')).toContain('[1] Orders  [2] Timeline');
    expect(answers).toEqual([]);
  });
});
