import { ForbiddenError } from '@crm-bridge/core';
import { z } from 'zod';
import { at, customer, DAY, HOUR, settings, team, useDeskDb } from '../desk-fixture.test-support';
import { setEmployeeChat } from '../employees/employees';
import { emitEvent } from '../events';
import { dormantSweep } from '../reminders/dormant-sweep';
import { reminderDueSweep } from '../reminders/reminder-sweep';
import { createReminder } from '../reminders/reminders';
import { slaSweep } from '../tickets/sla-sweep';
import { assignTicket } from '../tickets/ticket-assign';
import { createTicket } from '../tickets/tickets';
import { fanOutEvents } from '../webhooks/delivery-queue';
import { fanOutChatNotifications } from './chat-fan-out';
import { bindChat, chatNotificationRows } from './chat-notifications.test-support';
import { wakeWaitingNotifications } from './chat-wake';

describe.each(['pglite', 'postgres'] as const)('chat notification fan-out on %s', (driver) => {
  const db = useDeskDb(driver);
  // Outbox rows become available at the real clock's now(), so publishing runs at a real moment after it.
  const publish = (now = new Date(Date.now() + 1000)) => fanOutEvents(db(), { now, batchSize: 100 });

  it('a due reminder goes to its owner on each reachable channel of notify_via; waits on each only when none is', async () => {
    const { agent, other, admin } = await team(db());
    await bindChat(db(), agent.id!, { slack: 'UANNA01' });
    await bindChat(db(), other.id!, { telegram: 42, notifyVia: 'telegram' });
    await createReminder(db(), agent, { text: 'Call ACME', dueAt: at(HOUR) }, { now: at(0) });
    await createReminder(db(), other, { text: 'Call Initech', dueAt: at(HOUR) }, { now: at(0) });
    await createReminder(db(), other, { text: 'Not yet', dueAt: at(3 * DAY) }, { now: at(0) });
    await createReminder(db(), admin, { text: 'Call Umbrella', dueAt: at(HOUR) }, { now: at(0) });
    await reminderDueSweep(db(), at(2 * HOUR));
    const publishedAt = new Date(Date.now() + 1000);
    expect(await publish(publishedAt)).toBe(3);
    expect(await chatNotificationRows(db())).toEqual([
      { employee: 'Ada Admin', channel: 'slack', topic: 'reminder.due', status: 'waiting' },
      { employee: 'Ada Admin', channel: 'telegram', topic: 'reminder.due', status: 'waiting' },
      { employee: 'Anna Agent', channel: 'slack', topic: 'reminder.due', status: 'pending' },
      { employee: 'Boris Agent', channel: 'telegram', topic: 'reminder.due', status: 'pending' },
    ]);
    const [due] = await db().query<{ next_attempt_at: Date }>(
      `SELECT next_attempt_at FROM chat_notifications WHERE status = 'pending' LIMIT 1`,
    );
    expect(due!.next_attempt_at).toEqual(publishedAt);
    // Published once: a second pass finds nothing, and fanning the same events out again adds no row.
    expect(await publish()).toBe(0);
    const events = await db().query<{ id: number; topic: string; payload: unknown }>(
      'SELECT id, topic, payload FROM outbox',
    );
    expect(await fanOutChatNotifications(db(), events, at(DAY))).toBe(0);
    expect(await chatNotificationRows(db())).toHaveLength(4);
  });

  it('a ticket assigned to someone by another notifies the new assignee; taking it yourself does not', async () => {
    const { manager, agent, other } = await team(db());
    const first = await createTicket(db(), manager, { subject: 'Broken invoice' }, settings, { now: at(0) });
    const second = await createTicket(db(), manager, { subject: 'Lost parcel' }, settings, { now: at(0) });
    await createTicket(db(), manager, { subject: 'Refund', assigneeId: other.id! }, settings, { now: at(0) });
    await createTicket(db(), agent, { subject: 'Mine', assigneeId: agent.id! }, settings, { now: at(0) });
    await assignTicket(db(), manager, first.ref, agent.id!, { now: at(HOUR) });
    await assignTicket(db(), other, second.ref, other.id!, { now: at(HOUR) });
    await assignTicket(db(), manager, first.ref, null, { now: at(2 * HOUR) });
    expect(await publish()).toBe(7);
    expect(await chatNotificationRows(db())).toEqual([
      { employee: 'Anna Agent', channel: 'slack', topic: 'ticket.updated', status: 'waiting' },
      { employee: 'Anna Agent', channel: 'telegram', topic: 'ticket.updated', status: 'waiting' },
      { employee: 'Boris Agent', channel: 'slack', topic: 'ticket.created', status: 'waiting' },
      { employee: 'Boris Agent', channel: 'telegram', topic: 'ticket.created', status: 'waiting' },
    ]);
  });

  it('SLA risk and breach go to the assignee, or to the active managers when nobody has the ticket', async () => {
    const { manager, agent } = await team(db());
    await db().query(`INSERT INTO employees (name, role, active) VALUES ('Old Manager', 'manager', false)`);
    await bindChat(db(), manager.id!, { slack: 'UMAX0001', notifyVia: 'slack' });
    await bindChat(db(), agent.id!, { telegram: 7, notifyVia: 'telegram' });
    await createTicket(db(), manager, { subject: 'Nobody has it', priority: 'urgent' }, settings, {
      now: at(0),
    });
    await createTicket(
      db(),
      manager,
      { subject: 'Anna has it', priority: 'urgent', assigneeId: agent.id! },
      settings,
      {
        now: at(0),
      },
    );
    await db().query('DELETE FROM outbox');
    const swept = await slaSweep(db(), at(DAY));
    expect(swept.breached).toBeGreaterThan(0);
    await publish();
    const rows = await chatNotificationRows(db());
    expect(new Set(rows.map((row) => `${row.employee} ${row.channel} ${row.status}`))).toEqual(
      new Set(['Max Manager slack pending', 'Anna Agent telegram pending']),
    );
    // Two tickets × their clocks: every event reached exactly one of them, nobody inactive or unrelated.
    const [events] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox`);
    expect(rows).toHaveLength(events!.n);
    expect(rows.every((row) => row.topic === 'ticket.breached' || row.topic === 'ticket.sla_at_risk')).toBe(
      true,
    );
  });

  it('a dormant customer goes to their owner; an inactive or blocked employee is respected', async () => {
    const { agent, other } = await team(db());
    await bindChat(db(), agent.id!, { telegram: 11, blocked: at(0), notifyVia: 'telegram' });
    await customer(db(), 'Quiet GmbH', { dormant: true, ownerId: agent.id! });
    await customer(db(), 'Gone AG', { dormant: true, ownerId: other.id! });
    await db().query('UPDATE employees SET active = false WHERE id = $1', [other.id]);
    await dormantSweep(db(), settings, at(DAY));
    await publish();
    expect(await chatNotificationRows(db())).toEqual([
      { employee: 'Anna Agent', channel: 'telegram', topic: 'customer.dormant', status: 'waiting' },
    ]);
  });

  it('topics that notify nobody in chat and malformed payloads write nothing', async () => {
    const { agent } = await team(db());
    await emitEvent(db(), 'sync.failed', {
      run: {
        id: 1,
        source: 'odoo',
        stream: null,
        mode: 'full',
        status: 'failed',
        startedAt: at(0).toISOString(),
        finishedAt: null,
        counts: {} as never,
      },
      error: 'boom',
    });
    await db().query(`INSERT INTO outbox (topic, payload) VALUES ('reminder.due', $1::jsonb)`, [
      JSON.stringify({ reminder: { owner: { id: `${agent.id}'; DROP TABLE employees; --` } } }),
    ]);
    await db().query(`INSERT INTO outbox (topic, payload) VALUES ('customer.dormant', '"not an object"')`);
    expect(await publish()).toBe(3);
    expect(await chatNotificationRows(db())).toEqual([]);
  });

  it('wakes waiting notifications on the channel that became reachable; the other channel no longer waits', async () => {
    const { agent } = await team(db());
    await createReminder(db(), agent, { text: 'Call ACME', dueAt: at(HOUR) }, { now: at(0) });
    await reminderDueSweep(db(), at(2 * HOUR));
    await publish();
    // Still unbound: nothing to wake.
    expect(await wakeWaitingNotifications(db(), agent.id!, undefined, { now: at(DAY) })).toBe(0);
    await bindChat(db(), agent.id!, { telegram: 99, blocked: at(0) });
    expect(await wakeWaitingNotifications(db(), agent.id!, 'telegram', { now: at(DAY) })).toBe(0);
    await bindChat(db(), agent.id!, { blocked: null });
    expect(await wakeWaitingNotifications(db(), agent.id!, 'slack', { now: at(DAY) })).toBe(0);
    expect(await wakeWaitingNotifications(db(), agent.id!, 'telegram', { now: at(2 * DAY) })).toBe(1);
    expect(await chatNotificationRows(db())).toEqual([
      { employee: 'Anna Agent', channel: 'slack', topic: 'reminder.due', status: 'failed' },
      { employee: 'Anna Agent', channel: 'telegram', topic: 'reminder.due', status: 'pending' },
    ]);
    // Binding Slack later replays nothing Telegram carried.
    await bindChat(db(), agent.id!, { slack: 'UANNA01' });
    expect(await wakeWaitingNotifications(db(), agent.id!, 'slack', { now: at(3 * DAY) })).toBe(0);
    const [row] = await db().query<{ next_attempt_at: Date }>(
      `SELECT next_attempt_at FROM chat_notifications WHERE status = 'pending'`,
    );
    expect(row!.next_attempt_at).toEqual(at(2 * DAY));
  });

  it('binding a chat through setEmployeeChat releases what waited, and only the employee or an admin may', async () => {
    const { agent, other, admin } = await team(db());
    await createReminder(db(), agent, { text: 'Call ACME', dueAt: at(HOUR) }, { now: at(0) });
    await reminderDueSweep(db(), at(2 * HOUR));
    await publish();
    await expect(setEmployeeChat(db(), other, agent.id!, { telegramUserId: 7 })).rejects.toThrow(
      ForbiddenError,
    );
    expect((await chatNotificationRows(db())).map((row) => row.status)).toEqual(['waiting', 'waiting']);
    await setEmployeeChat(db(), agent, agent.id!, { telegramUserId: 7 });
    expect(await chatNotificationRows(db())).toEqual([
      { employee: 'Anna Agent', channel: 'slack', topic: 'reminder.due', status: 'failed' },
      { employee: 'Anna Agent', channel: 'telegram', topic: 'reminder.due', status: 'pending' },
    ]);
    // An admin may bind someone else; a later event then goes to both channels at once.
    await setEmployeeChat(db(), admin, agent.id!, { slackUserId: 'UANNA01' });
    await createReminder(db(), agent, { text: 'Again', dueAt: at(HOUR) }, { now: at(0) });
    await reminderDueSweep(db(), at(3 * HOUR));
    await publish();
    expect((await chatNotificationRows(db())).map((row) => row.status)).toEqual([
      'failed',
      'pending',
      'pending',
      'pending',
    ]);
  });

  it('refuses a malformed employee id or channel and changes nothing', async () => {
    await expect(wakeWaitingNotifications(db(), `x' OR '1'='1`)).rejects.toBeInstanceOf(z.ZodError);
    await expect(
      wakeWaitingNotifications(db(), '00000000-0000-4000-8000-000000000000', 'sms' as never),
    ).rejects.toBeInstanceOf(z.ZodError);
  });
});
