import { ConflictError, type TicketStatus } from '@crm-bridge/core';
import { formatTicketNumber, parseTicketNumber, ticketKey } from './ticket-number';
import { canTransition, checkTransition, transitionRefusal } from './ticket-transitions';

describe('ticket transitions', () => {
  it('allow the lifecycle forward, back from pending, and reopen', () => {
    const allowed: [TicketStatus, TicketStatus][] = [
      ['new', 'open'],
      ['open', 'pending'],
      ['pending', 'open'],
      ['pending', 'resolved'],
      ['resolved', 'closed'],
      ['resolved', 'open'],
      ['closed', 'open'],
      ['new', 'closed'],
    ];
    for (const [from, to] of allowed) expect(canTransition(from, to)).toBe(true);
  });

  it('refuse closed → pending with a reason, as a ConflictError', () => {
    expect(() => checkTransition('closed', 'pending')).toThrow(ConflictError);
    expect(() => checkTransition('closed', 'pending')).toThrow(
      'a closed ticket cannot become pending: reopen it (→ open) first',
    );
    try {
      checkTransition('closed', 'pending');
    } catch (error) {
      expect(error).toMatchObject({
        code: 'desk.invalid_transition',
        details: { from: 'closed', to: 'pending' },
      });
    }
  });

  it('say why other moves are refused', () => {
    expect(transitionRefusal('open', 'open')).toBe('the ticket is open already');
    expect(transitionRefusal('open', 'new')).toMatch(/never goes back to new/);
    expect(transitionRefusal('resolved', 'pending')).toMatch(/reopen it/);
    expect(transitionRefusal('closed', 'resolved')).toMatch(/reopen it/);
  });
});

describe('ticket numbers', () => {
  it('format and parse T-1042', () => {
    expect(formatTicketNumber(1042)).toBe('T-1042');
    expect(parseTicketNumber('T-1042')).toBe(1042);
    expect(parseTicketNumber(' t-7 ')).toBe(7);
    expect(parseTicketNumber('1042')).toBeNull();
    expect(parseTicketNumber('T-0')).toBeNull();
    expect(parseTicketNumber("T-1'; DROP TABLE tickets; --")).toBeNull();
  });

  it('read a reference as an id or a number', () => {
    expect(ticketKey('T-12')).toEqual({ number: 12 });
    expect(ticketKey('0F8FAD5B-D9CB-469F-A165-70867728950E')).toEqual({
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    });
    expect(ticketKey('nonsense')).toBeNull();
  });
});
