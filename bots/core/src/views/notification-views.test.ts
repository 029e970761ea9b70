import type { Employee } from '@crm-bridge/core';
import { decodeAction } from '../actions/action-codec';
import { t } from '../i18n/messages';
import { notificationView } from './notification-views';

const employee: Employee = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Anna',
  email: null,
  role: 'agent',
  slackUserId: null,
  telegramUserId: 1,
  slackTeamId: null,
  timeZone: 'Asia/Yekaterinburg',
  language: 'ru',
  notifyVia: 'telegram',
  telegramBlockedAt: null,
  active: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const ru = {
  t: (key: Parameters<typeof t>[1], vars?: Record<string, string | number>) => t('ru', key, vars),
  lang: 'ru' as const,
  zone: 'Asia/Yekaterinburg',
};
const ticket = {
  id: '22222222-2222-4222-8222-222222222222',
  number: 'T-7',
  subject: 'Pump',
  status: 'open',
  priority: 'high',
  channel: 'slack',
  customer: { id: '33333333-3333-4333-8333-333333333333', name: 'Romashka' },
  assignee: { id: employee.id, name: 'Anna' },
  firstResponseDueAt: null,
  resolutionDueAt: null,
};

describe('notification views', () => {
  it('shows a due reminder in the employee language and zone with Done and Snooze buttons', () => {
    const view = notificationView(
      ru,
      'reminder.due',
      {
        reminder: {
          id: '44444444-4444-4444-8444-444444444444',
          kind: 'manual',
          text: 'Позвонить',
          dueAt: '2026-08-25T05:00:00.000Z',
          owner: { id: employee.id, name: 'Anna' },
          customer: null,
          ticket: null,
        },
      },
      employee,
    );
    expect(view.summary).toBe('Напоминание: Позвонить');
    expect(JSON.stringify(view.blocks)).toContain('10:00');
    const verbs = view.buttons!.flat().map((b) => decodeAction(b.action)?.verb);
    expect(verbs).toEqual([
      'reminderDone',
      'reminderSnooze',
      'reminderSnooze',
      'reminderSnooze',
      'reminderCancel',
    ]);
    expect(view.subject).toEqual({ kind: 'reminder', id: '44444444-4444-4444-8444-444444444444' });
  });

  it('says a ticket was assigned to me, and names the SLA clock at risk', () => {
    const assigned = notificationView(
      ru,
      'ticket.updated',
      { ticket, change: 'assigned', changes: {}, actor: {} },
      employee,
    );
    expect(assigned.summary).toBe('Вам назначена заявка T-7: Pump');
    expect(decodeAction(assigned.buttons![0]![0]!.action)).toEqual({ verb: 'ticket', args: [7] });
    const risk = notificationView(
      ru,
      'ticket.sla_at_risk',
      { ticket, clock: 'resolution', dueAt: '2026-08-25T05:00:00.000Z', at: '' },
      employee,
    );
    expect(risk.summary).toContain('SLA под угрозой в T-7: решение');
  });

  it('shows a dormant customer with its reason and a card button', () => {
    const view = notificationView(
      ru,
      'customer.dormant',
      {
        customer: {
          id: ticket.customer.id,
          name: 'Romashka',
          lastOrderAt: null,
          reason: 'no order for 240 days',
          vip: false,
          segment: null,
        },
        owner: null,
        reminderId: null,
      },
      employee,
    );
    expect(view.summary).toBe('Romashka давно не заказывал: no order for 240 days');
    expect(decodeAction(view.buttons![0]![0]!.action)).toEqual({ verb: 'card', args: [ticket.customer.id] });
  });

  it('answers an unknown topic or a broken payload with a plain line', () => {
    expect(notificationView(ru, 'sync.failed', {}, employee).summary).toBe('Событие sync.failed');
    expect(notificationView(ru, 'reminder.due', null, employee).summary).toBe('Событие reminder.due');
  });
});
