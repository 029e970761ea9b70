import type { ChatView } from '@crm-bridge/bot-core';
import type { Employee } from '@crm-bridge/core';
import type { TelegramBlockMarks } from './block-marks';
import { createTelegramSender, type TelegramSender } from './telegram-sender';
import { type FakeTelegramApi, failures, startFakeTelegramApi } from './testing/index';

const reminder: ChatView = {
  summary: 'Reminder',
  blocks: [{ type: 'heading', text: 'Call <Ivanov & Sons>' }],
  buttons: [[{ label: 'Done', action: 'r:d:1' }]],
};

const employee = (overrides: Partial<Employee> = {}) =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Anna',
    email: null,
    role: 'agent',
    slackUserId: null,
    telegramUserId: 5_000_000_001,
    slackTeamId: null,
    timeZone: null,
    language: null,
    notifyVia: 'telegram',
    telegramBlockedAt: null,
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }) as Employee;

describe('Telegram ChatSender', () => {
  let api: FakeTelegramApi;
  let sender: TelegramSender;
  let blocked: string[];
  beforeAll(async () => {
    api = await startFakeTelegramApi();
  });
  beforeEach(() => {
    api.reset();
    blocked = [];
    const marks: TelegramBlockMarks = {
      markBlocked: async (id) => void blocked.push(id),
      clearBlocked: async () => undefined,
    };
    sender = createTelegramSender({
      token: api.token,
      apiRoot: api.apiRoot,
      blockMarks: marks,
      perChatPerSecond: 1000,
    });
  });
  afterAll(() => api.close());

  it('sends to the private chat of the Telegram user and returns where the message is', async () => {
    const outcome = await sender.send(employee(), reminder);
    expect(outcome).toEqual({ kind: 'sent', ref: { chatId: 5_000_000_001, messageId: expect.any(Number) } });
    expect(api.callsOf('sendMessage')[0]!.params).toMatchObject({
      chat_id: 5_000_000_001,
      text: '<b>Call &lt;Ivanov &amp; Sons&gt;</b>',
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'Done', callback_data: 'r:d:1' }]] },
    });
  });

  it('knows who is reachable: bound, active and not blocked', () => {
    expect(sender.reachable(employee())).toBe(true);
    expect(sender.reachable(employee({ telegramUserId: null }))).toBe(false);
    expect(sender.reachable(employee({ telegramBlockedAt: '2026-03-01T00:00:00.000Z' }))).toBe(false);
  });

  it.each([
    ['blocked by the user', failures.blocked()],
    ["can't initiate a conversation", failures.cantInitiate()],
  ])('on 403 (%s) answers unreachable, marks the employee blocked and does not retry', async (_, failure) => {
    api.failNext('sendMessage', failure);
    const outcome = await sender.send(employee(), reminder);
    expect(outcome).toEqual({ kind: 'unreachable', reason: `403: ${failure.description}` });
    expect(blocked).toEqual(['00000000-0000-4000-8000-000000000001']);
    expect(api.callsOf('sendMessage')).toHaveLength(1);
  });

  it('on 429 hands the wait back to the drain (retry_after in ms) without sending twice', async () => {
    api.failNext('sendMessage', failures.tooManyRequests(7));
    expect(await sender.send(employee(), reminder)).toEqual({
      kind: 'retry',
      afterMs: 7000,
      reason: '429: Too Many Requests: retry after 7',
    });
    expect(api.callsOf('sendMessage')).toHaveLength(1);
  });

  it('on 400 fails for good, without a retry', async () => {
    api.failNext('sendMessage', failures.badRequest());
    expect(await sender.send(employee(), reminder)).toEqual({
      kind: 'failed',
      reason: "400: Bad Request: can't parse entities",
    });
    expect(api.callsOf('sendMessage')).toHaveLength(1);
    expect(blocked).toEqual([]);
  });

  it('edits a stored message, removing its buttons when the view has none; "not modified" is done', async () => {
    const done: ChatView = { summary: 'Done', blocks: [{ type: 'line', spans: ['✓ Call back'] }] };
    expect(await sender.edit({ chatId: 5_000_000_001, messageId: 77 }, done)).toEqual({
      kind: 'sent',
      ref: { chatId: 5_000_000_001, messageId: 77 },
    });
    expect(api.callsOf('editMessageText')[0]!.params).toMatchObject({
      chat_id: 5_000_000_001,
      message_id: 77,
      text: '✓ Call back',
      reply_markup: { inline_keyboard: [] },
    });
    api.failNext('editMessageText', failures.notModified());
    expect((await sender.edit({ chatId: 5_000_000_001, messageId: 77 }, done)).kind).toBe('sent');
    expect(await sender.edit({ channel: 'D1', ts: '1.2' }, done)).toEqual({
      kind: 'failed',
      reason: 'not a Telegram message reference',
    });
  });

  /** Three pages of about 3,300 characters each, the Done button under the last. */
  const longReminder: ChatView = {
    summary: 'Reminder',
    blocks: [
      { type: 'heading', text: 'Call back' },
      { type: 'list', items: Array.from({ length: 90 }, (_, i) => [`order ${i} ${'x'.repeat(100)}`]) },
    ],
    buttons: [[{ label: 'Done', action: 'r:d:1' }]],
  };
  const pageTexts = () => api.callsOf('sendMessage').map((call) => String(call.params.text));

  it('resumes a view of several pages after the pages already sent when a 429 stopped it part way', async () => {
    api.failNext('sendMessage', failures.tooManyRequests(3), 1, 1);
    expect(await sender.send(employee(), longReminder)).toMatchObject({ kind: 'retry', afterMs: 3000 });
    const [first] = pageTexts();
    expect(pageTexts()).toHaveLength(2);
    // The drain tries the same view again: page 1 is in the chat already and is not sent twice.
    const outcome = await sender.send(employee(), longReminder);
    expect(outcome).toEqual({ kind: 'sent', ref: { chatId: 5_000_000_001, messageId: expect.any(Number) } });
    const texts = pageTexts();
    expect(texts).toHaveLength(4);
    expect(texts.filter((text) => text === first)).toHaveLength(1);
    expect(texts[1]).toBe(texts[2]);
    expect(new Set(texts).size).toBe(3);
    const sends = api.callsOf('sendMessage');
    expect(sends.map((call) => call.params.reply_markup !== undefined)).toEqual([false, false, false, true]);
    // Done: a later send of the same view is a new notification, sent whole.
    api.reset();
    await sender.send(employee(), longReminder);
    expect(pageTexts()).toHaveLength(3);
  });

  it('resumes an edit of several pages without editing or sending the done pages again', async () => {
    const ref = { chatId: 5_000_000_001, messageId: 77 };
    api.failNext('sendMessage', failures.tooManyRequests(2), 1, 1);
    expect((await sender.edit(ref, longReminder)).kind).toBe('retry');
    expect(api.callsOf('editMessageText')).toHaveLength(1);
    expect(await sender.edit(ref, longReminder)).toMatchObject({ kind: 'sent' });
    expect(api.callsOf('editMessageText')).toHaveLength(1);
    const texts = pageTexts();
    expect(texts).toHaveLength(3);
    expect(texts[1]).toBe(texts[2]);
    expect(texts[0]).not.toBe(texts[1]);
  });

  it('starts a changed view over, and forgets a view that failed for good', async () => {
    api.failNext('sendMessage', failures.tooManyRequests(1), 1, 1);
    await sender.send(employee(), longReminder);
    const changed: ChatView = { ...longReminder, summary: 'Reminder (changed)' };
    api.reset();
    await sender.send(employee(), changed);
    expect(pageTexts()).toHaveLength(3);
    api.reset();
    api.failNext('sendMessage', failures.badRequest(), 1, 1);
    expect((await sender.send(employee(), longReminder)).kind).toBe('failed');
    api.reset();
    await sender.send(employee(), longReminder);
    expect(pageTexts()).toHaveLength(3);
  });

  it('never sends the bot token anywhere but the URL path', async () => {
    await sender.send(employee(), reminder);
    expect(api.wrongTokenRequests).toBe(0);
    expect(JSON.stringify(api.calls)).not.toContain(api.token);
  });
});
