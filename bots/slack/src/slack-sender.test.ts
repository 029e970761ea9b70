import type { ChatEmployeeFields, ChatView } from '@crm-bridge/bot-core';
import type { Employee } from '@crm-bridge/core';
import { webApi } from '@slack/bolt';
import { createSlackSender, type SlackSender } from './slack-sender';
import { FakeSlack } from './testing/index';
import { webClientOptions } from './web-api-client';

const anna: Employee & ChatEmployeeFields = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Anna',
  email: 'anna@example.com',
  role: 'agent',
  slackUserId: 'U0ANNA',
  telegramUserId: null,
  slackTeamId: 'T1',
  timeZone: 'Europe/Berlin',
  language: 'en',
  notifyVia: 'slack',
  telegramBlockedAt: null,
  active: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};

const view: ChatView = {
  summary: 'Reminder: call <Ромашка & Co>',
  blocks: [{ type: 'line', spans: [{ bold: 'Call' }, ' <Ромашка & Co>'] }],
  buttons: [[{ label: 'Done', action: 'r:done:1' }]],
  subject: { kind: 'reminder', id: 'r1' },
};

let slack: FakeSlack;
let sender: SlackSender;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  sender = createSlackSender(
    new webApi.WebClient('xoxb-sender', webClientOptions({ slackApiUrl: slack.apiUrl, timeoutMs: 2000 })),
  );
});
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

describe('the Slack sender', () => {
  it('DMs the employee and returns where the message is', async () => {
    const outcome = await sender.send(anna, view);
    expect(outcome).toEqual({ kind: 'sent', ref: { channel: 'D0ANNA', ts: '1700000000.000001' } });
    const [call] = slack.callsOf('chat.postMessage');
    expect(call?.params).toMatchObject({
      channel: 'U0ANNA',
      text: 'Reminder: call &lt;Ромашка &amp; Co&gt;',
    });
    expect(call?.params.blocks).toEqual([
      expect.objectContaining({
        type: 'section',
        text: expect.objectContaining({ text: '*Call* &lt;Ромашка &amp; Co&gt;' }),
      }),
      expect.objectContaining({
        type: 'actions',
        elements: [expect.objectContaining({ value: 'r:done:1' })],
      }),
    ]);
  });

  it('says retry after the Retry-After of a 429, at once (no 30-minute wait in the client)', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 42 });
    const started = Date.now();
    expect(await sender.send(anna, view)).toEqual({
      kind: 'retry',
      afterMs: 42_000,
      reason: 'slack rate limited (429)',
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('says unreachable when Slack cannot reach the user, and when no Slack user is bound', async () => {
    slack.failNext('chat.postMessage', { error: 'users_not_found' });
    expect(await sender.send(anna, view)).toEqual({ kind: 'unreachable', reason: 'slack: users_not_found' });
    expect(await sender.send({ ...anna, slackUserId: null }, view)).toMatchObject({ kind: 'unreachable' });
    expect(sender.reachable({ ...anna, slackUserId: null })).toBe(false);
    expect(sender.reachable({ ...anna, active: false })).toBe(false);
    expect(sender.reachable(anna)).toBe(true);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('gives up on other platform errors, naming the code and nothing secret', async () => {
    slack.failNext('chat.postMessage', { error: 'invalid_blocks' });
    const outcome = await sender.send(anna, view);
    expect(outcome).toEqual({ kind: 'failed', reason: 'slack: invalid_blocks' });
    expect(JSON.stringify(outcome)).not.toContain('xoxb');
  });

  it('retries later when Slack is not there at all', async () => {
    const offline = createSlackSender(
      new webApi.WebClient('xoxb-sender', {
        ...webClientOptions({ slackApiUrl: 'http://127.0.0.1:9/api/', timeoutMs: 500 }),
        logLevel: webApi.LogLevel.ERROR,
        retryConfig: { retries: 0 },
      }),
    );
    expect(await offline.send(anna, view)).toMatchObject({ kind: 'retry', afterMs: 30_000 });
  });

  it('edits a sent message in place', async () => {
    const outcome = await sender.edit(
      { channel: 'D0ANNA', ts: '1.2' },
      { ...view, summary: 'Done: call', buttons: [] },
    );
    expect(outcome).toEqual({ kind: 'sent', ref: { channel: 'D0ANNA', ts: '1.2' } });
    expect(slack.callsOf('chat.update')[0]?.params).toMatchObject({
      channel: 'D0ANNA',
      ts: '1.2',
      text: 'Done: call',
    });
    expect(await sender.edit({ chatId: 1, messageId: 2 }, view)).toMatchObject({ kind: 'failed' });
  });
});
