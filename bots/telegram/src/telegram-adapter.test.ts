/**
 * The adapter against a recording ChatBot (the contract only): what reaches the core, in which order the
 * Bot API is called, forms, access and transport. The scenarios with the real core and store are in
 * telegram-scenarios.test.ts.
 */
import type { ChatBot, ChatForm, ChatReply, ChatRequest, ChatView } from '@crm-bridge/bot-core';
import type { Employee } from '@crm-bridge/core';
import { createLogger } from '@crm-bridge/core';
import type { TelegramBlockMarks } from './block-marks';
import { createTelegramBot } from './create-telegram-bot';
import { failures, startFakeTelegramApi } from './fake-telegram-api.test-support';
import {
  BOT_USERNAME,
  callbackUpdate,
  chatMemberUpdate,
  startWebhookHarness,
  textUpdate,
  type WebhookHarness,
} from './telegram-updates.test-support';

const ANNA = { id: 5_000_000_001, first_name: 'Anna', language_code: 'en' };
const STRANGER = { id: 777, first_name: 'Mallory <script>', language_code: 'ru' };

const view = (text: string, extra: Partial<ChatView> = {}): ChatView => ({
  summary: text,
  blocks: [{ type: 'line', spans: [text] }],
  ...extra,
});

function employeeRow(telegramUserId: number, blockedAt: string | null = null): Employee {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Anna',
    email: null,
    role: 'agent',
    slackUserId: null,
    telegramUserId,
    slackTeamId: null,
    timeZone: null,
    language: null,
    notifyVia: 'telegram',
    telegramBlockedAt: blockedAt,
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

/** A ChatBot that knows Anna, records requests and answers from a script. */
class RecordingChatBot implements ChatBot {
  requests: ChatRequest[] = [];
  blockedAt: string | null = null;
  answer: (request: ChatRequest) => ChatReply | Promise<ChatReply> = (request) => ({
    messages: [view(`echo ${JSON.stringify(request.input)}`)],
  });
  suggestions: Array<{ value: string; label: string }> = [];
  async handle(request: ChatRequest) {
    this.requests.push(request);
    return this.answer(request);
  }
  async employeeFor(user: { id: string }) {
    return user.id === String(ANNA.id) ? employeeRow(ANNA.id, this.blockedAt) : null;
  }
  async bindByEmail() {
    return null;
  }
  async suggestCustomers(_user: unknown, query: string) {
    return this.suggestions.filter((s) => s.label.toLowerCase().includes(query.toLowerCase()));
  }
  async notificationView() {
    return view('n');
  }
}

class RecordingBlockMarks implements TelegramBlockMarks {
  events: string[] = [];
  async markBlocked(id: string) {
    this.events.push(`blocked ${id}`);
  }
  async clearBlocked(id: string) {
    this.events.push(`cleared ${id}`);
  }
}

describe('Telegram adapter (webhook, recording core)', () => {
  let core: RecordingChatBot;
  let marks: RecordingBlockMarks;
  let h: WebhookHarness;
  beforeEach(async () => {
    core = new RecordingChatBot();
    marks = new RecordingBlockMarks();
    h = await startWebhookHarness(core, marks);
  });
  afterEach(() => h.close());

  const methods = () => h.api.calls.map((call) => call.method);

  it('refuses a wrong or missing secret with 401 and does nothing', async () => {
    expect((await h.post(textUpdate(ANNA, '/find x'), 'wrong_secret')).status).toBe(401);
    expect((await h.post(textUpdate(ANNA, '/find x'), null)).status).toBe(401);
    expect((await h.post(textUpdate(ANNA, '/find x'), `${'test_Secret-token_0123456789'}x`)).status).toBe(
      401,
    );
    expect(core.requests).toEqual([]);
    expect(h.api.calls).toEqual([]);
  });

  it('answers 200 to a good update, and drops a redelivered one', async () => {
    const update = textUpdate(ANNA, '/help');
    expect((await h.post(update)).status).toBe(200);
    expect((await h.post(update)).status).toBe(200);
    expect(core.requests).toHaveLength(1);
    expect(
      (
        await fetch(h.url, {
          method: 'POST',
          headers: {
            'x-telegram-bot-api-secret-token': 'test_Secret-token_0123456789',
            'content-type': 'application/json',
          },
          body: '{"nope":1}',
        })
      ).status,
    ).toBe(400);
  });

  it('gives an unbound user "not registered" only, for messages and button presses', async () => {
    await h.post(textUpdate(STRANGER, '/find Иванов'));
    await h.post(callbackUpdate(STRANGER, 'r:d:00000000-0000-4000-8000-000000000009'));
    await h.post(textUpdate(STRANGER, 'hello'));
    expect(core.requests).toEqual([]);
    expect(methods()).toEqual(['sendMessage', 'answerCallbackQuery', 'sendMessage']);
    const [first, answer] = h.api.calls;
    expect(first!.params).toMatchObject({ chat_id: STRANGER.id, parse_mode: 'HTML' });
    expect(String(first!.params.text)).toMatch(/^Вы не зарегистрированы/);
    expect(answer!.params).toMatchObject({ show_alert: true });
    expect(String(answer!.params.text)).toMatch(/не зарегистрированы/);
  });

  it('passes /start <code> of an unbound user to the core, which binds', async () => {
    await h.post(textUpdate(STRANGER, `/start@${BOT_USERNAME} AbC123_x`));
    expect(core.requests.map((r) => r.input)).toEqual([{ kind: 'text', text: 'start AbC123_x' }]);
    expect(core.requests[0]!.user).toMatchObject({ channel: 'telegram', id: '777', languageHint: 'ru' });
  });

  it('turns commands into core text: @botname stripped in groups, other bots ignored, plain text a search', async () => {
    await h.post(textUpdate(ANNA, `/find@${BOT_USERNAME} ООО <Ромашка>`, { group: -100123 }));
    await h.post(textUpdate(ANNA, '/find@other_bot x', { group: -100123 }));
    await h.post(textUpdate(ANNA, 'just chatting', { group: -100123 }));
    await h.post(textUpdate(ANNA, '+7 999 123-45-67'));
    expect(core.requests.map((r) => [r.input, r.place])).toEqual([
      [
        { kind: 'text', text: 'find ООО <Ромашка>' },
        { id: '-100123', kind: 'group' },
      ],
      [
        { kind: 'text', text: 'find +7 999 123-45-67' },
        { id: String(ANNA.id), kind: 'private' },
      ],
    ]);
    const sent = h.api.callsOf('sendMessage');
    expect(sent[0]!.params).toMatchObject({ chat_id: -100123, parse_mode: 'HTML' });
    expect(sent[0]!.params.text).toBe(
      'echo {&quot;kind&quot;:&quot;text&quot;,&quot;text&quot;:&quot;find ООО &lt;Ромашка&gt;&quot;}',
    );
  });

  it('answers a button press first, with the notice, then edits the pressed message', async () => {
    core.answer = () => ({
      notice: 'Done ✓',
      replaceOrigin: true,
      messages: [view('Call back <Ivanov & Co>', { buttons: [[{ label: 'Reopen', action: 'r:o:1' }]] })],
    });
    await h.post(callbackUpdate(ANNA, 'r:d:1', { chatId: ANNA.id, messageId: 42 }));
    expect(core.requests.map((r) => r.input)).toEqual([{ kind: 'action', data: 'r:d:1' }]);
    expect(methods()).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(h.api.calls[0]!.params).toMatchObject({ text: 'Done ✓' });
    expect(h.api.calls[1]!.params).toEqual({
      chat_id: ANNA.id,
      message_id: 42,
      text: 'Call back &lt;Ivanov &amp; Co&gt;',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup: { inline_keyboard: [[{ text: 'Reopen', callback_data: 'r:o:1' }]] },
    });
  });

  it('treats "message is not modified" as done, and sends anew when the message cannot be edited', async () => {
    core.answer = () => ({ replaceOrigin: true, messages: [view('same')] });
    h.api.failNext('editMessageText', failures.notModified());
    await h.post(callbackUpdate(ANNA, 'r:d:1'));
    expect(methods()).toEqual(['answerCallbackQuery', 'editMessageText']);
    h.api.reset();
    h.api.failNext('editMessageText', failures.badRequest('Bad Request: message to edit not found'));
    await h.post(callbackUpdate(ANNA, 'r:d:1'));
    expect(methods()).toEqual(['answerCallbackQuery', 'editMessageText', 'sendMessage']);
  });

  it('collects a form field by field (search + pick, choice, skip) and submits it as a form', async () => {
    const form: ChatForm = {
      name: 'ticket',
      title: 'New ticket',
      submitLabel: 'Open',
      hidden: { source: 'telegram' },
      fields: [
        { id: 'customer', label: 'Customer', kind: 'customer' },
        {
          id: 'priority',
          label: 'Priority',
          kind: 'select',
          options: [
            { value: 'low', label: 'Low' },
            { value: 'high', label: 'High' },
          ],
        },
        { id: 'subject', label: 'Subject <short>', kind: 'text', hint: 'e.g. "Invoice & delivery"' },
        { id: 'body', label: 'Details', kind: 'multiline', optional: true },
      ],
    };
    core.suggestions = [
      { value: 'c-1', label: 'Рога & Копыта' },
      { value: 'c-2', label: 'Рога Trade' },
    ];
    core.answer = (request) =>
      request.input.kind === 'form'
        ? { messages: [view('Ticket T-1 opened')] }
        : { messages: [], openForm: form };
    await h.post(textUpdate(ANNA, '/ticket'));
    const prompt = h.api.callsOf('sendMessage').at(-1)!.params;
    expect(prompt.text).toBe('<b>New ticket</b> (1/4)\nCustomer\n/cancel — Cancel');
    expect(prompt.reply_markup).toMatchObject({ force_reply: true, input_field_placeholder: 'Customer' });

    await h.post(textUpdate(ANNA, 'рога'));
    const pick = h.api.callsOf('sendMessage').at(-1)!.params;
    expect(pick.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: 'Рога & Копыта', callback_data: '~f:0' }],
        [{ text: 'Рога Trade', callback_data: '~f:1' }],
        [{ text: 'Cancel', callback_data: '~x' }],
      ],
    });
    await h.post(callbackUpdate(ANNA, '~f:1'));
    expect(h.api.callsOf('sendMessage').at(-1)!.params.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: 'Low', callback_data: '~f:0' },
          { text: 'High', callback_data: '~f:1' },
        ],
        [{ text: 'Cancel', callback_data: '~x' }],
      ],
    });
    await h.post(textUpdate(ANNA, 'high'));
    expect(h.api.callsOf('sendMessage').at(-1)!.params.text).toBe(
      '<b>New ticket</b> (3/4)\nSubject &lt;short&gt;\n<i>e.g. &quot;Invoice &amp; delivery&quot;</i>\n/cancel — Cancel',
    );
    await h.post(textUpdate(ANNA, 'Счёт <№5> & доставка'));
    await h.post(textUpdate(ANNA, '/skip'));
    expect(core.requests.map((r) => r.input)).toEqual([
      { kind: 'text', text: 'ticket' },
      {
        kind: 'form',
        form: 'ticket',
        values: { source: 'telegram', customer: 'c-2', priority: 'high', subject: 'Счёт <№5> & доставка' },
      },
    ]);
    expect(h.api.callsOf('sendMessage').at(-1)!.params.text).toBe('Ticket T-1 opened');
    // The form is over: plain text is a search again.
    await h.post(textUpdate(ANNA, 'Рога'));
    expect(core.requests.at(-1)!.input).toEqual({ kind: 'text', text: 'find Рога' });
  });

  it('drops a form on /cancel and answers a stale form button with "expired"', async () => {
    core.answer = () => ({
      messages: [],
      openForm: {
        name: 'note',
        title: 'Note',
        submitLabel: 'Add',
        hidden: {},
        fields: [{ id: 'text', label: 'Text', kind: 'multiline' }],
      },
    });
    await h.post(textUpdate(ANNA, '/note'));
    await h.post(textUpdate(ANNA, '/cancel'));
    expect(h.api.callsOf('sendMessage').at(-1)!.params.text).toBe('Cancelled.');
    await h.post(callbackUpdate(ANNA, '~f:0'));
    expect(h.api.callsOf('answerCallbackQuery').at(-1)!.params).toEqual({
      callback_query_id: expect.any(String),
    });
    expect(core.requests).toHaveLength(1);
  });

  it('marks the employee blocked on my_chat_member "kicked" and clears it on their next message', async () => {
    await h.post(chatMemberUpdate(ANNA, 'kicked'));
    expect(marks.events).toEqual(['blocked 00000000-0000-4000-8000-000000000001']);
    expect(h.api.calls).toEqual([]);
    core.blockedAt = '2026-03-01T00:00:00.000Z';
    await h.post(textUpdate(ANNA, '/help'));
    expect(marks.events).toEqual([
      'blocked 00000000-0000-4000-8000-000000000001',
      'cleared 00000000-0000-4000-8000-000000000001',
    ]);
    await h.post(chatMemberUpdate(STRANGER, 'kicked'));
    expect(marks.events).toHaveLength(2);
  });

  it('waits retry_after on a 429 and sends the message once', async () => {
    h.api.failNext('sendMessage', failures.tooManyRequests(1));
    await h.post(textUpdate(ANNA, '/help'));
    const sends = h.api.callsOf('sendMessage');
    expect(sends).toHaveLength(2);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(950);
    expect(sends[1]!.params.text).toBe(sends[0]!.params.text);
  });

  it('never retries a 403 or a 400', async () => {
    h.api.failNext('sendMessage', failures.blocked());
    await h.post(textUpdate(ANNA, '/help'));
    h.api.failNext('sendMessage', failures.badRequest());
    await h.post(textUpdate(ANNA, '/help'));
    // Each failed answer is followed by one "something went wrong" attempt, never by a retry of the same text.
    const texts = h.api.callsOf('sendMessage').map((call) => String(call.params.text));
    expect(texts.filter((text) => text.startsWith('echo'))).toHaveLength(2);
    expect(texts.filter((text) => text.startsWith('Something went wrong'))).toHaveLength(2);
  });
});

