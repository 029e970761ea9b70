import type { Db } from '@crm-bridge/store';
import { at, HOUR, MINUTE, outbox, team, useDeskDb } from '../desk-fixture.test-support';
import { deliverDueReminder } from './reminder-sweep';
import { createReminder, snoozeReminder } from './reminders';

async function versionOf(db: Db, id: string): Promise<number> {
  const [row] = await db.query<{ version: string }>('SELECT version FROM reminders WHERE id = $1', [id]);
  return Number(row!.version);
}

describe.each(['pglite', 'postgres'] as const)('deliverDueReminder on %s', (driver) => {
  const db = useDeskDb(driver);

  it('sends the other due reminders with its own, each once; their own jobs then find nothing to do', async () => {
    const { agent } = await team(db());
    const due = [];
    for (const [i, when] of [HOUR, HOUR + MINUTE, HOUR + 2 * MINUTE].entries()) {
      due.push(await createReminder(db(), agent, { text: `call #${i}`, dueAt: at(when) }, { now: at(0) }));
    }
    const later = await createReminder(db(), agent, { text: 'later', dueAt: at(3 * HOUR) }, { now: at(0) });
    const versions = await Promise.all(due.map((reminder) => versionOf(db(), reminder.id)));

    expect(await deliverDueReminder(db(), due[1]!.id, versions[1]!, at(2 * HOUR))).toEqual({
      outcome: 'sent',
      sent: 3,
    });
    for (const [i, reminder] of due.entries()) {
      if (i === 1) continue;
      expect(await deliverDueReminder(db(), reminder.id, versions[i]!, at(2 * HOUR))).toEqual({
        outcome: 'stale',
        reason: 'superseded',
      });
    }
    const events = await outbox(db(), 'reminder.due');
    expect(events.map((event) => (event.payload.reminder as { id: string }).id).sort()).toEqual(
      due.map((reminder) => reminder.id).sort(),
    );
    expect(events[0]!.payload.reminder).toMatchObject({ owner: { name: 'Anna Agent' } });
    const [pending] = await db().query<{ id: string }>(`SELECT id FROM reminders WHERE status = 'pending'`);
    expect(pending?.id).toBe(later.id);
  });

  it('is early for a reminder not due yet and sends nothing; a snoozed one’s old version is superseded', async () => {
    const { agent } = await team(db());
    const reminder = await createReminder(db(), agent, { text: 'x', dueAt: at(HOUR) }, { now: at(0) });
    const version = await versionOf(db(), reminder.id);
    expect(await deliverDueReminder(db(), reminder.id, version, at(HOUR - 1))).toEqual({
      outcome: 'early',
      dueAt: at(HOUR),
    });
    await snoozeReminder(db(), agent, reminder.id, at(2 * HOUR), { now: at(30 * MINUTE) });
    expect(await deliverDueReminder(db(), reminder.id, version, at(3 * HOUR))).toEqual({
      outcome: 'stale',
      reason: 'superseded',
    });
    expect(await outbox(db(), 'reminder.due')).toEqual([]);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await deliverDueReminder(db(), missing, 1, at(3 * HOUR))).toEqual({
      outcome: 'stale',
      reason: 'missing',
    });
  });
});
