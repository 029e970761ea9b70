import { listAudit } from '@crm-bridge/store';
import { decodeAction } from './actions/action-codec';
import { createBindCode } from './binding/bind-codes';
import type { ChatReply, ChatUser, ChatView } from './chat-contract';
import { chatBotFor, employee, replyText, twoErpCustomer, useChatDb } from './chat-fixture.test-support';
import { renderPlain } from './render/plain-renderer';

const tg = (id: number, languageHint?: string): ChatUser => ({
  channel: 'telegram',
  id: String(id),
  ...(languageHint ? { languageHint } : {}),
});

function buttonAction(view: ChatView | undefined, label: string | RegExp): string {
  const button = view?.buttons
    ?.flat()
    .find((b) => (typeof label === 'string' ? b.label === label : label.test(b.label)));
  if (!button) throw new Error(`no button ${label} in ${JSON.stringify(view?.buttons)}`);
  return button.action;
}

const first = (reply: ChatReply) => reply.messages[0]!;

async function count(db: ReturnType<ReturnType<typeof useChatDb>>, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row!.n;
}

describe.each(['pglite', 'postgres'] as const)('the chat bot on %s', (driver) => {
  const db = useChatDb(driver);

  it('finds a customer by phone in any format and shows the card with orders and links from two ERPs', async () => {
    const agent = await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const id = await twoErpCustomer(db(), 'Romashka GmbH');
    const bot = chatBotFor(db());
    const reply = await bot.say(tg(1001), 'find +49 (30) 123-456');
    const card = first(reply);
    expect(card.subject).toEqual({ kind: 'customer', id });
    const text = replyText(reply);
    expect(text).toContain('Romashka GmbH');
    expect(text).toContain('DE136695976');
    expect(text).toContain('buyer@romashka.example');
    expect(text).toContain('1,190.50 EUR');
    expect(text).toContain('60,000 RUB');
    expect(text).toContain('no order for 40 days; usually every 44');
    expect(text).toContain('https://odoo.example.com/odoo/contacts/42');
    expect(text).toContain('https://erp.example.com/app/customer/CUST-0007');
    const orders = await bot.say(tg(1001), { kind: 'action', data: buttonAction(card, 'Orders') });
    const ordersText = replyText(orders);
    expect(ordersText).toContain('S00042');
    expect(ordersText).toContain('SAL-ORD-2026-00007');
    expect(ordersText).toContain('Odoo Berlin');
    expect(agent.name).toBe('Anna Agent');
  });

  it('lists my customers gone dormant with their reason, and everyone’s with "all"', async () => {
    const agent = await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const mine = await twoErpCustomer(db(), 'Romashka GmbH', 1);
    const theirs = await twoErpCustomer(db(), 'Lutik AG', 2);
    const byRule = await twoErpCustomer(db(), 'Vasilek OOO', 3);
    await db().query(`UPDATE profiles SET owner_id = $1 WHERE id = $2`, [agent.id, mine]);
    await db().query(
      `UPDATE profile_metrics SET dormant = true, reason = 'no order for 200 days' WHERE profile_id = ANY ($1::uuid[])`,
      [[mine, theirs, byRule]],
    );
    // No owner set by hand: the dormant sweep's reminder (owner rules of the config) makes it hers.
    await db().query(
      `INSERT INTO reminders (employee_id, profile_id, text, due_at, kind) VALUES ($1, $2, 'went quiet', now(), 'dormant_customer')`,
      [agent.id, byRule],
    );
    const bot = chatBotFor(db());
    const reply = await bot.say(tg(1001), 'dormant');
    expect(replyText(reply)).toContain('Romashka GmbH');
    expect(replyText(reply)).toContain('no order for 200 days');
    expect(replyText(reply)).toContain('Vasilek OOO');
    expect(replyText(reply)).not.toContain('Lutik AG');
    expect(decodeAction(buttonAction(first(reply), 'Romashka GmbH'))).toMatchObject({ verb: 'card' });
    const all = replyText(await bot.say(tg(1001), 'спящие все'));
    expect(all).toContain('Romashka GmbH');
    expect(all).toContain('Lutik AG');
  });

  it('gives a pick list with one button per customer when a name matches several', async () => {
    await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    await twoErpCustomer(db(), 'Romashka GmbH');
    await twoErpCustomer(db(), 'Romashka Trading', 1);
    const reply = await chatBotFor(db()).say(tg(1001), 'Romashka');
    const buttons = first(reply).buttons!.flat();
    expect(buttons.map((b) => b.label).sort()).toEqual(['Romashka GmbH', 'Romashka Trading']);
    expect(buttons.every((b) => decodeAction(b.action)?.verb === 'card')).toBe(true);
  });

  it('hides phones and e-mails in a group chat unless the config allows that chat', async () => {
    await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const id = await twoErpCustomer(db(), 'Romashka GmbH');
    const bot = chatBotFor(db());
    const closed = replyText(await bot.say(tg(1001), `card ${id}`, { id: '-2002', kind: 'group' }));
    expect(closed).not.toContain('buyer@romashka.example');
    expect(closed).not.toContain('+4930123456');
    expect(closed).toContain('Contacts are hidden');
    const open = replyText(await bot.say(tg(1001), `card ${id}`, { id: '-1001', kind: 'group' }));
    expect(open).toContain('buyer@romashka.example');
  });

  it('opens a ticket from a form and audits it with the channel', async () => {
    const agent = await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const id = await twoErpCustomer(db(), 'Romashka GmbH');
    const bot = chatBotFor(db());
    const form = await bot.say(tg(1001), {
      kind: 'action',
      data: buttonAction(first(await bot.say(tg(1001), `card ${id}`)), 'New ticket'),
    });
    expect(form.openForm?.name).toBe('ticket');
    expect(form.openForm?.fields.find((f) => f.id === 'customer')?.initial).toBe(id);
    const reply = await bot.say(tg(1001), {
      kind: 'form',
      form: 'ticket',
      values: { customer: id, subject: 'Invoice is wrong', description: 'Twice the VAT', priority: 'high' },
    });
    expect(first(reply).subject?.kind).toBe('ticket');
    expect(replyText(reply)).toContain('Ticket T-1 opened: Invoice is wrong');
    const [ticket] = await db().query<{
      channel: string;
      priority: string;
      profile_id: string;
      created_by: string;
    }>('SELECT channel, priority, profile_id, created_by FROM tickets');
    expect(ticket).toEqual({ channel: 'telegram', priority: 'high', profile_id: id, created_by: agent.id });
    const audit = await listAudit(db(), { action: 'ticket.created' });
    expect(audit.map((entry) => [entry.channel, entry.actor.id])).toEqual([['telegram', agent.id]]);
  });

  it('answers which field of a form is wrong, and writes nothing', async () => {
    await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const reply = await chatBotFor(db()).say(tg(1001), {
      kind: 'form',
      form: 'ticket',
      values: { subject: '  ', priority: 'normal' },
    });
    expect(replyText(reply)).toContain('Please check \\"Subject\\"');
    expect(await count(db(), 'tickets')).toBe(0);
  });

  it('refuses a viewer politely and changes nothing', async () => {
    await employee(db(), 'Vera Viewer', 'viewer', { telegram: 1003 });
    const id = await twoErpCustomer(db(), 'Romashka GmbH');
    const reply = await chatBotFor(db()).say(tg(1003), {
      kind: 'form',
      form: 'ticket',
      values: { customer: id, subject: 'Help' },
    });
    expect(replyText(reply)).toContain('your role (viewer) may not do that');
    expect(await count(db(), 'tickets')).toBe(0);
    expect(await count(db(), 'audit_log')).toBe(0);
  });

  it('sets "напомни завтра в 10 позвонить" for an employee in Asia/Yekaterinburg at 05:00 UTC, in Russian', async () => {
    const ural = await employee(db(), 'Ural Agent', 'agent', {
      telegram: 1004,
      timeZone: 'Asia/Yekaterinburg',
      language: 'ru',
    });
    const reply = await chatBotFor(db()).say(tg(1004), 'напомни завтра в 10 позвонить Иванову');
    const [reminder] = await db().query<{ due_at: Date; text: string; employee_id: string }>(
      'SELECT due_at, text, employee_id FROM reminders',
    );
    expect(reminder!.due_at.toISOString()).toBe('2026-08-25T05:00:00.000Z');
    expect(reminder).toMatchObject({ text: 'позвонить Иванову', employee_id: ural.id });
    expect(replyText(reply)).toContain('Напомню 25 авг. 2026, 10:00');
  });

  it('answers an unreadable or past time with an example and sets nothing', async () => {
    await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const bot = chatBotFor(db());
    expect(replyText(await bot.say(tg(1001), 'remind someday call them'))).toContain('tomorrow 10am');
    expect(replyText(await bot.say(tg(1001), 'remind yesterday 10am call them'))).toContain('is in the past');
    expect(await count(db(), 'reminders')).toBe(0);
  });

  it('marks a reminder done with its button, replacing the message, audited from the chat', async () => {
    const agent = await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const bot = chatBotFor(db());
    const created = await bot.say(tg(1001), 'remind tomorrow 10am send the offer');
    const reply = await bot.say(tg(1001), { kind: 'action', data: buttonAction(first(created), 'Done') });
    expect(reply.replaceOrigin).toBe(true);
    expect(first(reply).buttons ?? []).toEqual([]);
    const [reminder] = await db().query<{ status: string }>('SELECT status FROM reminders');
    expect(reminder!.status).toBe('done');
    const audit = await listAudit(db(), { action: 'reminder.done' });
    expect(audit.map((e) => [e.channel, e.actor.id])).toEqual([['telegram', agent.id]]);
  });

  it('snoozes a reminder to tomorrow 09:00 in the employee zone', async () => {
    await employee(db(), 'Anna Agent', 'agent', { telegram: 1001, timeZone: 'Europe/Berlin' });
    const bot = chatBotFor(db());
    const created = await bot.say(tg(1001), 'remind in 2 hours send the offer');
    await bot.say(tg(1001), { kind: 'action', data: buttonAction(first(created), 'Tomorrow') });
    const [reminder] = await db().query<{ due_at: Date; status: string }>(
      'SELECT due_at, status FROM reminders',
    );
    expect(reminder).toEqual({ due_at: new Date('2026-08-25T07:00:00.000Z'), status: 'pending' });
  });

  it('answers an unbound user "not registered" in their language and changes nothing', async () => {
    await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const id = await twoErpCustomer(db(), 'Romashka GmbH');
    const bot = chatBotFor(db());
    const before = await count(db(), 'audit_log');
    const reply = await bot.say(tg(999, 'ru'), {
      kind: 'form',
      form: 'note',
      values: { profileId: id, body: 'hi' },
    });
    expect(replyText(reply)).toContain('Вы не зарегистрированы');
    expect(replyText(await bot.say(tg(999), `card ${id}`))).toContain('You are not registered');
    expect(await count(db(), 'interactions')).toBe(0);
    expect(await count(db(), 'audit_log')).toBe(before);
  });

  it('writes "note <id> <text>" at once, but never takes the first word of a name as the customer', async () => {
    await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const id = await twoErpCustomer(db(), 'Romashka GmbH');
    const bot = chatBotFor(db());
    await bot.say(tg(1001), `note ${id} called, will send the invoice`);
    const notes = () => db().query<{ body: string }>('SELECT body FROM interactions ORDER BY occurred_at');
    expect(await notes()).toEqual([{ body: 'called, will send the invoice' }]);
    // "Romashka" alone finds the customer; "note Romashka called back" must not note "called back" on it.
    const reply = await bot.say(tg(1001), 'note Romashka called back');
    expect(reply.openForm).toBeUndefined();
    expect(await notes()).toHaveLength(1);
  });

  it('binds a Telegram user once with a one-time code, audited', async () => {
    const agent = await employee(db(), 'Anna Agent', 'agent');
    const { code } = await createBindCode(db(), agent.id, { kind: 'cli', id: 'admin', channel: 'cli' });
    const bot = chatBotFor(db());
    expect(replyText(await bot.say(tg(555), `start ${code}`))).toContain('Welcome, Anna Agent');
    expect((await bot.employeeFor(tg(555)))?.id).toBe(agent.id);
    expect(replyText(await bot.say(tg(556), `start ${code}`))).toContain('invalid, expired or already used');
    expect(await bot.employeeFor(tg(556))).toBeNull();
    const [stored] = await db().query<{ code_hash: string }>('SELECT code_hash FROM chat_bind_codes');
    expect(stored!.code_hash).not.toContain(code);
    const audit = await listAudit(db(), { action: 'employee.chat_changed' });
    expect(audit.map((e) => e.channel)).toEqual(['telegram']);
  });

  it('gives an employee their own Telegram link in a private chat, which binds them once', async () => {
    const agent = await employee(db(), 'Anna Agent', 'agent', { email: 'anna@example.com' });
    const bot = chatBotFor(db());
    await bot.bindByEmail({ channel: 'slack', id: 'U0ANNA', teamId: 'T1' }, 'anna@example.com');
    const slack = { channel: 'slack', id: 'U0ANNA', teamId: 'T1' } as const;
    const inGroup = await bot.say(slack, 'settings telegram', { id: 'C0SALES', kind: 'group' });
    expect(replyText(inGroup)).toContain('private chat');
    expect(await count(db(), 'chat_bind_codes')).toBe(0);
    const text = replyText(await bot.say(slack, 'settings telegram'));
    const code = /https:\/\/t\.me\/crm_test_bot\?start=([A-Za-z0-9_-]{22})/.exec(text)?.[1];
    expect(code).toBeDefined();
    expect(replyText(await bot.say(tg(777), `start ${code}`))).toContain('Welcome, Anna Agent');
    expect((await bot.employeeFor(tg(777)))?.id).toBe(agent.id);
  });

  it('refuses an expired code', async () => {
    const agent = await employee(db(), 'Anna Agent', 'agent');
    const { code } = await createBindCode(
      db(),
      agent.id,
      { kind: 'cli', id: 'admin', channel: 'cli' },
      { now: new Date('2026-08-22T00:00:00Z') },
    );
    expect(replyText(await chatBotFor(db()).say(tg(555), `start ${code}`))).toContain('invalid, expired');
  });

  it('binds a Slack user by e-mail', async () => {
    const agent = await employee(db(), 'Anna Agent', 'agent', { email: 'Anna@Example.com' });
    const bot = chatBotFor(db());
    const bound = await bot.bindByEmail(
      { channel: 'slack', id: 'U0ANNA', teamId: 'T1' },
      'anna@example.com',
      'Europe/Berlin',
    );
    expect(bound).toMatchObject({
      id: agent.id,
      slackUserId: 'U0ANNA',
      slackTeamId: 'T1',
      timeZone: 'Europe/Berlin',
    });
    expect((await bot.employeeFor({ channel: 'slack', id: 'U0ANNA', teamId: 'T1' }))?.id).toBe(agent.id);
    expect(await bot.employeeFor({ channel: 'slack', id: 'U0ANNA', teamId: 'T2' })).toBeNull();
    expect(await bot.bindByEmail({ channel: 'slack', id: 'U0NOBODY' }, 'nobody@example.com')).toBeNull();
    // Another Slack account (or workspace) with the same e-mail does not take the binding over.
    const before = await count(db(), 'audit_log');
    expect(
      await bot.bindByEmail({ channel: 'slack', id: 'U0EVIL', teamId: 'T1' }, 'anna@example.com'),
    ).toBeNull();
    expect(
      await bot.bindByEmail({ channel: 'slack', id: 'U0ANNA', teamId: 'T9' }, 'anna@example.com'),
    ).toBeNull();
    expect((await bot.employeeFor({ channel: 'slack', id: 'U0ANNA', teamId: 'T1' }))?.id).toBe(agent.id);
    expect(await count(db(), 'audit_log')).toBe(before);
  });

  it('keeps names full of < & _ * . as plain strings, and the plain renderer shows them as they are', async () => {
    await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const name = '<b>Tom & Jerry</b> _under_ *star* 1.2.';
    const id = await twoErpCustomer(db(), name);
    const reply = await chatBotFor(db()).say(tg(1001), `card ${id}`);
    const view = first(reply);
    expect(view.blocks[0]).toEqual({ type: 'heading', text: name });
    const plain = renderPlain(view);
    expect(plain.text).toContain(name);
    expect(plain.choices.map((c) => c.label)).toContain('Orders');
  });

  it('runs the ticket flow: mine, take, comment, resolve, reopen', async () => {
    const agent = await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const bot = chatBotFor(db());
    await bot.say(tg(1001), {
      kind: 'form',
      form: 'ticket',
      values: { subject: 'Broken pump', priority: 'normal' },
    });
    const ticket = first(await bot.say(tg(1001), 'ticket T-1'));
    const taken = await bot.say(tg(1001), { kind: 'action', data: buttonAction(ticket, 'Take it') });
    expect(replyText(taken)).toContain('T-1 is now assigned to Anna Agent');
    expect(replyText(await bot.say(tg(1001), 'tickets'))).toContain('Broken pump');
    expect(replyText(await bot.say(tg(1001), 'comment T-1 called the customer'))).toContain(
      'Comment added to T-1',
    );
    expect(replyText(await bot.say(tg(1001), 'resolve 1'))).toContain('T-1 is now resolved');
    expect(replyText(await bot.say(tg(1001), 'reopen T-1'))).toContain('T-1 is now open');
    const actions = (await listAudit(db(), {}))
      .filter((e) => e.action.startsWith('ticket.'))
      .map((e) => [e.action, e.channel]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['ticket.assigned', 'telegram'],
        ['ticket.reopened', 'telegram'],
      ]),
    );
    expect(agent.id).toBeDefined();
  });

  it('refuses a forged button and changes nothing', async () => {
    await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const reply = await chatBotFor(db()).say(tg(1001), { kind: 'action', data: 'rd:AAAA' });
    expect(replyText(reply)).toContain('no longer valid');
  });

  it('changes settings and answers in the new language', async () => {
    await employee(db(), 'Anna Agent', 'agent', { telegram: 1001 });
    const bot = chatBotFor(db());
    expect(replyText(await bot.say(tg(1001), 'settings tz Mars/Olympus'))).toContain('is not a time zone');
    expect(replyText(await bot.say(tg(1001), 'settings tz Europe/Berlin'))).toContain('Europe/Berlin');
    const reply = await bot.say(tg(1001), { kind: 'action', data: 'sl:ru' });
    expect(replyText(reply)).toContain('Сохранено');
    const audit = await listAudit(db(), { action: 'employee.chat_changed' });
    expect(audit.every((e) => e.channel === 'telegram')).toBe(true);
    expect(audit).toHaveLength(2);
  });
});