describe('Telegram adapter: start-up and polling', () => {
  it('registers commands in English and Russian, and the webhook with its secret', async () => {
    const api = await startFakeTelegramApi();
    const telegram = createTelegramBot({
      token: api.token,
      apiRoot: api.apiRoot,
      chatBot: new RecordingChatBot(),
      blockMarks: new RecordingBlockMarks(),
      log: createLogger({ level: 'silent' }),
    });
    try {
      await telegram.startWebhook({ url: 'https://crm.example/telegram/webhook', secretToken: 's3cret_-' });
      expect(api.calls.map((c) => c.method)).toEqual(['setWebhook', 'setMyCommands', 'setMyCommands']);
      expect(api.calls[0]!.params).toEqual({
        url: 'https://crm.example/telegram/webhook',
        secret_token: 's3cret_-',
        allowed_updates: ['message', 'callback_query', 'my_chat_member'],
        drop_pending_updates: false,
      });
      const [en, ru] = [api.calls[1]!.params, api.calls[2]!.params];
      expect(en.language_code).toBeUndefined();
      expect(ru.language_code).toBe('ru');
      const names = (en.commands as Array<{ command: string }>).map((c) => c.command);
      expect(names).toEqual([
        'find',
        'card',
        'tickets',
        'ticket',
        'reminders',
        'remind',
        'note',
        'settings',
        'help',
      ]);
      expect((ru.commands as Array<{ description: string }>)[0]!.description).toMatch(/^Найти клиента/);
    } finally {
      await api.close();
    }
  });

  it('deletes the webhook before it polls, then handles polled updates in order', async () => {
    const api = await startFakeTelegramApi();
    const core = new RecordingChatBot();
    const telegram = createTelegramBot({
      token: api.token,
      apiRoot: api.apiRoot,
      chatBot: core,
      blockMarks: new RecordingBlockMarks(),
      log: createLogger({ level: 'silent' }),
      perChatPerSecond: 1000,
    });
    api.queueUpdates([textUpdate(ANNA, '/help'), textUpdate(ANNA, '/tickets')]);
    const running = telegram.startPolling({ timeoutSeconds: 1 });
    try {
      for (let i = 0; i < 100 && core.requests.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(core.requests.map((r) => r.input)).toEqual([
        { kind: 'text', text: 'help' },
        { kind: 'text', text: 'tickets' },
      ]);
      const order = api.calls.map((c) => c.method);
      expect(order.indexOf('deleteWebhook')).toBe(0);
      expect(order.indexOf('getUpdates')).toBeGreaterThan(0);
      // The second poll confirms the first batch with offset = last update_id + 1.
      const offsets = api.callsOf('getUpdates').map((c) => c.params.offset);
      expect(offsets.slice(0, 2)).toEqual([undefined, expect.any(Number)]);
    } finally {
      await telegram.stop();
      await running;
      await api.close();
    }
  });

  it('sends at most about one message per second to a chat', async () => {
    const api = await startFakeTelegramApi();
    const core = new RecordingChatBot();
    core.answer = () => ({ messages: [view('one'), view('two'), view('three')] });
    const telegram = createTelegramBot({
      token: api.token,
      apiRoot: api.apiRoot,
      chatBot: core,
      blockMarks: new RecordingBlockMarks(),
      log: createLogger({ level: 'silent' }),
    });
    try {
      await telegram.handleUpdate(textUpdate(ANNA, '/help'));
      const at = api.callsOf('sendMessage').map((c) => c.at);
      expect(at).toHaveLength(3);
      // Arrival times at the fake: the first request also pays for the connection, so allow some jitter.
      expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(700);
      expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(700);
      expect(at[2]! - at[0]!).toBeGreaterThanOrEqual(1800);
    } finally {
      await api.close();
    }
  });
});
