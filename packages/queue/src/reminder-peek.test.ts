import { createReminder } from '@crm-bridge/desk';
import type { Db } from '@crm-bridge/store';
import { agent, useQueueDb } from './queue-fixture.test-support';
import { sharedReminderPeek } from './reminder-peek';

const db = useQueueDb('pglite');

/** The database, counting the statements run through it. */
function counting(database: Db): { db: Db; statements: () => number } {
  let statements = 0;
  const wrapped = Object.create(database) as Db;
  wrapped.query = ((sql: string, params?: never) => {
    statements++;
    return database.query(sql, params);
  }) as Db['query'];
  return { db: wrapped, statements: () => statements };
}

describe('the shared first look of reminder jobs', () => {
  it('answers the looks asked for together with one query, each with its own row', async () => {
    const owner = await agent(db());
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (await createReminder(db(), owner, { text: `r${i}`, dueAt: new Date(Date.now() + 60_000) })).id,
      );
    }
    await db().query(`UPDATE reminders SET status = 'cancelled' WHERE id = $1`, [ids[0]!]);
    const rows = await db().query<{ id: string; version: string }>('SELECT id, version FROM reminders');
    const versions = new Map(rows.map((row) => [row.id, Number(row.version)]));
    const { db: watched, statements } = counting(db());
    const peek = sharedReminderPeek(watched);
    const missing = '00000000-0000-4000-8000-000000000000';

    const states = await Promise.all([...ids, ids[1]!, missing].map((id) => peek(id)));
    expect(statements()).toBe(1);
    expect(states[0]).toEqual({ version: versions.get(ids[0]!), status: 'cancelled' });
    expect(states[1]).toEqual({ version: versions.get(ids[1]!), status: 'pending' });
    expect(states[5]).toEqual(states[1]);
    expect(states[6]).toBeUndefined();

    // Looks asked for while a query runs go together in the next one.
    const first = peek(ids[2]!);
    await new Promise((resolve) => setImmediate(resolve));
    const more = Promise.all([peek(ids[3]!), peek(ids[4]!)]);
    await Promise.all([first, more]);
    expect(statements()).toBe(3);
  });

  it('fails every look of a batch whose query failed, and the next batch tries again', async () => {
    const peek = sharedReminderPeek(db());
    await expect(Promise.all([peek('not-a-uuid'), peek('also-not')])).rejects.toThrow();
    await expect(peek('00000000-0000-4000-8000-000000000000')).resolves.toBeUndefined();
  });
});
