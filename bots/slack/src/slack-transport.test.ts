/**
 * Transport: Bolt's real HTTP receiver mounted on a Fastify server, signed requests over loopback, the Web API
 * on a fake Slack. The core here is a recording stand-in; slack-scenarios.test.ts runs the real one.
 */
import { type ChatBot, type ChatReply, type ChatRequest, encodeAction, t } from '@crm-bridge/bot-core';
import { createLogger, type Employee, SlackBotConfig } from '@crm-bridge/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { createSlackApp, type SlackHandle } from './slack-app';
import { registerSlackRoutes } from './slack-routes';
import { commandBody, FakeSlack, interactionBody, postSigned, slackSignature } from './testing/index';

const SECRET = 'transport-signing-secret';

const employee: Employee & { notifyVia: 'both' } = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Anna',
  email: 'anna@example.com',
  role: 'agent',
  slackUserId: 'U0ANNA',
  telegramUserId: null,
  slackTeamId: 'T1',
  timeZone: null,
  language: null,
  notifyVia: 'both',
  telegramBlockedAt: null,
  active: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};

/** A core that records requests and answers with a fixed reply after an optional delay. */
class RecordingBot implements ChatBot {
  readonly requests: ChatRequest[] = [];
  readonly bound: Array<{ email: string; timeZone: string | undefined }> = [];
  reply: ChatReply = { messages: [{ summary: 'ok', blocks: [{ type: 'line', spans: ['ok'] }] }] };
  delayMs = 0;
  failure: Error | null = null;
  boundUsers = new Set<string>(['U0ANNA']);
  /** Employees who chose a language (settings lang). */
  languages = new Map<string, 'en' | 'ru'>();
  async handle(request: ChatRequest): Promise<ChatReply> {
    this.requests.push(request);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failure) throw this.failure;
    return this.reply;
  }
  async employeeFor(user: { id: string }) {
    if (!this.boundUsers.has(user.id)) return null;
    return { ...employee, slackUserId: user.id, language: this.languages.get(user.id) ?? null };
  }
  async bindByEmail(user: { id: string }, email: string, timeZone?: string) {
    this.bound.push({ email, timeZone });
    if (email !== 'anna@example.com') return null;
    this.boundUsers.add(user.id);
    return employee;
  }
  async suggestCustomers() {
    return [{ value: 'p1', label: 'Ромашка <ООО>' }];
  }
  async notificationView() {
    return { summary: 'n', blocks: [] };
  }
}

let slack: FakeSlack;
let bot: RecordingBot;
let handle: SlackHandle;
let server: FastifyInstance;
let endpoint: string;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  bot = new RecordingBot();
  handle = await createSlackApp({
    chatBot: bot,
    config: SlackBotConfig.parse({ mode: 'http', botToken: 'xoxb-test-1', signingSecret: SECRET }),
    log: createLogger({ level: 'silent' }),
    slackApiUrl: slack.apiUrl,
    botIdentity: { botId: 'B1', botUserId: 'UBOT' },
    timeoutMs: 2000,
  });
  server = Fastify();
  registerSlackRoutes(server, handle);
  endpoint = `${await server.listen({ host: '127.0.0.1', port: 0 })}/slack/events`;
});

afterAll(async () => {
  await server?.close();
  await slack?.stop();
});

beforeEach(() => {
  slack.reset();
  bot.requests.length = 0;
  bot.reply = { messages: [{ summary: 'ok', blocks: [{ type: 'line', spans: ['ok'] }] }] };
  bot.delayMs = 0;
  bot.failure = null;
  bot.languages.clear();
});

