import { encodeAction } from '@crm-bridge/bot-core';
import { leadsToForm } from './form-intent';

const text = (line: string) => leadsToForm({ kind: 'text', text: line });
const UUID = '0b5e3c1a-8f2d-4c6e-9a7b-1d2e3f4a5b6c';

describe('which inputs open a form (and so get a loading modal first)', () => {
  it('knows the form commands, in English and Russian', () => {
    expect(text('ticket new')).toBe(true);
    expect(text('ticket NEW Romashka')).toBe(true);
    expect(text('заявка новая')).toBe(true);
    expect(text('remind')).toBe(true);
    expect(text('напомни')).toBe(true);
    expect(text('note Romashka')).toBe(true);
  });

  it('leaves every other command to the chat answer', () => {
    expect(text('ticket T-12')).toBe(false);
    expect(text('ticket')).toBe(false);
    expect(text('tickets')).toBe(false);
    expect(text('remind tomorrow 10am call them')).toBe(false);
    expect(text('note')).toBe(false);
    expect(text('find new')).toBe(false);
    expect(text('Romashka')).toBe(false);
    expect(text('')).toBe(false);
  });

  it('knows the buttons whose answer is a form, and refuses junk', () => {
    expect(leadsToForm({ kind: 'action', data: encodeAction('ticketNew', null) })).toBe(true);
    expect(leadsToForm({ kind: 'action', data: encodeAction('reminderNew', UUID) })).toBe(true);
    expect(leadsToForm({ kind: 'action', data: encodeAction('note', UUID) })).toBe(true);
    expect(leadsToForm({ kind: 'action', data: encodeAction('ticketComment', 12) })).toBe(true);
    expect(leadsToForm({ kind: 'action', data: encodeAction('card', UUID) })).toBe(false);
    expect(leadsToForm({ kind: 'action', data: encodeAction('reminderDone', UUID) })).toBe(false);
    expect(leadsToForm({ kind: 'action', data: 'zz:not-an-action' })).toBe(false);
  });
});
