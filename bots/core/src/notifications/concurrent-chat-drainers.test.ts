import { createReminder, reminderDueSweep } from '@crm-bridge/desk';
import { type Db, migrate, openDb } from '@crm-bridge/store';
import { createTestDatabase, type TestDatabase } from '@test/support/postgres';
import { noPacing, person, RecordingSender, recordingLog, testView } from './chat-notifications.test-support';
import { type ChatDrainResult, drainChatNotifications } from './drain-chat-notifications';

// Two drainers on two connection pools, as two worker processes would run them.
let database: TestDatabase;
let first: Db;
let second: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  first = await openDb({ url: database.url, poolMax: 4 });
  second = await openDb({ url: database.url, poolMax: 4 });
  await migrate(first);
}, 120_000);
afterAll(async () => {
  await first?.close();
  await second?.close();
  await database?.drop();
});

/** Passes until one finds nothing to do, adding up what this drainer did. */
async function drainUntilIdle(pass: () => Promise<ChatDrainResult>) {
  const total = { published: 0, sent: 0 };
  for (;;) {
    const result = await pass();
    total.published += result.published;
    total.sent += result.sent;
    if (result.published === 0 && result.claimed === 0) return total;
  }
}

it('two drainers at once send every (event, employee, channel) exactly once', async () => {
  const people = [];
  for (let n = 0; n < 4; n += 1) {
    people.push(await person(first, `Person ${n}`, { slack: `UPERSON0${n}`, telegram: 100 + n }));
  }
  const created = new Date(Date.now() - 60_000);
  for (let n = 0; n < 40; n += 1) {
    const owner = people[n % people.length]!;
    await createReminder(
      first,
      owner.actor,
      { text: `Reminder ${n}`, dueAt: new Date(created.getTime() + 1000) },
      { now: created },
    );
  }
  await reminderDueSweep(first, new Date());

  // Each sender answers slowly, so the two drainers' passes overlap.
  const slack = [new RecordingSender('slack', 3), new RecordingSender('slack', 3)];
  const telegram = [new RecordingSender('telegram', 3), new RecordingSender('telegram', 3)];
  const { log } = recordingLog();
  const passFor = (db: Db, index: 0 | 1) => () =>
    drainChatNotifications(db, {
      senders: [slack[index]!, telegram[index]!],
      view: testView,
      log,
      batchSize: 7,
      rateGuard: noPacing(),
      now: () => new Date(Date.now() + 1000),
    });
  const [a, b] = await Promise.all([drainUntilIdle(passFor(first, 0)), drainUntilIdle(passFor(second, 1))]);

  expect(a.published + b.published).toBe(40);
  expect(a.sent + b.sent).toBe(80);
  // Both took part, and nothing was sent twice.
  expect(a.sent).toBeGreaterThan(0);
  expect(b.sent).toBeGreaterThan(0);
  const calls = [...slack, ...telegram].flatMap((sender) =>
    sender.calls.map((call) => `${sender.channel} ${call.employeeId} ${call.summary}`),
  );
  expect(calls).toHaveLength(80);
  expect(new Set(calls).size).toBe(80);
  const [counts] = await first.query<{ sent: number; messages: number }>(
    `SELECT (SELECT count(*)::int FROM chat_notifications WHERE status = 'sent' AND attempt = 1) AS sent,
            (SELECT count(*)::int FROM chat_messages) AS messages`,
  );
  expect(counts).toEqual({ sent: 80, messages: 80 });
});
