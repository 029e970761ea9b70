import type { Db } from '@crm-bridge/store';
import type { ChatUser } from './chat-contract';
import { chatBotFor, employee, replyText, twoErpCustomer, useChatDb } from './chat-fixture.test-support';

/** The store handle with every statement it runs written down, the way the bench's SQL profile sees them. */
function countingDb(inner: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const wrap = (db: Db): Db => ({
    get driver() {
      return db.driver;
    },
    get inTransaction() {
      return db.inTransaction;
    },
    query(sql, params) {
      statements.push(sql.replace(/\s+/g, ' ').trim());
      return db.query(sql, params);
    },
    exec(sql) {
      statements.push(sql);
      return db.exec(sql);
    },
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    copyFrom: (table, columns, rows) => db.copyFrom(table, columns, rows),
    close: () => db.close(),
  });
  return { db: wrap(inner), statements };
}

const slack = (id: string): ChatUser => ({ channel: 'slack', id, teamId: 'T1' });
const dm = (user: ChatUser) => ({ id: user.id, kind: 'private' as const });
const find = (text: string) => ({ kind: 'text' as const, text });

// Issue 8 ("Speed"): under load every statement waits for a pool connection, so a lookup's round trips
// are what its answer time is made of.
describe.each(['pglite', 'postgres'] as const)('a customer lookup on %s', (driver) => {
  const db = useChatDb(driver);

  it('opens a card in three statements: the employee once per request, the search, the card', async () => {
    await employee(db(), 'Anna Agent', 'agent', { slack: 'U1' });
    await twoErpCustomer(db(), 'Romashka GmbH');
    const counted = countingDb(db());
    const bot = chatBotFor(counted.db);
    const user = slack('U1');
    // As the Slack and Telegram adapters do: check the binding, then hand the same user to the core.
    expect((await bot.employeeFor(user))?.name).toBe('Anna Agent');
    const reply = await bot.handle({ user, place: dm(user), input: find('find +49 (30) 123-456') });
    const text = replyText(reply);
    expect(text).toContain('Romashka GmbH');
    expect(text).toContain('1,190.50 EUR');
    expect(text).toContain('https://erp.example.com/app/customer/CUST-0007');
    expect(counted.statements).toHaveLength(3);
    expect(
      counted.statements.filter((sql) => sql.includes('FROM employees WHERE slack_user_id')),
    ).toHaveLength(1);
  });

  it('lists open tickets with one statement more, and runs none when the card holds no open ticket', async () => {
    await employee(db(), 'Anna Agent', 'agent', { slack: 'U1' });
    const id = await twoErpCustomer(db(), 'Romashka GmbH');
    const bot = chatBotFor(db());
    const user = slack('U1');
    await bot.say(user, {
      kind: 'form',
      form: 'ticket',
      values: { customer: id, subject: 'Invoice is wrong', description: 'Twice the VAT', priority: 'high' },
    });

    const open = countingDb(db());
    const openText = replyText(await chatBotFor(open.db).say(user, `card ${id}`));
    expect(openText).toContain('Open tickets');
    expect(openText).toContain('Invoice is wrong');
    expect(open.statements.filter((sql) => sql.includes('FROM tickets t'))).toHaveLength(1);

    expect(replyText(await bot.say(user, 'resolve T-1'))).toContain('T-1 is now resolved');
    const resolved = countingDb(db());
    const resolvedText = replyText(await chatBotFor(resolved.db).say(user, `card ${id}`));
    expect(resolvedText).toContain('Romashka GmbH');
    expect(resolvedText).not.toContain('Open tickets');
    expect(resolved.statements.filter((sql) => sql.includes('FROM tickets t'))).toEqual([]);
  });

  it('reads the employee again for a user it did not just resolve, and for an unbound one', async () => {
    const anna = await employee(db(), 'Anna Agent', 'agent', { slack: 'U1' });
    await twoErpCustomer(db(), 'Romashka GmbH');
    const counted = countingDb(db());
    const bot = chatBotFor(counted.db);
    const employeeReads = () =>
      counted.statements.filter((sql) => sql.includes('FROM employees WHERE slack_user_id')).length;

    await bot.employeeFor(slack('U1'));
    await bot.handle({ user: slack('U1'), place: dm(slack('U1')), input: find('find Romashka') });
    expect(employeeReads()).toBe(2);

    // The resolved employee stands for one request only: the next one on the same object reads again.
    const user = slack('U1');
    await bot.employeeFor(user);
    await bot.handle({ user, place: dm(user), input: find('help') });
    await db().query('UPDATE employees SET active = false WHERE id = $1', [anna.id]);
    const after = await bot.handle({ user, place: dm(user), input: find('find Romashka') });
    expect(replyText(after)).not.toContain('Romashka GmbH');
    expect(employeeReads()).toBe(4);

    const stranger = slack('U2');
    expect(await bot.employeeFor(stranger)).toBeNull();
    await bot.handle({ user: stranger, place: dm(stranger), input: find('help') });
    expect(employeeReads()).toBe(6);
  });
});
