import { parseConfig } from '@crm-bridge/core';
import {
  assignTicket,
  createReminder,
  createTicket,
  type DeskActor,
  deskSettings,
  reminderDueSweep,
  wakeWaitingNotifications,
} from '@crm-bridge/desk';
import { setEmployeeChat } from '@crm-bridge/store';
import {
  noPacing,
  notificationRows,
  person,
  RecordingSender,
  recordingLog,
  testView,
  useChatDb,
} from './chat-notifications.test-support';
import { ChatRateGuard } from './chat-rate-guard';
import { type ChatNotificationDeps, drainChatNotifications } from './drain-chat-notifications';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const settings = deskSettings(
  parseConfig('version: 1\ncurrency:\n  base: EUR\nphone:\n  defaultRegion: DE\n', {
    fileName: 'crm-bridge.yaml',
    env: {},
  }),
);

describe.each(['pglite', 'postgres'] as const)('chat notifications on %s', (driver) => {
  const db = useChatDb(driver);
  let slack: RecordingSender;
  let telegram: RecordingSender;
  let clock: Date;
  let logged: ReturnType<typeof recordingLog>;
  // Outbox rows are stamped by the database's real clock, so the test clock starts just after it.
  beforeEach(() => {
    slack = new RecordingSender('slack');
    telegram = new RecordingSender('telegram');
    clock = new Date(Date.now() + SECOND);
    logged = recordingLog();
  });
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  const drain = (extra: Partial<ChatNotificationDeps> = {}) =>
    drainChatNotifications(db(), {
      senders: [slack, telegram],
      view: testView,
      log: logged.log,
      now: () => clock,
      rateGuard: noPacing(),
      ...extra,
    });

  /** A reminder of the actor's that is due now, swept into the outbox as reminder.due. */
  async function dueReminder(actor: DeskActor, text: string): Promise<string> {
    const reminder = await createReminder(
      db(),
      actor,
      { text, dueAt: new Date(clock.getTime() - SECOND) },
      { now: new Date(clock.getTime() - MINUTE) },
    );
    await reminderDueSweep(db(), clock);
    return reminder.id;
  }

  it('delivers a due reminder once on each channel and keeps the messages for later edits', async () => {
    const anna = await person(db(), 'Anna', { slack: 'UANNA001', telegram: 42 });
    const id = await dueReminder(anna.actor, 'Call ACME back');
    expect(await drain()).toEqual({ published: 1, claimed: 2, sent: 2, retried: 0, waiting: 0, failed: 0 });
    expect(slack.sent.map((m) => m.summary)).toEqual(['reminder.due Call ACME back']);
    expect(telegram.sent.map((m) => m.summary)).toEqual(['reminder.due Call ACME back']);
    expect(await notificationRows(db())).toEqual([
      expect.objectContaining({
        channel: 'slack',
        status: 'sent',
        attempt: 1,
        message_ref: { channel: 'DUANNA001', ts: '1700000000.000001' },
      }),
      expect.objectContaining({
        channel: 'telegram',
        status: 'sent',
        attempt: 1,
        message_ref: { chatId: 42, messageId: 1 },
      }),
    ]);
    const messages = await db().query(
      `SELECT channel, subject_kind, subject_id, employee_id, message_ref FROM chat_messages ORDER BY channel`,
    );
    expect(messages).toEqual([
      {
        channel: 'slack',
        subject_kind: 'reminder',
        subject_id: id,
        employee_id: anna.employee.id,
        message_ref: { channel: 'DUANNA001', ts: '1700000000.000001' },
      },
      {
        channel: 'telegram',
        subject_kind: 'reminder',
        subject_id: id,
        employee_id: anna.employee.id,
        message_ref: { chatId: 42, messageId: 1 },
      },
    ]);
    // Again, and much later: nothing more is sent.
    advance(7 * 24 * 60 * MINUTE);
    expect(await drain()).toMatchObject({ published: 0, claimed: 0 });
    expect(slack.calls).toHaveLength(1);
    expect(telegram.calls).toHaveLength(1);
  });

  it('tells an employee a ticket was assigned to them by someone else, with the ticket to edit later', async () => {
    const max = await person(db(), 'Max', { role: 'manager', slack: 'UMAX0001', notifyVia: 'slack' });
    const anna = await person(db(), 'Anna', { slack: 'UANNA001', notifyVia: 'slack' });
    const ticket = await createTicket(db(), max.actor, { subject: 'Broken invoice' }, settings);
    await createTicket(db(), max.actor, { subject: 'My own', assigneeId: max.employee.id }, settings);
    await assignTicket(db(), max.actor, ticket.ref, anna.employee.id);
    expect(await drain()).toMatchObject({ published: 3, sent: 1 });
    expect(slack.sent).toEqual([
      expect.objectContaining({ employeeId: anna.employee.id, summary: `ticket.updated ${ticket.ref}` }),
    ]);
    expect(await db().query(`SELECT subject_kind, subject_id FROM chat_messages`)).toEqual([
      { subject_kind: 'ticket', subject_id: ticket.id },
    ]);
  });

  it('an unbound employee waits, then gets it once after binding Telegram and a wake-up', async () => {
    const boris = await person(db(), 'Boris', { notifyVia: 'telegram' });
    await dueReminder(boris.actor, 'Send the offer');
    expect(await drain()).toMatchObject({ published: 1, claimed: 0 });
    expect(await notificationRows(db())).toEqual([
      expect.objectContaining({ status: 'waiting', attempt: 0 }),
    ]);
    await setEmployeeChat(
      db(),
      boris.employee.id,
      { telegramUserId: 77 },
      { kind: 'system', id: null, channel: 'telegram' },
    );
    expect(await wakeWaitingNotifications(db(), boris.employee.id, 'telegram', { now: clock })).toBe(1);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(await drain()).toMatchObject({ claimed: 0 });
    expect(telegram.sent.map((m) => m.summary)).toEqual(['reminder.due Send the offer']);
    expect(slack.calls).toEqual([]);
  });

  it('a 429 is retried after the time the platform gave, and the chat waits with it: nothing lost, nothing twice', async () => {
    const vera = await person(db(), 'Vera', { telegram: 5, notifyVia: 'telegram' });
    await dueReminder(vera.actor, 'First');
    await dueReminder(vera.actor, 'Second');
    telegram.answer({ kind: 'retry', afterMs: 5 * SECOND, reason: 'Too Many Requests: retry after 5' });
    expect(await drain()).toMatchObject({ claimed: 2, sent: 0, retried: 2 });
    const rows = await notificationRows(db());
    expect(rows.map((row) => [row.status, row.attempt, row.next_attempt_at?.getTime()])).toEqual([
      ['pending', 1, clock.getTime() + 5 * SECOND],
      ['pending', 0, clock.getTime() + 5 * SECOND],
    ]);
    expect(rows[0]!.error).toBe('Too Many Requests: retry after 5');
    advance(4 * SECOND);
    expect(await drain()).toMatchObject({ claimed: 0 });
    advance(SECOND);
    expect(await drain()).toMatchObject({ claimed: 2, sent: 2 });
    expect(telegram.calls.map((m) => m.summary)).toEqual([
      'reminder.due First',
      'reminder.due First',
      'reminder.due Second',
    ]);
    expect(telegram.sent.map((m) => m.summary)).toEqual(['reminder.due First', 'reminder.due Second']);
  });

  it('a 400 fails the notification with the reason and is never retried', async () => {
    const vera = await person(db(), 'Vera', { telegram: 5, notifyVia: 'telegram' });
    await dueReminder(vera.actor, 'Bad markup');
    telegram.answer({ kind: 'failed', reason: "Bad Request: can't parse entities" });
    expect(await drain()).toMatchObject({ failed: 1 });
    expect(await notificationRows(db())).toEqual([
      expect.objectContaining({
        status: 'failed',
        error: "Bad Request: can't parse entities",
        next_attempt_at: null,
      }),
    ]);
    advance(24 * 60 * MINUTE);
    await drain();
    expect(telegram.calls).toHaveLength(1);
  });

  it('a network error is retried after 30 s, then 2 min, and no token reaches the row or the log', async () => {
    const vera = await person(db(), 'Vera', { telegram: 5, notifyVia: 'telegram' });
    await dueReminder(vera.actor, 'Flaky');
    const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
    telegram.answer(
      new Error(`request to https://api.telegram.org/bot${token}/sendMessage failed, reason: ECONNRESET`),
      new Error('socket hang up'),
    );
    expect(await drain()).toMatchObject({ retried: 1 });
    let [row] = await notificationRows(db());
    expect(row!.next_attempt_at).toEqual(new Date(clock.getTime() + 30 * SECOND));
    expect(row!.error).toContain('ECONNRESET');
    expect(row!.error).not.toContain('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw');
    advance(29 * SECOND);
    expect(await drain()).toMatchObject({ claimed: 0 });
    advance(SECOND);
    expect(await drain()).toMatchObject({ retried: 1 });
    [row] = await notificationRows(db());
    expect(row!.next_attempt_at).toEqual(new Date(clock.getTime() + 2 * MINUTE));
    advance(2 * MINUTE);
    expect(await drain()).toMatchObject({ sent: 1 });
    [row] = await notificationRows(db());
    expect(row).toMatchObject({ status: 'sent', attempt: 3, error: null });
    expect(logged.lines.join('\n')).not.toContain('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw');
    expect(logged.lines.join('\n')).toContain('[redacted]');
  });

  it('gives up on errors after the last attempt', async () => {
    const vera = await person(db(), 'Vera', { telegram: 5, notifyVia: 'telegram' });
    await dueReminder(vera.actor, 'Never');
    telegram.answer(new Error('ETIMEDOUT'), new Error('ETIMEDOUT'));
    await drain({ retry: { maxAttempts: 2 } });
    advance(30 * SECOND);
    expect(await drain({ retry: { maxAttempts: 2 } })).toMatchObject({ failed: 1 });
    expect(await notificationRows(db())).toEqual([
      expect.objectContaining({ status: 'failed', error: 'Error: ETIMEDOUT' }),
    ]);
  });

  it('a blocked bot parks the notification until the employee is woken', async () => {
    const vera = await person(db(), 'Vera', { telegram: 5, notifyVia: 'telegram' });
    await dueReminder(vera.actor, 'Blocked');
    telegram.answer({ kind: 'unreachable', reason: 'Forbidden: bot was blocked by the user' });
    expect(await drain()).toMatchObject({ waiting: 1 });
    advance(MINUTE);
    expect(await drain()).toMatchObject({ claimed: 0 });
    expect(await notificationRows(db())).toEqual([
      expect.objectContaining({ status: 'waiting', error: 'Forbidden: bot was blocked by the user' }),
    ]);
    await wakeWaitingNotifications(db(), vera.employee.id, undefined, { now: clock });
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(telegram.calls).toHaveLength(2);
  });

  it('sends nothing to an employee deactivated after the fan-out', async () => {
    const vera = await person(db(), 'Vera', { slack: 'UVERA001', notifyVia: 'slack' });
    await dueReminder(vera.actor, 'Too late');
    expect(await drain({ senders: [] })).toMatchObject({ published: 1, claimed: 0 });
    await db().query('UPDATE employees SET active = false WHERE id = $1', [vera.employee.id]);
    expect(await drain()).toMatchObject({ failed: 1 });
    expect(slack.calls).toEqual([]);
  });

  it('leaves a channel without a sender in this process queued and untouched', async () => {
    const anna = await person(db(), 'Anna', { slack: 'UANNA001', telegram: 42 });
    await dueReminder(anna.actor, 'Slack only here');
    expect(await drain({ senders: [slack] })).toMatchObject({ claimed: 1, sent: 1 });
    expect((await notificationRows(db())).map((row) => [row.channel, row.status, row.attempt])).toEqual([
      ['slack', 'sent', 1],
      ['telegram', 'pending', 0],
    ]);
  });

  it('paces one chat: sends are spaced, and what would wait too long goes back to the queue untried', async () => {
    const vera = await person(db(), 'Vera', { telegram: 5, notifyVia: 'telegram' });
    for (const text of ['one', 'two', 'three']) await dueReminder(vera.actor, text);
    const spaced = new ChatRateGuard({
      slack: { perChatMs: 0, overallMs: 0 },
      telegram: { perChatMs: 200, overallMs: 0 },
    });
    expect(await drain({ rateGuard: spaced })).toMatchObject({ sent: 3 });
    // Spaced by reservation; a busy event loop may start one send a few ms late, never much early.
    const times = telegram.calls.map((m) => m.at);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(170);
    expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(390);

    for (const text of ['four', 'five', 'six']) await dueReminder(vera.actor, text);
    const slow = new ChatRateGuard({
      slack: { perChatMs: 0, overallMs: 0 },
      telegram: { perChatMs: 10_000, overallMs: 0 },
    });
    expect(await drain({ rateGuard: slow, maxWaitMs: 100 })).toMatchObject({
      claimed: 3,
      sent: 1,
      retried: 2,
    });
    const rest = (await notificationRows(db())).filter((row) => row.status === 'pending');
    expect(rest.map((row) => row.attempt)).toEqual([0, 0]);
    for (const row of rest) expect(row.next_attempt_at!.getTime()).toBeGreaterThan(clock.getTime() + 9000);
  });
});
