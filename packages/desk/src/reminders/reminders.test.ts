import { ConflictError, ForbiddenError } from '@crm-bridge/core';
import { listAudit } from '@crm-bridge/store';
import { z } from 'zod';
import { systemActor } from '../actor';
import {
  at,
  customer,
  DAY,
  HOUR,
  INJECTIONS,
  outbox,
  settings,
  team,
  testConfig,
  useDeskDb,
  writeMetrics,
} from '../desk-fixture.test-support';
import { deskSettings } from '../settings';
import { createTicket } from '../tickets/tickets';
import { dormantSweep } from './dormant-sweep';
import { dueReminders, getReminder, listReminders } from './reminder-queries';
import { reminderDueSweep } from './reminder-sweep';
import { cancelReminder, completeReminder, createReminder, snoozeReminder } from './reminders';

const iso = (ms: number) => at(ms).toISOString();

describe.each(['pglite', 'postgres'] as const)('reminders on %s', (driver) => {
  const db = useDeskDb(driver);

  it('sets a reminder about a customer and a ticket, then snoozes, completes and cancels with audit', async () => {
    const { agent } = await team(db());
    const acme = await customer(db(), 'ACME GmbH');
    const ticket = await createTicket(db(), agent, { subject: 'Call back', profileId: acme }, settings);
    const reminder = await createReminder(
      db(),
      agent,
      { text: 'Call Ms Weber back', dueAt: iso(2 * HOUR), ticket: ticket.ref, kind: 'follow_up' },
      { now: at(0) },
    );
    expect(reminder).toMatchObject({
      kind: 'follow_up',
      text: 'Call Ms Weber back',
      dueAt: iso(2 * HOUR),
      status: 'pending',
      owner: { id: agent.employeeId, name: 'Anna Agent' },
      customer: { id: acme, name: 'ACME GmbH' },
      ticket: { id: ticket.id, number: 'T-1' },
    });
    const snoozed = await snoozeReminder(db(), agent, reminder.id, at(5 * HOUR), { now: at(HOUR) });
    expect(snoozed).toMatchObject({ status: 'pending', dueAt: iso(5 * HOUR) });
    await expect(snoozeReminder(db(), agent, reminder.id, at(0), { now: at(HOUR) })).rejects.toBeInstanceOf(
      z.ZodError,
    );
    expect((await completeReminder(db(), agent, reminder.id)).status).toBe('done');
    await expect(cancelReminder(db(), agent, reminder.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(snoozeReminder(db(), agent, reminder.id, at(9 * HOUR), { now: at(HOUR) })).rejects.toThrow(
      'done already',
    );

    const second = await createReminder(db(), agent, { text: 'Never mind', dueAt: at(DAY) });
    expect((await cancelReminder(db(), agent, second.id)).status).toBe('cancelled');

    const trail = await listAudit(db(), { target: { kind: 'reminder', id: reminder.id } });
    expect(trail.map((a) => a.action)).toEqual(['reminder.done', 'reminder.snoozed', 'reminder.created']);
    expect(trail[1]?.details).toMatchObject({
      before: { status: 'pending', dueAt: iso(2 * HOUR) },
      after: { status: 'pending', dueAt: iso(5 * HOUR) },
    });
    expect(trail[0]?.details).toMatchObject({ before: { status: 'pending' }, after: { status: 'done' } });
  });

  it('lets an agent touch only their own reminders, a manager anyone’s, a viewer none', async () => {
    const { agent, other, manager, viewer } = await team(db());
    const mine = await createReminder(db(), agent, { text: 'Mine', dueAt: at(HOUR) });
    await expect(createReminder(db(), viewer, { text: 'x', dueAt: at(HOUR) })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      createReminder(db(), agent, { text: 'For Boris', dueAt: at(HOUR), ownerId: other.employeeId! }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    for (const touch of [
      snoozeReminder(db(), other, mine.id, at(9 * HOUR), { now: at(0) }),
      completeReminder(db(), other, mine.id),
      cancelReminder(db(), other, mine.id),
      getReminder(db(), other, mine.id),
    ]) {
      await expect(touch).rejects.toThrow('an agent may not reminders.any; it needs manager or above');
    }
    await expect(listReminders(db(), other, { owner: agent.employeeId! })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const forBoris = await createReminder(db(), manager, {
      text: 'Boris: call',
      dueAt: at(HOUR),
      ownerId: other.employeeId!,
    });
    expect(forBoris).toMatchObject({ owner: { name: 'Boris Agent' }, createdBy: { name: 'Max Manager' } });
    expect((await snoozeReminder(db(), manager, mine.id, at(3 * HOUR), { now: at(0) })).dueAt).toBe(
      iso(3 * HOUR),
    );
    expect((await listReminders(db(), manager, { owner: 'all' })).items.map((r) => r.text)).toEqual([
      'Boris: call',
      'Mine',
    ]);
    expect((await listReminders(db(), other)).items.map((r) => r.text)).toEqual(['Boris: call']);
    // The system is no employee: it names whose reminders it wants.
    await expect(listReminders(db(), systemActor)).rejects.toBeInstanceOf(z.ZodError);
    expect((await listReminders(db(), systemActor, { owner: 'all' })).items).toHaveLength(2);
  });

  it('lists mine and due ones soonest first, a page at a time', async () => {
    const { agent } = await team(db());
    for (const hours of [5, 1, 3, 2, 4]) {
      await createReminder(db(), agent, { text: `in ${hours}h`, dueAt: at(hours * HOUR) }, { now: at(0) });
    }
    const first = await listReminders(db(), agent, {}, { limit: 2 });
    expect(first.items.map((r) => r.text)).toEqual(['in 1h', 'in 2h']);
    const second = await listReminders(db(), agent, {}, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((r) => r.text)).toEqual(['in 3h', 'in 4h']);
    const third = await listReminders(db(), agent, {}, { limit: 2, cursor: second.nextCursor });
    expect(third).toMatchObject({ items: [{ text: 'in 5h' }], nextCursor: null });
    const due = await dueReminders(db(), agent, {}, { now: at(3 * HOUR) });
    expect(due.items.map((r) => r.text)).toEqual(['in 1h', 'in 2h', 'in 3h']);
  });

  it('sends each due reminder once; a snoozed one again when it is due again', async () => {
    const { agent } = await team(db());
    const acme = await customer(db(), 'ACME GmbH');
    const call = await createReminder(
      db(),
      agent,
      { text: 'Call', dueAt: at(HOUR), profileId: acme },
      { now: at(0) },
    );
    await createReminder(db(), agent, { text: 'Later', dueAt: at(5 * HOUR) }, { now: at(0) });
    expect(await reminderDueSweep(db(), at(2 * HOUR))).toEqual({ sent: 1 });
    expect(await reminderDueSweep(db(), at(2 * HOUR))).toEqual({ sent: 0 });
    expect(await getReminder(db(), agent, call.id)).toMatchObject({ status: 'sent', sentAt: iso(2 * HOUR) });
    const [event] = await outbox(db(), 'reminder.due');
    expect(event?.payload).toMatchObject({
      reminder: { id: call.id, text: 'Call', owner: { name: 'Anna Agent' }, customer: { name: 'ACME GmbH' } },
    });
    // A sent reminder is still due (and listed) until it is done; snoozed, it is sent again later.
    expect((await dueReminders(db(), agent, {}, { now: at(2 * HOUR) })).items).toHaveLength(1);
    await snoozeReminder(db(), agent, call.id, at(3 * HOUR), { now: at(2 * HOUR) });
    expect(await reminderDueSweep(db(), at(4 * HOUR))).toEqual({ sent: 1 });
    expect(await reminderDueSweep(db(), at(6 * HOUR))).toEqual({ sent: 1 });
    expect(
      (await outbox(db(), 'reminder.due')).map((e) => (e.payload.reminder as { text: string }).text),
    ).toEqual(['Call', 'Call', 'Later']);
  });

  it('keeps SQL-looking reminder text verbatim', async () => {
    const { agent } = await team(db());
    for (const text of INJECTIONS) {
      const reminder = await createReminder(db(), agent, { text, dueAt: at(HOUR) });
      expect((await getReminder(db(), agent, reminder.id)).text).toBe(text);
    }
    expect((await listReminders(db(), agent)).items).toHaveLength(INJECTIONS.length);
  });
});

describe.each(['pglite', 'postgres'] as const)('the dormant sweep on %s', (driver) => {
  const db = useDeskDb(driver);

  it('reminds the owner once per dormancy, and again after a new order and a new dormancy', async () => {
    const { agent, manager } = await team(db());
    const lastOrder = at(-240 * DAY);
    const acme = await customer(db(), 'ACME GmbH', {
      dormant: true,
      lastOrderAt: lastOrder,
      ownerId: agent.employeeId,
    });
    await customer(db(), 'Busy Ltd', { dormant: false, lastOrderAt: at(-3 * DAY) });
    const config = deskSettings(testConfig(`owners:\n  default: ${manager.employeeId}\n`));

    expect(await dormantSweep(db(), config, at(0))).toEqual({ dormant: 1, reminders: 1, unowned: 0 });
    expect(await dormantSweep(db(), config, at(HOUR))).toEqual({ dormant: 0, reminders: 0, unowned: 0 });
    const [reminder] = (await listReminders(db(), agent)).items;
    expect(reminder).toMatchObject({
      kind: 'dormant_customer',
      owner: { name: 'Anna Agent' },
      customer: { id: acme },
      text: 'ACME GmbH went quiet: no order for 240 days; usually every 90',
    });
    const [event] = await outbox(db(), 'customer.dormant');
    expect(event?.payload).toMatchObject({
      customer: { id: acme, name: 'ACME GmbH', lastOrderAt: lastOrder.toISOString() },
      owner: { id: agent.employeeId, name: 'Anna Agent' },
      reminderId: reminder?.id,
    });
    // The reminder done, the customer still dormant: still the same dormancy, nothing new.
    await completeReminder(db(), agent, reminder!.id);
    expect((await dormantSweep(db(), config, at(DAY))).dormant).toBe(0);

    // A new order ends the dormancy; when it goes quiet again, that is a new one.
    await writeMetrics(db(), acme, { dormant: false, lastOrderAt: at(DAY) });
    expect((await dormantSweep(db(), config, at(2 * DAY))).dormant).toBe(0);
    await writeMetrics(db(), acme, { dormant: true, lastOrderAt: at(DAY) });
    expect(await dormantSweep(db(), config, at(300 * DAY))).toEqual({ dormant: 1, reminders: 1, unowned: 0 });
    expect((await outbox(db(), 'customer.dormant')).length).toBe(2);
  });

  it('finds the owner by hand, then by the first matching rule, then the default', async () => {
    const { agent, other, manager, admin } = await team(db());
    const dormant = { dormant: true, lastOrderAt: at(-200 * DAY) };
    const byHand = await customer(db(), 'Owned by hand', {
      ...dormant,
      ownerId: admin.employeeId,
      segment: 'lost',
    });
    const champion = await customer(db(), 'Champion', { ...dormant, segment: 'champions' });
    const fromOnec = await customer(db(), 'From 1C', { ...dormant, source: 'onec', segment: 'lost' });
    const vip = await customer(db(), 'VIP', { ...dormant, vip: true, segment: 'lost' });
    const rest = await customer(db(), 'Anyone', { ...dormant, segment: 'lost' });
    const yaml = [
      'owners:',
      '  rules:',
      '    - { segment: [champions, loyal], owner: ANNA@example.com }',
      `    - { source: onec, owner: ${other.employeeId} }`,
      '    - { vip: true, owner: nobody@example.com }',
      '  default: max@example.com',
    ].join('\n');
    expect(await dormantSweep(db(), deskSettings(testConfig(`${yaml}\n`)), at(0))).toEqual({
      dormant: 5,
      reminders: 5,
      unowned: 0,
    });
    const owners = await db().query<{ profile_id: string; employee_id: string }>(
      `SELECT profile_id, employee_id FROM reminders`,
    );
    const ownerOf = new Map(owners.map((r) => [r.profile_id, r.employee_id]));
    expect(ownerOf.get(byHand)).toBe(admin.employeeId);
    expect(ownerOf.get(champion)).toBe(agent.employeeId);
    expect(ownerOf.get(fromOnec)).toBe(other.employeeId);
    // The VIP rule names nobody who works here: the default owner takes it.
    expect(ownerOf.get(vip)).toBe(manager.employeeId);
    expect(ownerOf.get(rest)).toBe(manager.employeeId);
  });

  it('emits customer.dormant once for a customer nobody owns, without a reminder', async () => {
    await team(db());
    await customer(db(), 'Orphan', { dormant: true, lastOrderAt: at(-300 * DAY) });
    expect(await dormantSweep(db(), settings, at(0))).toEqual({ dormant: 1, reminders: 0, unowned: 1 });
    expect(await dormantSweep(db(), settings, at(HOUR))).toEqual({ dormant: 0, reminders: 0, unowned: 0 });
    expect((await outbox(db(), 'customer.dormant'))[0]?.payload).toMatchObject({
      owner: null,
      reminderId: null,
    });
  });
});
