/**
 * Scenarios end to end: real updates POSTed with the secret to the webhook on the real API server, the real
 * chat core over a real store, the library talking to the fake Bot API over loopback HTTP.
 */
import { customerInTwoErps, storeCounts } from '@crm-bridge/bot-core/testing';
import {
  buttonsOf,
  HOSTILE_NAME,
  type TelegramScenario,
  telegramEmployee,
  useTelegramScenario,
  visibleText,
} from './telegram-fixture.test-support';
import { callbackUpdate, chatMemberUpdate, failures, textUpdate } from './testing/index';

const ANNA = { id: 5_000_000_001, first_name: 'Anna', language_code: 'en' };
const VERA = { id: 5_000_000_002, first_name: 'Vera', language_code: 'en' };
const STRANGER = { id: 777, first_name: 'Mallory', language_code: 'en' };

describe.each(['postgres', 'pglite'] as const)('Telegram scenarios (%s)', (driver) => {
  const s = useTelegramScenario(driver);
  const sent = () => s.api().callsOf('sendMessage');
  const lastSent = () => sent().at(-1);

  /** Answers the form's questions until it is submitted; returns the prompts seen. */
  async function fillForm(scenario: TelegramScenario, person: typeof ANNA, answers: Record<string, string>) {
    const prompts: string[] = [];
    for (let step = 0; step < 10; step++) {
      const prompt = lastSent()!;
      const markup = prompt.params.reply_markup as { force_reply?: boolean } | undefined;
      const text = visibleText(prompt.params.text);
      const picks = buttonsOf(prompt).filter((b) => b.callback_data.startsWith('~f:'));
      if (markup?.force_reply) {
        prompts.push(text);
        const answer = Object.entries(answers).find(([label]) => text.toLowerCase().includes(label))?.[1];
        await scenario.post(textUpdate(person, answer ?? 'Something & <else>'));
      } else if (picks.length > 0) {
        prompts.push(text);
        await scenario.post(callbackUpdate(person, picks[0]!.callback_data));
      } else {
        return prompts;
      }
    }
    throw new Error('the form never ended');
  }

  it('/find shows the card of a hostile name with orders from two ERPs', async () => {
    await telegramEmployee(s.db(), 'Anna Agent', 'agent', ANNA.id);
    await customerInTwoErps(s.db(), HOSTILE_NAME);
    await s.post(textUpdate(ANNA, '/find Копыта'));
    const card = lastSent()!;
    expect(card.params).toMatchObject({ chat_id: ANNA.id, parse_mode: 'HTML' });
    const html = String(card.params.text);
    expect(html).toContain('ООО «Рога &amp; Копыта» &lt;b&gt;_*Acme*_.');
    const text = visibleText(html);
    expect(text).toContain(HOSTILE_NAME);
    expect(text).toMatch(/Odoo Berlin|odoo/);
    expect(text).toMatch(/ERPNext Wholesale|erpnext/);
    // The orders of both ERPs, on the card or one press away.
    let orders = text;
    if (!(orders.includes('SO_0007') && orders.includes('SO-2026-00009'))) {
      const button = buttonsOf(card).find((b) => /order/i.test(b.text));
      expect(button).toBeDefined();
      await s.post(callbackUpdate(ANNA, button!.callback_data));
      orders = visibleText(
        s
          .api()
          .calls.filter((c) => /sendMessage|editMessageText/.test(c.method))
          .at(-1)!.params.text,
      );
    }
    expect(orders).toContain('SO_0007');
    expect(orders).toContain('SO-2026-00009');
  });

  it('opens a ticket through the ForceReply form, audited with channel telegram', async () => {
    await telegramEmployee(s.db(), 'Anna Agent', 'agent', ANNA.id);
    const profileId = await customerInTwoErps(s.db(), HOSTILE_NAME);
    await s.post(textUpdate(ANNA, '/ticket new'));
    const prompts = await fillForm(s, ANNA, {
      customer: 'Копыта',
      subject: 'Счёт <№5> & доставка',
      title: 'Счёт <№5> & доставка',
    });
    expect(prompts.length).toBeGreaterThan(0);
    const tickets = await s
      .db()
      .query<{ profile_id: string; title: string; channel: string; priority: string }>(
        'SELECT profile_id, title, channel, priority FROM tickets',
      );
    // The customer found by search, the typed subject as written, the first priority button pressed.
    expect(tickets).toEqual([
      { profile_id: profileId, title: 'Счёт <№5> & доставка', channel: 'telegram', priority: 'low' },
    ]);
    const audit = await s
      .db()
      .query<{ action: string; channel: string }>(
        `SELECT action, channel FROM audit_log WHERE target_kind = 'ticket'`,
      );
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((row) => row.channel === 'telegram')).toBe(true);
  });

  it('Done on a reminder marks it done and edits the message in place', async () => {
    await telegramEmployee(s.db(), 'Anna Agent', 'agent', ANNA.id);
    await s.post(textUpdate(ANNA, '/remind tomorrow 10am call back <Ivanov & Co>'));
    const [reminder] = await s.db().query<{ id: string; status: string }>('SELECT id, status FROM reminders');
    expect(reminder).toBeDefined();
    await s.post(textUpdate(ANNA, '/reminders'));
    const list = lastSent()!;
    const done = buttonsOf(list).find((b) => /done|готово/i.test(b.text));
    expect(done).toBeDefined();
    s.api().reset();
    await s.post(callbackUpdate(ANNA, done!.callback_data, { chatId: ANNA.id, messageId: 4242 }));
    expect(s.api().calls[0]!.method).toBe('answerCallbackQuery');
    const edit = s.api().callsOf('editMessageText')[0];
    expect(edit!.params).toMatchObject({ chat_id: ANNA.id, message_id: 4242, parse_mode: 'HTML' });
    expect(visibleText(edit!.params.text)).toContain('call back <Ivanov & Co>');
    const [after] = await s
      .db()
      .query<{ status: string }>('SELECT status FROM reminders WHERE id = $1', [reminder!.id]);
    expect(after!.status).toBe('done');
  });

  it('Done pressed too late to answer still marks the reminder done, with no "something went wrong"', async () => {
    await telegramEmployee(s.db(), 'Anna Agent', 'agent', ANNA.id);
    await s.post(textUpdate(ANNA, '/remind tomorrow 10am call back'));
    await s.post(textUpdate(ANNA, '/reminders'));
    const done = buttonsOf(lastSent()).find((b) => /done|готово/i.test(b.text));
    s.api().reset();
    s.api().failNext(
      'answerCallbackQuery',
      failures.badRequest(
        'Bad Request: query is too old and response timeout expired or query ID is invalid',
      ),
    );
    await s.post(callbackUpdate(ANNA, done!.callback_data, { chatId: ANNA.id, messageId: 4243 }));
    expect(s.api().calls.map((call) => call.method)).toEqual(['answerCallbackQuery', 'editMessageText']);
    const [after] = await s.db().query<{ status: string }>('SELECT status FROM reminders');
    expect(after!.status).toBe('done');
  });

  it('/cancel with no form open cancels a reminder through the core, audited with channel telegram', async () => {
    await telegramEmployee(s.db(), 'Anna Agent', 'agent', ANNA.id);
    await s.post(textUpdate(ANNA, '/remind tomorrow 10am call back'));
    const [reminder] = await s.db().query<{ id: string }>('SELECT id FROM reminders');
    await s.post(textUpdate(ANNA, `/cancel ${reminder!.id}`));
    const [after] = await s.db().query<{ status: string }>('SELECT status FROM reminders');
    expect(after!.status).toBe('cancelled');
    const audit = await s
      .db()
      .query<{ channel: string }>(`SELECT channel FROM audit_log WHERE target_kind = 'reminder'`);
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((row) => row.channel === 'telegram')).toBe(true);
  });

  it('a viewer cannot open a ticket', async () => {
    await telegramEmployee(s.db(), 'Vera Viewer', 'viewer', VERA.id);
    await customerInTwoErps(s.db(), HOSTILE_NAME);
    const before = await storeCounts(s.db());
    await s.post(textUpdate(VERA, '/ticket new'));
    await fillForm(s, VERA, { customer: 'Копыта', subject: 'Please' });
    expect(await storeCounts(s.db())).toEqual(before);
    expect(visibleText(lastSent()!.params.text)).toMatch(/your role \(viewer\) may not do that/);
  });

  it('a wrong secret gets 401 and changes nothing', async () => {
    await telegramEmployee(s.db(), 'Anna Agent', 'agent', ANNA.id);
    const before = await storeCounts(s.db());
    const response = await s.post(textUpdate(ANNA, '/remind tomorrow 10am call'), 'forged_secret');
    expect(response.status).toBe(401);
    expect(await storeCounts(s.db())).toEqual(before);
    expect(s.api().calls).toEqual([]);
  });

  it('an unbound user gets "not registered" only, for a message and a button press', async () => {
    await telegramEmployee(s.db(), 'Anna Agent', 'agent', ANNA.id);
    const before = await storeCounts(s.db());
    await s.post(textUpdate(STRANGER, '/remind tomorrow 10am call'));
    await s.post(callbackUpdate(STRANGER, 'h'));
    expect(await storeCounts(s.db())).toEqual(before);
    expect(s.api().calls.map((c) => c.method)).toEqual(['sendMessage', 'answerCallbackQuery']);
    expect(visibleText(s.api().calls[0]!.params.text)).toMatch(/not registered/);
    expect(s.api().calls[1]!.params.text).toMatch(/not registered/);
  });

  it('a 429 is retried after retry_after and the card is delivered once', async () => {
    await telegramEmployee(s.db(), 'Anna Agent', 'agent', ANNA.id);
    await customerInTwoErps(s.db(), HOSTILE_NAME);
    s.api().failNext('sendMessage', failures.tooManyRequests(1));
    await s.post(textUpdate(ANNA, '/find Копыта'));
    const calls = sent();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(calls[1]!.params.text).toBe(calls[0]!.params.text);
    expect(visibleText(calls[1]!.params.text)).toContain(HOSTILE_NAME);
  });

  it('blocking the bot marks the employee unreachable (audited); the next message clears it', async () => {
    const id = await telegramEmployee(s.db(), 'Anna Agent', 'agent', ANNA.id);
    await s.post(chatMemberUpdate(ANNA, 'kicked'));
    const blocked = await s
      .db()
      .query<{ telegram_blocked_at: Date | null }>(
        'SELECT telegram_blocked_at FROM employees WHERE id = $1',
        [id],
      );
    expect(blocked[0]!.telegram_blocked_at).not.toBeNull();
    expect(s.api().calls).toEqual([]);
    await s.post(textUpdate(ANNA, '/help'));
    const cleared = await s
      .db()
      .query<{ telegram_blocked_at: Date | null }>(
        'SELECT telegram_blocked_at FROM employees WHERE id = $1',
        [id],
      );
    expect(cleared[0]!.telegram_blocked_at).toBeNull();
    const audit = await s
      .db()
      .query<{ channel: string }>(`SELECT channel FROM audit_log WHERE action = 'employee.chat_changed'`);
    expect(audit.map((row) => row.channel)).toEqual(['telegram', 'telegram']);
  });
});
