import { createReminder, createWebhookSubscription } from '@crm-bridge/desk';
import { createDuties } from './duties';
import { dutySchedules } from './duty-schedules';
import { nextDelay, startEmbeddedDuties } from './embedded-duties';
import { agent, queueConfig, quietLog, startReceiver, until, useQueueDb } from './queue-fixture.test-support';

describe('the embedded duties of a single serve (PGlite, no Redis)', () => {
  const db = useQueueDb('pglite');

  it('sends due reminders once and delivers their reminder.due webhooks, on in-process timers', async () => {
    const receiver = await startReceiver();
    const owner = await agent(db());
    await createWebhookSubscription(
      db(),
      { actor: { kind: 'employee', id: owner.id, channel: 'api' }, role: 'admin' },
      { url: receiver.url, events: ['reminder.due'] },
    );
    const due = new Date(Date.now() + 300);
    const reminder = await createReminder(db(), owner, { text: 'call Anna back', dueAt: due });
    const config = queueConfig();
    const embedded = startEmbeddedDuties({
      duties: createDuties({ db: db(), config, log: quietLog }),
      schedules: dutySchedules(config, { webhooksMs: 100 }, { chat: false }),
      log: quietLog,
      reminderEveryMs: 100,
    });
    try {
      await until(async () => receiver.bodies.length === 1);
      const body = JSON.parse(receiver.bodies[0]!);
      expect(body).toMatchObject({ topic: 'reminder.due', data: { reminder: { id: reminder.id } } });
      const [row] = await db().query<{ status: string; late: number }>(
        `SELECT status, (extract(epoch FROM sent_at - due_at) * 1000)::float8 AS late FROM reminders`,
      );
      expect(row!.status).toBe('sent');
      expect(row!.late).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(receiver.bodies).toHaveLength(1);
    } finally {
      await embedded.stop(5000);
      await receiver.close();
    }
  });
});

describe('nextDelay', () => {
  it('waits an interval, or until the next cron time in the schedule’s zone', () => {
    const now = new Date('2026-03-01T01:30:00Z');
    expect(nextDelay({ every: 900_000 }, now)).toBe(900_000);
    // 03:00 in Berlin (UTC+1 in March before DST) is 02:00 UTC: 30 minutes away.
    expect(nextDelay({ pattern: '0 3 * * *', tz: 'Europe/Berlin' }, now)).toBe(30 * 60_000);
    expect(nextDelay({ pattern: '0 3 * * *', tz: 'UTC' }, now)).toBe(90 * 60_000);
  });
});
