/**
 * Transport: Bolt's real HTTP receiver mounted on a Fastify server, signed requests over loopback, the Web API
 * on a fake Slack. The core here is a recording stand-in; slack-scenarios.test.ts runs the real one.
 */
import type { ChatBot, ChatReply, ChatRequest } from '@crm-bridge/bot-core';
import { createLogger, type Employee, SlackBotConfig } from '@crm-bridge/core';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  commandBody,
  FakeSlack,
  interactionBody,
  postSigned,
  slackSignature,
} from './fake-slack.test-support';
import { createSlackApp, type SlackHandle } from './slack-app';
import { registerSlackRoutes } from './slack-routes';

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
  boundUsers = new Set<string>(['U0ANNA']);
  async handle(request: ChatRequest): Promise<ChatReply> {
    this.requests.push(request);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return this.reply;
  }
  async employeeFor(user: { id: string }) {
    return this.boundUsers.has(user.id) ? employee : null;
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
});