describe('the HTTP receiver on the API server', () => {
  it('refuses a forged signature with 401 and runs nothing', async () => {
    const body = commandBody({ text: 'find Acme', userId: 'U0ANNA', responseUrl: slack.responseUrl(1) });
    const answer = await postSigned(endpoint, body, { secret: 'not-the-secret' });
    expect(answer.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bot.requests).toHaveLength(0);
    expect(slack.calls).toHaveLength(0);
    expect(slack.responses).toHaveLength(0);
  });

  it('refuses a body changed after signing with 401', async () => {
    const body = commandBody({ text: 'find Acme', userId: 'U0ANNA', responseUrl: slack.responseUrl(1) });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = slackSignature(SECRET, timestamp, body);
    const answer = await postSigned(endpoint, body.replace('Acme', 'Evil'), {
      secret: SECRET,
      timestamp,
      signature,
    });
    expect(answer.status).toBe(401);
    expect(bot.requests).toHaveLength(0);
  });

  it('refuses a correctly signed request older than 5 minutes with 401', async () => {
    const body = commandBody({ text: 'find Acme', userId: 'U0ANNA', responseUrl: slack.responseUrl(1) });
    const answer = await postSigned(endpoint, body, {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(answer.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bot.requests).toHaveLength(0);
  });

  it('acks a command at once even when the core is slow, then answers through response_url', async () => {
    bot.delayMs = 1500;
    const started = Date.now();
    const body = commandBody({ text: '  find Acme  ', userId: 'U0ANNA', responseUrl: slack.responseUrl(7) });
    const answer = await postSigned(endpoint, body, { secret: SECRET });
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    const response = await slack.waitFor(() => slack.responses[0]);
    expect(response.path).toBe('/resp/7');
    expect(response.body).toMatchObject({ response_type: 'ephemeral', text: 'ok' });
    expect(bot.requests[0]).toEqual({
      user: { channel: 'slack', id: 'U0ANNA', teamId: 'T1' },
      place: { id: 'C1', kind: 'group' },
      input: { kind: 'text', text: 'find Acme' },
    });
  });

  it('binds an unknown Slack user by the e-mail on their Slack profile, with their time zone', async () => {
    slack.users.set('U0NEW', { id: 'U0NEW', email: 'anna@example.com', tz: 'Asia/Yekaterinburg' });
    const body = commandBody({ text: 'help', userId: 'U0NEW', responseUrl: slack.responseUrl(2) });
    expect((await postSigned(endpoint, body, { secret: SECRET })).status).toBe(200);
    await slack.waitFor(() => slack.responses[0]);
    expect(slack.callsOf('users.info')[0]?.params).toMatchObject({ user: 'U0NEW' });
    expect(bot.bound).toContainEqual({ email: 'anna@example.com', timeZone: 'Asia/Yekaterinburg' });
  });

  it('waits out a 429 from the Web API for its Retry-After and loses nothing', async () => {
    slack.failNext('chat.update', { status: 429, retryAfter: 1 });
    bot.reply = {
      messages: [{ summary: 'done', blocks: [{ type: 'line', spans: ['Done'] }] }],
      replaceOrigin: true,
    };
    const payload = {
      type: 'block_actions',
      user: { id: 'U0ANNA' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 't-9',
      container: {
        type: 'message',
        channel_id: 'D0ANNA',
        message_ts: '1700000000.000001',
        is_ephemeral: false,
      },
      channel: { id: 'D0ANNA' },
      message: { ts: '1700000000.000001' },
      response_url: slack.responseUrl(9),
      actions: [
        {
          type: 'button',
          action_id: 'crm.btn.a.x.1.0',
          block_id: 'a.x.1',
          value: 'r:done:1',
          action_ts: '1',
        },
      ],
    };
    const answer = await postSigned(endpoint, interactionBody(payload), { secret: SECRET });
    expect(answer.status).toBe(200);
    const updates = await slack.waitFor(
      () => slack.callsOf('chat.update').length === 2 && slack.callsOf('chat.update'),
      8000,
    );
    expect(updates[1]!.at - updates[0]!.at).toBeGreaterThanOrEqual(950);
    expect(updates[1]!.params).toMatchObject({ channel: 'D0ANNA', ts: '1700000000.000001', text: 'done' });
    expect(bot.requests[0]?.input).toEqual({ kind: 'action', data: 'r:done:1' });
    expect(slack.responses).toHaveLength(0);
  });

  it('answers the customer pick with the core suggestions inside the ack', async () => {
    const payload = {
      type: 'block_suggestion',
      user: { id: 'U0ANNA' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      action_id: 'crm.customer',
      block_id: 'customer',
      value: 'Ром',
      view: { id: 'V1', type: 'modal', callback_id: 'crm_form' },
    };
    const answer = await postSigned(endpoint, interactionBody(payload), { secret: SECRET });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      options: [{ text: { type: 'plain_text', text: 'Ромашка <ООО>' }, value: 'p1' }],
    });
  });

  it('sends the bot token only in the Authorization header', async () => {
    const body = commandBody({ text: 'help', userId: 'U0GONE', responseUrl: slack.responseUrl(3) });
    await postSigned(endpoint, body, { secret: SECRET });
    const call = await slack.waitFor(() => slack.callsOf('users.info')[0]);
    expect(call.authorization).toBe('Bearer xoxb-test-1');
    expect(JSON.stringify(call.params)).not.toContain('xoxb');
  });

  it('a command that opens a form gets its loading modal at once, even when the core takes over 3 s', async () => {
    bot.delayMs = 3200;
    bot.reply = { messages: [], openForm: TICKET_FORM };
    const started = Date.now();
    const body = commandBody({
      text: 'ticket new',
      userId: 'U0ANNA',
      responseUrl: slack.responseUrl(20),
      triggerId: 'trig-slow',
    });
    expect((await postSigned(endpoint, body, { secret: SECRET })).status).toBe(200);
    const opened = await slack.waitFor(() => slack.callsOf('views.open')[0]);
    expect(opened.at - started).toBeLessThan(TRIGGER_SAFE_MS);
    expect(opened.params.trigger_id).toBe('trig-slow');
    expect(JSON.stringify(opened.params.view)).toContain('Loading…');
    const update = await slack.waitFor(() => slack.callsOf('views.update')[0], 8000);
    expect(update.at - started).toBeGreaterThanOrEqual(3200);
    expect(update.params).toMatchObject({ view_id: 'V1', hash: expect.any(String) });
    expect(update.params.view).toMatchObject({ callback_id: 'crm_form', close: { text: 'Cancel' } });
    expect(slack.callsOf('views.open')).toHaveLength(1);
    expect(slack.responses).toHaveLength(0);
  }, 15_000);

  it('a button that opens a form gets its loading modal before binding a new user through a slow users.info', async () => {
    slack.users.set('U0LATE', { id: 'U0LATE', email: 'anna@example.com' });
    slack.delay('users.info', 1500);
    bot.delayMs = 1800;
    bot.reply = { messages: [], openForm: TICKET_FORM };
    const started = Date.now();
    const answer = await postSigned(
      endpoint,
      interactionBody(buttonPress('U0LATE', encodeAction('ticketNew', null))),
      {
        secret: SECRET,
      },
    );
    expect(answer.status).toBe(200);
    const opened = await slack.waitFor(() => slack.callsOf('views.open')[0]);
    expect(opened.at - started).toBeLessThan(TRIGGER_SAFE_MS);
    expect(opened.params.trigger_id).toBe('trig-button');
    const update = await slack.waitFor(() => slack.callsOf('views.update')[0], 8000);
    expect(slack.callsOf('users.info')[0]!.at).toBeGreaterThanOrEqual(opened.at);
    expect(update.at - started).toBeGreaterThanOrEqual(3300);
    expect(update.params.view).toMatchObject({ callback_id: 'crm_form' });
    expect(bot.requests[0]?.input).toEqual({ kind: 'action', data: encodeAction('ticketNew', null) });
  }, 15_000);

  it('tells a failure in the employee’s own language', async () => {
    bot.languages.set('U0ANNA', 'ru');
    bot.failure = new Error('store down');
    const body = commandBody({ text: 'tickets', userId: 'U0ANNA', responseUrl: slack.responseUrl(21) });
    await postSigned(endpoint, body, { secret: SECRET });
    const response = await slack.waitFor(() => slack.responses[0]);
    expect(response.body).toEqual({ response_type: 'ephemeral', text: t('ru', 'slack.failure') });
    expect(JSON.stringify(response.body)).not.toContain('store down');
  });

  it('an unbound user is spoken to in their Slack locale, asked for with include_locale', async () => {
    slack.users.set('U0OLGA', { id: 'U0OLGA', email: 'olga@elsewhere.example', locale: 'ru-RU' });
    bot.failure = new Error('boom');
    const body = commandBody({ text: 'help', userId: 'U0OLGA', responseUrl: slack.responseUrl(22) });
    await postSigned(endpoint, body, { secret: SECRET });
    const response = await slack.waitFor(() => slack.responses[0]);
    expect(slack.callsOf('users.info')[0]?.params).toMatchObject({ user: 'U0OLGA', include_locale: 'true' });
    expect(bot.requests[0]?.user).toMatchObject({ id: 'U0OLGA', languageHint: 'ru' });
    expect(response.body).toMatchObject({ text: t('ru', 'slack.failure') });
  });
});

/** Within this a trigger is surely fresh (Slack allows 3 s); the loading modal needs only a store read. */
const TRIGGER_SAFE_MS = 300;

const TICKET_FORM = {
  name: 'ticket',
  title: 'New ticket',
  submitLabel: 'Create',
  fields: [{ id: 'subject', label: 'Subject', kind: 'text' }],
  hidden: {},
} as const satisfies ChatReply['openForm'];

function buttonPress(userId: string, value: string) {
  return {
    type: 'block_actions',
    user: { id: userId },
    team: { id: 'T1' },
    api_app_id: 'A1',
    trigger_id: 'trig-button',
    container: { type: 'message', channel_id: 'C1', message_ts: '1700000000.000002', is_ephemeral: true },
    channel: { id: 'C1' },
    response_url: slack.responseUrl(23),
    actions: [{ type: 'button', action_id: 'crm.btn.b.1', block_id: 'b', value, action_ts: '1' }],
  };
}
